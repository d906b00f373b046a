import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:tls';
import { join } from 'node:path';
import { useSandbox } from './harness';
import type { SandboxRegistry } from '../../src/sandbox/types';

const broken: SandboxRegistry = {
  id: 'broken',
  openapiFile: join(__dirname, 'fixtures', 'broken-openapi.yaml'),
  credentials: {},
  handle(request) {
    if (request.path === '/boom') throw new Error('handler exploded');
    return { status: 200, body: { ok: true } };
  },
  snapshot: () => ({}),
  restore: () => undefined,
};

const sandbox = useSandbox({ registries: ['kvk'], extraRegistries: [broken] });

test('each registry gets its own loopback origin; kvk is HTTPS only', () => {
  const { registries } = sandbox.sandbox;
  assert.match(registries.kvk!, /^https:\/\/127\.0\.0\.1:\d+$/);
  assert.match(registries.broken!, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.notEqual(new URL(registries.kvk!).port, new URL(registries.broken!).port);
});

test('the CA file is a root the kvk certificate chains to', async () => {
  const { port } = new URL(sandbox.sandbox.registries.kvk!);
  const handshake = (ca?: string) =>
    new Promise<{ authorized: boolean; error?: string }>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port: Number(port), ca, servername: 'localhost', rejectUnauthorized: false }, () => {
        resolve({ authorized: socket.authorized, error: socket.authorizationError ? String(socket.authorizationError) : undefined });
        socket.end();
      });
      socket.on('error', reject);
    });
  const trusted = await handshake(sandbox.ca);
  assert.equal(trusted.authorized, true, trusted.error);
  const untrusted = await handshake();
  assert.equal(untrusted.authorized, false);
  assert.match(untrusted.error ?? '', /UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED|UNABLE_TO_GET_ISSUER/i);
});

test('plain HTTP to the kvk origin is refused', async () => {
  const { port } = new URL(sandbox.sandbox.registries.kvk!);
  await assert.rejects(fetch(`http://127.0.0.1:${port}/test/api/v2/zoeken?naam=test`));
});

test('an unknown route answers 404 in that registry\'s own error shape', async () => {
  const response = await sandbox.call('kvk', 'GET', '/no/such/route', { headers: { apikey: sandbox.sandbox.credentials.kvk!.apikey as string } });
  assert.equal(response.status, 404);
  assert.deepEqual(Object.keys(response.body as object), ['fout']);
});

test('a handler exception answers 500 and the registry keeps serving', async () => {
  const failed = await sandbox.call('broken', 'GET', '/boom');
  assert.equal(failed.status, 500);
  assert.match((failed.body as { detail: string }).detail, /handler exploded/);
  const next = await sandbox.call('broken', 'GET', '/fine');
  assert.equal(next.status, 200);
});

test('every registry serves its OpenAPI document as JSON', async () => {
  const response = await sandbox.call('kvk', 'GET', '/openapi.json');
  assert.equal(response.status, 200);
  assert.match(response.headers['content-type']!, /application\/json/);
  assert.match((response.body as { openapi: string }).openapi, /^3\./);
});
