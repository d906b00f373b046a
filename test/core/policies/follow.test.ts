import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FOLLOW_LIMITS, acceptedLocation, followHeaders, followPolicy, retryAfterMs } from '../../../src/core/policies/follow';
import { runWithPolicies } from '../../../src/core/policies';
import { recordFor, request, testContext } from './testContext';

test('Retry-After: seconds or an HTTP date, never negative, capped; the default when absent or unreadable', () => {
  const now = Date.parse('2026-01-01T10:00:00Z');
  assert.equal(retryAfterMs('3', now), 3000);
  assert.equal(retryAfterMs('Thu, 01 Jan 2026 10:00:05 GMT', now), 5000);
  assert.equal(retryAfterMs('Thu, 01 Jan 2026 09:00:00 GMT', now), 0);
  assert.equal(retryAfterMs('86400', now), FOLLOW_LIMITS.maxWaitMs);
  assert.equal(retryAfterMs(undefined, now), FOLLOW_LIMITS.defaultWaitMs);
  assert.equal(retryAfterMs('soon', now), FOLLOW_LIMITS.defaultWaitMs);
});

test('follows a 202 while it answers 202, as Retry-After says, without the body or conditions; the last read is record.followed', async () => {
  const answers = [202, 202, 200];
  const context = testContext({
    answer: true,
    send: async (req) => recordFor(req, answers.shift()!, answers.length ? [['Retry-After', '0']] : [['ETag', '"9"']]),
  });
  const post = request('POST', 'http://h/jobs', [['Authorization', 'Bearer x'], ['Content-Type', 'application/json'], ['If-Match', '"1"']], '{}');
  const record = await runWithPolicies(post, context, async (req) => recordFor(req, 202, [['Location', '/jobs/7']]), new AbortController().signal, { policies: [followPolicy] });
  assert.equal(record.response!.status, 202);
  assert.equal(context.sent.length, 3);
  assert.deepEqual(context.sent.map((r) => [r.method, r.url, r.body]), Array(3).fill(['GET', 'http://h/jobs/7', undefined]));
  assert.deepEqual(context.sent[0]!.headers, [['Authorization', 'Bearer x']]);
  assert.equal(record.followed!.response!.status, 200);
  assert.deepEqual([record.followed!.previous!.response!.status, record.followed!.previous!.previous!.response!.status], [202, 202]);
  assert.match(record.notes![0]!.message, /followed http:\/\/h\/jobs\/7: 200, ETag "9"/);
});

test('bounded: a Location that keeps answering 202 is read at most maxPolls times; another origin is never followed', async () => {
  const context = testContext({ answer: true, send: async (req) => recordFor(req, 202, [['Retry-After', '0']]) });
  const record = await runWithPolicies(request('POST', 'http://h/jobs'), context, async (req) => recordFor(req, 202, [['Location', '/jobs/8']]), new AbortController().signal, { policies: [followPolicy] });
  assert.equal(context.sent.length, FOLLOW_LIMITS.maxPolls);
  assert.match(record.notes![0]!.message, /still 202 after 10 reads/);

  const away = testContext({ answer: true, send: async (req) => recordFor(req, 200) });
  const other = await runWithPolicies(request('POST', 'http://h/jobs'), away, async (req) => recordFor(req, 202, [['Location', 'http://elsewhere/jobs/1']]), new AbortController().signal, { policies: [followPolicy] });
  assert.equal(away.sent.length, 0);
  assert.equal(away.offers.length, 0);
  assert.match(other.notes![0]!.message, /another origin/);
});

test("a 202's Location, as the editor offers it after the response shows: resolved, same origin or not; the GET keeps credentials, not the write's body headers or conditions", () => {
  const write = request('POST', 'http://127.0.0.1:7402/v1/verenigingen/feitelijkeverenigingen', [['apikey', 'k'], ['If-Match', 'W/"1"'], ['Content-Type', 'application/json'], ['VR-Initiator', 'OVO1']]);
  const relative = acceptedLocation(recordFor(write, 202, [['Location', '/v1/verenigingen/V0001001']]));
  assert.equal(relative?.location.href, 'http://127.0.0.1:7402/v1/verenigingen/V0001001');
  assert.equal(relative?.sameOrigin, true);
  assert.equal(acceptedLocation(recordFor(write, 202, [['location', 'http://elsewhere.example/x']]))?.sameOrigin, false);
  assert.equal(acceptedLocation(recordFor(write, 201, [['Location', '/v1/x']])), undefined, 'only a 202');
  assert.equal(acceptedLocation(recordFor(write, 202)), undefined, 'no Location');
  assert.equal(acceptedLocation(recordFor(write, 202, [['Location', 'http://[bad']])), undefined, 'unreadable');
  assert.deepEqual(followHeaders(write.headers), [['apikey', 'k'], ['VR-Initiator', 'OVO1']]);
});
