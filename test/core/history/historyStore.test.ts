import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
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

test('appends one JSON line per record and reads them back in order', () => {
  const store = new HistoryStore(tempFile());
  for (let i = 0; i < 5; i++) store.append(entry(i));
  const text = readFileSync(store.path, 'utf8');
  assert.equal(text.split('\n').length, 6);
  assert.ok(text.endsWith('\n'));
  const read = store.read();
  assert.deepEqual(read.entries.map((e) => e.id), ['id-0', 'id-1', 'id-2', 'id-3', 'id-4']);
  assert.deepEqual(read.warnings, []);
});

test('a torn last line is skipped with a warning; earlier records survive; the next append starts a new line', () => {
  const store = new HistoryStore(tempFile());
  store.append(entry(1));
  store.append(entry(2));
  appendFileSync(store.path, JSON.stringify(entry(3)).slice(0, 25));
  const torn = store.read();
  assert.deepEqual(torn.entries.map((e) => e.id), ['id-1', 'id-2']);
  assert.equal(torn.warnings.length, 1);
  assert.match(torn.warnings[0]!, /:3: incomplete last record/);
  store.append(entry(4));
  const after = store.read();
  assert.deepEqual(after.entries.map((e) => e.id), ['id-1', 'id-2', 'id-4']);
  assert.match(after.warnings[0]!, /:3: unreadable record skipped/);
});

test('keeps the last N records, compacting by rename without leaving temp files', () => {
  const store = new HistoryStore(tempFile(), 20);
  for (let i = 0; i < 75; i++) store.append(entry(i));
  const ids = store.read().entries.map((e) => e.id);
  assert.ok(ids.length >= 20 && ids.length <= 30, `kept ${ids.length}`);
  assert.equal(ids.at(-1), 'id-74');
  assert.deepEqual(ids, Array.from({ length: ids.length }, (_, k) => `id-${75 - ids.length + k}`));
  assert.deepEqual(readdirSync(join(store.path, '..')), ['history.jsonl']);
  store.compact();
  assert.equal(store.read().entries.length, 20);
});

test('compaction keeps an existing file\'s records (count read from disk)', () => {
  const path = tempFile();
  const first = new HistoryStore(path, 10);
  for (let i = 0; i < 10; i++) first.append(entry(i));
  const second = new HistoryStore(path, 10);
  for (let i = 10; i < 25; i++) second.append(entry(i));
  const ids = second.read().entries.map((e) => e.id);
  assert.equal(ids.at(-1), 'id-24');
  assert.ok(ids.length >= 10 && ids.length <= 20);
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
