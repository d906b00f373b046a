// Shared by the language tests: the OpenAPI fixtures (test/fixtures/openapi) loaded once per process, documents with a
// cursor marker, and a typed registry builder for catalog facts a test needs to vary.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseHttp } from '../../../src/core/http/parser';
import { loadOpenApi } from '../../../src/core/openapi/loadOpenApi';
import type { OpenApiIndex } from '../../../src/core/openapi/types';
import type { RegistryEntry } from '../../../src/core/catalog/types';
import type { Position } from '../../../src/core/http/ast';
import type { LanguageDocument } from '../../../src/core/language/types';

export const root = join(__dirname, '..', '..', '..');
export { fixture } from '../openapi/fixtures';

const indexes = new Map<string, Promise<OpenApiIndex>>();
export function loadIndex(path: string): Promise<OpenApiIndex> {
  let index = indexes.get(path);
  if (!index) indexes.set(path, (index = loadOpenApi(path, { readFile: (p) => readFile(p) })));
  return index;
}

export const CURSOR = '¦';

/** A document from text holding one `¦`: the marker is removed and its position returned. */
export function withCursor(marked: string): { doc: LanguageDocument; at: Position } {
  const offset = marked.indexOf(CURSOR);
  if (offset < 0) throw new Error('no cursor marker');
  const text = marked.slice(0, offset) + marked.slice(offset + CURSOR.length);
  const before = text.slice(0, offset).split('\n');
  return { doc: document(text), at: { line: before.length - 1, character: before[before.length - 1].length } };
}

export function document(text: string): LanguageDocument {
  return { text, file: parseHttp(text) };
}

export function registry(overrides: Partial<RegistryEntry> & Pick<RegistryEntry, 'id'>): RegistryEntry {
  return {
    name: overrides.id,
    docs: [],
    defaultEnvironment: 'sandbox',
    environments: [{ name: 'sandbox', baseUrl: 'http://127.0.0.1:7999', openapi: 'openapi.yaml', sandbox: true }],
    auth: { type: 'none' },
    variables: [],
    mandatoryHeaders: [],
    folder: root,
    origin: 'bundled',
    ...overrides,
  };
}

/** The labels of completion items, in order. */
export function labels<T extends { label: string }>(items: readonly T[]): string[] {
  return items.map((i) => i.label);
}
