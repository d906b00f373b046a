import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isoNow } from '../../../src/core/send/sendRequest';

// First in this file, so it is the process's first call (CI found it: the cache's empty start
// stood for the second before 1970, and isoNow(-5) came out as "995Z").
test('the first call formats its own second, also the last second of 1969', () => {
  assert.equal(isoNow(-5), '1969-12-31T23:59:59.995Z');
  assert.equal(isoNow(-1000), '1969-12-31T23:59:59.000Z');
});

// The record's `startedAt` is formatted with the date and time up to the second cached: it must
// be what Date#toISOString says for any moment, also when consecutive calls cross a second,
// a day or a year, or go back in time (a clock set back).
test('isoNow(ms) is new Date(ms).toISOString() for any moment and any order of calls', () => {
  const moment = fc.integer({ min: -62_135_596_800_000, max: 253_402_300_799_999 });
  const nearby = fc.tuple(moment, fc.array(fc.integer({ min: -2_000, max: 2_000 }), { maxLength: 12 }));
  fc.assert(
    fc.property(nearby, ([start, steps]) => {
      let ms = start;
      for (const step of [0, ...steps]) {
        ms = Math.min(253_402_300_799_999, Math.max(-62_135_596_800_000, ms + step));
        assert.equal(isoNow(ms), new Date(ms).toISOString());
      }
    }),
    { numRuns: 3000 },
  );
  const before = Date.now();
  const now = isoNow();
  assert.ok(Date.parse(now) >= before && Date.parse(now) <= Date.now());
});
