// History as JSON Lines: one record per send, appended with a single write of a whole line,
// so a crash can tear at most the last line, which reading skips with a warning. The file is
// trimmed to the last N records by writing a new file and renaming it over the old one.

import { closeSync, fstatSync, fsyncSync, mkdirSync, openSync, readFileSync, readSync, renameSync, writeSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ResponseRecord } from '../send/types';

/** One line of history: the redacted record plus what the runner learnt about it. */
export interface HistoryEntry extends ResponseRecord {
  assertions?: { text: string; passed: boolean; message?: string }[];
}

export interface HistoryRead {
  entries: HistoryEntry[];
  warnings: string[];
}

export function defaultHistoryPath(env: Record<string, string | undefined>): string {
  if (env.REGX_HISTORY) return env.REGX_HISTORY;
  const state = env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state');
  return join(state, 'register-explorer', 'history.jsonl');
}

export class HistoryStore {
  private count: number | undefined;

  constructor(
    readonly path: string,
    private readonly maxRecords = 1000,
  ) {}

  /** Appends one (already redacted) entry. */
  append(entry: HistoryEntry): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const fd = openSync(this.path, 'a+');
    try {
      const { size } = fstatSync(fd);
      // A line torn by an earlier crash must not swallow this one.
      let prefix = '';
      if (size > 0) {
        const last = Buffer.alloc(1);
        readSync(fd, last, 0, 1, size - 1);
        if (last[0] !== 0x0a) prefix = '\n';
      }
      const line = Buffer.from(`${prefix}${JSON.stringify(entry)}\n`);
      const written = writeSync(fd, line);
      if (written !== line.length) throw new Error(`history: wrote ${written} of ${line.length} bytes to ${this.path}`);
    } finally {
      closeSync(fd);
    }
    if (this.count === undefined) this.count = countLines(this.path);
    else this.count++;
    // Some slack so a long run does not rewrite the file on every send.
    if (this.count > this.maxRecords + Math.max(10, Math.floor(this.maxRecords / 10))) this.compact();
  }

  read(): HistoryRead {
    if (!existsSync(this.path)) return { entries: [], warnings: [] };
    return parseHistory(readFileSync(this.path, 'utf8'), this.path);
  }

  /** Keeps the last `maxRecords` entries: a new file is written whole, then renamed over the old one. */
  compact(): void {
    const { entries } = this.read();
    const kept = entries.slice(-this.maxRecords);
    const temp = `${this.path}.${process.pid}.tmp`;
    const fd = openSync(temp, 'w');
    try {
      writeSync(fd, kept.map((e) => `${JSON.stringify(e)}\n`).join(''));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, this.path);
    this.count = kept.length;
  }
}

function countLines(path: string): number {
  const buffer = readFileSync(path);
  let lines = 0;
  for (let i = buffer.indexOf(0x0a); i >= 0; i = buffer.indexOf(0x0a, i + 1)) lines++;
  return lines;
}

export function parseHistory(text: string, path = 'history'): HistoryRead {
  const entries: HistoryEntry[] = [];
  const warnings: string[] = [];
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    if (!line.trim()) return;
    try {
      entries.push(JSON.parse(line) as HistoryEntry);
    } catch {
      const torn = index === lines.length - 1;
      warnings.push(`${path}:${index + 1}: ${torn ? 'incomplete last record (interrupted write) skipped' : 'unreadable record skipped'}`);
    }
  });
  return { entries, warnings };
}
