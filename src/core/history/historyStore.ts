// History as JSON Lines, shared by every `regx` process and the editor on this machine.
//
// Group commit: `append` buffers the line and resolves once the batch it went out in is on disk
// — one write and one fdatasync per batch, a batch closing after `batchMaxRecords` lines or
// `batchMaxDelayMs`, whichever comes first (a batch also collects whatever arrived while the
// previous one was being synced). "Acknowledged" means exactly that: the promise resolved, so
// the line was written and synced. A crash (kill -9, power loss) can lose only lines whose
// promise had not resolved, and can tear at most the last line, which reading skips with a
// warning and the next writer starts a fresh line after.
//
// Several writers: each batch is written while holding the lock `<file>.lock` (a directory,
// made atomically by mkdir, dirLock.ts), and the file is opened only under it, so two
// processes' lines never interleave or tear each other (O_APPEND alone is atomic only up to a
// pipe-buffer-like size on some systems, and not at all on some network file systems).
// Compaction (keep the last N) reads, writes a temporary file, syncs it and renames it over the
// history under the same lock, so no writer can append to the old file meanwhile: every
// acknowledged record is in the file it replaces, and only the oldest are dropped.

import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { homedir } from 'node:os';
import { acquireDirLock } from './dirLock';
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
  /** How long the first line of a batch waits for company (default 4 ms). */
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
  /** The lines counted by countAhead, before the first batch. */
  private countedAhead: Promise<number | undefined> | undefined;
  private buffer: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
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
    this.batchMaxDelayMs = options.batchMaxDelayMs ?? 4;
    this.lockStaleMs = Math.max(2000, options.lockStaleMs ?? 10_000);
  }

  /**
   * Counts the file's lines now, outside the lock, so the first batch need not: a run calls it
   * before its first send, and reading a full history (1 MB, ~20 reads) then overlaps the run's
   * start-up instead of holding the lock while the sends go on (50 GETs with history: 1.064x ->
   * 1.059x the run without, 150 interleaved runs each). Lines other writers add after it go
   * uncounted, as they do after a first batch; compaction counts again under the lock. Resolves
   * when counted.
   */
  countAhead(): Promise<void> {
    this.countedAhead ??= countPathLines(this.path).catch(() => undefined);
    return this.countedAhead.then(() => undefined);
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
      if (this.buffer.length >= this.batchMaxRecords) this.startWriting();
      else this.timer ??= setTimeout(() => this.startWriting(), this.batchMaxDelayMs);
    });
  }

  /** Writes what is queued now and resolves when all of it is acknowledged (or failed). */
  async flush(): Promise<void> {
    this.startWriting();
    while (this.writing) await this.writing;
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

  private startWriting(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.writing || this.buffer.length === 0) return;
    this.writing = this.drain().finally(() => {
      this.writing = undefined;
      // Lines that came in during the last write and found it busy.
      if (this.buffer.length) this.startWriting();
    });
  }

  private async drain(): Promise<void> {
    while (this.buffer.length) {
      const batch = this.buffer.splice(0, this.batchMaxRecords);
      try {
        await this.locked(() => this.writeBatch(batch.map((p) => p.line).join(''), batch.length));
        for (const p of batch) p.resolve();
      } catch (error) {
        const failure = error instanceof Error ? error : new Error(String(error));
        for (const p of batch) p.reject(failure);
      }
    }
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

  /** Under the lock: one write of the whole batch, one fdatasync. */
  private async writeBatch(text: string, lines: number): Promise<void> {
    const file = await open(this.path, 'a+');
    try {
      const { size } = await file.stat();
      // A line torn by an earlier crash must not swallow the first of these.
      let prefix = '';
      if (size > 0) {
        const last = Buffer.alloc(1);
        await file.read(last, 0, 1, size - 1);
        if (last[0] !== 0x0a) prefix = '\n';
      }
      const bytes = Buffer.from(prefix + text);
      for (let offset = 0; offset < bytes.length; ) offset += (await file.write(bytes, offset)).bytesWritten;
      await file.datasync();
      this.written.batches++;
      this.written.records += lines;
      // A process's first batch counts the lines already there, through one small reused buffer:
      // reading a full history (~1 MB) into fresh memory cost ~10 ms of a 50-request run.
      if (this.count === undefined) {
        const ahead = await this.countedAhead;
        this.count = ahead !== undefined ? ahead + lines : size === 0 ? lines : await countFileLines(file, size + prefix.length + bytes.length);
      } else this.count += lines;
    } finally {
      await file.close();
    }
    // A quarter of slack: a run of 50 requests against a full history of 1,000 compacts on every
    // sixth run, not on every run or every other one, and the file stays within 1.25× the limit
    // (read() returns the newest `maxRecords`). Twice the slack measured no faster: 50 GETs with
    // history 1.063× the run without, against 1.064× (80 interleaved runs each).
    if (this.count > this.maxRecords + Math.max(10, Math.floor(this.maxRecords / 4))) await this.compactLocked();
  }

  /**
   * Under the lock: the last `maxRecords` lines to a synced temporary file, renamed over the
   * history. Lines are copied as bytes (no JSON parse and stringify of a thousand records);
   * a line torn by a crash (not `{…}`) is left out.
   */
  private async compactLocked(): Promise<void> {
    const buffer = existsSync(this.path) ? readFileSync(this.path) : Buffer.alloc(0);
    const whole: Buffer[] = [];
    for (let end = buffer.length; end > 0 && whole.length < this.maxRecords; ) {
      const start = buffer.lastIndexOf(0x0a, end - 1) + 1;
      let last = end;
      while (last > start && (buffer[last - 1] === 0x0a || buffer[last - 1] === 0x0d)) last--;
      if (last > start && buffer[start] === 0x7b && buffer[last - 1] === 0x7d) whole.push(buffer.subarray(start, last));
      end = start - 1;
    }
    const kept = whole.reverse();
    const temp = `${this.path}.${process.pid}.tmp`;
    const file = await open(temp, 'w');
    try {
      await file.writeFile(Buffer.concat(kept.flatMap((line) => [line, NEWLINE])));
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
    this.count = kept.length;
  }
}

const NEWLINE = Buffer.from('\n');

const COUNT_CHUNK = 64 * 1024;

/** Lines in the file at `path` now (0 when there is none yet). */
async function countPathLines(path: string): Promise<number> {
  let file: FileHandle;
  try {
    file = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  try {
    const { size } = await file.stat();
    return size === 0 ? 0 : await countFileLines(file, size);
  } finally {
    await file.close();
  }
}

async function countFileLines(file: FileHandle, size: number): Promise<number> {
  const chunk = Buffer.allocUnsafe(Math.min(COUNT_CHUNK, size));
  let lines = 0;
  for (let position = 0; position < size; ) {
    const { bytesRead } = await file.read(chunk, 0, Math.min(chunk.length, size - position), position);
    if (bytesRead === 0) break;
    for (let i = chunk.indexOf(0x0a); i >= 0 && i < bytesRead; i = chunk.indexOf(0x0a, i + 1)) lines++;
    position += bytesRead;
  }
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
