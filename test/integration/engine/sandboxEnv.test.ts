import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SANDBOX_DEFAULT_BASE_PORT } from '../../../src/sandbox/types';
import { runCli } from './cli';

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

test('--env sandbox uses the sandbox on the default ports (starting it when needed) and trusts its CA', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'regx-sandbox-env-'));
  writeFileSync(join(dir, 'kvk.http'), '# @registry kvk\nGET {{baseUrl}}/openapi.json\n\n?? status == 200\n?? body $.openapi exists\n\n###\nGET {{vr-publiek_baseUrl}}/openapi.json\n\n?? status == 200\n');
  const result = await runCli(['run', 'kvk.http', '--env', 'sandbox', '--reporter', 'json', '--no-history'], { cwd: dir, env: { XDG_STATE_HOME: join(dir, 'state') } });
  assert.equal(result.code, 0, result.stdout + result.stderr);
  const report = JSON.parse(result.stdout);
  assert.match(report.requests[0].url, new RegExp(`^https://127\\.0\\.0\\.1:${SANDBOX_DEFAULT_BASE_PORT}/openapi\\.json$`), 'kvk is HTTPS under the sandbox CA');
  if (/started the sandbox for this run/.test(result.stderr)) {
    assert.equal(await listening(SANDBOX_DEFAULT_BASE_PORT), false, 'a sandbox started for the run is stopped at its end');
  }
});
