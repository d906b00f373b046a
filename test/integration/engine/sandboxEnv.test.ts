import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli';

// `--env sandbox` with REGX_SANDBOX_PORT=0: a sandbox of the run's own on free ports, so the test
// never depends on (or collides with) a sandbox another process holds on 7400-7406.

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

test('--env sandbox starts a sandbox for the run, trusts its CA, and stops it at the end', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'regx-sandbox-env-'));
  writeFileSync(join(dir, 'kvk.http'), '# @registry kvk\nGET {{baseUrl}}/openapi.json\n\n?? status == 200\n?? body $.openapi exists\n\n###\nGET {{vrPubliekBaseUrl}}/openapi.json\n\n?? status == 200\n\n###\nGET {{vr-publiek_baseUrl}}/openapi.json\n\n?? status == 200\n');
  const result = await runCli(['run', 'kvk.http', '--env', 'sandbox', '--reporter', 'json', '--no-history'], { cwd: dir, env: { XDG_STATE_HOME: join(dir, 'state'), REGX_SANDBOX_PORT: '0' } });
  assert.equal(result.code, 0, result.stdout + result.stderr);
  assert.match(result.stderr, /started the sandbox for this run/);
  const report = JSON.parse(result.stdout);
  assert.equal(report.requests.length, 3);
  assert.match(result.stderr, /'vr-publiek_baseUrl' is the old name of 'vrPubliekBaseUrl'/, 'the old sandbox variable still works, with a hint to rename it');
  const kvk = new URL(report.requests[0].url);
  assert.equal(kvk.protocol, 'https:', 'kvk is HTTPS under the sandbox CA');
  assert.ok(Number(kvk.port) !== 7400, 'not on the machine-wide ports');
  assert.equal(await listening(Number(kvk.port)), false, 'a sandbox started for the run is stopped at its end');
});

test('a REGX_SANDBOX_PORT that is no port is a usage error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'regx-sandbox-env-'));
  writeFileSync(join(dir, 'a.http'), 'GET {{baseUrl}}/x\n');
  const result = await runCli(['run', 'a.http', '--env', 'sandbox', '--no-history'], { cwd: dir, env: { REGX_SANDBOX_PORT: '80' } });
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, /REGX_SANDBOX_PORT is a port from 1024 to 65000, or 0 for free ports, not '80'/);
});
