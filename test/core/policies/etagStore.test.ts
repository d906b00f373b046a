import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EtagStore } from '../../../src/core/policies/etagStore';
import type { EtagChange } from '../../../src/core/policies/etagStoreTypes';

const scope = { registry: 'vr', environment: 'sandbox' };
const by = (recordId: string, method = 'GET') => ({ recordId, method, file: '/w/a.http', line: 3 });
const dir = () => mkdtempSync(join(tmpdir(), 'regx-etags-'));

test('remembers the last ETag per resource with who saw it, and the conditional requests with their outcome', async () => {
  const store = new EtagStore(dir());
  const url = 'http://127.0.0.1:7402/v1/verenigingen/V0000001';
  await store.seen(scope, url, { etag: 'W/"1"', at: '2026-01-01T10:00:00Z', status: 200, by: by('a') });
  await store.seen(scope, `${url}#top`, { etag: 'W/"2"', at: '2026-01-01T10:01:00Z', status: 202, by: by('b', 'PATCH') });
  await store.conditional(scope, url, { header: 'If-Match', etag: 'W/"1"', at: '2026-01-01T10:02:00Z', by: by('c', 'PATCH'), outcome: 412, filled: true });
  const resource = (await store.get(scope, url))!;
  assert.equal(resource.etag, 'W/"2"');
  assert.deepEqual(resource.seenBy, by('b', 'PATCH'));
  assert.deepEqual(resource.sightings.map((s) => s.etag), ['W/"1"', 'W/"2"']);
  assert.deepEqual(resource.conditional.map((c) => [c.header, c.outcome, c.filled]), [['If-Match', 412, true]]);
  // another environment, another process: the same answers from the file
  assert.equal(await new EtagStore(store.stateDir).get({ ...scope, environment: 'staging' }, url), undefined);
  assert.equal((await new EtagStore(store.stateDir).get(scope, url))!.etag, 'W/"2"');
  assert.ok(store.fileFor(scope).startsWith(store.stateDir));
});

test('lookup finds the enclosing resource for a sub-resource write; forget removes it; list is newest first', async () => {
  const store = new EtagStore(dir());
  const changes: EtagChange[] = [];
  const subscription = store.onDidChange((c) => changes.push(c));
  await store.seen(scope, 'http://h/v1/verenigingen/V1', { etag: 'W/"5"', at: '2026-01-01T10:00:00Z', status: 200, by: by('a') });
  await store.seen(scope, 'http://h/v1/verenigingen/V2', { etag: 'W/"7"', at: '2026-01-01T11:00:00Z', status: 200, by: by('b') });
  const sub = await store.lookup(scope, 'http://h/v1/verenigingen/V1/locaties/2?x=1');
  assert.equal(sub?.exact, false);
  assert.equal(sub?.resource.url, 'http://h/v1/verenigingen/V1');
  assert.equal((await store.lookup(scope, 'http://h/v1/verenigingen/V1'))?.exact, true);
  assert.equal(await store.lookup(scope, 'http://h/v1/verenigingen/feitelijkeverenigingen'), undefined);
  assert.deepEqual((await store.list(scope)).map((r) => r.url), ['http://h/v1/verenigingen/V2', 'http://h/v1/verenigingen/V1']);
  await store.forget(scope, 'http://h/v1/verenigingen/V2');
  assert.deepEqual((await store.list(scope)).map((r) => r.url), ['http://h/v1/verenigingen/V1']);
  subscription.dispose();
  await store.forget(scope, 'http://h/v1/verenigingen/V1');
  assert.deepEqual(changes.map((c) => c.kind), ['seen', 'seen', 'forgotten']);
});

test('a torn last line (a crash mid-write) is skipped and the next write starts a fresh line', async () => {
  const store = new EtagStore(dir());
  await store.seen(scope, 'http://h/a', { etag: '"1"', at: '2026-01-01T10:00:00Z', status: 200, by: by('a') });
  appendFileSync(store.fileFor(scope), '{"op":"seen","url":"http://h/b","eta');
  assert.deepEqual((await store.list(scope)).map((r) => r.url), ['http://h/a']);
  await store.seen(scope, 'http://h/c', { etag: '"3"', at: '2026-01-01T10:01:00Z', status: 200, by: by('c') });
  assert.deepEqual((await new EtagStore(store.stateDir).list(scope)).map((r) => r.url), ['http://h/c', 'http://h/a']);
});

test('compaction keeps every resource and the last sightings, and the journal shrinks', async () => {
  const store = new EtagStore(dir(), { compactAfterLines: 50 });
  for (let i = 0; i < 400; i++) {
    await store.seen(scope, `http://h/r${i % 4}`, { etag: `"${i}"`, at: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, i)).toISOString(), status: 200, by: by(`x${i}`) });
  }
  const lines = readFileSync(store.fileFor(scope), 'utf8').trim().split('\n').length;
  // 4 resources keep 20 sightings each: folded when over twice that
  assert.ok(lines <= 161, `journal has ${lines} lines`);
  const list = await new EtagStore(store.stateDir).list(scope);
  assert.deepEqual(list.map((r) => [r.url, r.etag]), [['http://h/r3', '"399"'], ['http://h/r2', '"398"'], ['http://h/r1', '"397"'], ['http://h/r0', '"396"']]);
  assert.equal(list[0]!.sightings.length, 20);
});

function writer(stateDir: string, tag: string, count: number, compactAfter: number, urls = 0) {
  return spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'etagStoreWriter.ts'), stateDir, tag, String(count), String(compactAfter), String(urls || '')], { stdio: ['ignore', 'pipe', 'inherit'] });
}

test('two processes writing at once, with compaction between, lose no entry', async () => {
  const stateDir = dir();
  // two resources per process, 75 sightings each: the journal is folded several times meanwhile
  const children = ['p', 'q'].map((tag) => writer(stateDir, tag, 150, 60, 2));
  await Promise.all(children.map((c) => new Promise((resolve) => c.on('exit', resolve))));
  assert.deepEqual(children.map((c) => c.exitCode), [0, 0]);
  const store = new EtagStore(stateDir);
  const lines = readFileSync(store.fileFor({ registry: 'r', environment: 'sandbox' }), 'utf8').trim().split('\n').length;
  assert.ok(lines < 300, `folded: ${lines} lines for 300 writes`);
  const resources = await store.list({ registry: 'r', environment: 'sandbox' });
  assert.equal(resources.length, 4);
  for (const tag of ['p', 'q']) {
    for (const u of [0, 1]) {
      const resource = resources.find((r) => r.url === `http://127.0.0.1/${tag}/${u}`)!;
      // the last 20 of this resource's sightings, none missing, in order
      const expected = Array.from({ length: 75 }, (_, k) => 2 * k + u).slice(-20).map((i) => `W/"${i}"`);
      assert.deepEqual(resource.sightings.map((s) => s.etag), expected, `${tag}/${u}`);
    }
  }
});

test('kill -9 mid-run: every acknowledged entry is there and the journal still reads', async () => {
  const stateDir = dir();
  const child = writer(stateDir, 'k', 100_000, 100_000);
  const acknowledged: number[] = [];
  await new Promise<void>((resolve) => {
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const parts = buffer.split('\n');
      buffer = parts.pop()!;
      for (const p of parts) acknowledged.push(Number(p));
      if (acknowledged.length >= 40 && !child.killed) {
        child.kill('SIGKILL');
      }
    });
    child.on('exit', () => resolve());
  });
  const urls = new Set((await new EtagStore(stateDir).list({ registry: 'r', environment: 'sandbox' })).map((r) => r.url));
  assert.ok(acknowledged.length >= 40);
  for (const i of acknowledged) assert.ok(urls.has(`http://127.0.0.1/k/${i}`), `acknowledged k/${i} lost`);
});
