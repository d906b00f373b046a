import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { comparePositions, offsetAt, positionAt, rangeContains } from '../../../src/core/http/position';

test('positionAt and offsetAt agree on LF, CRLF and lone CR', () => {
  const text = 'ab\r\ncd\nef\rg';
  assert.deepEqual(positionAt(text, 0), { line: 0, character: 0 });
  assert.deepEqual(positionAt(text, 2), { line: 0, character: 2 });
  // Between \r and \n is still the end of line 0.
  assert.deepEqual(positionAt(text, 3), { line: 0, character: 2 });
  assert.deepEqual(positionAt(text, 4), { line: 1, character: 0 });
  assert.deepEqual(positionAt(text, 7), { line: 2, character: 0 });
  assert.deepEqual(positionAt(text, 10), { line: 3, character: 0 });
  assert.deepEqual(positionAt(text, 99), { line: 3, character: 1 });
  assert.equal(offsetAt(text, { line: 1, character: 1 }), 5);
  assert.equal(offsetAt(text, { line: 3, character: 0 }), 10);
  // Past the end of a line clamps to it; past the last line clamps to the text.
  assert.equal(offsetAt(text, { line: 0, character: 50 }), 2);
  assert.equal(offsetAt(text, { line: 9, character: 0 }), text.length);
});

test('offsetAt inverts positionAt for every offset that is not inside a CRLF pair', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom('a', 'é', '\n', '\r\n', '\r', ' '), { maxLength: 40 }).map((parts) => parts.join('')), (text) => {
      for (let offset = 0; offset <= text.length; offset++) {
        if (text[offset - 1] === '\r' && text[offset] === '\n') continue;
        assert.equal(offsetAt(text, positionAt(text, offset)), offset);
      }
    }),
    { numRuns: 200 },
  );
});

test('comparePositions and rangeContains', () => {
  assert.ok(comparePositions({ line: 1, character: 0 }, { line: 0, character: 9 }) > 0);
  assert.ok(comparePositions({ line: 1, character: 2 }, { line: 1, character: 3 }) < 0);
  const range = { start: { line: 1, character: 2 }, end: { line: 3, character: 0 } };
  assert.ok(rangeContains(range, { line: 2, character: 99 }));
  assert.ok(rangeContains(range, { line: 3, character: 0 }));
  assert.ok(!rangeContains(range, { line: 1, character: 1 }));
  assert.ok(!rangeContains(range, { line: 3, character: 1 }));
});
