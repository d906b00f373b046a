import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createSecureServer, type Http2SecureServer } from 'node:http2';
import type { AddressInfo, Socket } from 'node:net';
import { sendRequest } from '../../../src/core/send/sendRequest';
import { ConnectionPool } from '../../../src/core/send/connectionPool';
import type { PreparedRequest, ResponseRecord } from '../../../src/core/send/types';
import { makeCertificates, startHttpServer, startHttpsServer, type TestCertificates, type TestServer } from '../../helpers/http-servers';

const request = (url: string, extra: Partial<PreparedRequest> = {}): PreparedRequest => ({ method: 'GET', url, headers: [], followRedirects: true, secrets: [], ...extra });

/** Counts the TCP connections a server accepted. */
function countConnections(server: { on(event: 'connection', listener: (socket: Socket) => void): unknown }): { opened: number; open: Set<Socket> } {
  const counter = { opened: 0, open: new Set<Socket>() };
  server.on('connection', (socket) => {
    counter.opened++;
    counter.open.add(socket);
    socket.once('close', () => counter.open.delete(socket));
  });
  return counter;
}

let certs: TestCertificates;
let http: TestServer;
let https: TestServer;

before(async () => {
  certs = await makeCertificates();
  http = await startHttpServer((_q, r) => r.end('plain'));
  https = await startHttpsServer((_q, r) => r.end('secure'), certs);
});

after(async () => {
  await http.close();
  await https.close();
});

async function withServer<T extends { close(): Promise<void> }>(server: T, body: (server: T) => Promise<void>): Promise<void> {
  try {
    await body(server);
  } finally {
    await server.close();
  }
}

/**
 * The honest-timings invariant: every connection the server accepted shows up as exactly one
 * record that paid for it (not reused, connect time > 0); every other record says `reused`.
 */
function assertHonest(records: ResponseRecord[], accepted: number): void {
  const fresh = records.filter((r) => !r.timings.reused);
  assert.equal(fresh.length, accepted, `${fresh.length} records paid a connect, the server accepted ${accepted}`);
  for (const r of fresh) assert.ok(r.timings.socketMs! > 0, `a new connection's connect time is measured (${r.timings.socketMs})`);
  for (const r of records.filter((r) => r.timings.reused)) {
    assert.equal(r.timings.socketMs, 0);
    assert.ok(r.timings.tlsMs === undefined || r.timings.tlsMs === 0);
  }
}

test('a pool carries sequential sends over kept-alive connections, the later ones reported as reused with connect 0', async () => {
  const server = await startHttpServer((_q, r) => r.end('ok'));
  const pool = new ConnectionPool();
  await withServer(server, async () => {
    const records: ResponseRecord[] = [];
    for (let i = 0; i < 20; i++) records.push(await sendRequest(request(`${server.url}/${i}`), { pool }));
    assert.ok(records.every((r) => r.response?.body.preview === 'ok'));
    assert.equal(records[0]!.timings.reused, undefined);
    // undici may open a second connection when the next request is dispatched before it has
    // marked the first one free; after that they take turns.
    assert.ok(server.connections.accepted <= 2, `${server.connections.accepted} connections for 20 sequential sends`);
    assert.equal(records.at(-1)!.timings.reused, true);
    assertHonest(records, server.connections.accepted);
    await pool.close();
  });
});

test('bounded to one connection per origin, a sequential run uses exactly one; every send after the first says reused', async () => {
  const server = await startHttpServer((_q, r) => r.end('ok'));
  const pool = new ConnectionPool({ connectionsPerOrigin: 1 });
  await withServer(server, async () => {
    const records: ResponseRecord[] = [];
    for (let i = 0; i < 10; i++) records.push(await sendRequest(request(`${server.url}/${i}`), { pool }));
    assert.equal(server.connections.accepted, 1);
    assert.deepEqual(records.map((r) => r.timings.reused ?? false), [false, ...Array(9).fill(true)]);
    assertHonest(records, 1);
    await pool.close();
  });
});

test('without a pool every send opens and closes its own connection, never reused', async () => {
  const server = await startHttpServer((_q, r) => r.end('ok'));
  await withServer(server, async () => {
    const records = [await sendRequest(request(`${server.url}/a`)), await sendRequest(request(`${server.url}/b`)), await sendRequest(request(`${server.url}/c`))];
    assert.equal(server.connections.accepted, 3);
    assertHonest(records, 3);
  });
});

test('HTTPS through a pool: the handshake is paid once; the reused send shows TLS 0', async () => {
  const server = await startHttpsServer((_q, r) => r.end('secure'), certs);
  const pool = new ConnectionPool();
  await withServer(server, async () => {
    const records: ResponseRecord[] = [];
    for (let i = 0; i < 10; i++) records.push(await sendRequest(request(`${server.url}/`), { pool, tls: { ca: [certs.caPem] } }));
    await pool.close();
    assert.equal(records[0]!.response?.body.preview, 'secure');
    assert.ok(records[0]!.timings.tlsMs! > 0);
    assert.equal(records[0]!.response?.httpVersion, '1.1');
    for (const r of records.filter((r) => !r.timings.reused)) assert.ok(r.timings.tlsMs! > 0);
    assert.deepEqual([records.at(-1)!.timings.reused, records.at(-1)!.timings.socketMs, records.at(-1)!.timings.tlsMs], [true, 0, 0]);
    assertHonest(records, server.connections.accepted);
  });
});

test('pooled TLS still checks the certificate itself: every send to an untrusted server fails naming the issuer', async () => {
  const pool = new ConnectionPool();
  const results = [await sendRequest(request(`${https.url}/`), { pool }), await sendRequest(request(`${https.url}/`), { pool })];
  for (const result of results) {
    assert.equal(result.error?.code, 'tls');
    assert.match(result.error!.message, /Register Explorer Test Root/);
    assert.equal(result.response, undefined);
  }
  // The same pool with the CA trusted is a different set of connections, and it works.
  const trusted = await sendRequest(request(`${https.url}/`), { pool, tls: { ca: [certs.caPem] } });
  assert.equal(trusted.response?.status, 200);
  await pool.close();
});

test('a connection opened with --insecure is never lent to a send that checks certificates', async () => {
  const pool = new ConnectionPool();
  const insecure = await sendRequest(request(`${https.url}/`), { pool, tls: { insecure: true } });
  assert.equal(insecure.response?.status, 200);
  const checked = await sendRequest(request(`${https.url}/`), { pool });
  assert.equal(checked.error?.code, 'tls');
  await pool.close();
});

test('HTTP/2 when the server offers it: version 2, many sends over one session, the later ones reused', async () => {
  const server = createSecureServer({ cert: certs.certPem, key: certs.keyPem, allowHTTP1: true }, (req, res) => {
    res.setHeader('content-type', 'text/plain');
    res.end(`h${req.httpVersion}`);
  });
  const connections = countConnections(server);
  await listen(server);
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const pool = new ConnectionPool();
  try {
    const first = await sendRequest(request(`${url}/`), { pool, tls: { ca: [certs.caPem] } });
    assert.equal(first.error, undefined);
    assert.equal(first.response?.httpVersion, '2');
    assert.equal(first.response?.body.preview, 'h2.0');
    assert.equal(first.timings.reused, undefined);
    const more = await Promise.all(Array.from({ length: 5 }, () => sendRequest(request(`${url}/`), { pool, tls: { ca: [certs.caPem] } })));
    for (const record of more) assert.equal(record.response?.httpVersion, '2');
    assert.ok(more.some((r) => r.timings.reused));
    assertHonest([first, ...more], connections.opened);
    // A pool that does not offer h2 speaks HTTP/1.1 to the same server.
    const h1 = new ConnectionPool({ allowH2: false });
    const old = await sendRequest(request(`${url}/`), { pool: h1, tls: { ca: [certs.caPem] } });
    assert.equal(old.response?.httpVersion, '1.1');
    assert.equal(old.response?.body.preview, 'h1.1');
    await h1.close();
  } finally {
    await pool.close();
    for (const socket of connections.open) socket.destroy();
    server.close();
  }
});

test('parallel sends open parallel connections up to the bound; the next round reuses them all', async () => {
  const server = await startHttpServer((_q, r) => setTimeout(() => r.end('slow'), 20));
  const pool = new ConnectionPool({ connectionsPerOrigin: 8 });
  await withServer(server, async () => {
    const round = () => Promise.all(Array.from({ length: 8 }, (_, i) => sendRequest(request(`${server.url}/${i}`), { pool })));
    const first = await round();
    assert.equal(server.connections.accepted, 8);
    assert.ok(first.every((r) => r.response?.status === 200 && !r.timings.reused));
    const second = await round();
    assert.ok(second.every((r) => r.timings.reused));
    assert.equal(server.connections.accepted, 8);
    assertHonest([...first, ...second], server.connections.accepted);
    await pool.close();
  });
});

test('an idle pool closes its connections; a later send opens a new one', async () => {
  const server = await startHttpServer((_q, r) => r.end('ok'));
  const pool = new ConnectionPool({ idleCloseMs: 20 });
  await withServer(server, async () => {
    await sendRequest(request(`${server.url}/`), { pool });
    assert.equal(server.connections.open.size, 1);
    const [socket] = server.connections.open;
    await once(socket!, 'close');
    const again = await sendRequest(request(`${server.url}/`), { pool });
    assert.equal(again.timings.reused, undefined);
    assert.equal(server.connections.accepted, 2);
    await pool.close();
  });
});

test('a closed pool refuses to lend a connection', async () => {
  const pool = new ConnectionPool();
  await pool.close();
  assert.throws(() => pool.acquire({}), /closed/);
});

test('plain HTTP through a pool is HTTP/1.1', async () => {
  const pool = new ConnectionPool();
  const record = await sendRequest(request(`${http.url}/`), { pool });
  await pool.close();
  assert.equal(record.response?.httpVersion, '1.1');
  assert.equal(record.response?.body.preview, 'plain');
});

function listen(server: Http2SecureServer): Promise<void> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
}
