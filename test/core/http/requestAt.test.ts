import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseHttp } from '../../../src/core/http/parser';
import { requestAt } from '../../../src/core/http/requestAt';

const text = ['@host = x', '', '###', 'GET /a', '', '###', '# only a comment', '', '###', 'POST /b', '', 'body', ''].join('\n');
const file = parseHttp(text);

test('requestAt finds the block under a position, separator line included', () => {
  const at = (line: number) => requestAt(file, { line, character: 0 })?.requestLine?.url;
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12].map(at), [undefined, undefined, '/a', '/a', '/a', undefined, undefined, undefined, '/b', '/b', '/b', '/b']);
});

test('requestAt on an empty file and past the end', () => {
  assert.equal(requestAt(parseHttp(''), { line: 0, character: 0 }), undefined);
  assert.equal(requestAt(file, { line: 40, character: 0 }), undefined);
});

test('requestAt agrees with a linear scan on a large file', () => {
  const big = parseHttp(Array.from({ length: 300 }, (_, i) => `###\nGET /${i}\n${i % 3 ? '\nbody\n' : ''}`).join(''));
  for (let line = 0; line < big.lineCount; line += 7) {
    const expected = big.requests.find((x) => x.range.start.line <= line && line <= x.range.end.line);
    assert.equal(requestAt(big, { line, character: 0 }), expected);
  }
});
