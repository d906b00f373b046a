// A big description loads in a worker thread (src/core/openapi/workerLoader.ts), so the editor's
// extension host keeps turning its event loop: the index is the one the in-process load gives
// (same operations, details, schemas, shared objects and cycles), the load can be cancelled, and
// a description over the size or time cap is refused with a message that says so. How long the
// main thread stalls meanwhile is a figure of test/bench/bigDescription.bench.ts, not asserted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { OpenApiCache, OpenApiError, loadOpenApi, matchOperation, validateRequestBody, workerLoader, workerThreadOf, type OpenApiIndex } from '../../../src/core/openapi';
import { generateOpenApi, resourceName } from '../../fixtures/openapi/generate';
import { GraphDecoder, GraphEncoder } from '../../../src/core/openapi/workerProtocol';
import { fileHost } from './fixtures';

const script = join(__dirname, '..', '..', 'helpers', 'openapiWorker.cjs');

/** JSON of a value whose cycles and shared objects are written as the path where each was first seen. */
function canonical(value: unknown): string {
  const seen = new Map<object, string>();
  const walk = (v: unknown, path: string): unknown => {
    if (typeof v !== 'object' || v === null) return v;
    const first = seen.get(v);
    if (first !== undefined) return { seenAt: first };
    seen.set(v, path);
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${path}/${i}`));
    return Object.fromEntries(Object.keys(v).map((k) => [k, walk((v as Record<string, unknown>)[k], `${path}/${k}`)]));
  };
  return JSON.stringify(walk(value, ''));
}

/** Every operation's details read, in an order that differs from the document's. */
function everything(index: OpenApiIndex): unknown {
  const operations = [...index.operations].reverse().map((op) => ({ ...op }));
  const schemas = Object.keys(index.schemas).map((name) => [name, index.schemas[name]]);
  return { ...index, operations: operations.reverse(), schemas };
}

async function withDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'regx-worker-'));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

for (const format of ['yaml', 'json'] as const) {
  test(`a ${format} description over the threshold loads in a worker, into the index the in-process load gives`, async () => {
    await withDir(async (dir) => {
      const doc = await generateOpenApi(join(dir, `api.${format}`), { targetBytes: 3_000_000, format, yamlStyle: 'block' });
      const load = workerLoader({ script, minBytes: 1_000_000 });
      // The main thread turns meanwhile: a timer chain keeps running while the worker parses.
      let turns = 0;
      let loading = true;
      const tick = (): void => {
        if (!loading) return;
        turns++;
        setImmediate(tick);
      };
      setImmediate(tick);
      const { index, sources } = await load(doc.path, fileHost);
      loading = false;
      const worker = workerThreadOf(index);
      assert.ok(worker !== undefined && worker !== threadId, `loaded in thread ${worker}, this is ${threadId}`);
      assert.ok(turns > 0, 'the event loop turned during the load');
      assert.deepEqual(sources, [doc.path]);

      const inProcess = await loadOpenApi(doc.path, fileHost);
      assert.equal(workerThreadOf(inProcess), undefined);
      assert.equal(index.operations.length, doc.operations);
      assert.equal(canonical(everything(index)), canonical(everything(inProcess)));

      // Shared objects stay shared across separate requests to the worker.
      const n = doc.resources - 1;
      const replace = index.operations.find((op) => op.id === `replace${resourceName(n)}`)!;
      const body = replace.requestBody?.content['application/json']?.schema as { properties: Record<string, unknown> };
      assert.equal(body, index.schemas[resourceName(n)], 'the body schema is the named schema');
      assert.equal(body.properties.ouder, body, 'a cycle');
      assert.equal(body.properties.vorige, index.schemas[resourceName(n - 1)], 'a chain of refs');
      const match = matchOperation(index, 'PUT', `http://127.0.0.1:7499/api/r${n}/A1234567`);
      assert.equal(match?.operation, replace);
      const result = validateRequestBody(index, replace, 'application/json', { naam: 'x', status: 'weg' });
      assert.deepEqual(result.errors.map((e) => [e.path, e.keyword]), [['$.status', 'enum']]);
    });
  });
}

test('a small description loads in-process; a broken one fails with its line either way', async () => {
  await withDir(async (dir) => {
    const small = join(dir, 'small.yaml');
    await writeFile(small, 'openapi: 3.0.3\ninfo: {title: S, version: "1"}\npaths:\n  /a:\n    get:\n      responses:\n        "200": {description: ok}\n');
    const { index } = await workerLoader({ script })(small, fileHost);
    assert.equal(workerThreadOf(index), undefined);
    assert.equal(index.operations[0]?.path, '/a');

    const broken = join(dir, 'broken.yaml');
    await writeFile(broken, `openapi: 3.0.3\ninfo: {title: B, version: "1"}\npaths:\n  /a: [1, 2\n${'# padding\n'.repeat(20)}`);
    const error = await workerLoader({ script, minBytes: 10 })(broken, fileHost).catch((e: unknown) => e);
    assert.ok(error instanceof OpenApiError, String(error));
    assert.equal(error.kind, 'syntax');
    assert.equal(error.source, broken);
    assert.ok(error.line !== undefined);
  });
});

test('over the size cap: refused before any parsing, saying the size and the cap', async () => {
  await withDir(async (dir) => {
    const doc = await generateOpenApi(join(dir, 'api.json'), { targetBytes: 300_000, format: 'json' });
    const error = await workerLoader({ script, maxBytes: 100_000 })(doc.path, fileHost).catch((e: unknown) => e);
    assert.ok(error instanceof OpenApiError);
    assert.equal(error.kind, 'read');
    assert.match(error.message, /api\.json is 0\.3 MB; API descriptions over 0\.1 MB are not loaded/);
  });
});

test('cancelled or over the time cap: the worker stops and the load fails with the reason', async () => {
  await withDir(async (dir) => {
    const doc = await generateOpenApi(join(dir, 'api.yaml'), { targetBytes: 3_000_000, format: 'yaml' });
    const controller = new AbortController();
    // Cancelled once the bytes are read, that is while the worker starts and parses.
    const readThenCancel = async (path: string): Promise<Uint8Array> => {
      const bytes = await readFile(path);
      setImmediate(() => controller.abort());
      return bytes;
    };
    const pending = workerLoader({ script, minBytes: 10 })(doc.path, { readFile: readThenCancel, signal: controller.signal });
    const aborted = await pending.catch((e: unknown) => e);
    assert.ok(aborted instanceof OpenApiError);
    assert.equal(aborted.kind, 'aborted');

    const slow = await workerLoader({ script, minBytes: 10, timeoutMs: 1 })(doc.path, fileHost).catch((e: unknown) => e);
    assert.ok(slow instanceof OpenApiError);
    assert.match(slow.message, /took longer than 1 ms and was stopped/);
  });
});

test('OpenApiCache with the worker loader: versions the file, serves the index until the file changes', async () => {
  await withDir(async (dir) => {
    const doc = await generateOpenApi(join(dir, 'api.json'), { targetBytes: 1_500_000, format: 'json' });
    const cache = new OpenApiCache({
      readFile: (path) => readFile(path),
      stat: async (path) => {
        const s = await stat(path);
        return { mtimeMs: s.mtimeMs, size: s.size };
      },
      load: workerLoader({ script, minBytes: 1_000_000 }),
    });
    const first = await cache.get(doc.path);
    assert.ok(workerThreadOf(first) !== undefined);
    assert.equal(await cache.get(doc.path), first);
    assert.equal(cache.loads, 1);
    await generateOpenApi(doc.path, { targetBytes: 1_200_000, format: 'json' });
    const second = await cache.get(doc.path);
    assert.notEqual(second, first);
    assert.equal(cache.loads, 2);
  });
});

test('objects cross threads as they are: undefined, NaN and infinities, __proto__ and index-like keys, cycles, sharing across answers', () => {
  const shared: Record<string, unknown> = { type: 'string', maximum: Infinity, minimum: -Infinity, multipleOf: NaN };
  const cyclic: Record<string, unknown> = { name: 'c', description: undefined, list: [1, undefined, shared, 'x'] };
  cyclic.self = cyclic;
  const first = JSON.parse('{"__proto__": {"polluted": true}, "b": 1}') as Record<string, unknown>;
  Object.assign(first, { '404': shared, '200': cyclic, z: null });
  const second = { again: shared, cyclic };
  const encoder = new GraphEncoder();
  const decoder = new GraphDecoder();
  // structuredClone: what postMessage does between the threads
  const a = decoder.decode(structuredClone(encoder.encode(first))) as Record<string, unknown>;
  const b = decoder.decode(structuredClone(encoder.encode(second))) as Record<string, unknown>;
  assert.deepStrictEqual(a, first);
  assert.deepStrictEqual(Object.keys(a), Object.keys(first));
  assert.equal(Object.getPrototypeOf(a), Object.prototype, '__proto__ is a key, not the prototype');
  assert.deepStrictEqual(b, second);
  assert.equal(b.again, a['404'], 'an object sent before is the same object');
  assert.equal(b.cyclic, a['200']);
  assert.equal((a['200'] as Record<string, unknown>).self, a['200']);
  assert.ok('description' in (a['200'] as object), 'an undefined property is kept');
  assert.equal(decoder.decode(structuredClone(encoder.encode('plain'))), 'plain');
});
