import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { sendRequest } from '../../../src/core/send/sendRequest';
import { ConnectionPool } from '../../../src/core/send/connectionPool';
import type { PreparedRequest } from '../../../src/core/send/types';
import { startHttpServer, type TestServer } from '../../helpers/http-servers';

// Every send's time limits share one timer (limitTimer.ts): these sends run at once, each with
// its own limit, and each must end at its own limit, not at another's.

let server: TestServer;
before(async () => {
  server = await startHttpServer(async (req, res) => {
    if (req.url === '/slow') return; // never answers
    if (req.url === '/drip') {
      // 10 chunks 150 ms apart: no gap nears a 1 s idle limit, the whole takes 1.5 s.
      res.writeHead(200, { 'content-type': 'text/plain' });
      for (let i = 0; i < 10 && !res.destroyed; i++) {
        res.write(`chunk ${i}\n`);
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
      return void res.end();
    }
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
  });
});
after(() => server.close());

const request = (path: string, timeoutMs: number): PreparedRequest => ({ method: 'GET', url: `${server.url}${path}`, headers: [], followRedirects: true, secrets: [], timeoutMs });

test('sends under way at once each end at their own limit, a later shorter one first', async () => {
  const pool = new ConnectionPool();
  const started = performance.now();
  const endedAt = (p: Promise<unknown>) => p.then(() => performance.now() - started);
  const long = sendRequest(request('/slow', 3000), { pool });
  const drip = sendRequest(request('/drip', 1000), { pool });
  // Registered after the long one, due before it: the shared timer must be set earlier.
  const short = sendRequest(request('/slow', 150), { pool });
  const quick = sendRequest(request('/ok', 100), { pool });
  const [longAt, shortAt, quickAt] = await Promise.all([endedAt(long), endedAt(short), endedAt(quick)]);
  const [longRecord, dripRecord, shortRecord, quickRecord] = await Promise.all([long, drip, short, quick]);
  await pool.destroy();

  assert.equal(shortRecord.error?.code, 'timeout');
  assert.match(shortRecord.error!.message, /150 ms/);
  // Bounds wide enough for a loaded machine; what matters is the order and that no limit ends early.
  assert.ok(shortAt >= 145 && shortAt < 2500, `the 150 ms limit ended its send after ${shortAt.toFixed(0)} ms`);
  assert.equal(longRecord.error?.code, 'timeout');
  assert.match(longRecord.error!.message, /3000 ms/);
  assert.ok(longAt >= 2995, `the 3000 ms limit ended its send after ${longAt.toFixed(0)} ms`);
  // A body whose chunks keep coming is not cut by an idle limit shorter than the whole download.
  assert.equal(dripRecord.error, undefined);
  assert.equal(dripRecord.response?.status, 200);
  assert.match(dripRecord.response!.body.preview, /chunk 9/);
  assert.equal(quickRecord.response?.status, 200);
  assert.ok(quickAt < 2500, `a quick answer waited ${quickAt.toFixed(0)} ms`);
});

test("a process whose sends are done exits at once, not when the shared timer's last limit would fall due", () => {
  const script = `
    const { sendRequest } = require(${JSON.stringify(join(__dirname, '../../../src/core/send/sendRequest.ts'))});
    const { createServer } = require('node:http');
    const server = createServer((req, res) => res.end('ok')).listen(0, '127.0.0.1', async () => {
      const url = 'http://127.0.0.1:' + server.address().port + '/';
      const record = await sendRequest({ method: 'GET', url, headers: [], followRedirects: true, secrets: [], timeoutMs: 60000 }, { deadlineMs: 300000 });
      server.close();
      process.stdout.write(String(record.response?.status));
    });`;
  const started = Date.now();
  const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(child.stdout, '200', child.stderr);
  assert.equal(child.status, 0, child.stderr);
  assert.ok(Date.now() - started < 20_000, 'the process stayed alive for a pending limit');
});
