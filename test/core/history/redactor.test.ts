import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Redactor, REDACTED } from '../../../src/core/history/redactor';
import type { ResponseRecord } from '../../../src/core/send/types';
import { readdir, readFile } from 'node:fs/promises';
import { loadCatalog } from '../../../src/core/catalog/loadCatalog';
import { credentialNames } from '../../../src/core/catalog/credentialNames';
import { registriesDir } from '../../../src/core/paths';

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
  error: { code: 'protocol', message: 'failed with s3cr/t val' },
  validation: { valid: false, errors: [{ path: '$.echo', keyword: 'enum', message: 'must be one of a, b (was "s3cr/t val")' }] },
};

test('redacts secrets everywhere (plain and URL-encoded), credential headers, parameters and fields; drops body bytes', () => {
  const safe = new Redactor(['s3cr/t val'], { headers: ['vr-api-key'], parameters: ['apikey', 'token'] }).record(record);
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

test('a record is redacted once per redactor: the history line and the report get the same copy', () => {
  const redactor = new Redactor(['s3cr/t val']);
  const safe = redactor.record(record);
  assert.equal(redactor.record(record), safe);
  assert.equal(safe.error?.message, `failed with ${REDACTED}`);
  // Another redactor (other secrets) makes its own.
  const other = new Redactor([]).record(record);
  assert.notEqual(other, safe);
  assert.equal(other.error?.message, 'failed with s3cr/t val');
});

test('the credential names come from the registries\' auth: API key headers and parameters, AllSolutions\' X-Client-Secret, the login\'s password field', async () => {
  const catalog = await loadCatalog({ bundledDir: registriesDir(), readFile: (p) => readFile(p), listDir: (p) => readdir(p) });
  const names = credentialNames(catalog.entries);
  for (const header of ['apikey', 'vr-api-key', 'x-client-secret']) assert.ok(names.headers.includes(header), header);
  assert.ok(names.parameters.includes('vr-api-key'), 'vr-publiek takes its key as header or query parameter');
  assert.ok(!names.parameters.includes('apikey'), 'KVK takes its key only as a header');
  assert.ok(names.fields.includes('password'));
  const r = new Redactor([], names);
  assert.deepEqual(r.headerList([['X-Client-Id', 'koppeling'], ['X-Client-Secret', 'Koppeling#Sandbox-2026']]), [['X-Client-Id', 'koppeling'], ['X-Client-Secret', REDACTED]]);
  assert.equal(r.url('http://h/zoeken?q=naam:x&vr-api-key=k1'), `http://h/zoeken?q=naam:x&vr-api-key=${REDACTED}`);
});

test('?code= and other names no registry declares are not redacted by guess', () => {
  const r = new Redactor([]);
  assert.equal(r.url('http://h/sbi?code=0111&token=t&apikey=k'), 'http://h/sbi?code=0111&token=t&apikey=k');
  assert.deepEqual(r.headerList([['X-Api-Key', 'k'], ['Authorization', 'a']]), [['X-Api-Key', 'k'], ['Authorization', REDACTED]]);
});

test('extra names add to HTTP\'s own credential names, which always apply', () => {
  const r = new Redactor([], { headers: ['X-Trace'], parameters: ['q'], fields: [] });
  assert.deepEqual(r.headerList([['Authorization', 'a'], ['X-Trace', 't'], ['Cookie', 'c']]), [['Authorization', REDACTED], ['X-Trace', REDACTED], ['Cookie', REDACTED]]);
  assert.equal(r.url('http://h/?q=1&apikey=2&access_token=3'), `http://h/?q=${REDACTED}&apikey=2&access_token=${REDACTED}`);
  assert.equal(r.text('{"password":"p","other":"o"}'), `{"password":"${REDACTED}","other":"o"}`);
});

test('an echoed secret is redacted in every spelling: .NET JSON escapes, lower-case percent-encoding, base64 at any alignment, base64url', () => {
  const secret = 'p+ss/wörd"42';
  const r = new Redactor([secret]);
  const spellings = [
    secret,
    JSON.stringify(secret).slice(1, -1),
    // System.Text.Json escapes +, non-ASCII and quotes as \uXXXX; others escape the slash.
    'p\u002Bss\/w\u00f6rd\u002242',
    'p\u002bss/w\u00F6rd\"42',
    encodeURIComponent(secret),
    encodeURIComponent(secret).toLowerCase(),
    Buffer.from(secret).toString('base64'),
    Buffer.from(`user:${secret}`).toString('base64'),
    Buffer.from(`xy:${secret}:z`).toString('base64url'),
  ];
  for (const spelling of spellings) {
    const out = r.text(`{"echo":"before ${spelling} after"}`);
    assert.ok(out.includes(REDACTED), `${spelling} -> ${out}`);
    assert.ok(!out.includes(spelling), `${spelling} -> ${out}`);
    assert.match(out, /before .*\[redacted\].* after/);
  }
  // Base64 of the secret inside a longer base64 text: nothing of the secret's own characters is left.
  const basic = Buffer.from(`user:${secret}`).toString('base64');
  const redacted = r.text(`Basic ${basic}`);
  assert.notEqual(redacted, `Basic ${basic}`);
  assert.ok(!redacted.includes(basic.slice(8, 16)));
});

test('short secrets are left to name-based redaction; unrelated base64 is untouched', () => {
  const r = new Redactor(['ab', 'k3y-value']);
  assert.equal(r.text('about abc'), 'about abc');
  const other = Buffer.from('nothing secret here at all').toString('base64');
  assert.equal(r.text(other), other);
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
