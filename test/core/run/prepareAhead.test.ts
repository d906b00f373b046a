// A sequential run prepares the next request while the one before it waits for its answer
// (src/core/run/prepareAhead.ts). Against a loopback server that answers each request after a
// pause, with one log for the server's `arrive`/`answer` and the run's reads of variables, so
// when a request was prepared shows as an order, not a time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHttp } from '../../../src/core/http/parser';
import { runHttpFile } from '../../../src/core/run/runHttpFile';
import { sendRequest } from '../../../src/core/send/sendRequest';
import { ConnectionPool } from '../../../src/core/send/connectionPool';
import type { VariableValue } from '../../../src/core/variables/types';
import { startHttpServer, type TestServer } from '../../helpers/http-servers';

let server: TestServer;
let log: string[] = [];
const dir = mkdtempSync(join(tmpdir(), 'regx-ahead-'));

before(async () => {
  server = await startHttpServer((req, res) => {
    const path = new URL(req.url!, 'http://x').pathname;
    log.push(`arrive ${path}`);
    setTimeout(() => {
      log.push(`answer ${path}`);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(path === '/login' ? { token: `tok-${log.length}` } : { path, stamp: req.headers['x-stamp'] ?? null, auth: req.headers.authorization ?? null }));
    }, 40);
  });
});
after(() => server.close());

/** An environment that logs each read of a variable (`read base`). */
class LoggedEnvironment extends Map<string, VariableValue> {
  override get(name: string): VariableValue | undefined {
    const value = super.get(name);
    if (value) log.push(`read ${name}`);
    return value;
  }
}

async function run(text: string, options: { parallel?: number; now?: () => Date; processEnv?: Record<string, string> } = {}) {
  log = [];
  const filePath = join(dir, 'ahead.http');
  writeFileSync(filePath, text);
  const environment = new LoggedEnvironment([['base', { value: server.url, source: 'environment', secret: false }]]);
  const pool = new ConnectionPool({ connectionsPerOrigin: 1 });
  try {
    return await runHttpFile(
      { file: parseHttp(text), filePath, parallel: options.parallel, scope: { environment, now: options.now, processEnv: options.processEnv } },
      { send: (request, signal) => sendRequest(request, { signal, pool }), readFile: (p) => readFile(p) },
    );
  } finally {
    await pool.destroy();
  }
}

const reads = () => log.map((entry, at) => (entry === 'read base' ? at : -1)).filter((at) => at >= 0);

test('a sequential run resolves the next request while the one before waits for its answer, and sends what it resolved', async () => {
  const result = await run(['GET {{base}}/one', '', '###', 'GET {{base}}/two', '', '###', 'GET {{base}}/three', ''].join('\n'));
  assert.ok(result.passed);
  assert.deepEqual(
    result.results.map((r) => JSON.parse(r.record!.response!.body.preview).path),
    ['/one', '/two', '/three'],
  );
  // One read per request, each but the first before the answer of the request before it (the
  // server logs an arrival after the client wrote it, so a read may come before that line too).
  const [first, second, third] = reads();
  assert.equal(reads().length, 3, log.join(', '));
  assert.ok(first! < second! && second! < log.indexOf('answer /one'), log.join(', '));
  assert.ok(log.indexOf('answer /one') < third! && third! < log.indexOf('answer /two'), log.join(', '));
});

test('a request that uses {{$timestamp}} is resolved in its turn, after the answer before it', async () => {
  let clock = 0;
  const now = () => {
    log.push('clock');
    return new Date(Date.UTC(2026, 0, 1) + ++clock * 1000);
  };
  const result = await run(['GET {{base}}/one', '', '###', 'GET {{base}}/two', 'X-Stamp: {{$timestamp}}', ''].join('\n'), { now });
  assert.ok(result.passed);
  assert.ok(log.indexOf('clock') > log.indexOf('answer /one'), log.join(', '));
  assert.equal(log.filter((entry) => entry === 'clock').length, 1, 'not resolved twice');
  assert.equal(JSON.parse(result.results[1]!.record!.response!.body.preview).stamp, String(Date.UTC(2026, 0, 1) / 1000 + 1));
});

test('a dynamic value reached through a file variable is resolved again in its turn: the request sends the later one', async () => {
  let clock = 0;
  const now = () => {
    log.push(`clock ${++clock}`);
    return new Date(Date.UTC(2026, 0, 1) + clock * 1000);
  };
  const text = ['@stamp = {{$timestamp}}', '', 'GET {{base}}/one', '', '###', 'GET {{base}}/two', 'X-Stamp: {{stamp}}', ''].join('\n');
  const result = await run(text, { now });
  assert.ok(result.passed);
  const sent = JSON.parse(result.results[1]!.record!.response!.body.preview).stamp as string;
  const used = `clock ${Number(sent) - Date.UTC(2026, 0, 1) / 1000}`;
  // Prepared early (while /one waited) and again in its turn: the later resolution is the one sent.
  assert.ok(log.indexOf(used) > log.indexOf('answer /one'), `${used}: ${log.join(', ')}`);
});

test('a response used through a file variable is read after the request that gives it answered', async () => {
  const text = ['@token = {{login.response.body.$.token}}', '', '# @name login', 'POST {{base}}/login', '', '###', 'GET {{base}}/me', 'Authorization: Bearer {{token}}', ''].join('\n');
  const result = await run(text);
  assert.ok(result.passed, result.results.map((r) => r.reason).join('; '));
  const token = JSON.parse(result.results[0]!.record!.response!.body.preview).token as string;
  assert.equal(JSON.parse(result.results[1]!.record!.response!.body.preview).auth, `Bearer ${token}`);
});

test('a parallel run prepares nothing ahead: each request is resolved when it starts', async () => {
  const result = await run(['GET {{base}}/one', '', '###', 'GET {{base}}/two', ''].join('\n'), { parallel: 2 });
  assert.ok(result.passed);
  assert.equal(reads().length, 2, log.join(', '));
});

test('a value from the process environment is no reason to resolve a request twice', async () => {
  const text = ['@key = {{$processEnv REGX_AHEAD_KEY}}', '', 'GET {{base}}/one', '', '###', 'GET {{base}}/two', 'Authorization: Bearer {{key}}', ''].join('\n');
  const result = await run(text, { processEnv: { REGX_AHEAD_KEY: 'key-1' } });
  assert.ok(result.passed, result.results.map((r) => r.reason).join('; '));
  assert.equal(JSON.parse(result.results[1]!.record!.response!.body.preview).auth, 'Bearer key-1');
  // Prepared once, early, while /one waited, and sent as prepared.
  assert.equal(reads().length, 2, log.join(', '));
  assert.ok(reads()[1]! < log.indexOf('answer /one'), log.join(', '));
});
