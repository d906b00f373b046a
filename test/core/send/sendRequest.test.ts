import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync, brotliCompressSync, deflateSync } from 'node:zlib';
import { readFileSync, statSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sendRequest } from '../../../src/core/send/sendRequest';
import { SendPipeline } from '../../../src/core/send/sendPipeline';
import type { PreparedRequest } from '../../../src/core/send/types';
import { makeCertificates, startHttpServer, startHttpsServer, type TestServer, type TestCertificates } from '../../helpers/http-servers';

let server: TestServer;
let certs: TestCertificates;
let tlsServer: TestServer;
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

before(async () => {
  server = await startHttpServer((req, res, body) => {
    const url = new URL(req.url!, 'http://x');
    switch (url.pathname) {
      case '/echo':
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ method: req.method, body: body.toString(), auth: req.headers.authorization ?? null }));
      case '/gzip':
        res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
        return void res.end(gzipSync('hallo gzip'));
      case '/br':
        res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'br' });
        return void res.end(brotliCompressSync('hallo br'));
      case '/deflate':
        res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'deflate' });
        return void res.end(deflateSync('hallo deflate'));
      case '/latin1':
        res.writeHead(200, { 'content-type': 'text/plain; charset=ISO-8859-1' });
        return void res.end(Buffer.from([0x63, 0x61, 0x66, 0xe9]));
      case '/utf8':
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        return void res.end(Buffer.from('café', 'utf8'));
      case '/png':
        res.writeHead(200, { 'content-type': 'image/png' });
        return void res.end(png);
      case '/sniff':
        res.writeHead(200);
        return void res.end(Buffer.from([0x41, 0xff, 0xfe, 0x00, 0x42]));
      case '/big':
        res.writeHead(200, { 'content-type': 'text/plain' });
        return void res.end('x'.repeat(300_000));
      case '/r303':
        res.writeHead(303, { location: '/echo' });
        return void res.end();
      case '/r307':
        res.writeHead(307, { location: '/echo' });
        return void res.end();
      case '/slow':
        // Never answers; the client's timeout must fire.
        return;
      default:
        res.writeHead(404, { 'content-type': 'application/problem+json' });
        return void res.end('{"title":"not found"}');
    }
  });
  certs = await makeCertificates();
  tlsServer = await startHttpsServer((_req, res) => res.end('secure'), certs);
});
after(async () => {
  await server.close();
  await tlsServer.close();
});

const request = (url: string, extra: Partial<PreparedRequest> = {}): PreparedRequest => ({ method: 'GET', url, headers: [], followRedirects: true, secrets: [], ...extra });

test('decodes gzip, br and deflate bodies', async () => {
  for (const [path, text] of [['/gzip', 'hallo gzip'], ['/br', 'hallo br'], ['/deflate', 'hallo deflate']]) {
    const record = await sendRequest(request(`${server.url}${path}`));
    assert.equal(record.response?.body.preview, text);
    assert.equal(record.response?.body.encoding, 'text');
  }
});

test('each body is decoded in its own charset, whatever the bodies before it were in', async () => {
  // The decoders are kept per charset and reused (bodyKind.ts): one body's must not leak into the next.
  const previews: string[] = [];
  for (const path of ['/latin1', '/utf8', '/latin1', '/utf8']) {
    const record = await sendRequest(request(`${server.url}${path}`));
    previews.push(record.response!.body.preview!);
  }
  assert.deepEqual(previews, ['café', 'café', 'café', 'café']);
});

test('records timings: socket, first byte, total', async () => {
  const record = await sendRequest(request(`${server.url}/echo`));
  assert.equal(record.response?.status, 200);
  assert.ok(record.timings.socketMs! >= 0 && record.timings.firstByteMs! >= record.timings.socketMs!);
  assert.ok(record.timings.totalMs >= record.timings.firstByteMs!);
  assert.equal(record.timings.tlsMs, undefined);
});

test('binary bodies stay bytes, by content type and by sniffing', async () => {
  const image = await sendRequest(request(`${server.url}/png`));
  assert.equal(image.response?.body.encoding, 'binary');
  assert.deepEqual(Buffer.from(image.response!.body.bytes!), png);
  assert.match(image.response!.body.preview, /^<binary, 12 bytes, starts 89 50 4e 47/);
  const sniffed = await sendRequest(request(`${server.url}/sniff`));
  assert.equal(sniffed.response?.body.encoding, 'binary');
});

test('a body over the cap streams to a file and keeps a preview', async () => {
  const spillDir = mkdtempSync(join(tmpdir(), 'regx-spill-'));
  const record = await sendRequest(request(`${server.url}/big`), { maxMemoryBytes: 100_000, previewBytes: 1000, spillDir });
  const body = record.response!.body;
  assert.equal(body.size, 300_000);
  assert.equal(body.bytes, undefined);
  assert.equal(body.preview.length, 1000);
  assert.equal(body.previewTruncated, true);
  assert.equal(statSync(body.file!).size, 300_000);
  assert.equal(readFileSync(body.file!, 'utf8'), 'x'.repeat(300_000));
});

test('303 follows as GET without the body and records the hop; 307 keeps method and body', async () => {
  const see = await sendRequest(request(`${server.url}/r303`, { method: 'POST', body: 'data', headers: [['content-type', 'text/plain']] }));
  assert.deepEqual(see.redirects, [{ status: 303, url: `${server.url}/echo` }]);
  assert.deepEqual(JSON.parse(see.response!.body.preview), { method: 'GET', body: '', auth: null });
  const temp = await sendRequest(request(`${server.url}/r307`, { method: 'POST', body: 'data' }));
  assert.deepEqual(JSON.parse(temp.response!.body.preview), { method: 'POST', body: 'data', auth: null });
});

test('no-redirect returns the redirect itself', async () => {
  const record = await sendRequest(request(`${server.url}/r303`, { followRedirects: false }));
  assert.equal(record.response?.status, 303);
  assert.deepEqual(record.redirects, []);
  assert.ok(record.response?.headers.some(([k, v]) => k === 'location' && v === '/echo'));
});

test('a timeout names the limit and how to raise it', async () => {
  const record = await sendRequest(request(`${server.url}/slow`, { timeoutMs: 150 }));
  assert.equal(record.error?.code, 'timeout');
  assert.match(record.error!.message, /150 ms/);
  assert.match(record.error!.hint!, /@timeout/);
  assert.match(record.error!.hint!, /--timeout/);
});

test('cancellation through AbortSignal', async () => {
  const controller = new AbortController();
  const pending = sendRequest(request(`${server.url}/slow`), { signal: controller.signal });
  setImmediate(() => controller.abort());
  const record = await pending;
  assert.equal(record.error?.code, 'aborted');
});

test('connection refused names host and port', async () => {
  const closed = await startHttpServer(() => undefined);
  await closed.close();
  const record = await sendRequest(request(`${closed.url}/`));
  assert.equal(record.error?.code, 'connect');
  assert.match(record.error!.message, new RegExp(`127\\.0\\.0\\.1:${closed.port}`));
});

test('TLS: an unknown CA names the issuer and how to trust it; with the CA it passes', async () => {
  const unknown = await sendRequest(request(`${tlsServer.url}/`));
  assert.equal(unknown.error?.code, 'tls');
  assert.match(unknown.error!.message, /Register Explorer Test Root/);
  assert.match(unknown.error!.hint!, /^Trust 'Register Explorer Test Root' \(CN=Register Explorer Test Root, O=Register Explorer Tests\): /);
  assert.match(unknown.error!.hint!, /--ca FILE/);
  assert.match(unknown.error!.hint!, /NODE_EXTRA_CA_CERTS/);
  assert.match(unknown.error!.hint!, /registerExplorer\.tls\.caFiles/);
  const trusted = await sendRequest(request(`${tlsServer.url}/`), { tls: { ca: [certs.caPem] } });
  assert.equal(trusted.error, undefined);
  assert.equal(trusted.response?.body.preview, 'secure');
  assert.ok(trusted.timings.tlsMs! > 0);
  const insecure = await sendRequest(request(`${tlsServer.url}/`), { tls: { insecure: true } });
  assert.equal(insecure.response?.status, 200);
});

test('TLS: with an intermediate, the message names the issuer and the root to trust', async () => {
  const chained = await makeCertificates({ caName: 'Staat der Tests Private Root CA - G1', intermediate: 'Tests PKIoverheid Private Services CA' });
  const server = await startHttpsServer((_q, r) => r.end('chained'), chained);
  try {
    const unknown = await sendRequest(request(`${server.url}/`));
    assert.equal(unknown.error?.code, 'tls');
    assert.match(unknown.error!.message, /issued by 'CN=Tests PKIoverheid Private Services CA' under 'CN=Staat der Tests Private Root CA - G1, O=Register Explorer Tests'/);
    const trusted = await sendRequest(request(`${server.url}/`), { tls: { ca: [chained.caPem] } });
    assert.equal(trusted.response?.body.preview, 'chained');
  } finally {
    await server.close();
  }
});

test('TLS: wrong host name and expired certificate are told apart', async () => {
  const wrongHost = await makeCertificates({ hosts: ['registry.example'] });
  const expired = await makeCertificates({ expired: true });
  const a = await startHttpsServer((_q, r) => r.end('x'), wrongHost);
  const b = await startHttpsServer((_q, r) => r.end('x'), expired);
  try {
    const mismatch = await sendRequest(request(`${a.url}/`), { tls: { ca: [wrongHost.caPem] } });
    assert.equal(mismatch.error?.code, 'tls-hostname');
    assert.match(mismatch.error!.message, /not valid for '127\.0\.0\.1'/);
    const old = await sendRequest(request(`${b.url}/`), { tls: { ca: [expired.caPem] } });
    assert.equal(old.error?.code, 'tls-expired');
    assert.match(old.error!.message, /expired on/);
  } finally {
    await a.close();
    await b.close();
  }
});

test('the pipeline runs policies in order around the send', async () => {
  const seen: string[] = [];
  const pipeline = new SendPipeline([
    { name: 'first', beforeSend: (r) => (seen.push('first'), { ...r, headers: [...r.headers, ['authorization', 'Bearer one']] }) },
    { name: 'second', beforeSend: (r) => (seen.push('second:' + r.headers.length), r), afterResponse: (rec) => void seen.push(`after:${rec.response?.status}`) },
  ]);
  const record = await pipeline.run(request(`${server.url}/echo`));
  assert.deepEqual(seen, ['first', 'second:1', 'after:200']);
  assert.equal(JSON.parse(record.response!.body.preview).auth, 'Bearer one');
});

test('the timeout hint names where the default limit is set', async () => {
  const record = await sendRequest(request(`${server.url}/slow`), { defaultTimeoutMs: 100, defaultTimeoutSource: "the 'registerExplorer.timeoutMs' setting" });
  assert.match(record.error!.message, /no response within 100 ms \(the default limit\)/);
  assert.equal(record.error!.hint, "Raise the limit with '# @timeout 60000' above the request or the 'registerExplorer.timeoutMs' setting.");
});
