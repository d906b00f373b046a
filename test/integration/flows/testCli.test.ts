// `regx test SUITE` in a child process against a loopback server: the first run records the
// baseline, a later run reports per request what changed (status, fields renamed/added/removed),
// request files run beside flows, JUnit is valid, Markdown documents the set.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../engine/cli';
import { startHttpServer, type TestServer } from '../../helpers/http-servers';
import { junitProblems } from '../../helpers/junitSchema';

let server: TestServer;
let dir: string;
let release = 1;

before(async () => {
  server = await startHttpServer((request, response) => {
    const url = new URL(request.url!, 'http://x');
    response.setHeader('content-type', 'application/json');
    if (url.pathname === '/relaties/7') return response.end(JSON.stringify(release === 1 ? { nummer: 7, naam: 'Bakker', soort: 'klant' } : { nummer: 7, naam: 'Bakker', relatiesoort: 'klant', aantal: 3 }));
    if (url.pathname === '/items' && request.method === 'POST') {
      response.statusCode = 201;
      response.setHeader('location', `${server.url}/items/9`);
      return response.end('{"id":9}');
    }
    if (url.pathname === '/items/9') return response.end(JSON.stringify({ id: 9, code: 'FV' }));
    if (url.pathname === '/artikelen') {
      response.statusCode = release === 1 ? 200 : 500;
      return response.end(JSON.stringify({ artikelen: [] }));
    }
    response.statusCode = 404;
    response.end('{}');
  });
  dir = mkdtempSync(join(tmpdir(), 'regx-test-cli-'));
  writeFileSync(join(dir, 'api.yaml'), `openapi: 3.0.3
info: { title: Relaties, version: '1' }
servers: [{ url: ${server.url} }]
paths:
  /relaties/{nummer}:
    get:
      operationId: getRelatie
      parameters: [{ name: nummer, in: path, required: true, schema: { type: integer } }]
      responses: { '200': { description: ok } }
`);
  writeFileSync(join(dir, 'relatie.arazzo.yaml'), `arazzo: 1.0.1
info: { title: Relatie lezen, version: '1' }
sourceDescriptions: [{ name: api, url: ./api.yaml }]
workflows:
  - workflowId: lees
    steps:
      - stepId: relatie
        description: Read one relatie.
        operationId: getRelatie
        parameters: [{ name: nummer, in: path, value: 7 }]
        successCriteria: [{ condition: $statusCode == 200 }]
`);
  writeFileSync(join(dir, 'extra.http'), `### Artikelen\n# @name artikelen\nGET ${server.url}/artikelen\n`);
  writeFileSync(join(dir, 'upgrade.suite.yaml'), `name: Upgrade-test
purpose: The calls our koppeling makes, run at every release.
items:
  - flow: ./relatie.arazzo.yaml
  - http: ./extra.http
`);
});
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

test('regx test: records a baseline, then names what changed per request; JUnit valid, Markdown documents', async () => {
  release = 1;
  const first = await runCli(['test', 'upgrade.suite.yaml'], { cwd: dir });
  assert.equal(first.code, 0, first.stdout + first.stderr);
  assert.match(first.stderr, /baseline recorded: upgrade\.suite\.baseline\.json \(2 requests\)/);
  const baseline = JSON.parse(readFileSync(join(dir, 'upgrade.suite.baseline.json'), 'utf8'));
  assert.deepEqual(baseline.requests.map((r: { id: string; status: number }) => [r.id, r.status]), [['flow relatie.arazzo.yaml#lees/relatie', 200], ['http extra.http#requests/artikelen', 200]]);
  assert.ok(!readFileSync(join(dir, 'upgrade.suite.baseline.json'), 'utf8').includes('Bakker'), 'no values in a baseline');

  const same = await runCli(['test', 'upgrade.suite.yaml'], { cwd: dir });
  assert.equal(same.code, 0, same.stdout);
  assert.match(same.stdout, /PASSED — 2 requests: 0 failed, 0 changed since the baseline/);

  release = 2;
  const changed = await runCli(['test', 'upgrade.suite.yaml'], { cwd: dir });
  assert.equal(changed.code, 1);
  assert.match(changed.stdout, /Δ flow relatie\.arazzo\.yaml#lees\/relatie {2}GET \/relaties\/\{nummer\} → 200\n {4}field renamed: soort → relatiesoort \(inferred: same type, same place\)\n {4}field added: aantal \(integer\)/);
  assert.match(changed.stdout, /✗ http extra\.http#requests\/artikelen {2}GET \/artikelen → 500\n {4}status 200 → 500/);

  const out = join(dir, 'report.xml');
  await runCli(['test', 'upgrade.suite.yaml', '--reporter', 'junit', '--out', out], { cwd: dir });
  const xml = readFileSync(out, 'utf8');
  assert.deepEqual(junitProblems(xml), []);
  assert.match(xml, /tests="2" failures="2"/);
  const markdown = await runCli(['test', 'upgrade.suite.yaml', '--reporter', 'markdown'], { cwd: dir });
  assert.match(markdown.stdout, /^# Upgrade-test\n\n## Purpose\n\nThe calls our koppeling makes, run at every release\./);
  assert.match(markdown.stdout, /\| flow relatie\.arazzo\.yaml#lees\/relatie \| GET \/relaties\/\{nummer\} \| 200 \| — \| field renamed: soort → relatiesoort/);
  assert.match(markdown.stdout, /### 1\. relatie — ✅ passed\n\nRead one relatie\./);

  const updated = await runCli(['test', 'upgrade.suite.yaml', '--update-baseline'], { cwd: dir });
  assert.equal(updated.code, 1, 'the run failed (500): exit 1 even when recording');
  assert.ok(existsSync(join(dir, 'upgrade.suite.baseline.json')));
});

test('regx test: a suite that does not parse is a usage error at its line', async () => {
  writeFileSync(join(dir, 'bad.suite.yaml'), 'name: x\nitems:\n  - flw: ./relatie.arazzo.yaml\n');
  const bad = await runCli(['test', 'bad.suite.yaml'], { cwd: dir });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /bad\.suite\.yaml:3:5: error suite\/schema: an item names a flow \(flow: FILE\) or a request file \(http: FILE\)/);
});

test('regx test: requests of a .http item read the named responses of the ones before them, and their ?? assertions judge them', async () => {
  writeFileSync(
    join(dir, 'items.http'),
    [
      '### Maak',
      '# @name maak',
      `POST ${server.url}/items`,
      'Content-Type: application/json',
      '',
      '{}',
      '',
      '### Lees wat Location noemt',
      '# @name lees',
      'GET {{maak.response.headers.Location}}?id={{maak.response.body.$.id}}',
      '',
      '?? status == 200',
      '?? body $.code == FV',
      '',
      '### Verwacht een andere code',
      '# @name anders',
      `GET ${server.url}/items/9`,
      '',
      '?? body $.code == XX',
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'items.suite.yaml'), 'name: Items\nitems:\n  - http: ./items.http\n');
  const result = await runCli(['test', 'items.suite.yaml'], { cwd: dir });
  assert.equal(result.code, 1, result.stdout + result.stderr);
  assert.match(result.stdout, /✓ http items\.http#requests\/maak {2}POST \/items → 201/);
  assert.match(result.stdout, /✓ http items\.http#requests\/lees {2}GET \/items\/9 → 200/);
  assert.match(result.stdout, /✗ http items\.http#requests\/anders {2}GET \/items\/9 → 200/);
  assert.match(result.stdout, /✗ items\.http requests\/anders: \?\? body \$\.code == XX: \$\.code is 'FV', expected == 'XX'/);
  assert.match(result.stdout, /FAILED — 3 requests: 1 failed/);

  // the JSON report shows the assertions as the step's criteria
  const json = JSON.parse((await runCli(['test', 'items.suite.yaml', '--reporter', 'json'], { cwd: dir })).stdout) as { flows: { workflows: { steps: { stepId: string; attempts: { criteria: { condition: string; passed: boolean }[] }[] }[] }[] }[] };
  const lees = json.flows[0]!.workflows[0]!.steps.find((step) => step.stepId === 'lees')!;
  assert.deepEqual(lees.attempts[0]!.criteria.map((c) => [c.condition, c.passed]), [['?? status == 200', true], ['?? body $.code == FV', true]]);

  // a request whose named response did not run in the item says so
  writeFileSync(join(dir, 'alone.suite.yaml'), 'name: Alleen lees\nitems:\n  - http: ./items.http\n    requests: [lees]\n');
  const alone = await runCli(['test', 'alone.suite.yaml'], { cwd: dir });
  assert.equal(alone.code, 1);
  assert.match(alone.stdout, /✗ items\.http requests\/lees: the request could not be built: request 'lees' uses the response of 'maak', which has not answered before it in this flow/);
});
