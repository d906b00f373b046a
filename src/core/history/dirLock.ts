// The history's cross-process lock: a directory made with mkdir (atomic on every file system
// Node writes to), kept fresh by touching its mtime while held, taken over when its mtime is
// older than `staleMs` (its holder died with it). The same protocol as proper-lockfile 4, which
// wrote these locks before — an older regx and this one exclude each other — without its cost:
// proper-lockfile loads graceful-fs, which patches fs, and signal-exit; 30 ms of CPU and 7 MB in
// every process that writes one history line (node -e "require('proper-lockfile')" vs node -e 0).

import { mkdirSync } from 'node:fs';
import { mkdir, rmdir, stat, utimes } from 'node:fs/promises';

export interface DirLockOptions {
  /** A lock not touched for this long is taken over. */
  staleMs: number;
  /** How long to wait for a busy lock before giving up (default: twice `staleMs`). */
  waitMs?: number;
}

export interface HeldLock {
  /** Set when another process took the lock over while it was held (it looked stale to them). */
  readonly compromised: Error | undefined;
  release(): Promise<void>;
}

export class LockBusyError extends Error {
  readonly code = 'ELOCKED';
  constructor(path: string) {
    super(`the lock ${path} is held by another process`);
    this.name = 'LockBusyError';
  }
}

export async function acquireDirLock(path: string, options: DirLockOptions): Promise<HeldLock> {
  const deadline = Date.now() + (options.waitMs ?? options.staleMs * 2);
  // Holders keep it for milliseconds: poll often at first, then back off to 50 ms.
  for (let delay = 1; ; delay = Math.min(50, delay * 1.5)) {
    try {
      await mkdir(path);
      return held(path, options.staleMs);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const info = await stat(path).catch(() => undefined);
    if (info && info.mtimeMs < Date.now() - options.staleMs) {
      // Stale: its holder stopped touching it. Remove it and race for it like everyone else.
      await rmdir(path).catch(() => undefined);
      continue;
    }
    if (Date.now() > deadline) throw new LockBusyError(path);
    await new Promise((resolve) => setTimeout(resolve, delay * (0.5 + Math.random())));
  }
}

/**
 * Takes the lock now if it is free (one mkdir), undefined if someone holds it (or left it: a
 * stale lock is acquireDirLock's to take over). For holds of a few synchronous calls, which need
 * no refreshing.
 */
export function takeDirLockNow(path: string): HeldLock | undefined {
  try {
    mkdirSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw error;
  }
  return { compromised: undefined, release: () => rmdir(path).catch(() => undefined) };
}

function held(path: string, staleMs: number): HeldLock {
  let compromised: Error | undefined;
  let released = false;
  let touchedAt = Date.now();
  // Touch the lock at half the stale time, so no waiter takes a lock whose holder is alive.
  const timer = setInterval(() => {
    void (async () => {
      const info = await stat(path).catch(() => undefined);
      if (released) return;
      // Gone, or touched by someone else since our last touch (one second of slack for coarse mtimes).
      if (!info || Math.abs(info.mtimeMs - touchedAt) > 1000) {
        compromised ??= new Error(`the lock ${path} was taken over by another process`);
        return;
      }
      const now = new Date();
      await utimes(path, now, now).catch(() => undefined);
      touchedAt = now.getTime();
    })();
  }, Math.max(500, staleMs / 2));
  timer.unref();
  return {
    get compromised() {
      return compromised;
    },
    async release() {
      if (released) return;
      released = true;
      clearInterval(timer);
      if (!compromised) await rmdir(path).catch(() => undefined);
    },
  };
}
