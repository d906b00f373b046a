import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { sendRequest } from '../../../src/core/send/sendRequest';
import { proxyFor, proxyFromEnvironment } from '../../../src/core/send/proxyTunnel';
import type { PreparedRequest } from '../../../src/core/send/types';
import { makeCertificates, startHttpServer, startHttpsServer, type TestCertificates, type TestServer } from '../../helpers/http-servers';

let proxy: Server;
let proxyUrl: string;
const seen: { method: string; target: string; auth?: string }[] = [];
let certs: TestCertificates;
let secure: TestServer;
let plain: TestServer;

before(async () => {
  // A small forward proxy on loopback: CONNECT tunnels and absolute-form requests, Basic auth.
  proxy = createServer((req, res) => {
    seen.push({ method: req.method!, target: req.url!, auth: req.headers['proxy-authorization'] });
    const target = new URL(req.url!);
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    const upstream = httpRequest({ host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode!, answer.headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
  });
  const sockets = new Set<Socket>();
  proxy.on('connection', (s: Socket) => (sockets.add(s), s.once('close', () => sockets.delete(s))));
  proxy.on('close', () => sockets.forEach((s) => s.destroy()));
  proxy.on('connect', (req, socket: Socket, head: Buffer) => {
    seen.push({ method: 'CONNECT', target: req.url!, auth: req.headers['proxy-authorization'] });
    if (req.headers['proxy-authorization'] !== `Basic ${Buffer.from('jan:geheim wachtwoord').toString('base64')}`) {
      return void socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\n\r\n');
    }
    const [host, port] = req.url!.split(':');
    const upstream = connect(Number(port), host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://jan:geheim%20wachtwoord@127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  certs = await makeCertificates();
  secure = await startHttpsServer((_req, res) => res.end('through the tunnel'), certs);
  plain = await startHttpServer((req, res) => res.end(`plain ${req.url}`));
});
after(async () => {
  await secure.close();
  await plain.close();
  await new Promise<void>((resolve) => proxy.close(() => resolve()));
});

const request = (url: string): PreparedRequest => ({ method: 'GET', url, headers: [], followRedirects: true, secrets: [] });

test('HTTPS through a CONNECT tunnel with proxy credentials; the certificate is still checked end to end', async () => {
  const record = await sendRequest(request(`${secure.url}/x`), { proxy: { https: proxyUrl }, tls: { ca: [certs.caPem] } });
  assert.equal(record.error, undefined);
  assert.equal(record.response?.body.preview, 'through the tunnel');
  assert.deepEqual(seen.at(-1), { method: 'CONNECT', target: `127.0.0.1:${secure.port}`, auth: `Basic ${Buffer.from('jan:geheim wachtwoord').toString('base64')}` });
  assert.ok(!JSON.stringify(record).includes('geheim'), 'proxy credentials are not part of the record');
  const untrusted = await sendRequest(request(`${secure.url}/x`), { proxy: { https: proxyUrl } });
  assert.equal(untrusted.error?.code, 'tls');
});

test('a proxy that wants credentials: code proxy, the status and how to give them', async () => {
  const withoutAuth = proxyUrl.replace('jan:geheim%20wachtwoord@', '');
  const record = await sendRequest(request(`${secure.url}/x`), { proxy: { https: withoutAuth }, tls: { ca: [certs.caPem] } });
  assert.equal(record.error?.code, 'proxy');
  assert.match(record.error!.message, /answered 407 to CONNECT 127\.0\.0\.1:\d+ \(proxy authentication required: put the credentials in the proxy URL/);
  assert.match(record.error!.hint!, /HTTPS_PROXY/);
});

test('plain HTTP goes to the proxy in absolute form', async () => {
  const record = await sendRequest(request(`${plain.url}/a?b=1`), { proxy: { http: proxyUrl } });
  assert.equal(record.response?.body.preview, 'plain /a?b=1');
  assert.equal(seen.at(-1)!.target, `${plain.url}/a?b=1`);
  assert.ok(seen.at(-1)!.auth?.startsWith('Basic '));
});

test('a proxy that does not answer is named', async () => {
  const gone = await startHttpServer(() => undefined);
  await gone.close();
  const record = await sendRequest(request(`${secure.url}/x`), { proxy: { https: `http://127.0.0.1:${gone.port}` } });
  assert.equal(record.error?.code, 'proxy');
  assert.match(record.error!.message, new RegExp(`the proxy 127\\.0\\.0\\.1:${gone.port} failed`));
});

test('NO_PROXY, and loopback kept direct by proxyFromEnvironment', () => {
  const settings = { https: 'http://proxy.example:3128', noProxy: '.kvk.nl,intern.local:8443,vlaanderen.be' };
  assert.equal(proxyFor('https:', 'api.kvk.nl', 443, settings)?.host, undefined);
  assert.equal(proxyFor('https:', 'intern.local', 8443, settings), undefined);
  assert.equal(proxyFor('https:', 'intern.local', 443, settings)?.host, 'proxy.example:3128');
  assert.equal(proxyFor('https:', 'beheer.verenigingen.vlaanderen.be', 443, settings), undefined);
  assert.equal(proxyFor('http:', 'api.kvk.nl', 80, settings), undefined, 'no HTTP proxy configured');
  assert.equal(proxyFor('https:', 'x', 443, { ...settings, noProxy: '*' }), undefined);
  const fromEnv = proxyFromEnvironment({ https_proxy: 'proxy.example:3128', NO_PROXY: 'kvk.nl' });
  assert.equal(proxyFor('https:', '127.0.0.1', 7400, fromEnv), undefined);
  assert.equal(proxyFor('https:', 'localhost', 7400, fromEnv), undefined);
  assert.equal(proxyFor('https:', 'api.kvk.nl', 443, fromEnv), undefined);
  assert.equal(proxyFor('https:', 'klanten-api.vng.cloud', 443, fromEnv)?.href, 'http://proxy.example:3128/');
  assert.equal(proxyFromEnvironment({}), undefined);
});
