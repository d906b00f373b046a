// The OpenAPI documents the sandbox serves: valid OpenAPI 3.x (checked against the official
// schemas by core's validateDocument), and saying what the registries document.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, fetch as undiciFetch } from 'undici';
import { loadOpenApi, validateDocument, type OpenApiHost } from '../../src/core/openapi/index';
import { useSandbox } from './harness';
import { knownRegistryIds } from '../../src/sandbox/server';

// Every registry the sandbox knows, so a new one is checked the day it is added.
const HOSTED = knownRegistryIds();
const sandbox = useSandbox({ registries: HOSTED });

function host(): OpenApiHost {
  const agent = new Agent({ connect: { ca: sandbox.ca } });
  return {
    readFile: async (path) => {
      throw new Error(`unexpected local file ${path}`);
    },
    fetch: ((url: string, init?: { signal?: AbortSignal; headers?: Record<string, string> }) => undiciFetch(url, { ...init, dispatcher: agent })) as unknown as NonNullable<OpenApiHost['fetch']>,
  };
}

for (const id of HOSTED) {
  test(`${id}: the served document is valid OpenAPI 3.x`, async () => {
    const result = await validateDocument(sandbox.url(id, '/openapi.json'), host());
    assert.deepEqual(result.problems.filter((p) => p.severity === 'error'), []);
    assert.equal(result.valid, true);
    assert.match(result.specVersion ?? '', /^3\./);
  });
}

test('every operation declares a success answer with a schema for its JSON body', async () => {
  for (const id of HOSTED) {
    const index = await loadOpenApi(sandbox.url(id, '/openapi.json'), host());
    assert.ok(index.operations.length > 0, id);
    for (const operation of index.operations) {
      const success = operation.responses.filter((r) => /^2/.test(r.status));
      assert.ok(success.length > 0, `${id} ${operation.id} has no 2xx response`);
      for (const response of operation.responses) {
        for (const [type, media] of Object.entries(response.content)) {
          if (type.includes('json')) assert.ok(media.schema, `${id} ${operation.id} ${response.status} ${type} has no schema`);
        }
      }
    }
  }
});

test('kvk is served on the real test-environment paths', async () => {
  const index = await loadOpenApi(sandbox.url('kvk', '/openapi.json'), host());
  assert.deepEqual(index.operations.map((o) => `${o.method} ${o.path}`).sort(), [
    'GET /test/api/v1/basisprofielen/{kvkNummer}',
    'GET /test/api/v1/basisprofielen/{kvkNummer}/eigenaar',
    'GET /test/api/v1/basisprofielen/{kvkNummer}/hoofdvestiging',
    'GET /test/api/v1/basisprofielen/{kvkNummer}/vestigingen',
    'GET /test/api/v1/naamgevingen/kvknummer/{kvkNummer}',
    'GET /test/api/v1/vestigingsprofielen/{vestigingsnummer}',
    'GET /test/api/v2/zoeken',
  ]);
});

test('data-collectief names each operation by its documented name', async () => {
  const index = await loadOpenApi(sandbox.url('data-collectief', '/openapi.json'), host());
  assert.deepEqual(index.operations.map((o) => o.id).filter((id) => id !== 'SelectionPage').sort(), [
    'BaseTableMessageReasons',
    'Company',
    'CompanyList',
    'CompanySelection',
    'Contact',
    'ContactList',
    'ContactNew',
    'DownloadStatistics',
    'RegisterAccount',
    'UpdatedCompanies',
    'UpdatedContacts',
    'UrlCompanySelection',
    'UserFeedbackCompany',
    'UserFeedbackContact',
    'WebsiteleadsLeads',
    'WebsiteleadsWebsites',
  ]);
});

test('vng-klanten documents HEAD and 304 for a klant', async () => {
  const index = await loadOpenApi(sandbox.url('vng-klanten', '/openapi.json'), host());
  const head = index.operations.find((o) => o.method === 'HEAD' && o.path.endsWith('/klanten/{uuid}'));
  assert.ok(head);
  assert.ok(head.responses.some((r) => r.status === '304'));
  const read = index.operations.find((o) => o.id === 'klant_read')!;
  assert.ok(read.responses.find((r) => r.status === '200')!.headers.ETag);
});
