import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseHttp } from '../../../src/core/http/parser';
import { LARGE_COUNT, largeFileText, largeRequest } from '../../fixtures/http/generate-large.mjs';
import { assertRangesInText, assertRequestsOrdered } from './treeChecks';

const file = join(__dirname, '..', '..', 'fixtures', 'http', 'large-5000.http');
const text = readFileSync(file, 'utf8');

test('the committed 5,000-request file is what the generator writes', () => {
  assert.equal(text, largeFileText());
});

test('every one of the 5,000 requests is read with its method, URL, name, headers and body', () => {
  const parsed = parseHttp(text);
  assert.equal(parsed.requests.length, LARGE_COUNT);
  assert.deepEqual(parsed.diagnostics, []);
  parsed.requests.forEach((request, i) => {
    const want = largeRequest(i);
    const got = [request.requestLine!.method, request.requestLine!.url, request.name, request.headers.length, request.body !== undefined];
    assert.deepEqual(got, [want.method, want.url, want.name, want.headers, want.body], `request ${i}`);
  });
  assertRangesInText(parsed, text);
  assertRequestsOrdered(parsed);
});
