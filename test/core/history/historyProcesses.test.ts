// The history under real processes: a kill -9 in the middle of a run, two writers at once, and a
// compaction racing appends. Each writer is a child process appending as a run does and saying
// "ack <n>" once record n's append resolved (test/helpers/historyWriter.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HistoryStore } from '../../../src/core/history/historyStore';

const helper = join(__dirname, '..', '..', 'helpers', 'historyWriter.ts');

interface Writer {
  child: ChildProcess;
  /** Record numbers acknowledged so far, in the order the acks came. */
  acked: number[];
  failed: string[];
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  /** Resolves once `count` records are acknowledged. */
  whenAcked(count: number): Promise<void>;
}

function start(args: string[]): Writer {
  const child = spawn(process.execPath, ['--import', 'tsx', helper, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  const acked: number[] = [];
  const failed: string[] = [];
  const waiters: { count: number; resolve(): void }[] = [];
  let stdout = '';
  let stderr = '';
  let partial = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      if (line.startsWith('ack ')) acked.push(Number(line.slice(4)));
      else if (line.startsWith('fail ')) failed.push(line);
    }
    for (const w of [...waiters]) if (acked.length >= w.count) (waiters.splice(waiters.indexOf(w), 1), w.resolve());
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return {
    child,
    acked,
    failed,
    exited,
    whenAcked: (count) =>
      new Promise<void>((resolve, reject) => {
        if (acked.length >= count) return resolve();
        waiters.push({ count, resolve });
        void exited.then(({ code, stderr: err }) => reject(new Error(`writer exited (${code}) after ${acked.length} acks: ${err}`)));
      }),
  };
}

const tempHistory = () => join(mkdtempSync(join(tmpdir(), 'regx-history-proc-')), 'history.jsonl');

/** Every line of the file, each a whole JSON record (the file ends with a newline). */
function wholeLines(path: string): { id: string }[] {
  const text = readFileSync(path, 'utf8');
  assert.ok(text.endsWith('\n'), 'the file ends with a whole line');
  return text
    .slice(0, -1)
    .split('\n')
    .map((line, i) => {
      try {
        return JSON.parse(line) as { id: string };
      } catch {
        assert.fail(`line ${i + 1} is not a whole record: ${line.slice(0, 80)}…`);
      }
    });
}

function numbersOf(ids: string[], tag: string): number[] {
  return ids.filter((id) => id.startsWith(`${tag}-`)).map((id) => Number(id.slice(tag.length + 1)));
}

test('kill -9 during a 10,000-record run: every acknowledged record reads back, in order, nothing torn but maybe the last line', async () => {
  const path = tempHistory();
  const writer = start(['write', path, '10000', 'run', '0', '300']);
  await writer.whenAcked(2000);
  writer.child.kill('SIGKILL');
  const exit = await writer.exited;
  assert.equal(exit.signal, 'SIGKILL');
  assert.ok(!exit.stdout.includes('done'), 'killed mid-run');
  assert.deepEqual(writer.failed, []);

  const { entries, warnings } = new HistoryStore(path, 10_000).read();
  // A kill can leave at most the last line half-written (never an acknowledged one).
  assert.ok(warnings.length <= 1 && warnings.every((w) => /incomplete last record/.test(w)), warnings.join('\n'));
  const numbers = numbersOf(entries.map((e) => e.id), 'run');
  assert.deepEqual(numbers, Array.from({ length: numbers.length }, (_, i) => i), 'the file holds records 0..k in order, no gaps');
  const lastAcked = Math.max(...writer.acked);
  assert.ok(numbers.length > lastAcked, `acknowledged up to ${lastAcked}, the file has ${numbers.length}`);
  assert.ok(numbers.length < 10_000);
});

test('two processes appending 1,000 records each at once leave 2,000 whole lines, each writer\'s in its order', async () => {
  const path = tempHistory();
  // 4 KB records: a batch is far above any atomic-append size, so only the lock keeps them whole.
  const writers = [start(['write', path, '1000', 'a', '0', '4000']), start(['write', path, '1000', 'b', '0', '4000'])];
  const exits = await Promise.all(writers.map((w) => w.exited));
  for (const exit of exits) assert.equal(exit.code, 0, exit.stderr);
  for (const writer of writers) assert.equal(writer.acked.length, 1000);

  const ids = wholeLines(path).map((r) => r.id);
  assert.equal(ids.length, 2000);
  assert.deepEqual(numbersOf(ids, 'a'), Array.from({ length: 1000 }, (_, i) => i));
  assert.deepEqual(numbersOf(ids, 'b'), Array.from({ length: 1000 }, (_, i) => i));
});

test('compaction racing two writers loses no acknowledged record', async () => {
  const path = tempHistory();
  // The compactor keeps everything (its limit is above the total), so every rewrite that raced an
  // append would show as a missing record.
  // The writers start once the compactor is compacting, and pause between batches as a run's
  // requests do, so rewrites and appends overlap however fast this machine is.
  const compactor = start(['compact', path, '1000000']);
  await compactor.whenAcked(1);
  const writers = [start(['write', path, '1000', 'a', '0', '500', '3']), start(['write', path, '1000', 'b', '0', '500', '3'])];
  const exits = await Promise.all(writers.map((w) => w.exited));
  for (const exit of exits) assert.equal(exit.code, 0, exit.stderr);
  compactor.child.stdin!.end();
  const compacted = await compactor.exited;
  assert.equal(compacted.code, 0, compacted.stderr);
  const times = Number(/compacted (\d+)/.exec(compacted.stdout)?.[1]);
  assert.ok(times > 1, `compacted ${times} times while the writers ran`);

  const ids = wholeLines(path).map((r) => r.id);
  assert.equal(ids.length, 2000);
  assert.deepEqual(numbersOf(ids, 'a'), Array.from({ length: 1000 }, (_, i) => i));
  assert.deepEqual(numbersOf(ids, 'b'), Array.from({ length: 1000 }, (_, i) => i));
});

test('writers that compact as they go keep each writer\'s newest records, dropping only the oldest', async () => {
  const path = tempHistory();
  const writers = [start(['write', path, '1000', 'a', '300', '200']), start(['write', path, '1000', 'b', '300', '200'])];
  const exits = await Promise.all(writers.map((w) => w.exited));
  for (const exit of exits) assert.equal(exit.code, 0, exit.stderr);

  const ids = wholeLines(path).map((r) => r.id);
  // Each writer counts only its own lines, so the file may hold up to two writers' limits (+ slack).
  assert.ok(ids.length >= 300 && ids.length <= 2 * 330 + 256, `kept ${ids.length}`);
  // Compaction keeps the file's newest lines: per writer, whatever is kept ends at its last record
  // with no gap (a writer that finished long before the other may have been dropped entirely).
  assert.ok(ids.at(-1)!.endsWith('-999'), 'the newest line is a writer\'s last record');
  for (const tag of ['a', 'b']) {
    const numbers = numbersOf(ids, tag);
    assert.deepEqual(numbers, Array.from({ length: numbers.length }, (_, i) => 1000 - numbers.length + i), `${tag}: a suffix ending at its last record`);
  }
});
