// From disk to diagnostics: a workspace `.registries/` entry whose description is broken gives
// one `spec/unavailable` warning (no throw), while its mandatory headers are still checked; a
// second registry in the same file is checked against its own description.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../../../src/core/catalog/loadCatalog';
import { parseHttp } from '../../../src/core/http/parser';
import { loadOpenApi } from '../../../src/core/openapi/loadOpenApi';
import { loadFileContext } from '../../../src/core/language/loadFileContext';
import { diagnose } from '../../../src/core/language/diagnostics';
import { root } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'regx-language-ctx-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('a broken description is one warning; registry checks and other registries still work', async () => {
  mkdirSync(join(dir, '.registries', 'demo'), { recursive: true });
  writeFileSync(
    join(dir, '.registries', 'demo', 'registry.yaml'),
    'id: demo\nname: Demo register\ndocs: []\ndefaultEnvironment: sandbox\nenvironments:\n  - name: sandbox\n    baseUrl: http://127.0.0.1:7990\n    openapi: broken.yaml\nauth: { type: none }\nmandatoryHeaders:\n  - { name: X-Demo, value: "{{$guid}}" }\n',
  );
  writeFileSync(join(dir, '.registries', 'demo', 'broken.yaml'), 'openapi: 3.0.0\npaths:\n  /a: [unclosed\n');
  writeFileSync(join(dir, 'http-client.env.json'), JSON.stringify({ sandbox: { demoBase: 'http://127.0.0.1:7990', klanten: 'http://127.0.0.1:7404' } }));
  const text = '# @registry demo\nGET {{demoBase}}/a\n\n###\nGET {{demoBase}}/b\nX-Demo: 1\n\n###\n# @registry vng-klanten\nGET {{klanten}}/api/v1/klantjes\n';
  writeFileSync(join(dir, 'a.http'), text);
  const catalog = await loadCatalog({ bundledDir: join(root, 'registries'), workspaceDirs: [dir], readFile: (p) => readFile(p), listDir: (p) => readdir(p) });
  const file = parseHttp(text);
  const loaded = await loadFileContext({ filePath: join(dir, 'a.http'), file, catalog, root: dir, environment: 'sandbox', loadIndex: (source) => loadOpenApi(source, { readFile: (p) => readFile(p) }) });
  assert.deepEqual(loaded.problems, []);
  const found = diagnose({ text, file }, loaded.context, { environment: 'sandbox' });
  assert.deepEqual(
    found.map((d) => `${d.range.start.line} ${d.severity} ${d.code}`),
    ['0 warning spec/unavailable', '1 error spec/missing-header', '9 error spec/unknown-path'],
  );
  assert.match(found[0].message, /broken\.yaml/);
});

test('an unknown registry in a directive is reported where it is written', async () => {
  const catalog = await loadCatalog({ bundledDir: join(root, 'registries'), readFile: (p) => readFile(p), listDir: (p) => readdir(p) });
  const text = '# @registry kvk-nieuw\nGET https://example.org/a\n';
  const loaded = await loadFileContext({ filePath: join(dir, 'b.http'), file: parseHttp(text), catalog, root: dir, loadIndex: () => Promise.reject(new Error('not reached')) });
  assert.deepEqual(loaded.problems.map((p) => [p.code, p.range.start.line, p.range.start.character]), [['catalog/unknown-registry', 0, 12]]);
});

test('# @openapi names a description directly, relative to the request file', async () => {
  const { copyFileSync } = await import('node:fs');
  const { fixture } = await import('./helpers');
  copyFileSync(fixture('klanten.openapi.yaml'), join(dir, 'klanten.yaml'));
  const catalog = await loadCatalog({ bundledDir: join(root, 'registries'), readFile: (p) => readFile(p), listDir: (p) => readdir(p) });
  const text = '# @openapi ./klanten.yaml\nGET https://klanten.example/api/v1/klantjes\n\n###\nGET https://klanten.example/api/v1/klanten?subjectType=bedrijf\n';
  const file = parseHttp(text);
  const loaded = await loadFileContext({ filePath: join(dir, 'c.http'), file, catalog, root: dir, loadIndex: (source) => loadOpenApi(source, { readFile: (p) => readFile(p) }) });
  const found = diagnose({ text, file }, loaded.context);
  assert.deepEqual(found.map((d) => `${d.range.start.line}:${d.range.start.character} ${d.code}`), ['1:27 spec/unknown-path', '4:55 spec/invalid-parameter']);
  assert.match(found[0].message, /in Klanten API 1\.0\.0 \(did you mean \/api\/v1\/klanten\?\)/);
});
