// The report carries each request's cost (a resend's included) and the run's total per unit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildReport } from '../../../src/core/report/reportModel';
import { prettyReporter } from '../../../src/core/report/prettyReporter';
import type { RunResult } from '../../../src/core/run/runTypes';
import type { ResponseRecord } from '../../../src/core/send/types';

const record = (status: number, extra: Partial<ResponseRecord> = {}): ResponseRecord => ({
  id: String(status),
  startedAt: '',
  request: { method: 'GET', url: 'http://h/api/v1/companies/1', headers: [] },
  response: { status, statusText: 'OK', httpVersion: '1.1', headers: [], body: { size: 0, encoding: 'text', preview: '', previewTruncated: false } },
  redirects: [],
  timings: { totalMs: 3 },
  ...extra,
});

test('cost per request and the run total, per unit, in the report and the pretty output', () => {
  const first = record(401, { cost: { amount: 1, unit: 'calls' } });
  const results = [
    record(200, { cost: { amount: 1, unit: 'credits', balance: 99 } }),
    record(200, { cost: { amount: 1, unit: 'credits', balance: 98 } }),
    record(200, { cost: { amount: 1, unit: 'calls' }, previous: first }),
    record(200),
  ].map((r, index) => ({ index, line: index, method: 'GET', url: r.request.url, outcome: 'passed', asDependency: false, record: r, assertions: [] }));
  const report = buildReport({ file: 'a.http', passed: true, durationMs: 5, secrets: [], notices: [], results } as unknown as RunResult);
  assert.deepEqual(report.requests.map((r) => r.cost), [{ amount: 1, unit: 'credits', balance: 99 }, { amount: 1, unit: 'credits', balance: 98 }, { amount: 2, unit: 'calls' }, undefined]);
  assert.deepEqual(report.costs, { credits: 2, calls: 2 });
  const text = prettyReporter(report, { color: false });
  assert.match(text, /· 1 credits \(98 left\)/);
  assert.match(text, /4 passed, 0 failed \(5 ms\); cost 2 credits, 2 calls/);
});
