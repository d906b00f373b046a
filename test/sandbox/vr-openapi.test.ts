// The documents the Verenigingsregister registries serve: each a valid OpenAPI 3.0 document with
// a success answer per operation, and the /v8.6 one exactly the current one with v8.32's renames
// undone — so an edit to one without the other fails here rather than in a user's upgrade rehearsal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { fetch as undiciFetch, request } from 'undici';
import { loadOpenApi, validateDocument, type OpenApiHost } from '../../src/core/openapi/index';
import { useSandbox } from './harness';

const sandbox = useSandbox({ registries: ['vr-publiek', 'vr-beheer', 'vr-acm'] });

const host: OpenApiHost = {
  readFile: async (path) => {
    throw new Error(`unexpected local file ${path}`);
  },
  fetch: ((url: string) => undiciFetch(url)) as unknown as NonNullable<OpenApiHost['fetch']>,
};

const DOCUMENTS: [string, string][] = [
  ['vr-publiek', '/openapi.json'],
  ['vr-beheer', '/openapi.json'],
  ['vr-beheer', '/v8.6/openapi.json'],
  ['vr-acm', '/openapi.json'],
];

for (const [id, path] of DOCUMENTS) {
  test(`${id} ${path}: valid OpenAPI 3.0, every operation with a 2xx answer and a schema for each JSON body`, async () => {
    const url = sandbox.url(id, path);
    const result = await validateDocument(url, host);
    assert.deepEqual(result.problems.filter((p) => p.severity === 'error'), []);
    assert.equal(result.valid, true);
    assert.match(result.specVersion ?? '', /^3\.0\./);
    const index = await loadOpenApi(url, host);
    assert.ok(index.operations.length > 0);
    for (const operation of index.operations) {
      assert.ok(operation.responses.some((r) => /^2/.test(r.status)), `${operation.id} has a 2xx answer`);
      for (const response of operation.responses) {
        for (const [type, media] of Object.entries(response.content)) if (type.includes('json')) assert.ok(media.schema, `${operation.id} ${response.status} ${type}`);
      }
    }
  });
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

async function served(id: string, path: string): Promise<{ [key: string]: Json }> {
  const response = await undiciFetch(sandbox.url(id, path));
  assert.equal(response.status, 200);
  return (await response.json()) as { [key: string]: Json };
}

/** Drops prose and examples, which are free to differ between the releases. */
function withoutDescriptions(value: Json): Json {
  if (Array.isArray(value)) return value.map(withoutDescriptions);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'description' && key !== 'example').map(([key, child]) => [key, withoutDescriptions(child)]));
}

function renameProperty(schema: Json, from: string, to: string): void {
  assert.ok(schema && typeof schema === 'object' && !Array.isArray(schema));
  const properties = schema.properties as { [key: string]: Json };
  assert.ok(from in properties, `current schema has ${from}`);
  schema.properties = Object.fromEntries(Object.entries(properties).map(([key, value]) => [key === from ? to : key, value]));
  if (Array.isArray(schema.required)) schema.required = schema.required.map((r) => (r === from ? to : r));
}

function oldSchemasOf(document: { [key: string]: Json }): { [key: string]: Json } {
  return (document.components as { [key: string]: Json }).schemas as { [key: string]: Json };
}

test('/v8.6/openapi.json is the current document with the v8.32 renames undone (and afdelingen), on server /v8.6', async () => {
  const current = await served('vr-beheer', '/openapi.json');
  const old = await served('vr-beheer', '/v8.6/openapi.json');
  assert.deepEqual((old.servers as { url: string }[]).map((s) => s.url), ['/v8.6']);
  // v8.6 still registers afdelingen (v8.32 deactivated that); otherwise the same operations.
  const oldPaths = { ...(old.paths as { [key: string]: Json }) };
  const afdelingen = oldPaths['/v1/verenigingen/afdelingen'] as { post: { operationId: string } };
  assert.equal(afdelingen.post.operationId, 'registreerAfdeling');
  delete oldPaths['/v1/verenigingen/afdelingen'];
  assert.deepEqual(withoutDescriptions(oldPaths), withoutDescriptions(current.paths!));

  const expected = structuredClone((current.components as { [key: string]: Json }).schemas) as { [key: string]: Json };
  renameProperty(expected.Verenigingstype!, 'naam', 'beschrijving');
  renameProperty(expected.HoofdactiviteitVerenigingsloket!, 'naam', 'beschrijving');
  renameProperty(expected.Contactgegeven!, 'contactgegeventype', 'type');
  renameProperty(expected.ContactgegevenInput!, 'contactgegeventype', 'type');
  renameProperty(expected.Relatie!, 'relatietype', 'type');
  renameProperty(expected.BeheerVereniging!, 'verenigingstype', 'type');
  renameProperty(expected.BeheerZoekVereniging!, 'verenigingstype', 'type');
  ((expected.Verenigingstype as { properties: { code: { enum: string[] } } }).properties.code.enum).push('AFD');
  const afdelingRequest = oldSchemasOf(old).RegistreerAfdelingRequest as { allOf: [{ $ref: string }, { required: string[] }] };
  assert.equal(afdelingRequest.allOf[0].$ref, '#/components/schemas/RegistreerFeitelijkeVerenigingRequest');
  assert.deepEqual(afdelingRequest.allOf[1].required, ['kboNummerMoedervereniging']);
  expected.RegistreerAfdelingRequest = afdelingRequest as unknown as Json;
  const oldComponents = old.components as { [key: string]: Json };
  const currentComponents = current.components as { [key: string]: Json };
  assert.deepEqual(withoutDescriptions(oldComponents.schemas!), withoutDescriptions(expected));
  for (const part of ['parameters', 'headers', 'responses']) {
    assert.deepEqual(withoutDescriptions(oldComponents[part]!), withoutDescriptions(currentComponents[part]!), part);
  }
});

test('every request example in the beheer documents is accepted as it stands (current release and /v8.6)', async () => {
  const send = async (path: string, method: string, body: unknown, token?: string): Promise<{ status: number; location: string; text: string }> => {
    const response = await request(sandbox.url('vr-beheer', path), {
      method: method as 'POST',
      headers: { 'x-correlation-id': randomUUID(), 'VR-Initiator': 'OVO000001', 'content-type': 'application/json', ...(token ? { 'VR-BevestigingsToken': token } : {}) },
      body: JSON.stringify(body),
    });
    const text = await response.body.text();
    // A registration example may look like one sent before: confirm it, as the 409 says to.
    const confirm = response.statusCode === 409 && !token ? String(response.headers['vr-bevestigingstoken']) : undefined;
    if (confirm) return send(path, method, body, confirm);
    return { status: response.statusCode, location: String(response.headers.location ?? ''), text };
  };
  for (const prefix of ['', '/v8.6']) {
    const index = await loadOpenApi(sandbox.url('vr-beheer', `${prefix}/openapi.json`), host);
    const examples = index.operations.filter((o) => o.requestBody?.content['application/json']?.example !== undefined);
    assert.ok(examples.length >= 6, `${prefix || 'current'} documents request examples`);
    // Each example runs against a vereniging of the kind it is for: a fresh feitelijke one, or a KBO one.
    const registreer = examples.find((o) => o.path === '/v1/verenigingen/feitelijkeverenigingen')!;
    const created = await send(`${prefix}/v1/verenigingen/feitelijkeverenigingen`, 'POST', registreer.requestBody!.content['application/json']!.example);
    assert.equal(created.status, 202, created.text);
    const feitelijke = /(V\d{7})$/.exec(created.location)![1]!;
    for (const operation of examples) {
      if (operation === registreer) continue;
      // Paths without {vCode}, such as /v8.6's afdelingen registration, are sent as they are.
      const vCode = operation.path.endsWith('/kbo') ? 'V0001013' : feitelijke;
      const path = prefix + operation.path.replace('{vCode}', vCode);
      const answer = await send(path, operation.method, operation.requestBody!.content['application/json']!.example);
      assert.ok(answer.status === 200 || answer.status === 202, `${operation.method} ${path}: ${answer.status} ${answer.text}`);
    }
  }
});
