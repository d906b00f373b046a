// `regx run` checks every response against the documented response of the operation it
// matched, and the verdict travels with the record: pretty, json and junit reports, history.
// Real HTTP on 127.0.0.1: the sandbox for a response that conforms, a loopback server with a
// small `# @openapi` description for one that does not.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/server';
import { parseHttp } from '../../../src/core/http/parser';
import { runHttpFile, type RunHost } from '../../../src/core/run/runHttpFile';
import { sendRequest } from '../../../src/core/send/sendRequest';
import type { ResponseRecord } from '../../../src/core/send/types';
import { startHttpServer, type TestServer } from '../../helpers/http-servers';
import { runCli } from './cli';

const SPEC = `openapi: 3.0.3
info: { title: Things, version: '1' }
paths:
  /things/{id}:
    get:
      operationId: getThing
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
      responses:
        '200':
          description: a thing
          content:
            application/json:
              schema:
                type: object
                required: [id, name]
                properties:
                  id: { type: integer }
                  name: { type: string }
                  tags: { type: array, items: { type: string } }
`;

let sandbox: RunningSandbox;
let server: TestServer;
let root: string;

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'regx-validation-'));
  sandbox = await startSandbox({ basePort: 0, registries: ['vr-publiek'], stateDir: join(root, 'state') });
  server = await startHttpServer((req, res) => {
    const body = req.url?.startsWith('/things/1') ? { id: 1, name: 'schroef', tags: ['a'] } : { id: 2, name: 42, tags: ['a', 7] };
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(body));
  });
});
after(async () => {
  await server.close();
  await sandbox.close();
});

/** A fresh folder per test, so environment files, specs and history do not meet. */
function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(root, 'ws-'));
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

interface ReportedValidation {
  valid: boolean;
  operationId?: string;
  against?: string;
  errors: { path: string; keyword: string; message: string }[];
}
interface JsonReport {
  passed: boolean;
  requests: { outcome: string; reason?: string; validation?: ReportedValidation }[];
}

test('a sandbox response that conforms is reported valid in pretty and json reports', async () => {
  const dir = workspace({
    'http-client.env.json': JSON.stringify({ local: { baseUrl: sandbox.registries['vr-publiek'] } }),
    'publiek.http': '# @registry vr-publiek\nGET {{baseUrl}}/v1/hoofdactiviteitenVerenigingsloket\n',
  });
  const pretty = await runCli(['run', 'publiek.http', '--env', 'local', '--no-history'], { cwd: dir });
  assert.equal(pretty.code, 0, pretty.stdout + pretty.stderr);
  assert.match(pretty.stdout, /^ {4}✓ valid against response 200 application\/json$/m);
  assert.doesNotMatch(pretty.stderr, /warning/);

  const json = await runCli(['run', 'publiek.http', '--env', 'local', '--reporter', 'json', '--no-history'], { cwd: dir });
  const report = JSON.parse(json.stdout) as JsonReport;
  assert.deepEqual(report.requests[0]!.validation, { valid: true, operationId: 'hoofdactiviteitenVerenigingsloket', against: 'response 200 application/json', errors: [] });
});

test('a response that violates its schema is reported with JSON paths; warn keeps exit 0, error exits 1', async () => {
  const dir = workspace({
    'spec.yaml': SPEC,
    'things.http': `# @openapi ./spec.yaml\nGET ${server.url}/things/1\n\n###\n# @name bad\nGET ${server.url}/things/2\n`,
  });

  const warn = await runCli(['run', 'things.http', '--no-history'], { cwd: dir });
  assert.equal(warn.code, 0, warn.stdout + warn.stderr);
  assert.match(warn.stdout, /✓ valid against response 200 application\/json/);
  assert.match(warn.stdout, /✘ not valid against response 200 application\/json \(2 errors\)\n {6}\$\.name: must be string\n {6}\$\.tags\[1\]: must be string\n/);
  assert.match(warn.stdout, /2 passed, 0 failed/);

  const error = await runCli(['run', 'things.http', '--validate', 'error', '--reporter', 'json', '--no-history'], { cwd: dir });
  assert.equal(error.code, 1, error.stdout + error.stderr);
  const report = JSON.parse(error.stdout) as JsonReport;
  assert.equal(report.passed, false);
  assert.deepEqual(report.requests.map((r) => r.outcome), ['passed', 'failed']);
  assert.equal(report.requests[1]!.reason, 'the response does not match response 200 application/json: $.name must be string (and 1 more)');
  const validation = report.requests[1]!.validation!;
  assert.equal(validation.valid, false);
  assert.equal(validation.operationId, 'getThing');
  assert.deepEqual(validation.errors.map((e) => e.path), ['$.name', '$.tags[1]']);

  const off = await runCli(['run', 'things.http', '--validate', 'off', '--reporter', 'json', '--no-history'], { cwd: dir });
  assert.equal(off.code, 0);
  assert.equal((JSON.parse(off.stdout) as JsonReport).requests.some((r) => r.validation !== undefined), false, 'off checks nothing');

  const usage = await runCli(['run', 'things.http', '--validate', 'strict'], { cwd: dir });
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /--validate is off, warn or error, not 'strict'/);
});

test('junit carries schema errors: system-out under warn, the failure under error', async () => {
  const dir = workspace({ 'spec.yaml': SPEC, 'things.http': `# @openapi ./spec.yaml\nGET ${server.url}/things/2\n` });

  const warn = await runCli(['run', 'things.http', '--reporter', 'junit', '--no-history'], { cwd: dir });
  assert.equal(warn.code, 0, warn.stderr);
  assert.doesNotMatch(warn.stdout, /<failure/);
  assert.match(warn.stdout, /<system-out>line 2\nnot valid against response 200 application\/json \(2 errors\)\n {2}\$\.name: must be string\n {2}\$\.tags\[1\]: must be string<\/system-out>/);

  const error = await runCli(['run', 'things.http', '--reporter', 'junit', '--validate', 'error', '--no-history'], { cwd: dir });
  assert.equal(error.code, 1);
  const failure = /<failure message="([^"]*)" type="([^"]*)">([^<]*)<\/failure>/.exec(error.stdout);
  assert.ok(failure, error.stdout);
  assert.equal(failure[1], 'the response does not match response 200 application/json: $.name must be string (and 1 more)');
  assert.equal(failure[2], 'schema');
  assert.match(failure[3]!, /\$\.tags\[1\]: must be string/);
});

test('the verdict is written to history with the record; a path the description lacks is not a violation', async () => {
  const dir = workspace({
    'spec.yaml': SPEC,
    'mixed.http': `# @openapi ./spec.yaml\nGET ${server.url}/things/1\n\n###\nGET ${server.url}/elsewhere?apikey=s3cret-value\n`,
  });
  const result = await runCli(['run', 'mixed.http', '--validate', 'error', '--reporter', 'json'], { cwd: dir });
  assert.equal(result.code, 0, result.stdout + result.stderr);
  const report = JSON.parse(result.stdout) as JsonReport;
  assert.equal(report.requests[1]!.validation?.errors[0]?.keyword, 'operation');
  const history = readFileSync(join(dir, 'history.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { validation?: ReportedValidation });
  assert.equal(history.length, 2);
  assert.equal(history[0]!.validation?.valid, true);
  assert.equal(history[0]!.validation?.operationId, 'getThing');
  assert.equal(history[1]!.validation?.errors[0]?.keyword, 'operation');
  assert.doesNotMatch(JSON.stringify(history[1]!.validation), /s3cret-value/, 'the query (where API keys go) stays out of validation messages');

  const pretty = await runCli(['run', 'mixed.http', '--no-history'], { cwd: dir });
  assert.match(pretty.stdout, /– not validated: no operation for GET http:\/\/127\.0\.0\.1:\d+\/elsewhere in Things/);
});

test('a broken or unreachable description warns once and does not fail the run', async () => {
  const dir = workspace({
    'broken.yaml': 'openapi: 3.0.3\npaths: [this is: not {a document\n',
    'broken.http': `# @openapi ./broken.yaml\nGET ${server.url}/things/2\n\n###\nGET ${server.url}/things/2\n`,
    'gone.http': `# @openapi http://127.0.0.1:1/openapi.yaml\nGET ${server.url}/things/2\n`,
  });
  const broken = await runCli(['run', 'broken.http', '--validate', 'error', '--reporter', 'json', '--no-history'], { cwd: dir });
  assert.equal(broken.code, 0, broken.stdout + broken.stderr);
  const warnings = broken.stderr.match(/^warning: responses not validated: the API description .*broken\.yaml did not load \(.+\)$/gm) ?? [];
  assert.equal(warnings.length, 1, broken.stderr);
  assert.equal((JSON.parse(broken.stdout) as JsonReport).requests.some((r) => r.validation !== undefined), false);

  const gone = await runCli(['run', 'gone.http', '--validate', 'error', '--no-history'], { cwd: dir });
  assert.equal(gone.code, 0, gone.stdout + gone.stderr);
  assert.match(gone.stderr, /^warning: responses not validated: the API description http:\/\/127\.0\.0\.1:1\/openapi\.yaml did not load/m);
});

test('the runner puts the hook\'s verdict on the record before `recorded`; a hook that throws costs a notice, not the request', async () => {
  const text = `GET ${server.url}/things/2\n\n?? status == 200\n\n###\nGET ${server.url}/things/1\n`;
  const recorded: ResponseRecord[] = [];
  let calls = 0;
  const host: RunHost = {
    send: (request, signal) => sendRequest(request, { signal }),
    readFile: (p) => readFile(p),
    recorded: (record) => recorded.push(record),
    validate: async () => {
      if (++calls === 2) throw new Error('index exploded');
      return { valid: false, operationId: 'getThing', against: 'response 200 application/json', errors: [{ path: '$.name', keyword: 'type', message: 'must be string' }] };
    },
  };
  const run = (validation: 'warn' | 'error') => runHttpFile({ file: parseHttp(text), filePath: join(root, 'hook.http'), scope: {}, validation }, host);

  const warned = await run('warn');
  assert.equal(recorded[0]!.validation?.errors[0]?.path, '$.name', 'history sees the verdict');
  assert.equal(recorded[1]!.validation, undefined);
  assert.deepEqual(warned.results.map((r) => r.outcome), ['passed', 'passed']);
  assert.deepEqual(warned.notices, ['response not validated: index exploded']);

  calls = 0;
  const failed = await run('error');
  assert.deepEqual(failed.results.map((r) => r.outcome), ['failed', 'passed']);
  assert.equal(failed.results[0]!.reason, 'the response does not match response 200 application/json: $.name must be string');
  assert.equal(failed.passed, false);
});
