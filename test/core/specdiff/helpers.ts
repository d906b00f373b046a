import { readFile } from 'node:fs/promises';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OpenApiHost } from '../../../src/core/openapi/documentSource';
import { diffSpecs, type SpecDiffOptions } from '../../../src/core/specdiff/specDiff';
import type { SpecChange, SpecDiff } from '../../../src/core/specdiff/types';

export const root = join(__dirname, '..', '..', '..');
export const fixtures = join(root, 'test', 'fixtures', 'specdiff');
export const fileHost: OpenApiHost = { readFile: (path) => readFile(path) };

/** Two inline documents (YAML or JSON text) written to a temp folder, then diffed. */
export async function diffTexts(oldText: string, newText: string, options: SpecDiffOptions = {}, ext = 'yaml'): Promise<SpecDiff> {
  const dir = mkdtempSync(join(tmpdir(), 'regx-specdiff-'));
  writeFileSync(join(dir, `old.${ext}`), oldText);
  writeFileSync(join(dir, `new.${ext}`), newText);
  return diffSpecs(join(dir, `old.${ext}`), join(dir, `new.${ext}`), fileHost, options);
}

export function find(diff: SpecDiff, kind: SpecChange['kind'], text: string): SpecChange | undefined {
  return diff.changes.find((c) => c.kind === kind && c.message.includes(text));
}

/** One line per change: what reviewers read in expected.txt. */
export function summary(diff: SpecDiff): string {
  return diff.changes
    .map((c) => `${c.severity.padEnd(8)} ${c.id.padEnd(36)} ${String(c.old?.line ?? '-').padStart(4)}/${String(c.new?.line ?? '-').padEnd(4)} ${c.message}${c.occurrences.length ? `  [${c.occurrences.map((o) => `${o.operation.method} ${o.operation.path}${o.status ? ` ${o.status}` : ''}${o.path && o.path !== '$' ? ` ${o.path}` : ''}${o.parameter ? ` ${o.parameter.in}:${o.parameter.name}` : ''}`).join('; ')}]` : ''}`)
    .join('\n') + '\n';
}
