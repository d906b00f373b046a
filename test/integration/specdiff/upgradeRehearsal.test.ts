// The upgrade assistant end to end on a collection written for the Beheer API release v8.6:
// `regx check` and `regx test` against the current release fail on the renamed fields; `regx
// spec-diff --fix --apply` rewrites the request file and the flow (its source description moved
// to the new release too); then `regx check --env sandbox` is clean, and `regx run` and `regx
// test` pass against the sandbox (started on free ports for this file; the flow's own sandbox on
// free ports too, REGX_SANDBOX_PORT=0).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useSandbox } from '../../sandbox/harness';
import { runCli } from '../engine/cli';

const fixture = join(__dirname, '..', '..', 'fixtures', 'specdiff', 'workspace-v8.6');
const sandbox = useSandbox({ registries: ['vr-beheer'], conformance: false });
let dir: string;

before(async () => {
  await sandbox.started;
  dir = mkdtempSync(join(tmpdir(), 'regx-upgrade-'));
  cpSync(fixture, dir, { recursive: true });
  // the flow names its description relative to the fixture folder: point it at the repository's
  const flow = join(dir, 'flows', 'registreren.arazzo.yaml');
  writeFileSync(flow, readFileSync(flow, 'utf8').replace(/url: .*openapi-v8\.6\.yaml/, `url: ${join(__dirname, '..', '..', '..', 'registries', 'vr-beheer', 'openapi-v8.6.yaml')}`));
  writeFileSync(
    join(dir, 'http-client.env.json'),
    JSON.stringify({
      $shared: { vrInitiator: 'OVO000001' },
      sandbox: { vrBeheerBaseUrl: 'http://127.0.0.1:7402' },
      rehearsal: { vrBeheerBaseUrl: sandbox.url('vr-beheer', '').replace(/\/$/, '') },
    }),
  );
});

const freePorts = { REGX_SANDBOX_PORT: '0' };

test('v8.6 collection: impact found, fixes applied, then check, run and test pass against the current release', async () => {
  const before = await runCli(['check', 'registreren.http', '--env', 'sandbox'], { cwd: dir });
  assert.equal(before.code, 1, before.stdout);
  assert.match(before.stdout, /spec\/renamed-field/);
  // the test set fails: the current release refuses the old field names, so the named response
  // the next request reads has no Location
  const testBefore = await runCli(['test', 'registreren.suite.yaml', '--env', 'rehearsal'], { cwd: dir, env: freePorts });
  assert.equal(testBefore.code, 1, testBefore.stdout + testBefore.stderr);
  assert.match(testBefore.stdout, /http registreren\.http#requests\/registreer {2}POST \/v1\/verenigingen\/feitelijkeverenigingen → 400/);
  assert.match(testBefore.stdout, /✗ registreren\.http requests\/lees: the request could not be built: .*the response of 'registreer' has no header 'Location'/);
  assert.match(testBefore.stdout, /^FAILED/m);
  assert.ok(!existsSync(join(dir, 'registreren.suite.baseline.json')), 'a failed run records no baseline');

  const preview = await runCli(['spec-diff', 'vr-beheer@staging-v8.6', 'vr-beheer@sandbox', '--workspace', '.', '--fix'], { cwd: dir });
  assert.equal(preview.code, 1, 'a breaking change hits the workspace');
  assert.match(preview.stdout, /11 impacted places in 2 files \(10 breaking, 11 with a fix\)/);
  assert.match(preview.stdout, /flows\/registreren\.arazzo\.yaml:7:10 source 'beheer' names the old release's description/);
  assert.match(preview.stdout, /registreren\.http:18:7 body property 'type'/);
  assert.equal(readFileSync(join(dir, 'registreren.http'), 'utf8'), readFileSync(join(fixture, 'registreren.http'), 'utf8'), '--fix alone writes nothing');

  const applied = await runCli(['spec-diff', 'vr-beheer@staging-v8.6', 'vr-beheer@sandbox', '--workspace', '.', '--fix', '--apply'], { cwd: dir });
  assert.match(applied.stdout, /2 files written\./);
  const http = readFileSync(join(dir, 'registreren.http'), 'utf8');
  assert.match(http, /"contactgegeventype": "E-mail"/);
  assert.match(http, /\?\? body \$\.vereniging\.verenigingstype\.code == FV/);
  assert.match(http, /\{\{lees\.response\.body\.\$\.vereniging\.verenigingstype\.naam\}\}/);
  const flow = readFileSync(join(dir, 'flows', 'registreren.arazzo.yaml'), 'utf8');
  assert.match(flow, /- contactgegeventype: E-mail/);
  assert.match(flow, /target: \/contactgegevens\/0\/contactgegeventype/);
  assert.match(flow, /\$response\.body#\/vereniging\/verenigingstype\/code/);
  assert.match(flow, /hoofdactiviteitenVerenigingsloket\/0\/naam/);
  assert.match(flow, /url: .*registries\/vr-beheer\/openapi\.yaml\n/, 'the flow names the new release');

  const again = await runCli(['spec-diff', 'vr-beheer@staging-v8.6', 'vr-beheer@sandbox', '--workspace', '.'], { cwd: dir });
  assert.equal(again.code, 0, again.stdout);
  assert.match(again.stdout, /0 impacted places in 2 files/);

  const after = await runCli(['check', '.', '--env', 'sandbox'], { cwd: dir });
  assert.equal(after.code, 0, after.stdout + after.stderr);

  const run = await runCli(['run', 'registreren.http', '--env', 'rehearsal', '--all', '--no-history'], { cwd: dir });
  assert.equal(run.code, 0, run.stdout + run.stderr);

  // the test set: every request of the file (named responses, ?? assertions) and the flow,
  // which now runs against the current release
  const testAfter = await runCli(['test', 'registreren.suite.yaml', '--env', 'rehearsal'], { cwd: dir, env: freePorts });
  assert.equal(testAfter.code, 0, testAfter.stdout + testAfter.stderr);
  assert.match(testAfter.stdout, /PASSED — 6 requests: 0 failed/);
  for (const id of ['http registreren.http#requests/registreer', 'http registreren.http#requests/lees', 'http registreren.http#requests/request3', 'flow flows/registreren.arazzo.yaml#registreerEnLees/registreer', 'flow flows/registreren.arazzo.yaml#registreerEnLees/lees']) {
    assert.match(testAfter.stdout, new RegExp(`✓ ${id.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} `), id);
  }
  assert.match(testAfter.stdout, /registreerEnLees\/registreer {2}POST \/v1\/verenigingen\/feitelijkeverenigingen → 202, schema valid/);
  assert.match(testAfter.stderr, /baseline recorded: registreren\.suite\.baseline\.json \(6 requests\)/);
});
