import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NONE, plainTree } from '../../../src/core/http/nodes';
import { parseHttp } from '../../../src/core/http/parser';

// The tree's nodes are classes whose ranges are getters (nodes.ts). Readers rely on three things:
// a range read twice is the same object, JSON gives the plain tree in the interfaces' key order,
// and plainTree gives objects a spread can copy.

const text = ['### Zoeken', '# @name zoeken', 'GET {{host}}/zoeken', '    ?q=1', 'Accept: application/json', '', '{"a": 1}', '', '> {%', '  client.log(1);', '%}'].join('\n');

test('a range read twice is the same object', () => {
  const request = parseHttp(text).requests[0]!;
  assert.equal(request.range, request.range);
  assert.equal(request.range.end, request.range.end);
  assert.equal(request.headers[0]!.valueRange, request.headers[0]!.valueRange);
  assert.equal(request.requestLine!.urlRanges, request.requestLine!.urlRanges);
  assert.equal(request.scripts[0]!.textStart, request.scripts[0]!.textStart);
});

test('JSON of a node is the plain node, keys in the order of ast.ts', () => {
  const file = parseHttp(text);
  const request = file.requests[0]!;
  const keys = (value: unknown) => Object.keys(JSON.parse(JSON.stringify(value)) as object);
  assert.deepEqual(keys(request), ['index', 'range', 'title', 'separatorRange', 'name', 'directives', 'variables', 'comments', 'requestLine', 'headers', 'body', 'scripts']);
  assert.deepEqual(keys(request.headers[0]), ['name', 'value', 'range', 'nameRange', 'valueRange']);
  assert.deepEqual(keys(request.directives[0]), ['name', 'value', 'range', 'nameRange', 'valueRange']);
  assert.deepEqual(keys(request.requestLine), ['method', 'methodImplicit', 'methodRange', 'url', 'urlRanges', 'range']);
  assert.deepEqual(keys(file.references[0]), ['expression', 'kind', 'name', 'range', 'innerRange']);
  assert.deepEqual(keys(request.scripts[0]), ['kind', 'form', 'text', 'textStart', 'range']);
  assert.deepEqual(keys(request.body), ['segments', 'text', 'range']);
  assert.deepEqual(keys(request.body!.segments[0]), ['type', 'text', 'range']);
  assert.deepEqual(JSON.parse(JSON.stringify(request.requestLine!.urlRanges)), [
    { start: { line: 2, character: 4 }, end: { line: 2, character: 19 } },
    { start: { line: 3, character: 4 }, end: { line: 3, character: 8 } },
  ]);
});

test('a spread does not copy the ranges; plainTree does', () => {
  const header = parseHttp(text).requests[0]!.headers[0]!;
  assert.equal(({ ...header } as { range?: unknown }).range, undefined);
  const plain = plainTree(parseHttp(text)).requests[0]!.headers[0]!;
  assert.deepEqual({ ...plain }.range, { start: { line: 4, character: 0 }, end: { line: 4, character: 24 } });
});

test('the lists a block does not have are the one frozen NONE', () => {
  const request = parseHttp(text).requests[0]!;
  assert.equal(request.comments, NONE);
  assert.equal(request.variables, NONE);
  assert.ok(Object.isFrozen(NONE));
  assert.throws(() => (request.comments as unknown[]).push(1), TypeError);
});
