import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requestFilePath, requestSnippet, snippetToText } from '../../src/extension/requestTemplate';
import type { RegistryEntry, RegistryEnvironment } from '../../src/core/catalog/types';
import type { OperationInfo } from '../../src/core/openapi/types';

function operation(overrides: Partial<OperationInfo> = {}): OperationInfo {
  return {
    id: 'op',
    method: 'GET',
    path: '/v1/verenigingen/{vCode}',
    summary: 'Vereniging ophalen',
    tags: ['Verenigingen'],
    deprecated: false,
    parameters: [{ name: 'vCode', in: 'path', required: true, deprecated: false }],
    responses: [
      { status: '400', headers: {}, content: { 'application/problem+json': {} } },
      { status: '200', headers: {}, content: { 'application/json': {} } },
    ],
    location: { source: 'openapi.yaml', pointer: '/paths' },
    ...overrides,
  };
}

const environment: RegistryEnvironment = { name: 'sandbox', baseUrl: 'http://127.0.0.1:7402/', openapi: 'openapi.yaml', sandbox: true };

function registry(overrides: Partial<RegistryEntry> = {}): RegistryEntry {
  return {
    id: 'vr-beheer',
    name: 'Verenigingsregister Beheer',
    docs: [],
    defaultEnvironment: 'sandbox',
    environments: [environment],
    variables: [{ name: 'vrBeheerBaseUrl', role: 'baseUrl' }],
    auth: { type: 'none' },
    mandatoryHeaders: [
      { name: 'x-correlation-id', value: '{{$guid}}' },
      { name: 'VR-Initiator', value: 'OVO000001', methods: ['POST', 'PATCH', 'DELETE'] },
    ],
    folder: '/x',
    origin: 'bundled',
    ...overrides,
  };
}

test('a GET becomes a block with the registry directive, the path variable and mandatory headers', () => {
  const text = snippetToText(requestSnippet({ operation: operation(), registry: registry(), environment }));
  assert.equal(
    text,
    ['### Vereniging ophalen', '# @registry vr-beheer', 'GET {{vrBeheerBaseUrl}}/v1/verenigingen/{{vCode}}', 'x-correlation-id: {{$guid}}', 'Accept: application/json', '', ''].join('\n'),
  );
});

test('path parameters are tab stops whose default is the variable', () => {
  const snippet = requestSnippet({ operation: operation(), registry: registry(), environment });
  assert.match(snippet, /GET \{\{vrBeheerBaseUrl\\\}\\\}\/v1\/verenigingen\/\$\{1:\{\{vCode\\\}\\\}\}/);
  assert.match(snippet, /x-correlation-id: \{\{\\\$guid\\\}\\\}/);
});

test('a POST gets method-bound headers, the api key header and a body skeleton of required properties', () => {
  const schema = { type: 'object', required: ['naam', 'type'], properties: { naam: { type: 'string' }, type: { enum: ['FV', 'VZER'] }, extra: { type: 'string' } } };
  const op = operation({ method: 'POST', path: '/v1/verenigingen', parameters: [], requestBody: { required: true, content: { 'application/json': { schema } } } });
  const text = snippetToText(requestSnippet({ operation: op, registry: registry({ auth: { type: 'apiKey', name: 'vr-api-key', in: 'header', secret: 'vr.apikey' } }), environment }));
  assert.match(text, /^POST \{\{vrBeheerBaseUrl\}\}\/v1\/verenigingen$/m);
  assert.match(text, /^vr-api-key: \{\{vr\.apikey\}\}$/m);
  assert.match(text, /^VR-Initiator: OVO000001$/m);
  assert.match(text, /^Content-Type: application\/json$/m);
  const body = text.slice(text.indexOf('\n\n') + 2);
  assert.deepEqual(Object.keys(JSON.parse(body)), ['naam', 'type']);
  assert.equal(JSON.parse(body).type, 'FV');
});

test('required query parameters use their example; query api keys go in the query', () => {
  const op = operation({ path: '/v1/zoeken', parameters: [{ name: 'q', in: 'query', required: true, deprecated: false, example: 'naam:kool*' }, { name: 'limit', in: 'query', required: false, deprecated: false }] });
  const text = snippetToText(requestSnippet({ operation: op, registry: registry({ auth: { type: 'apiKey', name: 'vr-api-key', in: 'query', secret: 'vr.apikey' } }), environment }));
  assert.match(text, /^GET \{\{vrBeheerBaseUrl\}\}\/v1\/zoeken\?q=naam:kool\*&vr-api-key=\{\{vr\.apikey\}\}$/m);
});

test('a registry without a base URL variable gets its base URL written out; Basic and JWT auth are left to the session', () => {
  const text = snippetToText(requestSnippet({ operation: operation(), registry: registry({ variables: [], auth: { type: 'zgw-jwt', clientId: '{{c}}', secret: 's' } }), environment }));
  assert.match(text, /^GET http:\/\/127\.0\.0\.1:7402\/v1\/verenigingen\/\{\{vCode\}\}$/m);
  assert.doesNotMatch(text, /Authorization/);
});

test('snippetToText keeps defaults and the first choice, drops bare tab stops', () => {
  assert.equal(snippetToText('a ${1:x} ${2|p,q|} $3 \\$ \\} $0'), 'a x p  $ } ');
  assert.equal(snippetToText('${1:\\{\\{v\\}\\}}/x'), '{{v}}/x');
});

test('Open as Request names a workspace file per operation under requests/<registry>/, safe as a path', () => {
  assert.deepEqual(requestFilePath('vr-beheer', { id: 'Registreer FeitelijkeVereniging', method: 'POST', path: '/v1/verenigingen/feitelijkeverenigingen' }), ['requests', 'vr-beheer', 'Registreer-FeitelijkeVereniging.http']);
  assert.deepEqual(requestFilePath('kvk', { id: '../../etc/passwd', method: 'GET', path: '/x' }), ['requests', 'kvk', 'etc-passwd.http']);
  assert.deepEqual(requestFilePath('kvk', { id: '', method: 'GET', path: '/api/v2/zoeken' }), ['requests', 'kvk', 'get-api-v2-zoeken.http']);
  for (const segment of requestFilePath('a/b', { id: '..', method: 'GET', path: '/..' })) assert.ok(!segment.includes('/') && segment !== '..' && segment !== '.', segment);
});
