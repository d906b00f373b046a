// A sequential run reports a finished request (progress events, the host's record) once the next
// request is written (src/core/run/reportQueue.ts): against a loopback server, with one log of the
// run's sends, events and records, so what came first shows as an order.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHttp } from '../../../src/core/http/parser';
import { runHttpFile } from '../../../src/core/run/runHttpFile';
import { ReportQueue } from '../../../src/core/run/reportQueue';
import { sendRequest } from '../../../src/core/send/sendRequest';
import { ConnectionPool } from '../../../src/core/send/connectionPool';
import type { RunEvent } from '../../../src/core/run/runTypes';
import { startHttpServer, type TestServer } from '../../helpers/http-servers';

let server: TestServer;
const dir = mkdtempSync(join(tmpdir(), 'regx-reports-'));

before(async () => {
  server = await startHttpServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ path: req.url }));
  });
});
after(() => server.close());

const label = (event: RunEvent) => (event.type === 'start' ? `start ${event.index}` : event.type === 'end' ? `end ${event.result.index}` : `notice ${event.message}`);

async function run(text: string, options: { parallel?: number; onEvent?: (event: RunEvent) => void } = {}) {
  const log: string[] = [];
  const filePath = join(dir, 'reports.http');
  writeFileSync(filePath, text);
  const pool = new ConnectionPool({ connectionsPerOrigin: 2 });
  try {
    const result = await runHttpFile(
      {
        file: parseHttp(text),
        filePath,
        parallel: options.parallel,
        scope: { environment: new Map([['base', { value: server.url, source: 'environment', secret: false }]]) },
        onEvent: (event) => {
          log.push(label(event));
          options.onEvent?.(event);
        },
      },
      {
        send: (request, signal) => {
          log.push(`send ${new URL(request.url).pathname}`);
          return sendRequest(request, { signal, pool });
        },
        readFile: (p) => readFile(p),
        recorded: (_record, result) => void log.push(`recorded ${result.index}`),
      },
    );
    return { result, log };
  } finally {
    await pool.destroy();
  }
}

const THREE = ['GET {{base}}/one', '', '###', 'GET {{base}}/two', '', '###', 'GET {{base}}/three', ''].join('\n');

test('a sequential run reports a finished request after the next one is sent, every report in order, all before it ends', async () => {
  const { result, log } = await run(THREE);
  assert.ok(result.passed);
  const reports = log.filter((entry) => !entry.startsWith('send'));
  assert.deepEqual(reports, ['start 0', 'recorded 0', 'end 0', 'start 1', 'recorded 1', 'end 1', 'start 2', 'recorded 2', 'end 2']);
  // The end of /one is reported once /two is on its way, not between /one's answer and /two's send.
  assert.ok(log.indexOf('send /two') < log.indexOf('end 0'), log.join(', '));
  assert.ok(log.indexOf('send /three') < log.indexOf('end 1'), log.join(', '));
  assert.ok(log.indexOf('send /one') < log.indexOf('start 0'), log.join(', '));
});

test('a request that fails before it is sent does not hold back the reports before it, nor change their order', async () => {
  const text = ['GET {{base}}/one', '', '###', 'GET {{base}}/{{missing}}', '', '###', 'GET {{base}}/three', ''].join('\n');
  const { result, log } = await run(text);
  assert.equal(result.results[1]!.outcome, 'failed');
  assert.deepEqual(
    log.filter((entry) => !entry.startsWith('send')),
    ['start 0', 'recorded 0', 'end 0', 'end 1', 'start 2', 'recorded 2', 'end 2'],
  );
});

test('a parallel run reports each request as it ends, in the file order', async () => {
  const { log } = await run(THREE, { parallel: 3 });
  const ends = log.filter((entry) => entry.startsWith('end'));
  assert.deepEqual(ends, ['end 0', 'end 1', 'end 2']);
});

test('an event handler that throws fails the run, after the other reports were made', async () => {
  let seen = 0;
  await assert.rejects(
    run(THREE, {
      onEvent: (event) => {
        seen++;
        if (event.type === 'end' && event.result.index === 0) throw new Error('handler broke');
      },
    }),
    /handler broke/,
  );
  assert.equal(seen, 6);
});

test('ReportQueue: reports that wait run after the fallback of 10 ms when no request is written', async () => {
  const queue = new ReportQueue();
  const ran: string[] = [];
  queue.add(() => ran.push('a'), true);
  queue.add(() => ran.push('b'), true);
  assert.equal(ran.join(','), '');
  await new Promise((resolve) => setTimeout(resolve, 60));
  assert.equal(ran.join(','), 'a,b');
  // One that cannot wait runs those that wait first.
  queue.add(() => ran.push('c'), true);
  queue.add(() => ran.push('d'), false);
  assert.equal(ran.join(','), 'a,b,c,d');
});
