// Where the real-world documents live, and a host that reads real files.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { OpenApiHost } from '../../../src/core/openapi';

export const repoRoot = join(__dirname, '..', '..', '..');
export const referenceDir = join(repoRoot, '..', 'shared', 'reference');

export function reference(...parts: string[]): string {
  return join(referenceDir, ...parts);
}

export const fileHost: OpenApiHost = { readFile: (path) => readFile(path) };

export const statHost = {
  readFile: (path: string) => readFile(path),
  stat: async (path: string) => {
    const s = await stat(path);
    return { mtimeMs: s.mtimeMs, size: s.size };
  },
};
