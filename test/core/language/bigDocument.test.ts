// A generated 5 MB description (H5's deterministic generator): completion walks its cyclic
// schemas at depth, diagnostics find deprecations and required headers, and nothing loops.
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
let resources: number;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'regx-language-big-'));
  const generated = await generateOpenApi(join(dir, 'big.yaml'), { targetBytes: 5 * 1024 * 1024, format: 'yaml' });
  resources = generated.resources;
  context = { index: await loadIndex(generated.path), baseUrl: 'http://127.0.0.1:7499/api' };
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('paths of every resource are offered', () => {
  const { doc, at } = withCursor('GET http://127.0.0.1:7499/api/r12¦');
  const items = complete(doc, at, context);
  assert.equal(items.length, resources * 2);
  assert.ok(items.some((i) => i.label === '/r12/{id}' && i.insertText === '/r12/${1:id}'));
});

test('body completion follows cyclic references to any depth', () => {
  const { doc, at } = withCursor('POST http://127.0.0.1:7499/api/r40\nContent-Type: application/json\n\n{"vorige": {"ouder": {"vorige": {"gemeenschappelijk": {"bron": ¦}}}}}');
  assert.deepEqual(complete(doc, at, context).map((i) => i.label), ['"Initiator"', '"KBO"']);
  const keys = withCursor('POST http://127.0.0.1:7499/api/r40\n\n{"ouder": {"ouder": {"ouder": {"naam": "x", ¦}}}}');
  const labels = complete(keys.doc, keys.at, context).map((i) => i.label);
  assert.ok(labels.includes('status') && labels.includes('vorige') && !labels.includes('naam') && !labels.includes('id'));
});

test('diagnostics: deprecated replace, its required If-Match, schema errors deep in the body', () => {
  const seven = `PUT http://127.0.0.1:7499/api/r7/A1234567\nContent-Type: application/json\n\n{"naam": "x", "status": "actief", "vorige": {"naam": "", "status": "weg"}}`;
  const found = diagnose(document(seven), context);
  assert.deepEqual(
    found.map((d) => `${d.range.start.line}:${d.range.start.character} ${d.code} ${d.message.split(' (')[0]}`),
    [
      `0:0 spec/missing-header replace${resourceName(7)} requires the header If-Match`,
      '0:25 spec/deprecated replaceResource00007 is deprecated',
      '3:53 spec/body-schema vorige.naam must NOT have fewer than 1 characters',
      '3:67 spec/body-schema vorige.status must be one of "actief", "gestopt", "in-stopzetting"',
    ],
  );
});
