// Where response bodies too big for memory go. The folder is private (0700, owned by this user,
// never a symbolic link: another user of a shared /tmp could plant one to read or redirect
// bodies), each file is created new (O_EXCL | O_NOFOLLOW) and readable by this user only (0600).
// A body file lives while something refers to it: the caller deletes it (`releaseBody`) when the
// record that names it is gone; `sweepBodies` removes what a crash left behind.

import { constants } from 'node:fs';
import { chmod, lstat, mkdir, open, readdir, stat, unlink } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';

export class SpillFolderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SpillFolderError';
  }
}

/** `<tmp>/register-explorer-<uid>/bodies`: per user, so users of one machine never share it. */
export function defaultSpillDir(): string {
  const uid = typeof process.getuid === 'function' ? String(process.getuid()) : userInfo().username;
  return join(tmpdir(), `register-explorer-${uid}`, 'bodies');
}

async function privateFolder(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const info = await lstat(dir);
  if (info.isSymbolicLink()) throw new SpillFolderError(`the body folder ${dir} is a symbolic link; refusing to write response bodies through it (remove it)`);
  if (!info.isDirectory()) throw new SpillFolderError(`the body folder ${dir} is not a folder`);
  if (typeof process.getuid === 'function' && info.uid !== process.getuid()) throw new SpillFolderError(`the body folder ${dir} belongs to another user; refusing to write response bodies there`);
  if ((info.mode & 0o077) !== 0) await chmod(dir, 0o700);
}

/**
 * Opens a new, private body file in `dir`, checked first. The default folder's parent in the
 * shared temp folder is checked too: whoever owns it could swap `bodies` for a link.
 */
export async function openBodyFile(dir: string): Promise<{ file: string; handle: Awaited<ReturnType<typeof open>> }> {
  if (dir === defaultSpillDir()) await privateFolder(dirname(dir));
  await privateFolder(dir);
  const file = join(dir, `body-${randomUUID()}.bin`);
  const handle = await open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o600);
  return { file, handle };
}

/** Deletes a body file that nothing refers to any more; a file already gone is fine. */
export async function releaseBody(file: string | undefined): Promise<void> {
  if (!file) return;
  await unlink(file).catch(() => undefined);
}

/** Deletes body files older than `maxAgeMs` (what a crashed run left behind). */
export async function sweepBodies(dir: string, maxAgeMs: number, now = Date.now()): Promise<number> {
  let names: string[];
  try {
    if ((await lstat(dir)).isSymbolicLink()) return 0;
    names = await readdir(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    if (!/^body-[0-9a-f-]+\.bin$/.test(name)) continue;
    const file = join(dir, name);
    try {
      if (now - (await stat(file)).mtimeMs < maxAgeMs) continue;
      await unlink(file);
      removed++;
    } catch {
      // another process took it
    }
  }
  return removed;
}
