// Change ids are the first eight hex digits of a SHA-1 of their key: shortSha1 gives what
// createHash gives, for keys of every length around the block boundaries and for any text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { shortSha1 } from '../../../src/core/specdiff/shortSha1';

const expected = (text: string) => createHash('sha1').update(text).digest('hex').slice(0, 8);

test('shortSha1 is the start of the SHA-1 hex digest for every length up to three blocks', () => {
  for (let n = 0; n <= 200; n++) {
    const text = Array.from({ length: n }, (_, i) => String.fromCharCode(32 + ((i * 7 + n) % 95))).join('');
    assert.equal(shortSha1(text), expected(text), `length ${n}`);
  }
});

test('shortSha1 hashes the UTF-8 bytes: separators, accents, symbols beyond the BMP, lone surrogates', () => {
  for (const text of ['property-renamed\u0000response\u0000/components/schemas/A/properties/b\u0000/components/schemas/A/properties/c\u0000', 'é', '→ 200→201', '😀'.repeat(40), 'a\ud800b', 'x'.repeat(100_000)]) {
    assert.equal(shortSha1(text), expected(text), JSON.stringify(text.slice(0, 40)));
  }
});
