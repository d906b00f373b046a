// History as JSON Lines, shared by every `regx` process and the editor on this machine.
//
// Group commit: `append` buffers the line and resolves once the batch it went out in is on disk
// — one write and one fdatasync per batch. A batch goes out `batchMaxDelayMs` after its first
// line, or at once when it holds `batchMaxRecords`; lines that come while a batch is being synced
// wait for their own batch's delay, so batches stay that far apart however fast the disk is.
// "Acknowledged" means exactly that: the promise resolved, so the line was written and synced. A
// crash (kill -9, power loss) can lose only lines whose promise had not resolved, and can tear at
// most the last line, which reading skips with a warning and the next writer starts a fresh line
// after.
//
// Several writers: each batch is written while holding the lock `<file>.lock` (a directory,
// made atomically by mkdir, dirLock.ts), and the file is opened only under it, so two
// processes' lines never interleave or tear each other (O_APPEND alone is atomic only up to a
// pipe-buffer-like size on some systems, and not at all on some network file systems).
// Compaction (keep the last N) reads, writes a temporary file, syncs it and renames it over the
// history under the same lock, so no writer can append to the old file meanwhile: every
// acknowledged record is in the file it replaces, and only the oldest are dropped.
//
// The write under the lock is four synchronous calls (mkdir of the lock, open, fstat, write:
// ~0.06 ms together on a local disk, each timed in a loop of 500), and only the fdatasync and
// the lock's rmdir go to the thread pool. The same steps as eight awaited calls cost 0.6-0.8 ms
// of CPU a batch in thread-pool round trips, on an event loop a run keeps busy with its sends.
// The lock is not held across the fdatasync: a compaction that runs meanwhile copies the lines
// from the page cache into the file it syncs before its rename, so they are durable either way.

import { closeSync, existsSync, fdatasync, fstatSync, mkdirSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { homedir } from 'node:os';
import { acquireDirLock, takeDirLockNow, type HeldLock } from './dirLock';
import type { ResponseRecord } from '../send/types';

/** One line of history: the redacted record plus what the runner learnt about it. */
export interface HistoryEntry extends ResponseRecord {
  assertions?: { text: string; passed: boolean; message?: string }[];
  /** Secrets were taken out of the recorded request: it cannot be sent again as it stands. */
  requestRedacted?: boolean;
}

export interface HistoryRead {
  entries: HistoryEntry[];
  warnings: string[];
}

export interface HistoryStoreOptions {
  /** Lines per batch at most (default 256). */
  batchMaxRecords?: number;
  /**
   * How long the first line of a batch waits for company (default 50 ms). Every batch costs a
   * lock (a mkdir and an rmdir), a write and an fdatasync, and on ext4 the next batch's mkdir
   * waits for the journal commit the last fdatasync started: 50 GETs made 11-18 batches at 8 ms,
   * 6-10 at 25 ms and 2-5 at 50 ms (strace -c, which slows the run), and their history cost the
   * run 1.066×, 1.053× and 1.025× the time without (three sets of 25-30 interleaved pairs, each
   * after a 1,000-GET run with history as in the engine bench). A crash loses at most the lines
   * of the last 50 ms, none of them acknowledged.
   */
  batchMaxDelayMs?: number;
  /**
   * A lock older than this whose holder stopped refreshing it is taken over (the holder died
   * with it); default 10 s, at least 2 s.
   */
  lockStaleMs?: number;
}

export function defaultHistoryPath(env: Record<string, string | undefined>): string {
  if (env.REGX_HISTORY) return env.REGX_HISTORY;
  const state = env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state');
  return join(state, 'register-explorer', 'history.jsonl');
}

interface Pending {
  line: string;
  resolve(): void;
  reject(error: Error): void;
}

export class HistoryStore {
  /** Lines in the file as this store last knew it (other writers add to it unseen). */
  private count: number | undefined;
  /** Where this store's last batch ended: a file still at that inode and size ends with its newline. */
  private lastEnd: { ino: number; size: number } | undefined;
  private buffer: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** The queued lines go out as soon as no batch is being written (their delay passed, or they fill one). */
  private due = false;
  private writing: Promise<void> | undefined;
  private closed = false;
  /** What this store wrote: batches (= fdatasyncs) and the lines in them; for tests and the bench. */
  readonly written = { batches: 0, records: 0 };
  private readonly batchMaxRecords: number;
  private readonly batchMaxDelayMs: number;
  private readonly lockStaleMs: number;

  constructor(
    readonly path: string,
    private readonly maxRecords = 1000,
    options: HistoryStoreOptions = {},
  ) {
    this.batchMaxRecords = options.batchMaxRecords ?? 256;
    this.batchMaxDelayMs = options.batchMaxDelayMs ?? 50;
    this.lockStaleMs = Math.max(2000, options.lockStaleMs ?? 10_000);
  }

  /**
   * Queues one (already redacted) entry; resolves when it is on disk (acknowledged), rejects
   * when its batch could not be written. The entry is serialised now, so later changes to the
   * object do not reach history.
   */
  append(entry: HistoryEntry): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`history ${this.path} is closed`));
    const line = `${JSON.stringify(entry)}\n`;
    return new Promise<void>((resolve, reject) => {
      this.buffer.push({ line, resolve, reject });
      if (this.buffer.length >= this.batchMaxRecords) this.goNow();
      else this.timer ??= setTimeout(() => this.goNow(), this.batchMaxDelayMs);
    });
  }

  /** Writes what is queued now and resolves when all of it is acknowledged (or failed). */
  async flush(): Promise<void> {
    while (this.writing || this.buffer.length) {
      this.goNow();
      await this.writing;
    }
  }

  /** Flushes and refuses further appends. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  /** The newest `maxRecords` entries, oldest first (the file may hold a quarter more). */
  read(): HistoryRead {
    if (!existsSync(this.path)) return { entries: [], warnings: [] };
    return parseHistory(readFileSync(this.path, 'utf8'), this.path, this.maxRecords);
  }

  /** Keeps the last `maxRecords` entries (waits for queued lines first). */
  async compact(): Promise<void> {
    await this.flush();
    await this.locked(() => this.compactLocked());
  }

  /** Empties the history (waits for queued lines first, so none lands after the clear). */
  async clear(): Promise<void> {
    await this.flush();
    await this.locked(async () => {
      const file = await open(this.path, 'w');
      try {
        await file.sync();
      } finally {
        await file.close();
      }
      this.count = 0;
    });
  }

  private goNow(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.due = true;
    this.startWriting();
  }

  private startWriting(): void {
    if (this.writing || !this.due || this.buffer.length === 0) return;
    const batch = this.buffer.splice(0, this.batchMaxRecords);
    // Lines beyond a full batch were due with it; lines that come from now on start a batch of
    // their own, with its own delay, rather than going out the moment this one is synced.
    this.due = this.buffer.length > 0;
    this.writing = this.writeBatch(batch).finally(() => {
      this.writing = undefined;
      if (this.buffer.length >= this.batchMaxRecords) this.due = true;
      this.startWriting();
    });
  }

  private async writeBatch(batch: Pending[]): Promise<void> {
    try {
      await this.appendLines(batch.map((p) => p.line).join(''), batch.length);
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      for (const p of batch) p.reject(failure);
      return;
    }
    this.written.batches++;
    this.written.records += batch.length;
    for (const p of batch) p.resolve();
    await this.compactIfOver();
  }

  /** One write of the lines under the lock, then one fdatasync; resolves when they are on disk. */
  private async appendLines(text: string, lines: number): Promise<void> {
    const lockPath = `${this.path}.lock`;
    // Busy, or left by a writer that died: wait for it (and take it over once stale).
    const lock = this.takeLockNow(lockPath) ?? (await acquireDirLock(lockPath, { staleMs: this.lockStaleMs }));
    let fd: number;
    try {
      fd = this.writeNow(text, lines);
    } catch (error) {
      await lock.release();
      throw error;
    }
    try {
      await Promise.all([new Promise<void>((resolve, reject) => fdatasync(fd, (error) => (error ? reject(error) : resolve()))), lock.release()]);
    } finally {
      closeSync(fd);
    }
  }

  private takeLockNow(lockPath: string): HeldLock | undefined {
    try {
      return takeDirLockNow(lockPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      // No folder yet (or no more): made here rather than before every batch.
      mkdirSync(dirname(this.path), { recursive: true });
      return takeDirLockNow(lockPath);
    }
  }

  /** Under the lock, synchronously: appends `text` in one write and returns the open file to sync. */
  private writeNow(text: string, lines: number): number {
    const fd = openSync(this.path, 'a+');
    try {
      const { ino, size } = fstatSync(fd);
      let prefix = '';
      if (this.count === undefined) {
        // A process's first batch reads the file's last 64 KB, not all of it: the lines are
        // estimated from their average length there (exact when that is the whole file), and
        // an estimate past the limit is checked against the file by the compaction it starts.
        const tail = readTail(fd, size);
        this.count = tail.bytes > 0 && tail.bytes < size ? Math.round((size * tail.lines) / tail.bytes) : tail.lines;
        if (tail.last !== undefined && tail.last !== 0x0a) prefix = '\n';
      } else if (size > 0 && (this.lastEnd?.ino !== ino || this.lastEnd.size !== size)) {
        // Someone else wrote since this store did: a line torn by their crash must not swallow the first of these.
        if (readTail(fd, size, 1).last !== 0x0a) prefix = '\n';
      }
      const bytes = Buffer.from(prefix + text);
      for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset);
      this.lastEnd = { ino, size: size + bytes.length };
      this.count += lines;
      return fd;
    } catch (error) {
      closeSync(fd);
      throw error;
    }
  }

  /**
   * A quarter of slack: a run of 50 requests against a full history of 1,000 compacts on every
   * sixth run, not on every run or every other one, and the file stays within 1.25× the limit
   * (read() returns the newest `maxRecords`). Twice the slack measured no faster: 50 GETs with
   * history 1.063× the run without, against 1.064× (80 interleaved runs each).
   */
  private async compactIfOver(): Promise<void> {
    if (this.count === undefined || this.count <= this.limitWithSlack()) return;
    try {
      await this.locked(() => this.compactLocked(true));
    } catch {
      // The batch is written and acknowledged; a compaction that failed (a folder that cannot
      // take the temporary file, a rename Windows refused) leaves a longer file, and is tried
      // again once another slack's worth of lines has come.
      this.count = this.maxRecords;
    }
  }

  private limitWithSlack(): number {
    return this.maxRecords + Math.max(10, Math.floor(this.maxRecords / 4));
  }

  private async locked<T>(work: () => Promise<T>): Promise<T> {
    mkdirSync(dirname(this.path), { recursive: true });
    const lock = await acquireDirLock(`${this.path}.lock`, { staleMs: this.lockStaleMs });
    try {
      const result = await work();
      if (lock.compromised) throw new Error(`history lock ${this.path}.lock was taken over while writing: ${lock.compromised.message}`);
      return result;
    } finally {
      await lock.release();
    }
  }

  /**
   * Under the lock: the last `maxRecords` lines to a synced temporary file, renamed over the
   * history. Lines are copied as bytes (no JSON parse and stringify of a thousand records);
   * a line torn by a crash (not `{…}`) is left out. `onlyIfOver`: the count that asked for this
   * may be an estimate, so the file is rewritten only if it really holds more than the slack.
   */
  private async compactLocked(onlyIfOver = false): Promise<void> {
    const buffer = existsSync(this.path) ? readFileSync(this.path) : Buffer.alloc(0);
    // From the end back over the newest `maxRecords` whole lines. When every line there is whole
    // and ends in a bare newline, they are one slice of the file, written as it stands.
    const whole: Buffer[] = [];
    let from = buffer.length;
    let oneSlice = buffer.length === 0 || buffer[buffer.length - 1] === 0x0a;
    for (let end = buffer.length; end > 0 && whole.length < this.maxRecords; ) {
      const start = buffer.lastIndexOf(0x0a, end - 1) + 1;
      let last = end;
      while (last > start && (buffer[last - 1] === 0x0a || buffer[last - 1] === 0x0d)) last--;
      if (last > start && buffer[start] === 0x7b && buffer[last - 1] === 0x7d) {
        whole.push(buffer.subarray(start, last));
        if (last !== end) oneSlice = false;
        from = start;
      } else if (end !== buffer.length) oneSlice = false;
      end = start - 1;
    }
    if (onlyIfOver) {
      this.count = whole.length + newlines(buffer, from);
      if (this.count <= this.limitWithSlack()) return;
    }
    const kept = oneSlice ? buffer.subarray(from) : Buffer.concat(whole.reverse().flatMap((line) => [line, NEWLINE]));
    const temp = `${this.path}.${process.pid}.tmp`;
    const file = await open(temp, 'w');
    try {
      await file.writeFile(kept);
      await file.sync();
    } catch (error) {
      await file.close().catch(() => undefined);
      await unlink(temp).catch(() => undefined);
      throw error;
    }
    await file.close();
    await rename(temp, this.path);
    // The rename itself is durable only once the folder is synced.
    // (Windows cannot open a folder; there the rename is as durable as NTFS makes it.)
    const folder = await open(dirname(this.path), 'r').catch(() => undefined);
    await folder?.sync().catch(() => undefined);
    await folder?.close();
    this.count = whole.length;
  }
}

const NEWLINE = Buffer.from('\n');

const TAIL_BYTES = 64 * 1024;

/** The newlines in the last `want` bytes of an open file, and its last byte. */
function readTail(fd: number, size: number, want = TAIL_BYTES): { bytes: number; lines: number; last: number | undefined } {
  const chunk = Buffer.allocUnsafe(Math.min(want, size));
  let bytes = 0;
  while (bytes < chunk.length) {
    const read = readSync(fd, chunk, bytes, chunk.length - bytes, size - chunk.length + bytes);
    if (read === 0) break;
    bytes += read;
  }
  return { bytes, lines: newlines(chunk, bytes), last: bytes > 0 ? chunk[bytes - 1] : undefined };
}

function newlines(chunk: Buffer, length: number): number {
  let lines = 0;
  for (let i = chunk.indexOf(0x0a); i >= 0 && i < length; i = chunk.indexOf(0x0a, i + 1)) lines++;
  return lines;
}

/** The last `limit` records of a history file's text, oldest first; lines older than those are not read. */
export function parseHistory(text: string, path = 'history', limit = Infinity): HistoryRead {
  const entries: HistoryEntry[] = [];
  const warnings: string[] = [];
  const lines = text.split('\n');
  for (let index = lines.length - 1; index >= 0 && entries.length < limit; index--) {
    const line = lines[index]!;
    if (!line.trim()) continue;
    try {
      entries.push(JSON.parse(line) as HistoryEntry);
    } catch {
      const torn = index === lines.length - 1;
      warnings.push(`${path}:${index + 1}: ${torn ? 'incomplete last record (interrupted write) skipped' : 'unreadable record skipped'}`);
    }
  }
  return { entries: entries.reverse(), warnings: warnings.reverse() };
}
