// targetOf (src/core/send/targetOf.ts) takes a plain URL's path as written and parses each origin
// once; every URL must come out as `new URL` gives it, or fail as it does.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isParsableUrl, targetOf } from '../../../src/core/send/targetOf';

function expected(url: string) {
  const parsed = new URL(url);
  return { protocol: parsed.protocol, hostname: parsed.hostname, port: parsed.port, origin: parsed.origin, path: `${parsed.pathname}${parsed.search}`, href: parsed.href.replace(/#.*$/, '') };
}

function outcome(compute: () => unknown): unknown {
  try {
    return compute();
  } catch (error) {
    return { throws: (error as Error).name };
  }
}

const scheme = fc.constantFrom('http://', 'https://', 'HTTP://', 'Https://', 'ftp://', 'http:/', 'http:');
const host = fc.constantFrom(
  '127.0.0.1:7777', 'localhost', 'Example.COM', 'example.com.', 'api.example.com:443', 'h:80', 'h:080', 'h:', '[::1]:8080', '[::1]',
  'b\u00fccher.de', 'user@h', 'user:pw@h', 'h%41', 'h h', '', 'h:99999', '10.0.0.1:0', 'xn--bcher-kva.de',
);
// Pieces of paths and queries: what the parser keeps, what it encodes, what it folds or drops.
const piece = fc.constantFrom(
  'items', '1', 'v1', 'a-b_c~d', "it's", '"q"', '<x>', '`', '{a}', '|', '^', '[0]', '\\', ' ', '%20', '%2F', '%2e', '%2E', '%zz', '%',
  '.', '..', '!$&()*+,;=:@', '\u00e9', '\t', '\n', '#frag', '?', '=', '&', 'a=1', 'b=%C3%A9',
);
const segment = fc.array(piece, { maxLength: 3 }).map((parts) => parts.join(''));
const path = fc.array(segment, { maxLength: 4 }).map((segments) => segments.map((s) => `/${s}`).join(''));
const query = fc.option(fc.array(piece, { maxLength: 4 }).map((parts) => `?${parts.join('')}`), { nil: '' });
const url = fc.tuple(scheme, host, path, query).map(([s, h, p, q]) => `${s}${h}${p}${q}`);

test('targetOf gives what new URL gives for any URL, or fails as it does', () => {
  fc.assert(
    fc.property(url, (candidate) => {
      assert.deepEqual(outcome(() => targetOf(candidate)), outcome(() => expected(candidate)), candidate);
    }),
    { numRuns: 20_000 },
  );
});

test('targetOf: the URLs a run sends, one origin for many paths, and the edges of a plain path', () => {
  for (const candidate of [
    'http://127.0.0.1:7777/items/0',
    'http://127.0.0.1:7777/items/1?page=2&sort=-name',
    'https://api.kvk.nl/api/v1/zoeken?kvkNummer=69599084',
    'http://127.0.0.1:7777',
    'http://127.0.0.1:7777?x=1',
    'http://127.0.0.1:7777/x?',
    'http://127.0.0.1:7777/a/./b',
    'http://127.0.0.1:7777/a/%2e%2E/b',
    'http://127.0.0.1:7777/a b',
    'http://127.0.0.1:7777/a#b',
    'HTTP://EXAMPLE.com:80/A',
  ]) {
    assert.deepEqual(targetOf(candidate), expected(candidate), candidate);
  }
  assert.throws(() => targetOf('http://'), TypeError);
  assert.throws(() => targetOf('/relative'), TypeError);
});

function parses(url: string): boolean {
  try {
    new URL(url);
    return true;
  } catch {
    return false;
  }
}

test('isParsableUrl says whether new URL parses, for any URL', () => {
  fc.assert(
    fc.property(url, (candidate) => {
      assert.equal(isParsableUrl(candidate), parses(candidate), candidate);
    }),
    { numRuns: 20_000 },
  );
  // An origin the parser refuses is not made parsable by a plain path after it.
  for (const candidate of ['http://h:99999/items', 'http://h h/x', 'http://[::1/x', 'http://:80/x']) assert.equal(isParsableUrl(candidate), false, candidate);
  assert.equal(isParsableUrl('http://127.0.0.1:7777/items/0?page=2'), true);
});

test('isParsableUrl still takes a non-ASCII host after thousands of ASCII URLs (Node 20 URL.canParse does not)', () => {
  // Neither plain (a space in the path) nor known: each goes through the parser, as an IDN host does.
  for (let i = 0; i < 20_000; i++) assert.equal(isParsableUrl(`http://example.com/a b${i}`), true);
  for (const candidate of ['http://b\u00fccher.de/a b', 'http://\u00e9/x y', 'https://m\u00fcnchen.example/z?q=a b']) assert.equal(isParsableUrl(candidate), true, candidate);
});
