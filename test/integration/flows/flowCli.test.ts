// `regx flow run` and `regx flow check` in a child process against a loopback server: exit
// codes, progress, every reporter (valid JUnit XML, Markdown with request and redacted
// response), located check errors, inputs from the command line.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../engine/cli';
import { startHttpServer, type TestServer } from '../../helpers/http-servers';
import { junitProblems } from '../../helpers/junitSchema';

let server: TestServer;
let dir: string;
const SECRET = 'tok-3f9a-secret-value';

before(async () => {
  server = await startHttpServer((request, response) => {
    const url = new URL(request.url!, 'http://x');
    if (url.pathname === '/items') {
      response.writeHead(200, { 'content-type': 'application/json' });
      return response.end(JSON.stringify({ items: [{ id: 'a1' }], echo: request.headers['x-token'] }));
    }
    if (url.pathname === '/items/a1') {
      response.writeHead(request.headers['if-match'] === '"1"' ? 200 : 412, { 'content-type': 'application/json' });
      return response.end(JSON.stringify({ title: 'Precondition Failed', token: request.headers['x-token'] }));
    }
    response.writeHead(404);
    response.end();
  });
  dir = mkdtempSync(join(tmpdir(), 'regx-flow-cli-'));
  writeFileSync(join(dir, 'api.yaml'), `openapi: 3.0.3
info: { title: Items, version: '1' }
servers: [{ url: ${server.url} }]
paths:
  /items:
    get: { operationId: listItems, summary: List the items, responses: { '200': { description: ok } } }
  /items/{id}:
    put:
      operationId: replaceItem
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      responses: { '200': { description: ok }, '412': { description: changed } }
`);
  writeFileSync(join(dir, 'flow.arazzo.yaml'), `arazzo: 1.0.1
info: { title: Items flow, version: '1', description: Lists the items and replaces the first. }
sourceDescriptions: [{ name: api, url: ./api.yaml }]
workflows:
  - workflowId: replaceFirst
    summary: Replace the first item
    inputs:
      type: object
      required: [token, etag]
      properties:
        token: { type: string, format: password }
        etag: { type: string }
    steps:
      - stepId: list
        description: Find the items.
        operationId: listItems
        parameters: [{ name: X-Token, in: header, value: $inputs.token }]
        successCriteria: [{ condition: $statusCode == 200 }]
        outputs: { id: $response.body#/items/0/id }
      - stepId: replace
        description: Replace it, only when it has not changed.
        operationId: replaceItem
        parameters:
          - { name: id, in: path, value: $steps.list.outputs.id }
          - { name: If-Match, in: header, value: $inputs.etag }
          - { name: X-Token, in: header, value: $inputs.token }
        successCriteria: [{ condition: $statusCode == 200 }]
`);
});
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

test('flow run: exit 0 when every step passes, 1 when one fails, with the step, the criterion values and the response', async () => {
  const ok = await runCli(['flow', 'run', 'flow.arazzo.yaml', '--input', `token=${SECRET}`, '--input', 'etag="1"'], { cwd: dir });
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /✓ list {2}GET .*\/items → 200/);
  assert.match(ok.stdout, /PASSED — 2 steps: 2 passed/);
  assert.match(ok.stderr, /→ replace \(PUT \/items\/\{id\}\)\n {2}ok 200/);
  const failed = await runCli(['flow', 'run', 'flow.arazzo.yaml', '--input', `token=${SECRET}`, '--input', 'etag="0"'], { cwd: dir });
  assert.equal(failed.code, 1);
  assert.match(failed.stdout, /✗ replace {2}PUT .*\/items\/a1 → 412/);
  assert.match(failed.stdout, /FAILED \$statusCode == 200 {2}\[\$statusCode = 412 == 200 = 200\]/);
  assert.match(failed.stdout, /response 412 Precondition Failed \(application\/json\):\n\s+\{"title":"Precondition Failed","token":"\[redacted\]"\}/);
  assert.ok(!failed.stdout.includes(SECRET) && !failed.stderr.includes(SECRET), 'a password input echoed by the server is redacted');
});

test('flow run: inputs missing are named with the flag to give; an unknown workflow is a usage error', async () => {
  const missing = await runCli(['flow', 'run', 'flow.arazzo.yaml'], { cwd: dir });
  assert.equal(missing.code, 1);
  assert.match(missing.stdout, /needs inputs 'token' \(string\), 'etag' \(string\): give --input token=… --input etag=…/);
  const unknown = await runCli(['flow', 'run', 'flow.arazzo.yaml', '--workflow', 'nope'], { cwd: dir });
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /no workflow 'nope' .*\(workflows: replaceFirst\)/);
});

test('reporters: JUnit is valid JUnit XML with a failure per failed step; Markdown documents each call; JSON is the report', async () => {
  const out = join(dir, 'report.xml');
  const junit = await runCli(['flow', 'run', 'flow.arazzo.yaml', '--input', `token=${SECRET}`, '--input', 'etag=x', '--reporter', 'junit', '--out', out], { cwd: dir });
  assert.equal(junit.code, 1);
  const xml = readFileSync(out, 'utf8');
  assert.deepEqual(junitProblems(xml), []);
  assert.match(xml, /<testsuite name="replaceFirst" tests="2" failures="1" errors="0"/);
  assert.match(xml, /<failure message="\$statusCode == 200: \$statusCode is 412, 200 is 200" type="criteria">/);
  assert.ok(!xml.includes(SECRET));
  const markdown = await runCli(['flow', 'run', 'flow.arazzo.yaml', '--input', `token=${SECRET}`, '--input', 'etag="1"', '--reporter', 'markdown'], { cwd: dir });
  assert.equal(markdown.code, 0);
  assert.match(markdown.stdout, /^# Items flow\n\nLists the items and replaces the first\./);
  assert.match(markdown.stdout, /\*\*Purpose:\*\* Replace the first item/);
  assert.match(markdown.stdout, /### 1\. list — ✅ passed\n\nFind the items\.\n\nCalls `GET \/items` \(operation `listItems`\)/);
  assert.match(markdown.stdout, /Request:\n\n```http\nGET http:\/\/127\.0\.0\.1:\d+\/items\nX-Token: \[redacted\]/);
  assert.match(markdown.stdout, /```json\n\{\n {2}"items": \[/);
  assert.ok(!markdown.stdout.includes(SECRET));
  const json = await runCli(['flow', 'run', 'flow.arazzo.yaml', '--input', `token=${SECRET}`, '--input', 'etag="1"', '--reporter', 'json'], { cwd: dir });
  const report = JSON.parse(json.stdout);
  assert.equal(report.passed, true);
  assert.deepEqual(report.workflows[0].steps.map((s: { stepId: string; status: string }) => [s.stepId, s.status]), [['list', 'passed'], ['replace', 'passed']]);
  assert.equal(report.workflows[0].inputs.token, '[redacted]');
});

test('flow check: ok with the workflows; errors at file:line:column with exit 1; a flow with errors is not run (exit 2)', async () => {
  const ok = await runCli(['flow', 'check', 'flow.arazzo.yaml'], { cwd: dir });
  assert.equal(ok.code, 0);
  assert.match(ok.stderr, /flow\.arazzo\.yaml: ok — replaceFirst \(2 steps\)/);
  writeFileSync(join(dir, 'bad.arazzo.yaml'), `arazzo: 1.0.1
info: { title: Bad, version: '1' }
sourceDescriptions: [{ name: api, url: ./api.yaml }]
workflows:
  - workflowId: w
    steps:
      - stepId: a
        operationId: listItem
      - stepId: b
        operationId: replaceItem
        onSuccess: [{ name: g, type: goto, stepId: c }]
`);
  const bad = await runCli(['flow', 'check', 'bad.arazzo.yaml'], { cwd: dir });
  assert.equal(bad.code, 1);
  assert.match(bad.stdout, /bad\.arazzo\.yaml:11:52: error arazzo\/unknown-step: workflow 'w' has no step 'c'/);
  const notRun = await runCli(['flow', 'run', 'bad.arazzo.yaml'], { cwd: dir });
  assert.equal(notRun.code, 2);
  assert.match(notRun.stderr, /not run — fix the errors above first/);
  const semantic = await runCli(['flow', 'check', 'bad.arazzo.yaml'], { cwd: dir });
  assert.ok(semantic.stdout.length > 0);
});
