import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildReport } from '../../../src/core/report/reportModel';
import { prettyReporter } from '../../../src/core/report/prettyReporter';
import type { RunResult } from '../../../src/core/run/runTypes';
import type { ResponseRecord } from '../../../src/core/send/types';

const record = (status: number, extra: Partial<ResponseRecord> = {}): ResponseRecord => ({
  id: String(status),
  startedAt: '',
  request: { method: 'PATCH', url: 'http://h/v1/verenigingen/V1', headers: [] },
  response: { status, statusText: '', httpVersion: '1.1', headers: [], body: { size: 0, encoding: 'text', preview: '', previewTruncated: false } },
  redirects: [],
  timings: { totalMs: 3 },
  ...extra,
});

test('the report says what the policies did: the 412 before the resend, the If-Match added and from where, the gebeurtenissen in between (secrets redacted)', () => {
  const first = record(412, { notes: [{ policy: 'etag', message: 'the resource changed since W/"1" (now W/"3"):\n  #2 NaamWerdGewijzigd (s3cr3t-value)\n  #3 StartdatumWerdGewijzigd' }] });
  const final = record(202, { previous: first, added: [{ header: 'If-Match', by: 'etag', from: 'the current ETag after a 412' }] });
  const run = {
    file: 'a.http',
    environment: 'sandbox',
    passed: true,
    durationMs: 5,
    secrets: ['s3cr3t-value'],
    notices: [],
    results: [{ index: 0, line: 1, method: 'PATCH', url: final.request.url, outcome: 'passed', asDependency: false, record: final, assertions: [] }],
  } as unknown as RunResult;
  const report = buildReport(run);
  assert.deepEqual(report.requests[0]!.policy!.previous, [412]);
  assert.deepEqual(report.requests[0]!.policy!.added, [{ header: 'If-Match', by: 'etag', from: 'the current ETag after a 412' }]);
  const text = prettyReporter(report, { color: false });
  assert.match(text, /↺ 412 → 202/);
  assert.match(text, /\+ If-Match added by etag \(the current ETag after a 412\)/);
  assert.match(text, /ⓘ {3}#2 NaamWerdGewijzigd/);
  assert.match(text, /ⓘ {3}#3 StartdatumWerdGewijzigd/);
  assert.doesNotMatch(text, /s3cr3t-value/);
  assert.doesNotMatch(JSON.stringify(report), /s3cr3t-value/);
});
