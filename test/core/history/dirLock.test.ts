import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireDirLock, LockBusyError } from '../../../src/core/history/dirLock';

test('a held lock makes the next taker wait until it is released, then it is theirs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'regx-dirlock-'));
  const path = join(dir, 'history.jsonl.lock');
  try {
    const first = await acquireDirLock(path, { staleMs: 10_000 });
    const order: string[] = [];
    const second = acquireDirLock(path, { staleMs: 10_000 }).then((lock) => {
      order.push('second acquired');
      return lock;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    order.push('first releases');
    await first.release();
    const lock = await second;
    assert.deepEqual(order, ['first releases', 'second acquired']);
    assert.equal(lock.compromised, undefined);
    await lock.release();
    assert.equal(existsSync(path), false, 'released locks leave nothing behind');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a lock that stays busy past the wait is an error naming it, and the holder keeps it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'regx-dirlock-'));
  const path = join(dir, 'store.json.lock');
  try {
    const holder = await acquireDirLock(path, { staleMs: 10_000 });
    await assert.rejects(acquireDirLock(path, { staleMs: 10_000, waitMs: 100 }), (error: unknown) => error instanceof LockBusyError && error.message.includes(path));
    assert.equal(existsSync(path), true);
    await holder.release();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
