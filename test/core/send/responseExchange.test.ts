// sendRequest reads responses through ResponseExchange (undici's dispatch() with a handler of
// our own): a body in many chunks arrives whole whatever the reader's pace, a download stopped
// half-way closes its connection instead of lending it on, a redirect's body is drained so its
// connection is reused, and a connection error is the send's error as before.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sendRequest } from '../../../src/core/send/sendRequest';
import { ConnectionPool } from '../../../src/core/send/connectionPool';
import { ResponseExchange } from '../../../src/core/send/responseExchange';
import type { PreparedRequest } from '../../../src/core/send/types';
import { startHttpServer, type TestServer } from '../../helpers/http-servers';

const request = (url: string, extra: Partial<PreparedRequest> = {}): PreparedRequest => ({ method: 'GET', url, headers: [], followRedirects: true, secrets: [], ...extra });

/** 5,000 bytes written with the head in one go: it arrives whole before the body is read. */
const whole = Buffer.from(Array.from({ length: 5000 }, (_, i) => String.fromCharCode(97 + (i % 26))).join(''));
/** 8 MB in 2,048 writes of 4 KB, each with its own byte pattern. */
const big = Buffer.concat(Array.from({ length: 2048 }, (_, i) => Buffer.alloc(4096, i % 251)));
let server: TestServer;

before(async () => {
  server = await startHttpServer((q, r) => {
    if (q.url === '/big') {
      r.setHeader('content-type', 'application/octet-stream');
      for (let i = 0; i < big.length; i += 4096) r.write(big.subarray(i, i + 4096));
      r.end();
    } else if (q.url === '/moved') {
      r.statusCode = 302;
      r.setHeader('location', '/small');
      r.end('x'.repeat(20_000));
    } else if (q.url === '/whole') {
      r.setHeader('content-type', 'text/plain');
      r.end(whole);
    } else r.end('small');
  });
});

after(() => server.close());

test('a body of many chunks arrives whole and in order (the handler pauses and resumes the socket)', async () => {
  const pool = new ConnectionPool({ connectionsPerOrigin: 1 });
  try {
    const record = await sendRequest(request(`${server.url}/big`), { pool, maxMemoryBytes: 64 * 1024 * 1024 });
    assert.equal(record.error, undefined);
    assert.equal(record.response!.body.size, big.length);
    assert.equal(createHash('sha256').update(record.response!.body.bytes!).digest('hex'), createHash('sha256').update(big).digest('hex'));
  } finally {
    await pool.destroy();
  }
});

test('a download stopped at --max-body-bytes closes its connection: the next send opens a new one', async () => {
  const pool = new ConnectionPool({ connectionsPerOrigin: 1 });
  try {
    const before = server.connections.accepted;
    const stopped = await sendRequest(request(`${server.url}/big`), { pool, maxBodyBytes: 100_000 });
    assert.equal(stopped.error?.code, 'too-large');
    const next = await sendRequest(request(`${server.url}/small`), { pool });
    assert.equal(next.response?.status, 200);
    assert.equal(next.timings.reused, undefined, 'not the connection the stopped download left mid-body');
    assert.equal(server.connections.accepted - before, 2);
  } finally {
    await pool.destroy();
  }
});

test("a redirect's body is drained and its connection carries the next hop", async () => {
  const pool = new ConnectionPool({ connectionsPerOrigin: 1 });
  try {
    const before = server.connections.accepted;
    const record = await sendRequest(request(`${server.url}/moved`), { pool });
    assert.equal(record.response?.status, 200);
    assert.equal(record.response?.body.bytes?.toString(), 'small');
    assert.deepEqual(record.redirects.map((r) => r.status), [302]);
    assert.equal(record.timings.reused, true, 'the last hop went over the first hop\'s connection');
    assert.equal(server.connections.accepted - before, 1);
  } finally {
    await pool.destroy();
  }
});

test('a refused connection is the send\'s error, with no response', async () => {
  const closed = await startHttpServer((_q, r) => r.end());
  const url = closed.url;
  await closed.close();
  const record = await sendRequest(request(url), { defaultTimeoutMs: 5000 });
  assert.equal(record.response, undefined);
  assert.match(record.error?.code ?? '', /ECONNREFUSED|connect/i);
});

test('a body that arrived whole with its head is taken at once: kept, spilled past the memory cap, refused past the body limit', async () => {
  // The whole-body path must be the one taken here, or this test says nothing about it.
  const takeEnded = ResponseExchange.prototype.takeEnded;
  let taken = 0;
  ResponseExchange.prototype.takeEnded = function (this: ResponseExchange) {
    const chunks = takeEnded.call(this);
    if (chunks) taken++;
    return chunks;
  };
  const pool = new ConnectionPool({ connectionsPerOrigin: 1 });
  try {
    const kept = await sendRequest(request(`${server.url}/whole`), { pool });
    assert.equal(kept.response!.body.size, whole.length);
    assert.deepEqual(Buffer.from(kept.response!.body.bytes!), whole);
    assert.equal(kept.response!.body.preview, whole.toString());

    const spillDir = mkdtempSync(join(tmpdir(), 'regx-whole-'));
    const spilled = await sendRequest(request(`${server.url}/whole`), { pool, maxMemoryBytes: 1000, spillDir });
    assert.equal(spilled.response!.body.bytes, undefined);
    assert.deepEqual(readFileSync(spilled.response!.body.file!), whole);
    assert.equal(spilled.timings.reused, true);

    const refused = await sendRequest(request(`${server.url}/whole`), { pool, maxBodyBytes: 1000 });
    assert.equal(refused.error?.code, 'too-large');
    // Nothing of it was left unread on the connection: the next send may use it.
    const next = await sendRequest(request(`${server.url}/small`), { pool });
    assert.equal(next.response?.status, 200);
    assert.equal(next.timings.reused, true);
    assert.equal(taken, 4, "every one of these small answers arrived whole");
  } finally {
    ResponseExchange.prototype.takeEnded = takeEnded;
    await pool.destroy();
  }
});
