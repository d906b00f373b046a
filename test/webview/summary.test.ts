import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summaryRows, summaryView } from '../../src/extension/runSummaryView';
import { isHostMessage, isWebviewMessage } from '../../webview/summary/protocol';
import { Redactor } from '../../src/core/history/redactor';
import type { RunResult } from '../../src/core/run/runTypes';
import type { ResponseRecord } from '../../src/core/send/types';

function record(id: string, status: number, validation?: ResponseRecord['validation']): ResponseRecord {
  return {
    id,
    startedAt: '2026-01-01T00:00:00Z',
    request: { method: 'GET', url: 'http://x/a', headers: [] },
    response: { status, statusText: '', httpVersion: '1.1', headers: [], body: { size: 0, encoding: 'text', preview: '', previewTruncated: false } },
    redirects: [],
    timings: { totalMs: 12.4 },
    validation,
  };
}

const result: RunResult = {
  file: 'samples/vr-beheer/x.http',
  environment: 'sandbox',
  passed: false,
  secrets: ['s3cr3t-key'],
  durationMs: 240,
  notices: [],
  results: [
    { index: 0, name: 'reg', line: 3, method: 'POST', url: 'http://127.0.0.1:7402/v1/verenigingen?key=s3cr3t-key', outcome: 'passed', asDependency: false, record: record('a', 202, { valid: true, errors: [] }), assertions: [{ text: 'status == 202', outcome: 'passed', isStatus: true }], skippedScripts: 0 },
    { index: 1, title: 'Lees', line: 9, method: 'GET', url: 'http://127.0.0.1:7402/v1/verenigingen/V1', outcome: 'failed', reason: 'expected 200, got 404 (s3cr3t-key)', asDependency: false, record: record('b', 404, { valid: false, errors: [{ path: '$.a', keyword: 'type', message: 'x' }, { path: '$.b', keyword: 'type', message: 'y' }] }), assertions: [{ text: 'status == 200', outcome: 'failed', isStatus: true, message: 'expected 200' }, { text: 'js', outcome: 'skipped', isStatus: false }], skippedScripts: 0 },
    { index: 2, line: 12, method: 'GET', url: '{{host}}/x', outcome: 'failed', reason: 'unresolved variable host', asDependency: false, prepareError: { code: 'unresolved-variable', message: 'host' }, assertions: [], skippedScripts: 0 },
  ],
};

test('summary rows: status, time, validation and assertions per request, secrets masked, records to open', () => {
  const rows = summaryRows(result, new Redactor(result.secrets));
  assert.deepEqual(
    rows.map((r) => [r.n, r.label, r.path, r.status, r.tone, r.ms, r.validation, r.assertions, r.outcome, r.recordId]),
    [
      [1, 'reg', '/v1/verenigingen?key=***', '202 Accepted', 'success', 12.4, 'valid', '1 passed', 'passed', 'a'],
      [2, 'Lees', '/v1/verenigingen/V1', '404 Not Found', 'client-error', 12.4, '2 schema errors', '1 of 2 failed', 'failed', 'b'],
      [3, 'GET {{host}}/x', '{{host}}/x', 'failed: unresolved-variable', 'failed', undefined, 'not validated', '', 'failed', undefined],
    ].map((row) => row.map((cell) => (typeof cell === 'string' ? cell.replace('***', rows[0]!.path.split('=')[1] ?? '') : cell))),
  );
  assert.doesNotMatch(JSON.stringify(rows), /s3cr3t-key/);
  const view = summaryView('run1', result, new Redactor(result.secrets), new Date('2026-01-01T00:00:01Z'));
  assert.equal(view.passed, 1);
  assert.equal(view.failed, 2);
  assert.ok(isHostMessage({ type: 'show', view }));
  assert.ok(!isHostMessage({ type: 'show', view: { ...view, rows: [{ n: 1 }] } }));
  assert.ok(isWebviewMessage({ type: 'open', requestId: 1, runId: 'run1', recordId: 'a' }));
  assert.ok(!isWebviewMessage({ type: 'open', requestId: 1, recordId: 'a' }));
});
