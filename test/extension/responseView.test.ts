import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bodyView, prettyJson, responseTitle, sizeLabel, statusTone, toResponseView } from '../../src/extension/responseView';
import { isWebviewMessage, isHostMessage } from '../../webview/response/protocol';
import { jsonTokens } from '../../webview/response/jsonTokens';
import type { ResponseRecord } from '../../src/core/send/types';

function record(overrides: Partial<ResponseRecord> = {}, body: Partial<NonNullable<ResponseRecord['response']>['body']> = {}): ResponseRecord {
  const text = '{"vCode":"V0001001","naam":"Kool"}';
  return {
    id: 'r1',
    startedAt: '2026-11-25T08:00:00.000Z',
    request: { method: 'GET', url: 'http://127.0.0.1:7402/v1/verenigingen/V0001001?x=1', headers: [['VR-Initiator', 'OVO000001']], registry: { id: 'vr-beheer', environment: 'sandbox' } },
    response: {
      status: 200,
      statusText: '',
      httpVersion: '1.1',
      headers: [['content-type', 'application/json; charset=utf-8']],
      body: { size: text.length, encoding: 'text', preview: text, previewTruncated: false, contentType: 'application/json; charset=utf-8', ...body },
    },
    redirects: [],
    timings: { socketMs: 1.2, firstByteMs: 10.4, totalMs: 12.9 },
    ...overrides,
  };
}

test('the title is method and path with query', () => {
  assert.equal(responseTitle('GET', 'http://127.0.0.1:7402/v1/x?a=1'), 'GET /v1/x?a=1');
  assert.equal(responseTitle('GET', '{{host}}/x'), 'GET {{host}}/x');
});

test('a JSON response is pretty-printed, the status gets its reason phrase, timings are in order', () => {
  const view = toResponseView(record());
  assert.equal(view.status?.text, '200 OK');
  assert.equal(view.status?.tone, 'success');
  assert.equal(view.body.kind, 'json');
  assert.equal(view.body.text, JSON.stringify({ vCode: 'V0001001', naam: 'Kool' }, null, 2));
  assert.deepEqual(view.timings.map((t) => t.label), ['Socket', 'First byte', 'Total']);
  assert.equal(view.request.registry, 'vr-beheer');
  assert.deepEqual(view.request.headers, [['VR-Initiator', 'OVO000001']]);
  assert.equal(view.title, 'GET /v1/verenigingen/V0001001?x=1');
});

test('binary and spilled bodies are summarised, not shown', () => {
  assert.equal(bodyView(record({}, { encoding: 'binary', preview: '', size: 5000 })).kind, 'binary');
  const spilled = bodyView(record({}, { preview: '{"a":', previewTruncated: true, size: 50_000_000, file: '/tmp/body.bin' }));
  assert.equal(spilled.kind, 'file');
  assert.equal(spilled.file, '/tmp/body.bin');
  assert.equal(spilled.sizeLabel, '47.7 MB');
});

test('a failed request carries its error, hint and the actions that fix it', () => {
  const view = toResponseView(record({ response: undefined, error: { code: 'tls', message: 'untrusted', hint: 'Trust the CA' } }));
  assert.equal(view.status, undefined);
  assert.equal(view.error?.hint, 'Trust the CA');
  assert.deepEqual(view.error?.actions.map((a) => a.id), ['trustCertificate', 'showOutput']);
  assert.equal(view.body.kind, 'empty');
});

test('helpers', () => {
  assert.equal(statusTone(404), 'client-error');
  assert.equal(statusTone(503), 'server-error');
  assert.equal(sizeLabel(1536), '1.5 KB');
  assert.equal(prettyJson('not json'), undefined);
  assert.equal(prettyJson('[1]'), '[\n  1\n]');
});

test('the protocol guards reject malformed messages', () => {
  assert.ok(isWebviewMessage({ type: 'ready' }));
  assert.ok(isWebviewMessage({ type: 'action', requestId: 1, action: 'startSandbox' }));
  assert.ok(!isWebviewMessage({ type: 'action', requestId: 1, action: 'rm -rf' }));
  assert.ok(!isWebviewMessage({ type: 'openFile', requestId: '1', file: '/etc/passwd' }));
  assert.ok(!isWebviewMessage(null));
  assert.ok(isHostMessage({ type: 'show', view: toResponseView(record()) }));
  assert.ok(!isHostMessage({ type: 'show', view: {} }));
});

test('JSON tokens join back to the text and mark keys apart from string values', () => {
  const text = JSON.stringify({ a: 'b', n: 1.5, t: true, z: null, l: [1] }, null, 2);
  const tokens = jsonTokens(text);
  assert.equal(tokens.map((t) => t.text).join(''), text);
  assert.deepEqual(tokens.filter((t) => t.kind === 'key').map((t) => t.text), ['"a"', '"n"', '"t"', '"z"', '"l"']);
  assert.deepEqual(tokens.filter((t) => t.kind === 'string').map((t) => t.text), ['"b"']);
  assert.deepEqual(tokens.filter((t) => t.kind === 'literal').map((t) => t.text), ['true', 'null']);
});

test("a record's problem summary is shown above the body: status and title, detail, whole-request messages, each field at its place", () => {
  const view = toResponseView(
    record({
      problem: {
        title: 'Invalid input.',
        status: 400,
        detail: 'Validatiefout.',
        messages: [{ message: 'De velden moeten een unieke set zijn.', code: 'unique' }],
        fields: [
          { name: 'adres.huisnummer', message: 'Een geheel getal is vereist.', path: '$.adres.huisnummer', pointer: '/adres/huisnummer' },
          { name: 'websiteUrl', message: 'Dit veld is vereist.', path: '$', pointer: '', missing: true },
          { name: 'page', message: 'Begint bij 1.' },
        ],
      },
    }),
  );
  assert.deepEqual(view.problem, {
    title: '400 Invalid input.',
    detail: 'Validatiefout.',
    messages: ['unique: De velden moeten een unieke set zijn.'],
    fields: [
      { place: '$.adres.huisnummer', message: 'Een geheel getal is vereist.' },
      { place: '$ (websiteUrl missing)', message: 'Dit veld is vereist.' },
      { place: 'page', message: 'Begint bij 1.' },
    ],
  });
  assert.equal(toResponseView(record()).problem, undefined);
});

test('the headers the policies added are marked with the policy and where the value came from; their notes are listed', () => {
  const view = toResponseView(
    record({
      added: [
        { header: 'If-Match', by: 'etag', from: "the ETag store: seen by GET 'lees' at 08:00" },
        { header: 'x-correlation-id', by: 'headers' },
      ],
      notes: [{ policy: 'etag', message: '304: cache hit for the ETag GET lees saw' }],
    }),
  );
  assert.deepEqual(view.request.added, [
    { header: 'If-Match', by: 'etag', from: "the ETag store: seen by GET 'lees' at 08:00" },
    { header: 'x-correlation-id', by: 'headers' },
  ]);
  assert.deepEqual(view.notes, ['etag: 304: cache hit for the ETag GET lees saw']);
  // A request the tool added nothing to carries neither.
  const plain = toResponseView(record());
  assert.equal(plain.request.added, undefined);
  assert.equal(plain.notes, undefined);
});
