import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { loadCatalog, registryForRequest, registryForUrl, pathAfterBaseUrl, type Catalog } from '../../../src/core/catalog';
import { directive, httpFile, request } from './builders';

const bundledDir = join(__dirname, '..', '..', '..', 'registries');
let cached: Catalog | undefined;
async function catalog(): Promise<Catalog> {
  cached ??= await loadCatalog({ bundledDir, readFile: (p) => readFile(p), listDir: (p) => readdir(p) });
  return cached;
}

test('a # @registry directive names the registry; the environment comes from the caller, @env or the default', async () => {
  const c = await catalog();
  const req = request('GET', '{{baseUrl}}/v1/verenigingen/V0001001', [directive('registry', 'vr-beheer')]);
  const file = httpFile([req]);
  const byDefault = registryForRequest(c, file, req, undefined);
  assert.deepEqual([byDefault?.entry?.id, byDefault?.environment?.name, byDefault?.via], ['vr-beheer', 'sandbox', 'directive']);
  assert.equal(byDefault?.openapi, join(bundledDir, 'vr-beheer', 'openapi.yaml'));
  assert.equal(registryForRequest(c, file, req, 'staging-v8.6')?.environment?.baseUrl, 'http://127.0.0.1:7402/v8.6');
  const withEnv = httpFile([req], [directive('env', 'staging')]);
  assert.equal(registryForRequest(c, withEnv, req, undefined)?.environment?.name, 'staging');
  // the file's directive applies to requests without their own
  const plain = request('GET', '{{baseUrl}}/v1/verenigingen/zoeken?q=*');
  const fileWide = registryForRequest(c, httpFile([plain], [directive('registry', 'vr-publiek')]), plain, undefined);
  assert.equal(fileWide?.entry?.id, 'vr-publiek');
});

test('without a directive, the request URL picks registry and environment by base URL', async () => {
  const c = await catalog();
  const req = request('GET', 'http://localhost:7402/v8.6/v1/verenigingen/V0001001');
  const found = registryForRequest(c, httpFile([req]), req, undefined);
  assert.deepEqual([found?.entry?.id, found?.environment?.name, found?.via], ['vr-beheer', 'staging-v8.6', 'base-url']);
  // a URL with variables is matched once the caller has resolved it
  const templated = request('GET', '{{host}}/api/v1/klanten');
  assert.equal(registryForRequest(c, httpFile([templated]), templated, undefined), undefined);
  const resolved = registryForRequest(c, httpFile([templated]), templated, undefined, { url: 'http://127.0.0.1:7404/api/v1/klanten' });
  assert.deepEqual([resolved?.entry?.id, resolved?.environment?.name], ['vng-klanten', 'sandbox']);
  assert.equal(registryForUrl(c, 'https://api.kvk.nl/test/api/v2/zoeken?naam=x', 'test')?.environment.name, 'test');
  assert.equal(registryForUrl(c, 'https://api.kvk.nl/api/v2/zoeken', 'production')?.environment.name, 'production');
  assert.equal(registryForUrl(c, 'http://127.0.0.1:7402x/v1'), undefined);
  assert.equal(registryForUrl(c, 'http://127.0.0.1:7402/v8.60/v1')?.environment.name, 'sandbox', 'base paths match whole segments');
  assert.equal(pathAfterBaseUrl('http://127.0.0.1:7402/v8.6', 'http://127.0.0.1:7402/v8.6/v1/verenigingen?q=1'), '/v1/verenigingen');
});

test('# @openapi gives an ad-hoc API, or replaces a registry description', async () => {
  const c = await catalog();
  const req = request('GET', 'https://api.example.test/pets', [directive('openapi', './specs/pets.yaml')]);
  const adHoc = registryForRequest(c, httpFile([req]), req, undefined, { filePath: '/work/project/requests/pets.http' });
  assert.deepEqual([adHoc?.entry, adHoc?.openapi, adHoc?.via], [undefined, '/work/project/requests/specs/pets.yaml', 'openapi-directive']);
  const url = request('GET', 'https://api.example.test/pets', [directive('openapi', 'https://api.example.test/openapi.json')]);
  assert.equal(registryForRequest(c, httpFile([url]), url, undefined)?.openapi, 'https://api.example.test/openapi.json');
  const both = request('GET', 'http://127.0.0.1:7401/v1/verenigingen/zoeken', [directive('openapi', '/abs/publiek-next.yaml')]);
  const replaced = registryForRequest(c, httpFile([both]), both, undefined);
  assert.deepEqual([replaced?.entry?.id, replaced?.openapi], ['vr-publiek', '/abs/publiek-next.yaml']);
});

test('an unknown registry or environment is reported at the directive', async () => {
  const c = await catalog();
  const unknown = directive('registry', 'vr-onbekend', 1);
  const req = request('GET', 'https://elders.example.test/x', [unknown]);
  const result = registryForRequest(c, httpFile([req]), req, undefined);
  assert.equal(result?.entry, undefined);
  assert.equal(result?.problems[0]?.code, 'catalog/unknown-registry');
  assert.deepEqual(result?.problems[0]?.range, unknown.valueRange);
  const env = directive('env', 'acceptatie', 0);
  const req2 = request('GET', '{{baseUrl}}/x', [directive('registry', 'kvk')]);
  const result2 = registryForRequest(c, httpFile([req2], [env]), req2, undefined);
  assert.equal(result2?.entry?.id, 'kvk');
  assert.equal(result2?.environment?.name, 'sandbox', 'falls back to the default environment');
  assert.equal(result2?.problems[0]?.code, 'catalog/unknown-environment');
});
