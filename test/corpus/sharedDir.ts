// Where the real-world material lives: the shared folder of public `.http` files and API
// descriptions that sits beside a clone (`../shared`) on the project's machines, or beside the
// worktrees folder (`../../shared`). REGX_SHARED_DIR names it anywhere else. Only this suite
// (`npm run test:corpus`) reads it; the unit suite runs from the clone alone.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = join(__dirname, '..', '..');

function locate(): string | undefined {
  const candidates = [process.env.REGX_SHARED_DIR, join(root, '..', 'shared'), join(root, '..', '..', 'shared')];
  for (const dir of candidates) if (dir && existsSync(join(dir, 'http-corpus', 'SOURCES.md'))) return resolve(dir);
  return undefined;
}

const found = locate();

/** The shared folder; throws (failing the test that asks) with where it was looked for. */
export function sharedDir(): string {
  if (!found) throw new Error(`the shared folder (http-corpus/, reference/) is not at ${join(root, '..', 'shared')} or ${join(root, '..', '..', 'shared')}; set REGX_SHARED_DIR to run the corpus suite`);
  return found;
}

export const corpusDir = (): string => join(sharedDir(), 'http-corpus');
export const referenceDir = (): string => join(sharedDir(), 'reference');
