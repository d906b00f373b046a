// The same editor intelligence on a generated 50 MB description (JSON, ~97,000 operations):
// completion and diagnostics must still answer correctly once the index is loaded, with the
// last resource of the document as reachable as the first.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateOpenApi, resourceName } from '../../fixtures/openapi/generate';
import { complete } from '../../../src/core/language/completion';
import { diagnose } from '../../../src/core/language/diagnostics';
import type { LanguageContext } from '../../../src/core/language/types';
import { loadIndex, withCursor, document } from './helpers';

let dir: string;
let context: LanguageContext;
let last: number;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'regx-language-huge-'));
  const generated = await generateOpenApi(join(dir, 'huge.json'), { targetBytes: 50_000_000, format: 'json' });
  assert.ok(generated.bytes >= 50_000_000, `${generated.bytes} bytes`);
  last = generated.resources - 1;
  context = { index: await loadIndex(generated.path), baseUrl: 'http://127.0.0.1:7499/api' };
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('50 MB: paths of the last resource complete with parameter snippets', () => {
  const { doc, at } = withCursor(`GET http://127.0.0.1:7499/api/r${last}¦`);
  const items = complete(doc, at, context);
  assert.ok(items.some((i) => i.label === `/r${last}/{id}` && i.insertText === `/r${last}/\${1:id}`), JSON.stringify(items.slice(0, 3)));
});

test('50 MB: body properties of the last resource complete through its cyclic schema', () => {
  const { doc, at } = withCursor(`POST http://127.0.0.1:7499/api/r${last}\nContent-Type: application/json\n\n{"ouder": {"ouder": {"naam": "x", ¦}}}`);
  const labels = complete(doc, at, context).map((i) => i.label);
  assert.ok(labels.includes('status') && labels.includes('vorige') && !labels.includes('naam'), labels.join(','));
});

test('50 MB: diagnostics find the deprecated operation, its required header and a schema error', () => {
  const text = `PUT http://127.0.0.1:7499/api/r7/A1234567\nContent-Type: application/json\n\n{"naam": "x", "status": "weg"}`;
  const codes = diagnose(document(text), context).map((d) => `${d.code} ${d.message.split(' (')[0]}`);
  assert.deepEqual(codes, [
    `spec/missing-header replace${resourceName(7)} requires the header If-Match`,
    `spec/deprecated replace${resourceName(7)} is deprecated`,
    'spec/body-schema status must be one of "actief", "gestopt", "in-stopzetting"',
  ]);
});
