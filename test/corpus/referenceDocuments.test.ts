// The real API descriptions of the shared folder (reference/), read as they were published:
// what the loader, the validator and the matcher make of them. The unit suite checks the same
// behaviour on the project's own fixtures (test/fixtures/openapi); this suite keeps the
// published documents, with their quirks, honest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import fc from 'fast-check';
import { loadOpenApi, matchOperation, matchPath, validateDocument, validateResponse, type OperationInfo } from '../../src/core/openapi';
import { diagnose } from '../../src/core/language/diagnostics';
import { indexNear } from '../../src/core/language/operationsNear';
import { parseHttp } from '../../src/core/http/parser';
import { fileHost } from '../core/openapi/fixtures';
import { referenceDir } from './sharedDir';

function reference(...parts: string[]): string {
  return join(referenceDir(), ...parts);
}

function byId(operations: OperationInfo[]): Map<string, OperationInfo> {
  return new Map(operations.map((op) => [op.id, op]));
}

test('VNG Klanten as OpenAPI 3.0 and as Swagger 2.0 give the same operations', async () => {
  const oas3 = await loadOpenApi(reference('vng-klanten', 'openapi.yaml'), fileHost);
  const swagger = await loadOpenApi(reference('vng-klanten', 'swagger2.0.json'), fileHost);
  assert.equal(oas3.specVersion, '3.0.0');
  assert.equal(swagger.specVersion, '2.0');
  assert.equal(oas3.title, 'Klanten API');
  assert.deepEqual(oas3.servers, ['/api/v1']);
  const a = byId(oas3.operations);
  const b = byId(swagger.operations);
  assert.deepEqual([...a.keys()].sort(), [...b.keys()].sort());
  assert.ok(a.size >= 8, `expected the klanten and audittrail operations, got ${[...a.keys()].join(', ')}`);
  for (const [id, op] of a) {
    const other = b.get(id) as OperationInfo;
    assert.equal(other.method, op.method, id);
    // Swagger 2's basePath is part of the path; OpenAPI 3 keeps it in the server URL
    assert.equal(other.path, `/api/v1${op.path}`, id);
    assert.deepEqual(other.parameters.map((p) => `${p.in}:${p.name}`).sort(), op.parameters.map((p) => `${p.in}:${p.name}`).sort(), id);
    assert.deepEqual(other.responses.map((r) => r.status).sort(), op.responses.map((r) => r.status).sort(), id);
    assert.equal(Boolean(other.requestBody), Boolean(op.requestBody), id);
  }
  // the Swagger 2 `body` parameter became a requestBody with the same schema shape
  const create2 = b.get('klant_create') as OperationInfo;
  const create3 = a.get('klant_create') as OperationInfo;
  const schema2 = create2.requestBody?.content['application/json']?.schema as Record<string, unknown>;
  const schema3 = create3.requestBody?.content['application/json']?.schema as Record<string, unknown>;
  assert.deepEqual(Object.keys(schema2.properties as object).sort(), Object.keys(schema3.properties as object).sort());
  assert.deepEqual(schema2.required, schema3.required);
});

test('VNG Klanten 3.0: parameters, headers, schemas, enums and lines', async () => {
  const index = await loadOpenApi(reference('vng-klanten', 'openapi.yaml'), fileHost);
  const list = index.operations.find((op) => op.id === 'klant_list') as OperationInfo;
  assert.equal(list.method, 'GET');
  assert.equal(list.path, '/klanten');
  const subjectType = list.parameters.find((p) => p.name === 'subjectType');
  assert.equal(subjectType?.in, 'query');
  assert.equal(subjectType?.required, false);
  assert.ok(Array.isArray((subjectType?.schema as Record<string, unknown>).enum));
  const read = index.operations.find((op) => op.id === 'klant_read') as OperationInfo;
  assert.deepEqual(read.parameters.filter((p) => p.in === 'path').map((p) => [p.name, p.required]), [['uuid', true]]);
  const ok = read.responses.find((r) => r.status === '200');
  assert.ok(ok?.headers.ETag, 'the 200 response documents its ETag header');
  assert.ok(ok?.content['application/json']?.schema);
  // the resolved schema is the named one, shared (not a copy)
  assert.equal(ok?.content['application/json']?.schema, index.schemas.Klant);
  assert.ok(read.location.line && read.location.line > 1);
  assert.equal(read.location.pointer, '/paths/~1klanten~1{uuid}/get');
  const methods = index.operations.filter((op) => op.path === '/klanten/{uuid}').map((op) => op.method).sort();
  assert.deepEqual(methods, ['DELETE', 'GET', 'PATCH', 'PUT']);
});

test('the three KVK documents index their operations with servers and media types', async () => {
  const zoeken = await loadOpenApi(reference('kvk', 'zoeken-openapi.yaml'), fileHost);
  assert.equal(zoeken.specVersion, '3.0.1');
  assert.deepEqual(zoeken.operations.map((op) => `${op.method} ${op.path}`), ['GET /zoeken']);
  assert.ok(zoeken.servers.includes('https://api.kvk.nl/test/api/v2'));
  const naam = zoeken.operations[0]?.parameters.find((p) => p.name === 'naam');
  assert.equal(naam?.in, 'query');
  const ok = zoeken.operations[0]?.responses.find((r) => r.status === '200');
  assert.deepEqual(Object.keys(ok?.content ?? {}).sort(), ['application/hal+json', 'application/json']);

  const basis = await loadOpenApi(reference('kvk', 'basisprofiel-openapi.yaml'), fileHost);
  assert.deepEqual(
    basis.operations.map((op) => op.path).sort(),
    ['/basisprofielen/{kvkNummer}', '/basisprofielen/{kvkNummer}/eigenaar', '/basisprofielen/{kvkNummer}/hoofdvestiging', '/basisprofielen/{kvkNummer}/vestigingen'],
  );
  for (const op of basis.operations) assert.ok(op.parameters.some((p) => p.name === 'kvkNummer' && p.in === 'path' && p.required), op.id);

  const vestiging = await loadOpenApi(reference('kvk', 'vestigingsprofiel-openapi.yaml'), fileHost);
  assert.deepEqual(vestiging.operations.map((op) => `${op.method} ${op.path}`), ['GET /v1/vestigingsprofielen/{vestigingsnummer}']);
  // this older document declares only a `default` response
  assert.deepEqual(vestiging.operations[0]?.responses.map((r) => r.status), ['default']);
  assert.ok(vestiging.operations[0]?.parameters.some((p) => p.name === 'geoData'));
});

test('OpenAPI 3.1 documents of the Arazzo examples', async () => {
  const oauth = await loadOpenApi(reference('arazzo', 'examples', 'oauth.openapi.yaml'), fileHost);
  assert.match(oauth.specVersion, /^3\.1/);
  const token = oauth.operations.find((op) => op.path === '/oauth/token');
  assert.equal(token?.method, 'POST');
  assert.ok(token?.requestBody?.content['application/x-www-form-urlencoded']);
  const pets = await loadOpenApi(reference('arazzo', 'examples', 'pet-coupons.openapi.yaml'), fileHost);
  const find = pets.operations.find((op) => op.id === 'findPetsByStatus');
  assert.equal(find?.path, '/pet/findByStatus');
  assert.ok(find?.parameters.some((p) => p.name === 'status' && p.in === 'query'));
});

test('a large real document (VNG Zaken 1.5.1, 500 KB) indexes every operation', async () => {
  const index = await loadOpenApi(reference('spec-pairs', 'vng-zaken', '1.5.1.yaml'), fileHost);
  assert.equal(index.specVersion, '3.0.3');
  assert.ok(index.operations.length > 50, `${index.operations.length} operations`);
  const ids = new Set(index.operations.map((op) => op.id));
  assert.equal(ids.size, index.operations.length, 'operation ids are unique');
  assert.ok(ids.has('zaak_retrieve'));
  assert.ok(index.operations.every((op) => op.location.line !== undefined), 'every operation has a line');
  const destroy = index.operations.find((op) => op.method === 'DELETE' && op.path === '/zaken/{uuid}');
  assert.ok(destroy?.parameters.some((p) => p.name === 'Accept-Crs' && p.in === 'header' && p.required));
});

test('real documents in all three dialects are structurally valid', async () => {
  for (const file of [
    ['vng-klanten', 'openapi.yaml'],
    ['kvk', 'zoeken-openapi.yaml'],
    ['kvk', 'basisprofiel-openapi.yaml'],
    ['kvk', 'vestigingsprofiel-openapi.yaml'],
    ['arazzo', 'examples', 'oauth.openapi.yaml'],
    ['arazzo', 'examples', 'pet-coupons.openapi.yaml'],
    ['spec-pairs', 'vng-catalogi', '1.0.0.yaml'],
  ]) {
    const result = await validateDocument(reference(...file), fileHost);
    assert.deepEqual(result.problems, [], file.join('/'));
    assert.equal(result.valid, true);
  }
});

test('the VNG Swagger 2.0 rendering breaks the 2.0 schema: response headers with `schema`', async () => {
  const result = await validateDocument(reference('vng-klanten', 'swagger2.0.json'), fileHost);
  assert.equal(result.valid, false);
  assert.equal(result.specVersion, '2.0');
  const problem = result.problems.find((p) => p.pointer === '/paths/~1klanten/get/responses/200/headers/API-version/schema');
  assert.ok(problem, JSON.stringify(result.problems.slice(0, 3)));
  assert.match(problem.message, /"schema" is not allowed/);
  assert.ok(problem.line !== undefined && problem.line > 1);
});

test('a real document with broken YAML (KVK Zoeken 1.3) is reported at its line and still loads', async () => {
  const file = reference('spec-pairs', 'kvk-zoeken', '1.3.yaml');
  const result = await validateDocument(file, fileHost);
  assert.equal(result.valid, false);
  assert.equal(result.problems[0]?.line, 84);
  assert.match(result.problems[0]?.message ?? '', /not valid YAML 1\.2: deficient indentation/);
  // Loaded anyway, as js-yaml and Swagger UI do: the continuation line joins the description.
  const index = await loadOpenApi(file, fileHost);
  const aantal = index.operations.flatMap((operation) => operation.parameters).find((parameter) => parameter.name === 'aantal');
  assert.equal(aantal?.description, 'Kies het aantal resultaten per pagina, minimaal 1 en maximaal 100');
});

test('VNG Klanten responses validate in both published dialects; KVK Basisprofiel matches and validates', async () => {
  const klant = { url: 'http://127.0.0.1:7404/api/v1/klanten/9b7a4e6e-0b3b-4c53-9d2a-7b8f4f3c2d1e', bronorganisatie: '002220647', klantnummer: 'K-0001', websiteUrl: 'https://example.org', subjectType: 'natuurlijk_persoon' };
  for (const file of ['openapi.yaml', 'swagger2.0.json']) {
    const index = await loadOpenApi(reference('vng-klanten', file), fileHost);
    assert.deepEqual(validateResponse(index, { method: 'GET', path: '/api/v1/klanten/abc' }, 200, 'application/json', klant).errors, [], file);
    const bad = validateResponse(index, { method: 'GET', path: '/api/v1/klanten/abc' }, 200, 'application/json', { ...klant, subjectType: 'robot' });
    assert.deepEqual(bad.errors.map((e) => [e.path, e.keyword]), [['$.subjectType', 'enum']], file);
    assert.equal(matchOperation(index, 'GET', '/api/v1/klanten/abc/audittrail')?.operation.id, 'audittrail_list', file);
  }
  const basis = await loadOpenApi(reference('kvk', 'basisprofiel-openapi.yaml'), fileHost);
  const url = 'https://api.kvk.nl/test/api/v1/basisprofielen/68750110';
  const eigenaar = matchOperation(basis, 'GET', `${url}/eigenaar`);
  assert.deepEqual([eigenaar?.operation.id, eigenaar?.pathParams], ['getEigenaar', { kvkNummer: '68750110' }]);
  const good = { kvkNummer: '68750110', naam: 'Test BV Donald', totaalWerkzamePersonen: 2, handelsnamen: [{ naam: 'Test BV Donald', volgorde: 0 }] };
  assert.deepEqual(validateResponse(basis, { method: 'GET', path: url }, 200, 'application/hal+json', good).errors, []);
});

test('a real deprecation (VNG Zaken 1.5.1, klantcontacten) is a warning at the path', async () => {
  const zaken = await loadOpenApi(reference('spec-pairs', 'vng-zaken', '1.5.1.yaml'), fileHost);
  const text = 'GET https://zaken-api.vng.cloud/api/v1/klantcontacten\n';
  const found = diagnose({ text, file: parseHttp(text) }, { index: zaken });
  assert.deepEqual(found.map((d) => `${d.range.start.character}-${d.range.end.character} ${d.severity} ${d.code}`), ['31-53 warning spec/deprecated']);
});

test('indexNear finds what the whole description finds (VNG Catalogi 1.3.1, 70 operations)', async () => {
  const index = await loadOpenApi(reference('spec-pairs', 'vng-catalogi', '1.3.1.yaml'), fileHost);
  assert.ok(index.operations.length > 64, 'big enough to be filtered');
  const segment = fc.stringMatching(/^[a-z0-9_-]{1,8}$/);
  const path = fc
    .tuple(fc.constantFrom(...index.operations), fc.array(segment, { minLength: 4, maxLength: 4 }), fc.constantFrom('', '/api/v1', '/x'), fc.nat({ max: 3 }))
    .map(([op, values, prefix, breakAt]) => {
      let i = 0;
      const parts = op.path.split('/').map((s) => (s.includes('{') ? values[i++ % values.length] : s));
      if (breakAt === 0 && parts.length > 1) parts[parts.length - 1] += 'x';
      return { method: op.method, path: prefix + parts.join('/') };
    });
  fc.assert(
    fc.property(path, fc.constantFrom('GET', 'POST', 'PATCH', 'DELETE'), ({ method, path: p }, other) => {
      const options = { basePaths: ['/api/v1'] };
      const near = indexNear(index, p);
      for (const m of [method, other]) assert.equal(matchOperation(near, m, p, options)?.operation, matchOperation(index, m, p, options)?.operation);
      const ids = (list: { operation: { id: string } }[]) => list.map((x) => x.operation.id).sort();
      assert.deepEqual(ids(matchPath(near, p, options)), ids(matchPath(index, p, options)));
    }),
    { numRuns: 300 },
  );
});
