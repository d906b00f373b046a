// A run's projected cost against the sandbox (DATA-collectief downloads): summed per registry and
// environment before the first send and said once; over the environment's confirm threshold
// (costConfirmAbove) the run asks once — `regx run` starts only with --yes (or a --budget the
// projection fits in), the editor's session only when the user accepts — and nothing is sent
// when it is declined; accepted, the costs policy does not ask again per call.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHttp } from '../../../src/core/http/parser';
import type { Report } from '../../../src/core/report/reportModel';
import { cliHost, editorHost, workspace, type Workspace } from './hosts';

const downloads = (from: number) => `# @registry data-collectief
### the list costs nothing
# @name lijst
GET {{dataCollectiefBaseUrl}}/api/v1/companies?page=1&pageSize=10

${[0, 1, 2].map((i) => `### download ${i + 1}: a credit unless owned
GET {{dataCollectiefBaseUrl}}/api/v1/companies/{{lijst.response.body.$.companies[${from + i}].companyNumber}}
`).join('\n')}`;

let ws: Workspace;
before(async () => {
  ws = await workspace(mkdtempSync(join(tmpdir(), 'regx-runcost-')), 'local');
  // The environment's confirm threshold: runs projected to spend more than 2 credits ask first.
  const env = JSON.parse(readFileSync(join(ws.dir, 'http-client.env.json'), 'utf8'));
  env.local.costConfirmAbove = '2';
  writeFileSync(join(ws.dir, 'http-client.env.json'), JSON.stringify(env, null, 2));
});
after(() => ws.sandbox.close());

const LINE = /projected cost: DATA-collectief API \((local|sandbox)\): this run downloads 3 companies you do not own: 3 credits/;

test('regx run: over the threshold without --yes nothing is sent; with --yes the run goes, the projection said once before the first send', async () => {
  writeFileSync(ws.file, downloads(0));
  const refused = await cliHost(ws, 'local', ['--no-history', '--reporter', 'json']);
  assert.equal(refused.code, 1);
  assert.match(refused.output, LINE);
  assert.match(refused.output, /not started: 3 credits at DATA-collectief API \((local|sandbox)\) is over the confirm threshold of 2, and it was declined — pass --yes \(or --budget N\) to accept it/);
  assert.doesNotMatch(refused.output, /→ GET/, 'not even the free list was sent');
  const refusedReport = JSON.parse(refused.output.slice(refused.output.indexOf('{\n'))) as Report;
  assert.equal(refusedReport.requests.length, 0);

  const accepted = await cliHost(ws, 'local', ['--no-history', '--yes']);
  assert.equal(accepted.code, 0, accepted.output);
  const projected = accepted.output.indexOf('projected cost:');
  assert.ok(projected >= 0 && projected < accepted.output.indexOf('→ GET'), 'the projection comes before the first send');
  assert.equal(accepted.output.match(/note: projected cost:/g)?.length, 1, 'said once');
  assert.match(accepted.output, /cost 3 credits/);
});

test('regx run --budget: a budget the projection fits in is consent; a smaller one is said up front and stops the call that would pass it', async () => {
  writeFileSync(ws.file, downloads(3));
  // Both runs in this one process: the budget counts per run, not per process.
  const fits = await cliHost(ws, 'local', ['--no-history', '--budget', '3']);
  assert.equal(fits.code, 0, fits.output);
  assert.match(fits.output, /cost 3 credits/);

  writeFileSync(ws.file, downloads(6));
  const small = await cliHost(ws, 'local', ['--no-history', '--budget', '2', '--yes']);
  assert.equal(small.code, 1);
  assert.match(small.output, /the budget of 2 credits stops this run before the call that would pass it/);
  assert.match(small.output, /not sent: this call may cost 1 credits/);
  assert.match(small.output, /cost 2 credits/);
});

test('the editor session: declined, nothing is sent and the run says why; the projection is the same core figure', async () => {
  writeFileSync(ws.file, downloads(0));
  const run = await editorHost(ws, 'local');
  assert.deepEqual(run.result!.results, []);
  assert.equal(run.result!.passed, false);
  assert.ok(run.result!.notices.some((n) => LINE.test(n)));
  assert.ok(run.result!.notices.some((n) => /^not started: 3 credits at DATA-collectief API/.test(n)));
  assert.equal(parseHttp(readFileSync(ws.file, 'utf8')).requests.length, 4);
});
