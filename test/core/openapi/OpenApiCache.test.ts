import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenApiCache, OpenApiError } from '../../../src/core/openapi';
import { statHost } from './fixtures';

function doc(title: string, ref = "{ type: string }"): string {
  return `openapi: 3.0.3
info: { title: ${title}, version: '1' }
paths:
  /a:
    get:
      responses:
        '200': { description: ok, content: { application/json: { schema: ${ref} } } }
`;
}

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'regx-cache-'));
}

test('a file is loaded once per version; concurrent callers share one load', async () => {
  const dir = await tempDir();
  try {
    const file = join(dir, 'api.yaml');
    await writeFile(file, doc('Een'));
    const cache = new OpenApiCache(statHost);
    const [a, b, c] = await Promise.all([cache.get(file), cache.get(file), cache.get(file)]);
    assert.equal(cache.loads, 1);
    assert.equal(a, b);
    assert.equal(b, c);
    assert.equal(await cache.get(file), a, 'unchanged file: the same index');
    assert.equal(cache.loads, 1);
    await writeFile(file, doc('Twee en langer'));
    const changed = await cache.get(file);
    assert.equal(cache.loads, 2);
    assert.equal(changed.title, 'Twee en langer');
    assert.equal(cache.peek(file), changed);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a change to a file reached through $ref also invalidates the index', async () => {
  const dir = await tempDir();
  try {
    const file = join(dir, 'api.yaml');
    await writeFile(file, doc('Split', "{ $ref: 'schema.yaml' }"));
    await writeFile(join(dir, 'schema.yaml'), 'type: string\n');
    const cache = new OpenApiCache(statHost);
    const first = await cache.get(file);
    const schemaOf = (index: typeof first) => index.operations[0]?.responses[0]?.content['application/json']?.schema;
    assert.deepEqual(schemaOf(first), { type: 'string' });
    await writeFile(join(dir, 'schema.yaml'), 'type: integer\n');
    // same size, so move the mtime on explicitly: the version is mtime + size
    const later = new Date(Date.now() + 5000);
    await utimes(join(dir, 'schema.yaml'), later, later);
    const second = await cache.get(file);
    assert.equal(cache.loads, 2);
    assert.deepEqual(schemaOf(second), { type: 'integer' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('URL documents are revalidated with their ETag after the max age', async () => {
  let body = JSON.stringify({ openapi: '3.0.3', info: { title: 'Remote', version: '1' }, paths: {} });
  let etag = '"v1"';
  const seen: { ifNoneMatch?: string }[] = [];
  const server: Server = createServer((req, res) => {
    seen.push({ ifNoneMatch: req.headers['if-none-match'] });
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag }).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', etag }).end(body);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/openapi.json`;
    let now = 1_000_000;
    const cache = new OpenApiCache({ ...statHost, fetch: (u, init) => fetch(u, init), now: () => now }, { urlMaxAgeMs: 60_000 });
    const first = await cache.get(url);
    assert.equal(first.title, 'Remote');
    assert.equal(await cache.get(url), first, 'within the max age the server is not asked');
    assert.equal(seen.length, 1);
    now += 61_000;
    assert.equal(await cache.get(url), first, '304: same index');
    assert.deepEqual(seen[1], { ifNoneMatch: '"v1"' });
    assert.equal(cache.loads, 1);
    body = JSON.stringify({ openapi: '3.0.3', info: { title: 'Remote v2', version: '2' }, paths: {} });
    etag = '"v2"';
    now += 61_000;
    const second = await cache.get(url);
    assert.equal(second.title, 'Remote v2');
    assert.equal(cache.loads, 2);
  } finally {
    await new Promise<void>((done) => server.close(() => done()));
  }
});

test('a description URL where nothing listens says the connection was refused, not just "fetch failed"', async () => {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((done) => server.close(() => done()));
  const cache = new OpenApiCache({ ...statHost, fetch: (u, init) => fetch(u, init) });
  await assert.rejects(cache.get(`http://127.0.0.1:${port}/openapi.json`), (error: Error) => {
    assert.ok(error instanceof OpenApiError);
    assert.equal(error.message, `cannot fetch http://127.0.0.1:${port}/openapi.json: connection refused (nothing listens on 127.0.0.1:${port})`);
    return true;
  });
});

test("one caller's cancellation ends its own wait, not the shared load", async () => {
  const dir = await tempDir();
  try {
    const file = join(dir, 'api.yaml');
    await writeFile(file, doc('Gedeeld'));
    const cache = new OpenApiCache(statHost);
    const controller = new AbortController();
    const cancelled = cache.get(file, controller.signal);
    const other = cache.get(file);
    controller.abort();
    await assert.rejects(cancelled, (error: unknown) => error instanceof OpenApiError && error.kind === 'aborted');
    assert.equal((await other).title, 'Gedeeld');
    assert.equal(await cache.get(file), await other);
    assert.equal(cache.loads, 1);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
