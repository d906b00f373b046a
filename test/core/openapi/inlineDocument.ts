// Small OpenAPI documents written inline, loaded through the real loader from a temp file.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOpenApi, type OpenApiIndex } from '../../../src/core/openapi';
import { fileHost } from './fixtures';

export async function loadInline(text: string, name = 'api.yaml'): Promise<OpenApiIndex> {
  const dir = await mkdtemp(join(tmpdir(), 'regx-inline-'));
  try {
    await writeFile(join(dir, name), text);
    return await loadOpenApi(join(dir, name), fileHost);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
