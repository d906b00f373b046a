// The response panel's checks: `??` assertions and script tests, and the scripts' log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toResponseView } from '../../src/extension/responseView';
import { isHostMessage } from '../../webview/response/protocol';
import type { ResponseRecord } from '../../src/core/send/types';

const record: ResponseRecord = {
  id: 'r1',
  startedAt: '2026-11-25T08:00:00.000Z',
  request: { method: 'GET', url: 'http://127.0.0.1:1/x', headers: [] },
  response: { status: 200, statusText: 'OK', httpVersion: '1.1', headers: [], body: { size: 2, encoding: 'text', preview: '{}', previewTruncated: false, contentType: 'application/json' } },
  redirects: [],
  timings: { totalMs: 3 },
};

test('assertions and script tests become checks in order, with their kind; logs come along', () => {
  const view = toResponseView(record, {
    checks: [
      { text: 'status == 200', outcome: 'passed' },
      { text: 'token present', outcome: 'failed', message: 'no token', source: 'script' },
    ],
    logs: ['hello'],
  });
  assert.deepEqual(view.checks, [
    { kind: 'assertion', text: 'status == 200', outcome: 'passed' },
    { kind: 'test', text: 'token present', outcome: 'failed', message: 'no token' },
  ]);
  assert.deepEqual(view.logs, ['hello']);
  assert.ok(isHostMessage({ type: 'show', view }));
});

test('a response without checks or logs has neither field', () => {
  const view = toResponseView(record);
  assert.equal('checks' in view, false);
  assert.equal('logs' in view, false);
});
