// The upgrade assistant end to end on a collection written for the Beheer API release v8.6:
// `regx check` against the current release fails on the renamed fields; `regx spec-diff --fix
// --apply` rewrites the request file and the flow; then `regx check --env sandbox` is clean and
// `regx run` passes against the sandbox (started on free ports for this file).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

test('v8.6 collection: impact found, fixes applied, then check and run pass against the current release', async () => {
  const before = await runCli(['check', 'registreren.http', '--env', 'sandbox'], { cwd: dir });
  assert.equal(before.code, 1, before.stdout);
  assert.match(before.stdout, /spec\/renamed-field/);

  const preview = await runCli(['spec-diff', 'vr-beheer@staging-v8.6', 'vr-beheer@sandbox', '--workspace', '.', '--fix'], { cwd: dir });
  assert.equal(preview.code, 1, 'a breaking change hits the workspace');
  assert.match(preview.stdout, /10 impacted places in 2 files \(10 breaking, 10 with a fix\)/);
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

  const again = await runCli(['spec-diff', 'vr-beheer@staging-v8.6', 'vr-beheer@sandbox', '--workspace', '.'], { cwd: dir });
  assert.equal(again.code, 0, again.stdout);
  assert.match(again.stdout, /0 impacted places in 2 files/);

  const after = await runCli(['check', '.', '--env', 'sandbox'], { cwd: dir });
  assert.equal(after.code, 0, after.stdout + after.stderr);

  const run = await runCli(['run', 'registreren.http', '--env', 'rehearsal', '--all', '--no-history'], { cwd: dir });
  assert.equal(run.code, 0, run.stdout + run.stderr);
});
