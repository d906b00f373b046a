// JetBrains' multi-line query: the request line ends in `?` or a parameter, and each indented
// line below it is one more parameter. Read in every position a request can stand in a file,
// with the range of each piece, and the cases that must stay what they were.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseHttp } from '../../../src/core/http/parser';
import type { HttpFile, Range } from '../../../src/core/http/ast';
import { assertNamedRanges, assertRangesInText, assertRequestsOrdered, slice, sourceLines } from './treeChecks';

const r = (line: number, start: number, endLine: number, end: number): Range => ({ start: { line, character: start }, end: { line: endLine, character: end } });

function parse(text: string): HttpFile {
  const file = parseHttp(text);
  assertRangesInText(file, text);
  assertRequestsOrdered(file);
  assertNamedRanges(file, text);
  return file;
}

const QUERY = ['GET {{host}}/users?', '    page={{page}}&', '    size={{size}}'];

test("the documented form: '?' at the end, one parameter per indented line", () => {
  const text = [...QUERY, 'Accept: application/json', ''].join('\n');
  const file = parse(text);
  assert.deepEqual(file.diagnostics, []);
  const [request] = file.requests;
  const line = request!.requestLine!;
  assert.equal(line.url, '{{host}}/users?page={{page}}&size={{size}}');
  assert.deepEqual(line.urlRanges, [r(0, 4, 0, 19), r(1, 4, 1, 18), r(2, 4, 2, 17)]);
  assert.deepEqual(line.range, r(0, 0, 2, 17));
  assert.deepEqual(request!.headers.map((h) => h.name), ['Accept']);
  assert.deepEqual(file.references.map((ref) => [ref.name, slice(sourceLines(text), ref.range)]), [
    ['host', '{{host}}'],
    ['page', '{{page}}'],
    ['size', '{{size}}'],
  ]);
});

test('a request line that ends in a parameter: each line below adds one with &', () => {
  const file = parse('GET https://x.example/zoeken?naam=bakker\n  type=rechtspersoon\n  pagina=2 HTTP/1.1\n');
  const line = file.requests[0]!.requestLine!;
  assert.equal(line.url, 'https://x.example/zoeken?naam=bakker&type=rechtspersoon&pagina=2');
  assert.equal(line.httpVersion, 'HTTP/1.1');
  assert.deepEqual(line.urlRanges.map((range) => slice(['GET https://x.example/zoeken?naam=bakker', '  type=rechtspersoon', '  pagina=2 HTTP/1.1'], range)), ['https://x.example/zoeken?naam=bakker', 'type=rechtspersoon', 'pagina=2']);
  assert.deepEqual(file.diagnostics, []);
});

test('in the first, a middle and the last request; with a body, a script, CRLF and tabs', () => {
  const blocks = [
    ['# @name eerste', ...QUERY, '', '###'],
    ['POST {{host}}/users?', '\tdryRun=true', 'Content-Type: application/json', '', '{"naam": "a"}', '', '> {% client.log(1) %}', '', '###'],
    ['# @name laatste', 'GET {{host}}/users?q=a', '    page=2&', '    size=3'],
  ];
  for (const eol of ['\n', '\r\n']) {
    const text = blocks.map((b) => b.join(eol)).join(eol);
    const file = parse(text);
    assert.deepEqual(file.diagnostics, [], JSON.stringify(eol));
    assert.deepEqual(file.requests.map((q) => q.requestLine?.url), ['{{host}}/users?page={{page}}&size={{size}}', '{{host}}/users?dryRun=true', '{{host}}/users?q=a&page=2&size=3']);
    assert.deepEqual(file.requests.map((q) => q.name), ['eerste', undefined, 'laatste']);
    assert.equal(file.requests[1]!.body?.text, '{"naam": "a"}');
    assert.equal(file.requests[1]!.scripts.length, 1);
    assert.deepEqual(file.requests[1]!.requestLine!.urlRanges[1], r(7, 1, 7, 12));
    assert.deepEqual(file.requests[2]!.requestLine!.urlRanges[2], r(18, 4, 18, 10));
  }
});

test('with path and ?/& continuation lines in one request', () => {
  const file = parse('GET http://example.com:8080\n    /api\n    /verenigingen?\n    status=actief\n    &limit=10\n    sort=naam\n');
  assert.equal(file.requests[0]!.requestLine!.url, 'http://example.com:8080/api/verenigingen?status=actief&limit=10&sort=naam');
  assert.equal(file.requests[0]!.requestLine!.urlRanges.length, 6);
  assert.deepEqual(file.diagnostics, []);
});

test('what stays as it was: headers, unindented lines, lines after a header, an indented file, a body', () => {
  // An indented header is a header, not a parameter.
  const header = parse('GET https://x.example/a?b=1\n    Accept: application/json\n');
  assert.equal(header.requests[0]!.requestLine!.url, 'https://x.example/a?b=1');
  assert.deepEqual(header.requests[0]!.headers.map((h) => h.value), ['application/json']);
  // Not indented: no parameter line, the error it always was.
  const flush = parse('GET https://x.example/a?\nsize=2\n');
  assert.deepEqual(flush.diagnostics.map((d) => d.code), ['parse/header-without-colon']);
  assert.equal(flush.requests[0]!.requestLine!.url, 'https://x.example/a?');
  // Below a header the URL is finished.
  const late = parse('GET https://x.example/a?\nAccept: */*\n    size=2\n');
  assert.deepEqual(late.diagnostics.map((d) => d.code), ['parse/header-without-colon']);
  // A whole file indented alike: the line is as deep as the request line, so not a parameter.
  const indented = parse('   GET https://x.example/a?b=1\n   size=2\n');
  assert.deepEqual(indented.diagnostics.map((d) => d.code), ['parse/header-without-colon']);
  // No query and no `=`: a stray word, not a parameter.
  const word = parse('GET https://x.example/a\n    verbose\n');
  assert.deepEqual(word.diagnostics.map((d) => d.code), ['parse/header-without-colon']);
  // A JSON body right under the headers is still a body (with its info), never a parameter.
  const body = parse('POST https://x.example/a?\n    {"a": 1}\n');
  assert.deepEqual(body.diagnostics.map((d) => d.code), ['parse/missing-blank-line']);
  assert.equal(body.requests[0]!.requestLine!.url, 'https://x.example/a?');
});

test('name=value on the line below a URL without a query starts one', () => {
  const file = parse('GET https://x.example/a\n    page=1\n    size=2\n');
  assert.equal(file.requests[0]!.requestLine!.url, 'https://x.example/a?page=1&size=2');
});
