import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateAssertion, parseAssertion, AssertionSyntaxError } from '../../../src/core/run/assertions';
import type { ResponseRecord } from '../../../src/core/send/types';

const record = (body: string, contentType = 'application/json', status = 200): ResponseRecord => ({
  id: '1',
  startedAt: '',
  request: { method: 'GET', url: 'http://127.0.0.1/', headers: [] },
  response: { status, statusText: '', httpVersion: '1.1', headers: [['Content-Type', contentType], ['ETag', 'W/"3"']], body: { size: body.length, encoding: 'text', preview: body, previewTruncated: false, bytes: Buffer.from(body) } },
  redirects: [],
  timings: { totalMs: 12.4 },
});

test('syntax errors are failed assertions that say what to write', () => {
  assert.throws(() => parseAssertion('status is 200'), AssertionSyntaxError);
  const bad = evaluateAssertion('?? status is 200', record('{}'));
  assert.equal(bad.outcome, 'failed');
  assert.match(bad.message!, /'is' is not an operator/);
  assert.match(evaluateAssertion('?? header == x', record('{}')).message!, /name the header, e.g. \?\? header content-type includes json/);
  assert.match(evaluateAssertion('?? status ==', record('{}')).message!, /needs a value/);
  assert.match(evaluateAssertion('?? response.status == 200', record('{}')).message!, /start with status, header NAME/);
});

test('values: numbers, strings, objects, missing headers, regex and plain matches', () => {
  const json = record('{"a":{"b":[1,2]},"n":"007","flag":true}');
  const ok = (text: string) => assert.equal(evaluateAssertion(text, json).outcome, 'passed', text);
  const no = (text: string) => assert.equal(evaluateAssertion(text, json).outcome, 'failed', text);
  ok('body $.a == {"b":[1,2]}');
  ok('body $.n == 7');
  ok('body $.n == "007"');
  ok('body $.n matches ^0+7$');
  ok('body $.flag isTrue');
  ok('body $.flag isBoolean');
  ok('header etag == W/"3"');
  ok('header ETAG startsWith W/');
  ok('duration <= 12');
  ok('body contains "n"');
  no('header x-missing exists');
  no('body $.a.b isString');
  no('body $.n != 7');
  no('status >= 300');
  assert.equal(evaluateAssertion('header x-missing == 1', json).message, "header x-missing is nothing, expected == '1'");
});

test('XML bodies: body //path and xpath subjects', () => {
  const xml = record('<r><naam>Club</naam><n>3</n></r>', 'application/xml');
  assert.equal(evaluateAssertion('body //naam == Club', xml).outcome, 'passed');
  assert.equal(evaluateAssertion('xpath /r/n > 2', xml).outcome, 'passed');
  assert.equal(evaluateAssertion('body //nope exists', xml).outcome, 'failed');
});

test('no response: every assertion fails with that reason; js is skipped', () => {
  const failed: ResponseRecord = { ...record(''), response: undefined, error: { code: 'timeout', message: 't' } };
  assert.deepEqual(evaluateAssertion('status == 200', failed), { text: 'status == 200', line: undefined, outcome: 'failed', message: 'no response', isStatus: true });
  assert.equal(evaluateAssertion('js response.status == 200', failed).outcome, 'skipped');
});
