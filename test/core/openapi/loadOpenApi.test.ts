import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadOpenApi, type OperationInfo } from '../../../src/core/openapi';
import { fileHost, fixture } from './fixtures';

function byId(operations: OperationInfo[]): Map<string, OperationInfo> {
  return new Map(operations.map((op) => [op.id, op]));
}

test('VNG Klanten as OpenAPI 3.0 and as Swagger 2.0 give the same operations', async () => {
  const oas3 = await loadOpenApi(fixture('klanten.openapi.yaml'), fileHost);
  const swagger = await loadOpenApi(fixture('klanten.swagger.json'), fileHost);
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
  const index = await loadOpenApi(fixture('klanten.openapi.yaml'), fileHost);
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
  const zoeken = await loadOpenApi(fixture('kvk-zoeken.openapi.yaml'), fileHost);
  assert.equal(zoeken.specVersion, '3.0.1');
  assert.deepEqual(zoeken.operations.map((op) => `${op.method} ${op.path}`), ['GET /zoeken']);
  assert.ok(zoeken.servers.includes('https://api.kvk.nl/test/api/v2'));
  const naam = zoeken.operations[0]?.parameters.find((p) => p.name === 'naam');
  assert.equal(naam?.in, 'query');
  const ok = zoeken.operations[0]?.responses.find((r) => r.status === '200');
  assert.deepEqual(Object.keys(ok?.content ?? {}).sort(), ['application/hal+json', 'application/json']);

  const basis = await loadOpenApi(fixture('kvk-basisprofiel.openapi.yaml'), fileHost);
  assert.deepEqual(
    basis.operations.map((op) => op.path).sort(),
    ['/basisprofielen/{kvkNummer}', '/basisprofielen/{kvkNummer}/eigenaar', '/basisprofielen/{kvkNummer}/hoofdvestiging', '/basisprofielen/{kvkNummer}/vestigingen'],
  );
  for (const op of basis.operations) assert.ok(op.parameters.some((p) => p.name === 'kvkNummer' && p.in === 'path' && p.required), op.id);

  const vestiging = await loadOpenApi(fixture('kvk-vestigingsprofiel.openapi.yaml'), fileHost);
  assert.deepEqual(vestiging.operations.map((op) => `${op.method} ${op.path}`), ['GET /v1/vestigingsprofielen/{vestigingsnummer}']);
  // this older document declares only a `default` response
  assert.deepEqual(vestiging.operations[0]?.responses.map((r) => r.status), ['default']);
  assert.ok(vestiging.operations[0]?.parameters.some((p) => p.name === 'geoData'));
});

test('OpenAPI 3.1 and a 3.0.3 pet store, as in the Arazzo examples', async () => {
  const oauth = await loadOpenApi(fixture('oauth.openapi.yaml'), fileHost);
  assert.match(oauth.specVersion, /^3\.1/);
  const token = oauth.operations.find((op) => op.path === '/oauth/token');
  assert.equal(token?.method, 'POST');
  assert.ok(token?.requestBody?.content['application/x-www-form-urlencoded']);
  const pets = await loadOpenApi(fixture('petstore.openapi.yaml'), fileHost);
  const find = pets.operations.find((op) => op.id === 'findPetsByStatus');
  assert.equal(find?.path, '/pet/findByStatus');
  assert.ok(find?.parameters.some((p) => p.name === 'status' && p.in === 'query'));
});
