// regx run and the 412: nobody is there to ask, so without --on-412 the 412 stays and stderr says
// what was not done and which flag does it; with --on-412 refresh the PATCH goes again once with
// the current ETag. The registration's ETag fills the first PATCH's If-Match (--etag auto).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../engine/cli';

const FILE = `# @registry vr-beheer
### Registreer
# @name registreer
POST {{vrBeheerBaseUrl}}/v1/verenigingen/feitelijkeverenigingen
Content-Type: application/json

{ "naam": "Dansclub De Wals {{$randomInt 1000 9999}}", "startdatum": "2024-09-01", "doelgroep": { "minimumleeftijd": 16, "maximumleeftijd": 150 }, "hoofdactiviteitenVerenigingsloket": ["BIAG"] }

### Wijzig: If-Match from the store
PATCH {{registreer.response.headers.Location}}
Content-Type: application/json

{ "korteBeschrijving": "Elke dinsdag" }

### Wijzig a version long gone
PATCH {{registreer.response.headers.Location}}
If-Match: W/"1"
Content-Type: application/json

{ "korteBeschrijving": "Elke woensdag" }
`;

test('regx run: If-Match from the store, a 412 named with its flag, --on-412 refresh resends once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'regx-etag-cli-'));
  writeFileSync(join(dir, 'etag.http'), FILE);
  const env = { REGX_SANDBOX_PORT: '0', REGX_STATE_DIR: join(dir, 'state'), XDG_STATE_HOME: join(dir, 'xdg') };
  const plain = await runCli(['run', 'etag.http', '--env', 'sandbox', '--reporter', 'json'], { cwd: dir, env });
  const report = JSON.parse(plain.stdout);
  assert.deepEqual(report.requests.map((r: { status?: number }) => r.status), [202, 202, 412], plain.stderr);
  assert.match(plain.stderr, /answered 412 Precondition Failed; its current ETag is W\/"2"[^\n]*KorteBeschrijvingWerdGewijzigd[^\n]*: not done — pass --on-412 refresh to resend once with the current ETag/);
  const history = readFileSync(join(dir, 'history.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const firstPatch = history[1];
  assert.equal(firstPatch.request.headers.find(([n]: [string]) => n === 'If-Match')?.[1], history[0].response.headers.find(([n]: [string]) => n === 'etag')?.[1], 'the registration\'s ETag went out as If-Match');

  const refreshed = await runCli(['run', 'etag.http', '--env', 'sandbox', '--reporter', 'json', '--on-412', 'refresh', '--no-history'], { cwd: dir, env });
  assert.deepEqual(JSON.parse(refreshed.stdout).requests.map((r: { status?: number }) => r.status), [202, 202, 202], refreshed.stderr);
  assert.doesNotMatch(refreshed.stderr, /412[^\n]*not done/);
});
