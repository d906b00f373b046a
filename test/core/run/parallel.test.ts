// runHttpFile with `parallel`: against a loopback server that logs what arrives and answers some
// requests only once others have arrived, so what was held back shows in the log, not in times.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import { parseHttp } from '../../../src/core/http/parser';
import { runHttpFile, type RunHost } from '../../../src/core/run/runHttpFile';
import { dependencyOwners, requestDependencies } from '../../../src/core/run/dependencies';
import { sendRequest } from '../../../src/core/send/sendRequest';
import { ConnectionPool } from '../../../src/core/send/connectionPool';
import type { RunEvent } from '../../../src/core/run/runTypes';
import { startHttpServer, type TestServer } from '../../helpers/http-servers';

let server: TestServer;
const dir = mkdtempSync(join(tmpdir(), 'regx-parallel-'));
/** What the server saw, in order: `arrive /x`, `answer /x`, `timeout /x`. */
let log: string[] = [];
let inflight = 0;
let most = 0;
/** Requests held until a path in `until` has arrived (or a bound, logged as `timeout`). */
let holds: { path: string; until: string; res: ServerResponse; body: string; timer: NodeJS.Timeout }[] = [];
/** Hold every request until this many are under way at once (0 = no such hold). */
let wave = 0;
let waiting: (() => void)[] = [];
let holdRules: Record<string, string> = {};

function answer(path: string, res: ServerResponse, body: string) {
  log.push(`answer ${path}`);
  inflight--;
  res.setHeader('content-type', 'application/json');
  res.end(body);
}

before(async () => {
  server = await startHttpServer((req, res) => {
    const path = new URL(req.url!, 'http://x').pathname;
    log.push(`arrive ${path}`);
    inflight++;
    most = Math.max(most, inflight);
    const body = JSON.stringify(path === '/login' ? { token: 'tok-1' } : { path, auth: req.headers.authorization ?? null });
    for (const hold of holds.filter((h) => h.until === path)) {
      clearTimeout(hold.timer);
      holds = holds.filter((h) => h !== hold);
      answer(hold.path, hold.res, hold.body);
    }
    const until = holdRules[path];
    if (until) {
      const timer = setTimeout(() => {
        log.push(`timeout ${path}`);
        holds = holds.filter((h) => h.res !== res);
        answer(path, res, body);
      }, 10_000);
      holds.push({ path, until, res, body, timer });
      return;
    }
    if (wave > 0) {
      waiting.push(() => answer(path, res, body));
      if (inflight >= wave) for (const release of waiting.splice(0)) release();
      return;
    }
    answer(path, res, body);
  });
});
after(() => server.close());

function reset() {
  log = [];
  inflight = 0;
  most = 0;
  wave = 0;
  waiting = [];
  holdRules = {};
}

async function run(text: string, parallel: number, host?: Partial<RunHost>) {
  const filePath = join(dir, 'parallel.http');
  writeFileSync(filePath, text);
  const events: RunEvent[] = [];
  const pool = new ConnectionPool({ connectionsPerOrigin: Math.max(parallel, 1) });
  try {
    const result = await runHttpFile(
      { file: parseHttp(text), filePath, parallel, scope: { environment: new Map([['base', { value: server.url, source: 'environment', secret: false }]]) }, onEvent: (e) => events.push(e) },
      { send: (request, signal) => sendRequest(request, { signal, pool }), readFile: (p) => readFile(p), ...host },
    );
    return { result, events };
  } finally {
    await pool.destroy();
  }
}

const eventOrder = (events: RunEvent[]) => events.filter((e) => e.type !== 'notice').map((e) => (e.type === 'start' ? `start ${e.index}` : e.type === 'end' ? `end ${e.result.index}` : ''));

test('--parallel: a request using {{login.response…}} is sent after login answered, an independent one is not held back', async () => {
  reset();
  // login is answered only once /independent has arrived: were /independent held back behind
  // login (or behind /me, which needs login), the log would show login's timeout instead.
  holdRules = { '/login': '/independent' };
  const text = [
    '# @name login',
    'POST {{base}}/login',
    '',
    '###',
    'GET {{base}}/me',
    'Authorization: Bearer {{login.response.body.$.token}}',
    '',
    '###',
    'GET {{base}}/independent',
    '',
  ].join('\n');
  const { result, events } = await run(text, 4);
  assert.ok(!log.some((l) => l.startsWith('timeout')), log.join(', '));
  assert.ok(log.indexOf('arrive /independent') < log.indexOf('answer /login'), log.join(', '));
  assert.ok(log.indexOf('arrive /me') > log.indexOf('answer /login'), log.join(', '));
  assert.equal(JSON.parse(result.results[1]!.record!.response!.body.preview).auth, 'Bearer tok-1');
  // Report and progress keep the file's order, though /independent finished first.
  assert.deepEqual(result.results.map((r) => r.index), [0, 1, 2]);
  assert.deepEqual(eventOrder(events), ['start 0', 'end 0', 'start 1', 'end 1', 'start 2', 'end 2']);
  assert.equal(result.passed, true);
});

test('--parallel N: never more than N requests under way, and N at once when they are independent', async () => {
  reset();
  wave = 3;
  const text = Array.from({ length: 9 }, (_, i) => `### r${i}\nGET {{base}}/item/${i}\n`).join('\n');
  const { result, events } = await run(text, 3);
  assert.equal(most, 3);
  assert.equal(result.results.length, 9);
  assert.deepEqual(result.results.map((r) => r.index), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
  assert.deepEqual(eventOrder(events), result.results.flatMap((r) => [`start ${r.index}`, `end ${r.index}`]));
  assert.equal(result.passed, true);
});

test('without --parallel one request at a time', async () => {
  reset();
  const text = Array.from({ length: 5 }, (_, i) => `### r${i}\nGET {{base}}/item/${i}\n`).join('\n');
  const { result } = await run(text, 1);
  assert.equal(most, 1);
  assert.equal(result.results.length, 5);
});

test('--parallel: a later request an earlier one uses runs once, first, as its dependency (as in a sequential run)', async () => {
  reset();
  const text = [
    'GET {{base}}/me',
    'Authorization: Bearer {{login.response.body.$.token}}',
    '',
    '###',
    'GET {{base}}/other',
    '',
    '###',
    '# @name login',
    'POST {{base}}/login',
    '',
  ].join('\n');
  const { result } = await run(text, 8);
  assert.deepEqual(result.results.map((r) => [r.index, r.asDependency]), [[2, true], [0, false], [1, false]]);
  assert.equal(log.filter((l) => l === 'arrive /login').length, 1);
  assert.ok(log.indexOf('arrive /me') > log.indexOf('answer /login'));
});

test('--parallel: requests that use each other\'s responses fail as a circle instead of waiting forever', async () => {
  reset();
  const text = ['# @name a', 'GET {{base}}/a?x={{b.response.body.$.path}}', '', '###', '# @name b', 'GET {{base}}/b?x={{a.response.body.$.path}}', '', '###', 'GET {{base}}/c', ''].join('\n');
  const { result } = await run(text, 4);
  const codes = result.results.map((r) => r.prepareError?.code ?? r.outcome);
  assert.ok(codes.includes('dependency-cycle'), codes.join(', '));
  assert.equal(result.results.find((r) => r.index === 2)?.outcome, 'passed');
  assert.equal(result.results.length, 3);
});

test('--parallel: # @ref orders requests that share no response reference', async () => {
  reset();
  holdRules = { '/first': '/third' };
  const text = ['# @name first', 'POST {{base}}/first', '', '###', '# @ref first', 'GET {{base}}/second', '', '###', 'GET {{base}}/third', ''].join('\n');
  const { result } = await run(text, 4);
  // /first is answered once /third arrived: /second (which @refs it) waited, /third did not.
  assert.ok(!log.some((l) => l.startsWith('timeout')), log.join(', '));
  assert.ok(log.indexOf('arrive /second') > log.indexOf('answer /first'), log.join(', '));
  assert.ok(log.indexOf('arrive /third') < log.indexOf('answer /first'), log.join(', '));
  assert.deepEqual(result.results.map((r) => r.index), [0, 1, 2]);
});

test('requestDependencies reads response references, through file variables, and @ref', () => {
  const file = parseHttp(['@token = {{login.response.body.$.token}}', '@other = plain', '', '# @name login', 'POST /login', '', '###', '# @name me', '# @ref setup', 'GET /me', 'Authorization: Bearer {{token}}', 'X-Other: {{other}}', '', '###', '# @name setup', 'GET /setup?id={{me.response.headers.X-Id}}', ''].join('\n'));
  assert.deepEqual(requestDependencies(file, file.requests[0]!), []);
  assert.deepEqual(requestDependencies(file, file.requests[1]!).sort(), ['login', 'setup']);
  assert.deepEqual(requestDependencies(file, file.requests[2]!), ['me']);
  // setup is after me and me needs it: me's turn runs it.
  assert.deepEqual([...dependencyOwners(file, file.requests)], [[2, 1]]);
});

test('--parallel 20 under one caller signal: no listener-leak warning, and stopping it stops the run', async () => {
  reset();
  const warnings: string[] = [];
  const onWarning = (warning: Error) => void warnings.push(`${warning.name}: ${warning.message}`);
  process.on('warning', onWarning);
  const text = Array.from({ length: 40 }, (_, i) => `### r${i}\nGET {{base}}/item/${i}\n`).join('\n');
  const filePath = join(dir, 'parallel-signal.http');
  writeFileSync(filePath, text);
  const controller = new AbortController();
  const pool = new ConnectionPool({ connectionsPerOrigin: 20 });
  try {
    const scope = { environment: new Map([['base', { value: server.url, source: 'environment' as const, secret: false }]]) };
    const host: RunHost = { send: (request, signal) => sendRequest(request, { signal, pool }), readFile: (p) => readFile(p) };
    const result = await runHttpFile({ file: parseHttp(text), filePath, parallel: 20, scope, signal: controller.signal }, host);
    assert.equal(result.passed, true);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(warnings.filter((w) => w.includes('MaxListeners')), []);
    // Stopped before it starts: nothing is sent, the run does not pass.
    controller.abort(new Error('interrupted'));
    const stopped = await runHttpFile({ file: parseHttp(text), filePath, parallel: 20, scope, signal: controller.signal }, host);
    assert.equal(stopped.results.length, 0);
    assert.equal(stopped.passed, false);
  } finally {
    process.off('warning', onWarning);
    await pool.destroy();
  }
});
