import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HttpDocumentCache } from '../../../src/core/http/HttpDocumentCache';
import { parseHttp } from '../../../src/core/http/parser';

test('one parse per uri and version; a new version parses again', () => {
  let parses = 0;
  const cache = new HttpDocumentCache((text) => (parses++, parseHttp(text)));
  const a1 = cache.get('file:///a.http', 1, () => 'GET /a');
  const a1again = cache.get('file:///a.http', 1, () => assert.fail('text read for a cached version'));
  assert.equal(a1again, a1);
  assert.equal(parses, 1);
  const a2 = cache.get('file:///a.http', 2, () => 'GET /a\n###\nGET /b');
  assert.equal(a2.requests.length, 2);
  assert.equal(cache.peek('file:///a.http', 1), undefined);
  assert.equal(cache.peek('file:///a.http', 2), a2);
  assert.equal(parses, 2);
  assert.equal(cache.size, 1);
});

test('the least recently used document goes first when the cache is full; delete forgets one', () => {
  const cache = new HttpDocumentCache(parseHttp, 2);
  cache.get('a', 1, () => 'GET /a');
  cache.get('b', 1, () => 'GET /b');
  cache.get('a', 1, () => assert.fail('a was evicted too early'));
  cache.get('c', 1, () => 'GET /c');
  assert.ok(cache.peek('a', 1));
  assert.equal(cache.peek('b', 1), undefined);
  cache.delete('a');
  assert.equal(cache.peek('a', 1), undefined);
  cache.clear();
  assert.equal(cache.size, 0);
});
