import { test } from 'node:test';
import assert from 'node:assert/strict';
import { preparationFailure, sandboxUrl, withRegistry } from '../../src/extension/sendSupport';
import type { RegistryResolution } from '../../src/core/catalog';
import type { RegistryEntry } from '../../src/core/catalog/types';
import type { ErrorCode } from '../../src/core/errors';
import type { RequestResult } from '../../src/core/run/runTypes';
import type { PreparedRequest } from '../../src/core/send/types';

const entry: RegistryEntry = {
  id: 'vr-beheer',
  name: 'Verenigingsregister Beheer API',
  docs: [],
  defaultEnvironment: 'sandbox',
  environments: [{ name: 'sandbox', baseUrl: 'http://127.0.0.1:7402', openapi: 'openapi.yaml', sandbox: true }],
  auth: { type: 'none' },
  variables: [],
    mandatoryHeaders: [],
  folder: '/r',
  origin: 'bundled',
};
const resolution: RegistryResolution = { entry, environment: entry.environments[0], via: 'directive', problems: [] };
const request: PreparedRequest = { method: 'GET', url: 'http://127.0.0.1:7402/v1/verenigingen/V1', headers: [], followRedirects: true, secrets: [] };

test('the record names the registry and environment the request resolved to', () => {
  assert.deepEqual(withRegistry(request, resolution, 'sandbox').registry, { id: 'vr-beheer', environment: 'sandbox' });
  assert.equal(withRegistry(request, undefined, 'sandbox').registry, undefined);
});

test('a sandbox on other ports than the catalog says is followed; other URLs are left alone', () => {
  const moved = { registries: { 'vr-beheer': 'http://127.0.0.1:7502' }, caFile: '', credentials: {}, shared: true };
  assert.equal(sandboxUrl(request, resolution, moved).url, 'http://127.0.0.1:7502/v1/verenigingen/V1');
  assert.equal(sandboxUrl({ ...request, url: 'http://example.org/x' }, resolution, moved).url, 'http://example.org/x');
  const same = { ...moved, registries: { 'vr-beheer': 'http://127.0.0.1:7402' } };
  assert.equal(sandboxUrl(request, resolution, same), request);
  assert.equal(sandboxUrl(request, resolution, undefined), request);
});

function failed(code: ErrorCode, message: string, expression?: string): RequestResult {
  return { index: 0, line: 3, method: 'GET', url: '{{host}}/x', outcome: 'failed', asDependency: false, assertions: [], skippedScripts: 0, prepareError: { code, message, expression } };
}

test('a request that never left becomes a record with the error and a hint that names the fix', () => {
  const record = preparationFailure(failed('unresolved-variable', "'host' is not defined"), 'sandbox', true);
  assert.equal(record.response, undefined);
  assert.equal(record.error?.code, 'unresolved-variable');
  assert.match(record.error?.hint ?? '', /http-client\.env\.json for 'sandbox'/);
  assert.equal(record.request.url, '{{host}}/x');
});

test('in a restricted workspace a missing process or .env variable says why and offers trust', () => {
  const record = preparationFailure(failed('unresolved-variable', "'$processEnv KEY' is not set", '$processEnv KEY'), 'test', false);
  assert.equal(record.error?.code, 'untrusted');
  assert.match(record.error?.hint ?? '', /restricted/);
  assert.equal(preparationFailure(failed('unresolved-variable', "'host' is not defined"), 'test', false).error?.code, 'unresolved-variable');
});
