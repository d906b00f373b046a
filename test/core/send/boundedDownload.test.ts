// Every download is bounded: in time as a whole (a drip-fed body), in size (an endless body, also
// on disk), in expansion (a gzip bomb); and bodies on disk are private and never written through
// a planted link.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sendRequest } from '../../../src/core/send/sendRequest';
import type { PreparedRequest } from '../../../src/core/send/types';
import { startHttpServer, type TestServer } from '../../helpers/http-servers';

let server: TestServer;
/** Bytes the endless handler managed to write before the client hung up. */
let endlessSent = 0;
const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));

before(async () => {
  server = await startHttpServer(async (req, res) => {
    if (req.url === '/drip') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      // One byte every 20 ms, for ever: each gap is far below the idle limit.
      const timer = setInterval(() => res.write('x'), 20);
      res.once('close', () => clearInterval(timer));
      return;
    }
    if (req.url === '/endless') {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const chunk = Buffer.alloc(256 * 1024, 7);
      endlessSent = 0;
      while (!res.destroyed) {
        endlessSent += chunk.length;
        if (!res.write(chunk)) await new Promise((resolve) => { res.once('drain', resolve); res.once('close', resolve); });
      }
      return;
    }
    if (req.url === '/bomb') {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
      return void res.end(bomb);
    }
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('z'.repeat(300_000));
  });
});
after(() => server.close());

function request(path: string, extra: Partial<PreparedRequest> = {}): PreparedRequest {
  return { method: 'GET', url: `${server.url}${path}`, headers: [], followRedirects: true, secrets: [], ...extra };
}

test('a drip-fed body ends at the total deadline although no gap reaches the idle limit', { timeout: 20_000 }, async () => {
  const spillDir = mkdtempSync(join(tmpdir(), 'regx-drip-'));
  const record = await sendRequest(request('/drip', { timeoutMs: 5000 }), { deadlineMs: 400, spillDir });
  assert.equal(record.error?.code, 'timeout');
  assert.match(record.error!.message, /400 ms deadline for the whole exchange/);
  assert.match(record.error!.hint!, /--deadline/);
});

test('an endless body stops at --max-body-bytes with a clear failure, and leaves no file behind', { timeout: 60_000 }, async () => {
  const spillDir = join(mkdtempSync(join(tmpdir(), 'regx-endless-')), 'bodies');
  const record = await sendRequest(request('/endless'), { maxBodyBytes: 8 * 1024 * 1024, maxMemoryBytes: 1024 * 1024, spillDir });
  assert.equal(record.error?.code, 'too-large');
  assert.match(record.error!.message, /larger than 8388608 bytes; the download was stopped/);
  assert.match(record.error!.hint!, /--max-body-bytes/);
  assert.deepEqual(readdirSync(spillDir), [], 'the partial spill file is deleted');
  // The server was cut off soon after the limit (socket buffers hold a few MB at most).
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.ok(endlessSent < 64 * 1024 * 1024, `server wrote ${endlessSent} bytes`);
});

test('a gzip bomb (64 MB of zeros in 64 KB) stops at the decompression ratio, nothing on disk', async () => {
  const spillDir = join(mkdtempSync(join(tmpdir(), 'regx-bomb-')), 'bodies');
  const record = await sendRequest(request('/bomb'), { spillDir, maxMemoryBytes: 1024 * 1024 });
  assert.equal(record.error?.code, 'decompression-bomb');
  assert.match(record.error!.message, /decompression bomb/);
  assert.deepEqual(readdirSync(spillDir), []);
});

test('the body folder is created 0700, bodies are 0600', async () => {
  const spillDir = join(mkdtempSync(join(tmpdir(), 'regx-mode-')), 'bodies');
  const record = await sendRequest(request('/big'), { spillDir, maxMemoryBytes: 100_000 });
  assert.equal(record.error, undefined);
  const file = record.response!.body.file!;
  assert.equal(statSync(spillDir).mode & 0o777, 0o700);
  assert.equal(statSync(file).mode & 0o777, 0o600);
});

test('a body folder planted as a symbolic link is refused; nothing is written where it points', async () => {
  const base = mkdtempSync(join(tmpdir(), 'regx-link-'));
  const target = join(base, 'attacker');
  mkdirSync(target);
  const spillDir = join(base, 'bodies');
  symlinkSync(target, spillDir);
  const record = await sendRequest(request('/big'), { spillDir, maxMemoryBytes: 100_000 });
  assert.equal(record.error?.code, 'body-folder');
  assert.match(record.error!.message, /symbolic link/);
  assert.deepEqual(readdirSync(target), []);
  assert.ok(lstatSync(spillDir).isSymbolicLink());
});
