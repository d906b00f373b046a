import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateDocument, loadOpenApi, OpenApiError } from '../../../src/core/openapi';
import { fileHost, fixture } from './fixtures';

test('documents in OpenAPI 3.0 and 3.1 are structurally valid', async () => {
  for (const file of [
    'klanten.openapi.yaml',
    'kvk-zoeken.openapi.yaml',
    'kvk-basisprofiel.openapi.yaml',
    'kvk-vestigingsprofiel.openapi.yaml',
    'oauth.openapi.yaml',
    'petstore.openapi.yaml',
    'zaken.openapi.yaml',
  ]) {
    const result = await validateDocument(fixture(file), fileHost);
    assert.deepEqual(result.problems, [], file);
    assert.equal(result.valid, true);
  }
});

test('a Swagger 2.0 document that breaks the 2.0 schema (response headers with `schema`, as the VNG rendering has them)', async () => {
  const result = await validateDocument(fixture('klanten.swagger.json'), fileHost);
  assert.equal(result.valid, false);
  assert.equal(result.specVersion, '2.0');
  const problem = result.problems.find((p) => p.pointer === '/paths/~1klanten/get/responses/200/headers/API-version/schema');
  assert.ok(problem, JSON.stringify(result.problems.slice(0, 3)));
  assert.match(problem.message, /"schema" is not allowed/);
  assert.ok(problem.line !== undefined && problem.line > 1);
});

test('a document with broken YAML is reported at its line', async () => {
  const file = fixture('broken-yaml.openapi.yaml');
  const result = await validateDocument(file, fileHost);
  assert.equal(result.valid, false);
  assert.equal(result.problems[0]?.line, 17);
  await assert.rejects(loadOpenApi(file, fileHost), (error: unknown) => error instanceof OpenApiError && error.kind === 'syntax' && error.line === 17);
});

test('structural and semantic mistakes come back with pointer and line', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'regx-vd-'));
  try {
    const structural = join(dir, 'structural.yaml');
    await writeFile(
      structural,
      `openapi: 3.0.3
info:
  title: Fouten
paths:
  /a:
    get:
      responses:
        '200':
          description: ok
    gett:
      responses: {}
`,
    );
    const first = await validateDocument(structural, fileHost);
    assert.equal(first.valid, false);
    const where = new Map(first.problems.map((p) => [p.pointer, p]));
    assert.equal(where.get('/info')?.line, 2, 'missing info.version at info');
    assert.match(where.get('/info')?.message ?? '', /version/);
    assert.equal(where.get('/paths/~1a/gett')?.line, 10);

    const semantic = join(dir, 'semantic.yaml');
    await writeFile(
      semantic,
      `openapi: 3.0.3
info: { title: Fouten, version: '1' }
paths:
  /verenigingen/{vCode}:
    get:
      operationId: detail
      responses: { '200': { description: ok } }
  /verenigingen/{vCode}/historiek:
    get:
      operationId: detail
      parameters:
        - { name: vCode, in: path, required: true, schema: { type: string } }
        - { name: id, in: path, required: true, schema: { type: string } }
      responses: { '200': { description: ok } }
`,
    );
    const second = await validateDocument(semantic, fileHost);
    const messages = second.problems.map((p) => `${p.line}: ${p.message}`);
    assert.ok(messages.some((m) => /^5: .*"vCode" is not declared/.test(m)), messages.join('\n'));
    assert.ok(messages.some((m) => /^10: operationId "detail" is also used/.test(m)), messages.join('\n'));
    assert.ok(messages.some((m) => /^9: .*"id" does not occur in the path/.test(m)), messages.join('\n'));

    const comma = join(dir, 'comma.yaml');
    await writeFile(
      comma,
      `openapi: 3.0.3
info: { title: Komma, version: '1' }
paths:
  /relaties:
    get:
      parameters:
        - { name: zoek, in: query, description: Part of the name, case-insensitive, schema: { type: string } }
      responses: { '200': { description: ok } }
`,
    );
    const fourth = await validateDocument(comma, fileHost);
    assert.equal(fourth.problems[0]?.line, 7);
    assert.match(fourth.problems[0]?.message ?? '', /"case-insensitive" is not allowed.*a comma ends the value/);

    const badRef = join(dir, 'ref.yaml');
    await writeFile(badRef, `openapi: 3.0.3\ninfo: { title: R, version: '1' }\npaths:\n  /a:\n    get:\n      responses:\n        '200': { $ref: '#/components/responses/Nope' }\n`);
    const third = await validateDocument(badRef, fileHost);
    assert.deepEqual(third.problems.map((p) => [p.pointer, p.line]), [['/paths/~1a/get/responses/200', 7]]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
