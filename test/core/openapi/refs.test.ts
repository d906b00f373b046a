import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOpenApi, validateResponse, OpenApiError, type JsonSchema } from '../../../src/core/openapi';
import { fileHost } from './fixtures';

async function withFiles(files: Record<string, string>, run: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'regx-refs-'));
  try {
    for (const [name, content] of Object.entries(files)) {
      await mkdir(join(dir, name, '..'), { recursive: true });
      await writeFile(join(dir, name), content);
    }
    await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function loadError(source: string): Promise<OpenApiError> {
  try {
    await loadOpenApi(source, fileHost);
  } catch (error) {
    assert.ok(error instanceof OpenApiError, `expected an OpenApiError, got ${String(error)}`);
    return error;
  }
  assert.fail(`${source} loaded without error`);
}

const cyclic = `openapi: 3.0.3
info: { title: Boom, version: '1' }
paths:
  /verenigingen/{vCode}:
    get:
      operationId: detail
      parameters:
        - { name: vCode, in: path, required: true, schema: { type: string } }
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Vereniging' }
components:
  schemas:
    Vereniging:
      type: object
      required: [naam]
      properties:
        naam: { type: string }
        afdelingen:
          type: array
          items: { $ref: '#/components/schemas/Vereniging' }
        hoofd: { $ref: '#/components/schemas/Relatie' }
    Relatie:
      type: object
      nullable: true
      properties:
        vereniging: { $ref: '#/components/schemas/Vereniging' }
`;

test('cyclic $refs become shared object references, and validation walks them', async () => {
  await withFiles({ 'api.yaml': cyclic }, async (dir) => {
    const index = await loadOpenApi(join(dir, 'api.yaml'), fileHost);
    const vereniging = index.schemas.Vereniging as Record<string, Record<string, Record<string, unknown>>>;
    assert.equal(vereniging.properties?.afdelingen?.items, vereniging, 'self-cycle is the same object');
    const relatie = index.schemas.Relatie as Record<string, Record<string, unknown>>;
    assert.equal(relatie.properties?.vereniging, vereniging, 'mutual cycle is the same object');
    const op = index.operations[0];
    assert.equal(op?.responses[0]?.content['application/json']?.schema, vereniging);

    const body = { naam: 'A', afdelingen: [{ naam: 'B', afdelingen: [{ naam: 'C' }, { naam: 7 }] }], hoofd: { vereniging: { naam: 'D' } } };
    assert.equal(validateResponse(index, { method: 'GET', path: '/verenigingen/V1' }, 200, 'application/json', body).valid, false);
    const result = validateResponse(index, { method: 'GET', path: '/verenigingen/V1' }, 200, 'application/json', body);
    assert.deepEqual(result.errors.map((e) => e.path), ['$.afdelingen[0].afdelingen[1].naam']);
    body.afdelingen[0]!.afdelingen[1]!.naam = 'E';
    assert.deepEqual(validateResponse(index, { method: 'GET', path: '/verenigingen/V1' }, 200, 'application/json', body).errors, []);
    // `nullable` on a schema reached through the cycle
    const withNull = { naam: 'A', hoofd: null };
    assert.equal(validateResponse(index, { method: 'GET', path: '/verenigingen/V1' }, 200, 'application/json', withNull).valid, true);
  });
});

test('external $refs load the second file, whose own refs resolve against its location', async () => {
  await withFiles(
    {
      'api.yaml': `openapi: 3.0.3
info: { title: Split, version: '1' }
paths:
  /klanten:
    post:
      requestBody:
        content:
          application/json:
            schema: { $ref: './schemas/klant.yaml#/Klant' }
      responses:
        '201': { $ref: 'responses.json#/created' }
`,
      'schemas/klant.yaml': `Klant:
  type: object
  required: [adres]
  properties:
    adres: { $ref: '#/Adres' }
    land: { $ref: '../common/land.yaml' }
Adres:
  type: object
  properties:
    straatnaam: { type: string }
`,
      'common/land.yaml': `type: string
enum: [NL, BE]
`,
      'responses.json': `{ "created": { "description": "aangemaakt", "headers": { "Location": { "schema": { "type": "string" } } } } }`,
    },
    async (dir) => {
      const index = await loadOpenApi(join(dir, 'api.yaml'), fileHost);
      const op = index.operations[0];
      assert.equal(op?.id, 'POST /klanten');
      const schema = op?.requestBody?.content['application/json']?.schema as Record<string, Record<string, JsonSchema>>;
      assert.deepEqual((schema.properties?.adres as Record<string, unknown>).properties, { straatnaam: { type: 'string' } });
      assert.deepEqual(schema.properties?.land, { type: 'string', enum: ['NL', 'BE'] });
      assert.equal(op?.responses[0]?.description, 'aangemaakt');
      assert.ok(op?.responses[0]?.headers.Location);
    },
  );
});

test('a $ref to a missing node fails with the pointer of the $ref', async () => {
  await withFiles(
    {
      'api.yaml': `openapi: 3.0.3
info: { title: Broken, version: '1' }
paths:
  /a:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Missing' }
components:
  schemas: {}
`,
    },
    async (dir) => {
      const error = await loadError(join(dir, 'api.yaml'));
      assert.equal(error.kind, 'ref');
      assert.equal(error.source, join(dir, 'api.yaml'));
      assert.equal(error.pointer, '/paths/~1a/get/responses/200/content/application~1json/schema');
      assert.match(error.message, /Missing/);
    },
  );
});

test('a $ref to a file that does not exist fails with the pointer of the $ref', async () => {
  await withFiles(
    {
      'api.yaml': `openapi: 3.0.3
info: { title: Broken, version: '1' }
paths:
  /a:
    get:
      responses:
        '200': { $ref: './nowhere.yaml#/ok' }
`,
    },
    async (dir) => {
      const error = await loadError(join(dir, 'api.yaml'));
      assert.equal(error.kind, 'ref');
      assert.equal(error.pointer, '/paths/~1a/get/responses/200');
      assert.match(error.message, /nowhere\.yaml/);
    },
  );
});

test('a $ref chain that points at itself fails instead of looping', async () => {
  await withFiles(
    {
      'api.yaml': `openapi: 3.0.3
info: { title: Loop, version: '1' }
paths: {}
components:
  schemas:
    A: { $ref: '#/components/schemas/B' }
    B: { $ref: '#/components/schemas/A' }
`,
    },
    async (dir) => {
      const error = await loadError(join(dir, 'api.yaml'));
      assert.equal(error.kind, 'ref');
      assert.match(error.message, /points at itself/);
    },
  );
});

test('broken YAML fails with file, line and column; a non-OpenAPI document with kind format', async () => {
  await withFiles(
    {
      'broken.yaml': `openapi: 3.0.3
info:
  title: Broken
  version: '1'
paths:
  /a:
    get:
      responses: {
        '200': { description: ok
`,
      'other.yaml': `asyncapi: 2.0.0\ninfo: { title: x, version: '1' }\n`,
    },
    async (dir) => {
      const error = await loadError(join(dir, 'broken.yaml'));
      assert.equal(error.kind, 'syntax');
      assert.equal(error.source, join(dir, 'broken.yaml'));
      assert.ok(error.line !== undefined && error.line >= 8, `line ${error.line}`);
      assert.ok(error.column !== undefined && error.column >= 1);
      assert.ok(error.where.startsWith(`${join(dir, 'broken.yaml')}:${error.line}:`));
      const format = await loadError(join(dir, 'other.yaml'));
      assert.equal(format.kind, 'format');
    },
  );
});

test('a missing file fails with kind read, and an aborted load with kind aborted', async () => {
  await withFiles({ 'api.yaml': cyclic }, async (dir) => {
    const missing = await loadError(join(dir, 'absent.yaml'));
    assert.equal(missing.kind, 'read');
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(loadOpenApi(join(dir, 'api.yaml'), { ...fileHost, signal: controller.signal }), (error: unknown) => {
      return error instanceof OpenApiError && error.kind === 'aborted';
    });
  });
});

test('a chain of 20,000 schemas referring to the next resolves and validates without deep recursion', async () => {
  const length = 20_000;
  const schemas: Record<string, unknown> = {};
  for (let i = 0; i < length; i++) {
    const next = i + 1 < length ? { volgende: { $ref: `#/components/schemas/S${i + 1}` } } : {};
    schemas[`S${i}`] = { type: 'object', properties: { n: { type: 'integer' }, ...next } };
  }
  const doc = {
    openapi: '3.0.3',
    info: { title: 'Keten', version: '1' },
    paths: { '/keten': { get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/S0' } } } } } } } },
    components: { schemas },
  };
  await withFiles({ 'keten.json': JSON.stringify(doc) }, async (dir) => {
    const index = await loadOpenApi(join(dir, 'keten.json'), fileHost);
    const first = index.schemas.S0 as { properties: { volgende: unknown } };
    assert.equal(first.properties.volgende, index.schemas.S1);
    const last = index.schemas[`S${length - 1}`] as { properties: Record<string, unknown> };
    assert.deepEqual(Object.keys(last.properties), ['n']);
    const body = { n: 0, volgende: { n: 1, volgende: { n: 'twee' } } };
    const result = validateResponse(index, { method: 'GET', path: '/keten' }, 200, 'application/json', body);
    assert.deepEqual(result.errors.map((e) => e.path), ['$.volgende.volgende.n']);
  });
});
