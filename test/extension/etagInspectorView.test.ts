// The ETag inspector's view model, from a real ETag store in a temp state dir: history rows (a
// resource's sightings and conditional sends, newest first, outcomes in words), request labels,
// the 412 count, and the protocol's guards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EtagStore } from '../../src/core/policies/etagStore';
import { conditionalOutcome, etagInspectorView, requestLabel } from '../../src/extension/etagInspectorView';
import { isHostMessage, isWebviewMessage } from '../../webview/etags/protocol';

const scope = { registry: 'vr-beheer', environment: 'sandbox' };
const url = 'http://127.0.0.1:7403/v1/verenigingen/V0001001';
const get = { recordId: 'r1', method: 'GET', file: '/work/x/verenigingen.http', line: 3, name: 'haalOp' };
const patch = { recordId: 'r2', method: 'PATCH', file: '/work/x/verenigingen.http', line: 9 };

test('a PATCH with a stale ETag (412), then a fresh GET and a PATCH that passed: the rows tell it newest first', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'regx-etags-view-'));
  try {
    const store = new EtagStore(dir);
    await store.seen(scope, url, { etag: 'W/"1"', at: '2026-12-05T10:00:00.000Z', by: get, status: 200 });
    await store.conditional(scope, url, { header: 'If-Match', etag: 'W/"1"', at: '2026-12-05T10:01:00.000Z', by: patch, outcome: 412, filled: true });
    await store.seen(scope, url, { etag: 'W/"2"', at: '2026-12-05T10:02:00.000Z', by: { ...get, recordId: 'r3' }, status: 200 });
    await store.conditional(scope, url, { header: 'If-Match', etag: 'W/"2"', at: '2026-12-05T10:03:00.000Z', by: { ...patch, recordId: 'r4' }, outcome: 202, filled: false });
    await store.seen(scope, url, { etag: 'W/"3"', at: '2026-12-05T10:03:00.000Z', by: { ...patch, recordId: 'r4' }, status: 202 });
    await store.seen(scope, `${url}/historiek`, { etag: 'W/"9"', at: '2026-12-05T08:00:00.000Z', by: get, status: 200 });
    await store.conditional(scope, `${url}/historiek`, { header: 'If-None-Match', etag: 'W/"9"', at: '2026-12-05T09:00:00.000Z', by: get, outcome: 304, filled: true });

    const view = etagInspectorView({ id: 'vr-beheer', name: 'Verenigingsregister Beheer' }, 'sandbox', await store.list(scope), new Date('2026-12-05T11:00:00Z'));
    assert.equal(view.registry, 'vr-beheer');
    assert.equal(view.environment, 'sandbox');
    assert.deepEqual(view.resources.map((r) => r.path), ['/v1/verenigingen/V0001001', '/v1/verenigingen/V0001001/historiek']);
    const resource = view.resources[0]!;
    assert.equal(resource.etag, 'W/"3"');
    assert.equal(resource.seenBy, 'PATCH verenigingen.http:10');
    assert.equal(resource.conflicts, 1);
    assert.deepEqual(
      resource.history.map((row) => [row.at.slice(11, 16), row.kind, row.etag, row.outcome, row.tone, row.by]),
      [
        ['10:03', 'seen', 'W/"3"', '202 Accepted', 'success', 'PATCH verenigingen.http:10'],
        ['10:03', 'If-Match', 'W/"2"', '202 Accepted: the ETag was current', 'success', 'PATCH verenigingen.http:10'],
        ['10:02', 'seen', 'W/"2"', '200 OK', 'success', 'GET verenigingen.http:4 (haalOp)'],
        ['10:01', 'If-Match', 'W/"1"', '412 Precondition Failed: the resource changed since this ETag', 'warning', 'PATCH verenigingen.http:10'],
        ['10:00', 'seen', 'W/"1"', '200 OK', 'success', 'GET verenigingen.http:4 (haalOp)'],
      ],
    );
    assert.equal(resource.history[1]!.filled, false);
    assert.equal(resource.history[3]!.filled, true);
    const historiek = view.resources[1]!;
    assert.equal(historiek.conflicts, 0);
    assert.deepEqual(historiek.history.map((row) => row.outcome), ['304 Not Modified: unchanged since this ETag', '200 OK']);

    // Forgotten: gone from the next view.
    await store.forget(scope, url);
    const after = etagInspectorView({ id: 'vr-beheer', name: 'Verenigingsregister Beheer' }, 'sandbox', await store.list(scope), new Date());
    assert.deepEqual(after.resources.map((r) => r.path), ['/v1/verenigingen/V0001001/historiek']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('request labels and outcomes in words', () => {
  assert.equal(requestLabel({ recordId: 'x', method: 'GET' }), 'GET request');
  assert.equal(requestLabel({ recordId: 'x', method: 'DELETE', file: 'C:/a/b.http', line: 0, name: 'weg' }), 'DELETE b.http:1 (weg)');
  assert.deepEqual(conditionalOutcome('If-Match', 'error'), { outcome: 'no response', tone: 'error' });
  assert.deepEqual(conditionalOutcome('If-None-Match', 200), { outcome: '200 OK', tone: 'success' });
  assert.deepEqual(conditionalOutcome('If-Match', 428), { outcome: '428 Precondition Required', tone: 'error' });
});

test('the protocol refuses what the webview must not ask: a refresh of a non-http URL or one with a line break', () => {
  assert.ok(isWebviewMessage({ type: 'refresh', requestId: 1, url }));
  assert.ok(isWebviewMessage({ type: 'forget', requestId: 2, url }));
  assert.ok(isWebviewMessage({ type: 'copy', requestId: 3, text: 'W/"1"' }));
  assert.ok(isWebviewMessage({ type: 'ready' }));
  assert.ok(!isWebviewMessage({ type: 'refresh', requestId: 1, url: 'file:///etc/passwd' }));
  assert.ok(!isWebviewMessage({ type: 'refresh', requestId: 1, url: `${url}\nDELETE ${url}` }));
  assert.ok(!isWebviewMessage({ type: 'refresh', url }));
  assert.ok(!isWebviewMessage({ type: 'copy', requestId: 3, text: 'x'.repeat(70_000) }));
  assert.ok(!isWebviewMessage({ type: 'send', requestId: 1 }));
  assert.ok(!isWebviewMessage(null));
  assert.ok(isHostMessage({ type: 'show', view: { registry: 'r', resources: [] } }));
  assert.ok(isHostMessage({ type: 'reply', requestId: 1, ok: true }));
  assert.ok(!isHostMessage({ type: 'show', view: { registry: 'r' } }));
});
