import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Redactor, REDACTED } from '../../../src/core/history/redactor';
import type { ResponseRecord } from '../../../src/core/send/types';

const record: ResponseRecord = {
  id: '1',
  startedAt: '2024-01-01T00:00:00.000Z',
  request: {
    method: 'POST',
    url: 'https://api.example/v1/x?apikey=plain-key&q=a%20b&secretpath=s3cr%2Ft%20val',
    headers: [['Authorization', 'Bearer abc'], ['vr-api-key', 'k'], ['X-Trace', 'has s3cr/t val inside'], ['Accept', 'application/json']],
    bodyPreview: '{"user":"jan","password":"hunter22","note":"s3cr/t val"}',
  },
  response: {
    status: 200,
    statusText: 'OK',
    httpVersion: '1.1',
    headers: [['Set-Cookie', 'sid=1'], ['content-type', 'application/json']],
    body: { size: 10, encoding: 'text', preview: '{"echo":"s3cr/t val","access_token":"eyJ.x.y"}', previewTruncated: false, bytes: new Uint8Array([1, 2]) },
  },
  redirects: [{ status: 302, url: 'https://api.example/next?token=t0k' }],
  timings: { totalMs: 1 },
  error: { code: 'x', message: 'failed with s3cr/t val' },
  validation: { valid: false, errors: [{ path: '$.echo', keyword: 'enum', message: 'must be one of a, b (was "s3cr/t val")' }] },
};

test('redacts secrets everywhere (plain and URL-encoded), credential headers, parameters and fields; drops body bytes', () => {
  const safe = new Redactor(['s3cr/t val']).record(record);
  const text = JSON.stringify(safe);
  assert.ok(!text.includes('s3cr'), text);
  assert.ok(!text.includes('plain-key'));
  assert.ok(!text.includes('Bearer abc'));
  assert.ok(!text.includes('hunter22'));
  assert.ok(!text.includes('eyJ.x.y'));
  assert.ok(!text.includes('t0k'));
  assert.ok(!text.includes('sid=1'));
  assert.equal(safe.response?.body.bytes, undefined);
  assert.equal(safe.request.url, `https://api.example/v1/x?apikey=${REDACTED}&q=a%20b&secretpath=${REDACTED}`);
  assert.deepEqual(safe.request.headers[3], ['Accept', 'application/json']);
  assert.equal(safe.request.headers[2]![1], `has ${REDACTED} inside`);
  assert.match(safe.request.bodyPreview!, /"user":"jan"/);
  assert.equal(safe.validation?.errors[0]?.message, `must be one of a, b (was "${REDACTED}")`);
  assert.equal(record.request.headers[0]![1], 'Bearer abc', 'the original record is not changed');
});

test('the credential headers of the catalog registries are redacted by default (AllSolutions X-Client-Secret)', () => {
  const r = new Redactor([]);
  assert.deepEqual(r.headerList([['X-Client-Id', 'koppeling'], ['X-Client-Secret', 'Koppeling#Sandbox-2026']]), [['X-Client-Id', 'koppeling'], ['X-Client-Secret', REDACTED]]);
});

test('header, parameter and field lists are configurable', () => {
  const r = new Redactor([], { headers: ['x-trace'], parameters: ['q'], fields: [] });
  assert.deepEqual(r.headerList([['Authorization', 'a'], ['X-Trace', 't']]), [['Authorization', 'a'], ['X-Trace', REDACTED]]);
  assert.equal(r.url('http://h/?q=1&apikey=2'), `http://h/?q=${REDACTED}&apikey=2`);
  assert.equal(r.text('{"password":"p"}'), '{"password":"p"}');
});

test('history entries are redacted, keep assertion outcomes, and cut long previews', async () => {
  const { historyEntry, HISTORY_PREVIEW_CHARS } = await import('../../../src/core/history/historyEntry');
  const long = { ...record, response: { ...record.response!, body: { ...record.response!.body, preview: 'x'.repeat(HISTORY_PREVIEW_CHARS + 10) } } };
  const entry = historyEntry(long, new Redactor(['s3cr/t val']), [{ text: 'status == 200', outcome: 'failed', message: 'got s3cr/t val' }]);
  assert.equal(entry.response!.body.preview.length, HISTORY_PREVIEW_CHARS);
  assert.equal(entry.response!.body.previewTruncated, true);
  assert.equal(entry.response!.body.bytes, undefined);
  assert.deepEqual(entry.assertions, [{ text: 'status == 200', passed: false, message: `got ${REDACTED}` }]);
});
