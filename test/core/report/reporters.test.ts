import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildReport } from '../../../src/core/report/reportModel';
import { junitReporter } from '../../../src/core/report/junitReporter';
import { prettyReporter } from '../../../src/core/report/prettyReporter';
import { jsonReporter } from '../../../src/core/report/jsonReporter';
import { parseXml } from '../../../src/core/variables/xpathLite';
import type { RunResult } from '../../../src/core/run/runTypes';

const run: RunResult = {
  file: 'api/verenigingen.http',
  environment: 'test',
  passed: false,
  secrets: ['s3cret-key'],
  durationMs: 42.4,
  notices: [],
  results: [
    {
      index: 0,
      name: 'zoek',
      line: 2,
      method: 'GET',
      url: 'https://h/v1?q=a&b<c&key=s3cret-key',
      outcome: 'passed',
      asDependency: false,
      assertions: [{ text: 'status == 200', outcome: 'passed', isStatus: true }],
      skippedScripts: 0,
      record: {
        id: '1',
        startedAt: '2024-01-01T00:00:00Z',
        request: { method: 'GET', url: 'https://h/v1?q=a&b<c&key=s3cret-key', headers: [['vr-api-key', 's3cret-key']] },
        response: { status: 200, statusText: 'OK', httpVersion: '1.1', headers: [], body: { size: 2, encoding: 'text', preview: '{}', previewTruncated: false } },
        redirects: [],
        timings: { totalMs: 12.6 },
      },
    },
    {
      index: 1,
      title: 'Vereniging "X" & <co>\u0001',
      line: 8,
      method: 'POST',
      url: 'https://h/v1/verenigingen',
      outcome: 'failed',
      reason: '?? status == 201: status is 409, expected == \'201\'',
      asDependency: false,
      assertions: [{ text: 'status == 201', outcome: 'failed', message: "status is 409, expected == '201'", isStatus: true }],
      skippedScripts: 0,
      record: {
        id: '2',
        startedAt: '2024-01-01T00:00:00Z',
        request: { method: 'POST', url: 'https://h/v1/verenigingen', headers: [] },
        response: {
          status: 409,
          statusText: 'Conflict',
          httpVersion: '1.1',
          headers: [['content-type', 'application/problem+json']],
          body: { size: 60, contentType: 'application/problem+json', encoding: 'text', preview: '{"title":"Dubbel","detail":"key s3cret-key"}', previewTruncated: false },
        },
        redirects: [],
        timings: { totalMs: 20 },
      },
    },
  ],
};

test('junit: well-formed, one testcase per request, escaped, secrets redacted', () => {
  const xml = junitReporter(buildReport(run));
  assert.ok(!xml.includes('s3cret-key'));
  assert.ok(!xml.includes('\u0001'), 'characters XML cannot hold are dropped');
  const doc = parseXml(xml);
  const suites = doc.children.find((c) => typeof c !== 'string' && c.name === 'testsuites');
  assert.ok(suites && typeof suites !== 'string');
  const suite = suites.children.find((c) => typeof c !== 'string' && c.name === 'testsuite');
  assert.ok(suite && typeof suite !== 'string');
  assert.deepEqual([suite.attributes.tests, suite.attributes.failures, suite.attributes.errors, suite.attributes.time], ['2', '1', '0', '0.042']);
  const cases = suite.children.filter((c) => typeof c !== 'string' && c.name === 'testcase');
  assert.equal(cases.length, 2);
  const [first, second] = cases as Exclude<(typeof cases)[number], string>[];
  assert.equal(first!.attributes.name, 'zoek — GET https://h/v1?q=a&b<c&key=[redacted]');
  assert.equal(second!.attributes.name, 'Vereniging "X" & <co> — POST https://h/v1/verenigingen');
  const failure = second!.children.find((c) => typeof c !== 'string' && c.name === 'failure');
  assert.ok(failure && typeof failure !== 'string');
  assert.equal(failure.attributes.message, "?? status == 201: status is 409, expected == '201'");
  // Every element that opens also closes: the tag stack is balanced.
  const opens = (xml.match(/<(?![?/])[^>]*[^/]>/g) ?? []).length;
  assert.equal(opens, (xml.match(/<\//g) ?? []).length);
});

test('pretty: coloured only when asked; failed problem details pretty-printed', () => {
  const plain = prettyReporter(buildReport(run), { color: false });
  assert.ok(!plain.includes('\x1b['));
  assert.ok(!plain.includes('s3cret-key'));
  assert.match(plain, /✔ zoek GET https:\/\/h\/v1\?q=a&b<c&key=\[redacted\] → 200 OK 13 ms/);
  assert.match(plain, /✘ POST https:\/\/h\/v1\/verenigingen → 409 Conflict 20 ms\n {4}✘ \?\? status == 201 — status is 409, expected == '201'\n {4}│ \{\n {4}│ {3}"title": "Dubbel",\n {4}│ {3}"detail": "key \[redacted\]"\n {4}│ \}/);
  assert.match(plain, /1 passed, 1 failed \(42 ms\)\n$/);
  assert.match(prettyReporter(buildReport(run), { color: true }), /\x1b\[32m✔\x1b\[0m/);
});

test('pretty: control characters from the server reach the terminal as pictures, not as escape sequences', () => {
  const failed = run.results[1]!;
  const hostile: RunResult = {
    ...run,
    results: [
      {
        ...failed,
        assertions: [{ text: 'body contains zzz', outcome: 'failed', message: "body is 'a\x1b]0;pwned\x07b', expected contains 'zzz'", isStatus: false }],
        record: { ...failed.record!, response: { ...failed.record!.response!, headers: [], body: { size: 30, contentType: 'text/plain', encoding: 'text', preview: 'line\r\n\x1b[2Jcleared\rover\x9b31m', previewTruncated: false } } },
      },
    ],
  };
  const plain = prettyReporter(buildReport(hostile), { color: false });
  assert.doesNotMatch(plain, /[\x00-\x08\x0b-\x1f\x7f\x9b]/);
  assert.match(plain, /— body is 'a␛\]0;pwned␇b', expected contains 'zzz'/);
  assert.match(plain, / {4}│ line\n {4}│ ␛\[2Jcleared␍over\\u009b31m\n/);
});

test('json: the redacted report, parseable', () => {
  const text = jsonReporter(buildReport(run, undefined, { maxRssBytes: 1 }));
  assert.ok(!text.includes('s3cret-key'));
  const report = JSON.parse(text);
  assert.deepEqual(report.summary, { total: 2, passed: 1, failed: 1 });
  assert.deepEqual(report.runtime, { maxRssBytes: 1 });
  assert.equal(report.requests[1].response.contentType, 'application/problem+json');
});

test('junit: a request that could not be made is an error, not a failure', () => {
  const broken: RunResult = {
    ...run,
    results: [{ ...run.results[0]!, outcome: 'failed', reason: 'connection refused', record: { ...run.results[0]!.record!, response: undefined, error: { code: 'connect', message: 'connection refused by 127.0.0.1:9', hint: 'Start the server' } } }],
  };
  const xml = junitReporter(buildReport(broken));
  assert.match(xml, /<testsuite name="verenigingen\.http" tests="1" failures="0" errors="1"/);
  assert.match(xml, /<error message="connection refused" type="connect">hint: Start the server/);
});

test('a problem summary: pretty prints it with a line per field instead of the raw body (the request passed); junit lists it for a failed one; secrets redacted', () => {
  const problem = {
    title: 'Invalid input.',
    status: 400,
    detail: 'Validatiefout.',
    messages: [],
    fields: [{ name: 'adres.huisnummer', message: "'s3cret-key' is geen getal.", path: '$.adres.huisnummer', pointer: '/adres/huisnummer' }],
  };
  const base = run.results[1]!;
  const record = { ...base.record!, problem, response: { ...base.record!.response!, status: 400, statusText: 'Bad Request', body: { size: 20, encoding: 'text' as const, preview: '{"title":"Invalid input."}', previewTruncated: false, contentType: 'application/problem+json' } } };
  const passed: RunResult = { ...run, results: [{ ...base, outcome: 'passed', reason: undefined, assertions: [], record }] };
  const pretty = prettyReporter(buildReport(passed), { color: false });
  assert.match(pretty, / {4}⚠ Invalid input\. — Validatiefout\.\n {6}• \$\.adres\.huisnummer: '\[redacted\]' is geen getal\./);
  assert.doesNotMatch(pretty, /│/, 'the raw body is not printed twice');
  const failed: RunResult = { ...run, results: [{ ...base, outcome: 'failed', reason: 'status is 400', record }] };
  const junit = junitReporter(buildReport(failed));
  assert.match(junit, /problem: Invalid input\. — Validatiefout\.\n {2}\$\.adres\.huisnummer: &apos;\[redacted\]&apos; is geen getal\./);
  assert.doesNotMatch(junit, /s3cret-key/);
});
