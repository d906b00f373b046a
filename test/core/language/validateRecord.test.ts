import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { validateRecord } from '../../../src/core/language/validateRecord';
import type { ResponseRecord } from '../../../src/core/send/types';
import { loadIndex, root } from './helpers';

const klanten = () => loadIndex(join(root, 'registries', 'vng-klanten', 'openapi.yaml'));

function record(url: string, status: number, body: unknown, method = 'GET'): ResponseRecord {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return {
    id: 'r1',
    startedAt: '2026-01-01T00:00:00.000Z',
    request: { method, url, headers: [] },
    response: {
      status,
      statusText: 'OK',
      httpVersion: '1.1',
      headers: [['content-type', 'application/json']],
      body: { size: text.length, contentType: 'application/json', encoding: 'text', preview: text, previewTruncated: false, bytes: new TextEncoder().encode(text) },
    },
    redirects: [],
    timings: { totalMs: 1 },
  };
}

test('a response that breaks its schema gets the errors attached, by JSON path', async () => {
  const checked = validateRecord(record('http://127.0.0.1:7404/api/v1/klanten?page=1', 200, { count: 'veel', results: [] }), await klanten(), { baseUrl: 'http://127.0.0.1:7404' });
  assert.equal(checked.validation?.valid, false);
  assert.equal(checked.validation?.operationId, 'klant_list');
  assert.ok(checked.validation?.errors.some((e) => e.path === '$.count'), JSON.stringify(checked.validation));
});

test('a conforming response is valid, and the record is otherwise unchanged', async () => {
  const original = record('http://127.0.0.1:7404/api/v1/klanten/9b0ad1b8-7b21-4b3a-9b0e-0a1b2c3d4e5f', 404, { type: 'x', code: 'not_found', title: 'Niet gevonden', status: 404, detail: 'x', instance: 'urn:x' });
  const checked = validateRecord(original, await klanten());
  assert.equal(checked.response, original.response);
  assert.equal(checked.validation?.operationId, 'klant_read');
  assert.match(checked.validation?.against ?? '', /^response 404/);
  assert.equal(checked.validation?.valid, true, JSON.stringify(checked.validation));
});

test('a request the description does not know is reported, a failed request is left alone', async () => {
  const unknown = validateRecord(record('http://127.0.0.1:7404/api/v1/onbekend', 200, {}), await klanten());
  assert.equal(unknown.validation?.valid, false);
  assert.equal(unknown.validation?.errors[0].keyword, 'operation');
  const failed: ResponseRecord = { ...record('http://x/api/v1/klanten', 200, {}), response: undefined, error: { code: 'connect', message: 'refused' } };
  assert.equal(validateRecord(failed, await klanten()), failed);
});
