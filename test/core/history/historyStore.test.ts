import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultHistoryPath, HistoryStore, type HistoryEntry } from '../../../src/core/history/historyStore';

const entry = (n: number): HistoryEntry => ({
  id: `id-${n}`,
  startedAt: new Date(0).toISOString(),
  request: { method: 'GET', url: `http://127.0.0.1/${n}`, headers: [] },
  redirects: [],
  timings: { totalMs: n },
});

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'regx-history-')), 'nested', 'history.jsonl');

test('appends one JSON line per record and reads them back in order', async () => {
  const store = new HistoryStore(tempFile());
  await Promise.all(Array.from({ length: 5 }, (_, i) => store.append(entry(i))));
  const text = readFileSync(store.path, 'utf8');
  assert.equal(text.split('\n').length, 6);
  assert.ok(text.endsWith('\n'));
  const read = store.read();
  assert.deepEqual(read.entries.map((e) => e.id), ['id-0', 'id-1', 'id-2', 'id-3', 'id-4']);
  assert.deepEqual(read.warnings, []);
});

test('a torn last line is skipped with a warning; earlier records survive; the next append starts a new line', async () => {
  const store = new HistoryStore(tempFile());
  void store.append(entry(1));
  await store.append(entry(2));
  appendFileSync(store.path, JSON.stringify(entry(3)).slice(0, 25));
  const torn = store.read();
  assert.deepEqual(torn.entries.map((e) => e.id), ['id-1', 'id-2']);
  assert.equal(torn.warnings.length, 1);
  assert.match(torn.warnings[0]!, /:3: incomplete last record/);
  await store.append(entry(4));
  const after = store.read();
  assert.deepEqual(after.entries.map((e) => e.id), ['id-1', 'id-2', 'id-4']);
  assert.match(after.warnings[0]!, /:3: unreadable record skipped/);
});

test('keeps the last N records, compacting by rename without leaving temp files or the lock', async () => {
  const store = new HistoryStore(tempFile(), 20, { batchMaxRecords: 7 });
  for (let i = 0; i < 75; i++) void store.append(entry(i));
  await store.flush();
  // The file holds the limit plus at most its slack (10 lines here) plus the batch that crossed it.
  const lines = readFileSync(store.path, 'utf8').split('\n').filter(Boolean).map((line) => (JSON.parse(line) as HistoryEntry).id);
  assert.ok(lines.length >= 20 && lines.length <= 20 + 10 + 7, `kept ${lines.length}`);
  assert.deepEqual(lines, Array.from({ length: lines.length }, (_, k) => `id-${75 - lines.length + k}`));
  // Reading gives the newest 20 whatever the slack.
  assert.deepEqual(store.read().entries.map((e) => e.id), Array.from({ length: 20 }, (_, k) => `id-${55 + k}`));
  assert.deepEqual(readdirSync(join(store.path, '..')), ['history.jsonl']);
  await store.compact();
  assert.equal(store.read().entries.length, 20);
  assert.deepEqual(readdirSync(join(store.path, '..')), ['history.jsonl']);
});

test('compaction leaves out a torn line and a blank one among the kept, and writes each kept line with a bare newline', async () => {
  const path = tempFile();
  mkdirSync(join(path, '..'), { recursive: true });
  const line = (n: number) => JSON.stringify(entry(n));
  appendFileSync(path, `${line(0)}\n${line(1)}\n${line(2).slice(0, 20)}\n\n${line(3)}\r\n${line(4)}\n`);
  const store = new HistoryStore(path, 3);
  await store.compact();
  assert.equal(readFileSync(path, 'utf8'), `${line(1)}\n${line(3)}\n${line(4)}\n`);
  // Whole lines only: the newest 3 are written as they stand.
  appendFileSync(path, `${line(5)}\n${line(6)}\n`);
  await store.compact();
  assert.equal(readFileSync(path, 'utf8'), `${line(4)}\n${line(5)}\n${line(6)}\n`);
});

test('a compaction that fails leaves the acknowledged lines acknowledged, and is tried again a slack later', async () => {
  const store = new HistoryStore(tempFile(), 5, { batchMaxRecords: 1 });
  // Where compaction writes its temporary file, a folder: the rewrite fails.
  const blocker = `${store.path}.${process.pid}.tmp`;
  mkdirSync(blocker, { recursive: true });
  for (let i = 0; i < 20; i++) await store.append(entry(i));
  const ids = () => readFileSync(store.path, 'utf8').split('\n').filter(Boolean).map((line) => (JSON.parse(line) as HistoryEntry).id);
  assert.equal(ids().length, 20, 'every append resolved and every line is there');
  rmSync(blocker, { recursive: true });
  // The limit is 5 plus 10 of slack: within another slack's worth of lines the file is trimmed.
  let next = 20;
  while (ids().length > 5 && next < 32) {
    await store.append(entry(next++));
    await store.flush();
  }
  assert.deepEqual(ids(), Array.from({ length: 5 }, (_, i) => `id-${next - 5 + i}`));
});

test('reading gives the newest N records of a file that holds more, and warns only of lines it read', () => {
  const path = tempFile();
  mkdirSync(join(path, '..'), { recursive: true });
  appendFileSync(path, `not json\n${Array.from({ length: 30 }, (_, i) => JSON.stringify(entry(i))).join('\n')}\n{"id":"torn`);
  const read = new HistoryStore(path, 20).read();
  assert.deepEqual(read.entries.map((e) => e.id), Array.from({ length: 20 }, (_, k) => `id-${10 + k}`));
  assert.deepEqual(read.warnings, [`${path}:32: incomplete last record (interrupted write) skipped`]);
  const all = new HistoryStore(path, 100).read();
  assert.equal(all.entries.length, 30);
  assert.deepEqual(all.warnings, [`${path}:1: unreadable record skipped`, `${path}:32: incomplete last record (interrupted write) skipped`]);
});

test('a first batch estimates the file\'s lines from its last 64 KB; an estimate past the limit is checked against the file', async () => {
  const path = tempFile();
  mkdirSync(join(path, '..'), { recursive: true });
  const lines = (from: number, to: number, pad = 0) => Array.from({ length: to - from }, (_, i) => `${JSON.stringify({ ...entry(from + i), pad: 'x'.repeat(pad) })}\n`).join('');
  // 100 long lines, then 700 short ones: the tail's short lines make the estimate far too high.
  appendFileSync(path, lines(0, 100, 2000) + lines(100, 800));
  const inode = statSync(path).ino;
  const misled = new HistoryStore(path, 1000);
  await misled.append(entry(800));
  await misled.flush(); // compaction, when a batch starts one, follows the acknowledgement
  const ids = () => readFileSync(path, 'utf8').split('\n').filter(Boolean).map((line) => (JSON.parse(line) as HistoryEntry).id);
  assert.equal(ids().length, 801, 'an over-estimate compacts nothing: the file holds fewer lines than the limit');
  assert.equal(ids()[0], 'id-0');
  assert.equal(statSync(path).ino, inode, 'and rewrites nothing');
  // Lines of one length: the estimate is right, the file is over the limit and its slack, and the oldest go.
  const uniform = tempFile();
  mkdirSync(join(uniform, '..'), { recursive: true });
  appendFileSync(uniform, lines(0, 1300, 40));
  assert.ok(readFileSync(uniform).length > 64 * 1024);
  const store = new HistoryStore(uniform, 1000);
  await store.append(entry(1300));
  await store.flush();
  const kept = readFileSync(uniform, 'utf8').split('\n').filter(Boolean).map((line) => (JSON.parse(line) as HistoryEntry).id);
  assert.deepEqual(kept, Array.from({ length: 1000 }, (_, i) => `id-${301 + i}`));
});

test('compaction keeps an existing file\'s records (count read from disk)', async () => {
  const path = tempFile();
  const first = new HistoryStore(path, 10);
  for (let i = 0; i < 10; i++) await first.append(entry(i));
  const second = new HistoryStore(path, 10);
  for (let i = 10; i < 25; i++) await second.append(entry(i));
  const ids = second.read().entries.map((e) => e.id);
  assert.equal(ids.at(-1), 'id-24');
  assert.ok(ids.length >= 10 && ids.length <= 20);
});

test('group commit: appends made together go out in one batch (one write, one fdatasync), bounded by count', async () => {
  const store = new HistoryStore(tempFile(), 10_000, { batchMaxRecords: 100 });
  await Promise.all(Array.from({ length: 250 }, (_, i) => store.append(entry(i))));
  assert.deepEqual(store.written, { batches: 3, records: 250 });
  assert.deepEqual(store.read().entries.map((e) => e.id), Array.from({ length: 250 }, (_, i) => `id-${i}`));
  // A lone append waits only the batch delay, then goes out by itself.
  await store.append(entry(250));
  assert.deepEqual(store.written, { batches: 4, records: 251 });
});

test('group commit: lines that come while a batch is being synced wait for their own delay, so batches stay that far apart', async () => {
  const store = new HistoryStore(tempFile(), 10_000, { batchMaxDelayMs: 20 });
  const started = performance.now();
  const acks: Promise<void>[] = [];
  for (let i = 0; i < 60; i++) {
    acks.push(store.append(entry(i)));
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(acks);
  const elapsed = performance.now() - started;
  // Each batch's first line came after the batch before went out, which was 20 ms after its own
  // first line: one batch per 20 ms at most (going out whenever the last sync ended would make one a line).
  assert.ok(store.written.batches <= Math.ceil(elapsed / 20) + 1, `${store.written.batches} batches in ${Math.round(elapsed)} ms`);
  assert.equal(store.written.records, 60);
  assert.deepEqual(store.read().entries.map((e) => e.id), Array.from({ length: 60 }, (_, i) => `id-${i}`));
});

test('an append resolves only once its line is in the file; a later change to the entry does not reach it', async () => {
  const store = new HistoryStore(tempFile());
  const mutable = entry(1);
  const written = store.append(mutable);
  mutable.id = 'changed';
  assert.equal(store.read().entries.length, 0, 'not on disk before the batch delay');
  await written;
  assert.deepEqual(store.read().entries.map((e) => e.id), ['id-1']);
});

test('a batch that cannot be written rejects its appends with the reason; the store keeps working after', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'regx-history-'));
  const path = join(dir, 'history.jsonl');
  mkdirSync(path); // a folder where the file should be
  const store = new HistoryStore(path, 1000, { lockStaleMs: 2000 });
  await assert.rejects(store.append(entry(1)), /EISDIR|illegal operation on a directory/);
  rmSync(path, { recursive: true });
  await store.append(entry(2));
  assert.deepEqual(store.read().entries.map((e) => e.id), ['id-2']);
});

test('close writes what is queued and refuses later appends; clear empties the file under the lock', async () => {
  const store = new HistoryStore(tempFile());
  for (let i = 0; i < 3; i++) void store.append(entry(i));
  await store.clear();
  assert.deepEqual(store.read().entries, [], 'queued lines are written before the clear, not after it');
  void store.append(entry(9));
  await store.close();
  assert.deepEqual(store.read().entries.map((e) => e.id), ['id-9']);
  await assert.rejects(store.append(entry(10)), /closed/);
});

test('a lock left by a dead process is taken over once stale', async () => {
  const path = tempFile();
  mkdirSync(`${path}.lock`, { recursive: true });
  const old = new Date(Date.now() - 60_000);
  utimesSync(`${path}.lock`, old, old);
  const store = new HistoryStore(path, 1000, { lockStaleMs: 2000 });
  await store.append(entry(1));
  assert.deepEqual(store.read().entries.map((e) => e.id), ['id-1']);
  assert.equal(existsSync(`${path}.lock`), false);
});

test('default path: REGX_HISTORY, then XDG_STATE_HOME, then ~/.local/state', () => {
  assert.equal(defaultHistoryPath({ REGX_HISTORY: '/x/h.jsonl', XDG_STATE_HOME: '/s' }), '/x/h.jsonl');
  assert.equal(defaultHistoryPath({ XDG_STATE_HOME: '/s', HOME: '/home/u' }), '/s/register-explorer/history.jsonl');
  assert.equal(defaultHistoryPath({ HOME: '/home/u' }), '/home/u/.local/state/register-explorer/history.jsonl');
});

test('reading a missing file is empty, not an error', () => {
  const path = tempFile();
  assert.deepEqual(new HistoryStore(path).read(), { entries: [], warnings: [] });
});
