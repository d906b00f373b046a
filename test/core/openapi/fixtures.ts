// The project's own OpenAPI fixtures (test/fixtures/openapi, written from the facts of public
// descriptions; see the README there), and hosts that read real files. The real documents
// themselves are read only by the corpus suite (test/corpus).
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { OpenApiHost } from '../../../src/core/openapi';

export const repoRoot = join(__dirname, '..', '..', '..');
export const fixturesDir = join(repoRoot, 'test', 'fixtures', 'openapi');

export function fixture(name: string): string {
  return join(fixturesDir, name);
}

export const fileHost: OpenApiHost = { readFile: (path) => readFile(path) };

export const statHost = {
  readFile: (path: string) => readFile(path),
  stat: async (path: string) => {
    const s = await stat(path);
    return { mtimeMs: s.mtimeMs, size: s.size };
  },
};
