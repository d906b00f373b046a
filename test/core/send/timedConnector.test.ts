import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { Agent } from 'undici';
import { timedConnector } from '../../../src/core/send/timedConnector';
import { sendRequest } from '../../../src/core/send/sendRequest';

const BODY = Buffer.alloc(64 * 1024, 0x61);

async function rawServer(respond: (socket: Socket) => void) {
  const server = createServer((socket) => socket.once('data', () => respond(socket)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

test('a server closing while the body is not read yet does not crash the process (undici#5360)', async () => {
  const server = await rawServer((socket) => {
    socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${BODY.length}\r\nConnection: close\r\n\r\n`);
    socket.end(BODY);
  });
  const agent = new Agent({ connect: timedConnector({}, undefined) });
  try {
    const response = await agent.request({ origin: server.url, path: '/', method: 'GET' });
    // Let the FIN arrive while the parser is paused under backpressure.
    await new Promise<void>((resolve) => response.body.once('readable', () => setTimeout(resolve, 50)));
    let size = 0;
    for await (const chunk of response.body) size += (chunk as Buffer).length;
    assert.equal(size, BODY.length);
  } finally {
    await agent.close();
    await server.close();
  }
});

test('a body delimited by the connection closing (no length) still completes', async () => {
  const server = await rawServer((socket) => {
    socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n');
    socket.end('until the end');
  });
  try {
    const record = await sendRequest({ method: 'GET', url: `${server.url}/`, headers: [], followRedirects: true, secrets: [] });
    assert.equal(record.error, undefined);
    assert.equal(record.response?.body.preview, 'until the end');
  } finally {
    await server.close();
  }
});

test('a corrupt gzip body and a connection cut mid-body are errors, not crashes or silent truncation', async () => {
  const corrupt = await rawServer((socket) => {
    socket.end('HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 10\r\n\r\nnot-gzip!!');
  });
  const cut = await rawServer((socket) => {
    socket.write('HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nonly a part');
    socket.destroy();
  });
  try {
    const bad = await sendRequest({ method: 'GET', url: `${corrupt.url}/`, headers: [], followRedirects: true, secrets: [] });
    assert.equal(bad.error?.code, 'protocol');
    assert.match(bad.error!.message, /could not be decoded/);
    const short = await sendRequest({ method: 'GET', url: `${cut.url}/`, headers: [], followRedirects: true, secrets: [] });
    assert.ok(short.error, 'a truncated body is reported');
    assert.equal(short.response, undefined);
  } finally {
    await corrupt.close();
    await cut.close();
  }
});
