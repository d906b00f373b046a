import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseHttp } from '../../../src/core/http/parser';
import type { Range } from '../../../src/core/http/ast';

// Exact ranges and the decisions the fixtures only touch in passing, on short inline texts.

/** The one edit of a diagnostic's one quick fix (the `{ fixes }` shape core/language reads). */
function fixOf(data: unknown): { range: Range; newText: string } {
  const { fixes } = data as { fixes: Array<{ edits: Array<{ range: Range; newText: string }> }> };
  assert.equal(fixes.length, 1);
  assert.equal(fixes[0]!.edits.length, 1);
  return fixes[0]!.edits[0]!;
}

const r = (line: number, start: number, endLine: number, end: number): Range => ({ start: { line, character: start }, end: { line: endLine, character: end } });

test('every part of a request keeps its exact range', () => {
  const text = [
    '### Detail', //                                   0
    '# @name=detail', //                               1
    'GET  https://x.example/v1/{{id}}  HTTP/1.1', //   2
    '  ?expand=all', //                                3
    'Accept :  application/json', //                   4
    '', //                                             5
    '{"a": 1}', //                                     6
    '', //                                             7
    '> {%', //                                         8
    '  client.log(1);', //                             9
    '%}', //                                           10
  ].join('\n');
  const [request] = parseHttp(text).requests;
  assert.ok(request);
  assert.deepEqual(request.range, r(0, 0, 10, 2));
  assert.deepEqual(request.separatorRange, r(0, 0, 0, 10));
  assert.equal(request.title, 'Detail');
  const [name] = request.directives;
  assert.deepEqual([name!.nameRange, name!.valueRange, name!.range], [r(1, 3, 1, 7), r(1, 8, 1, 14), r(1, 0, 1, 14)]);
  const line = request.requestLine!;
  assert.deepEqual(line.methodRange, r(2, 0, 2, 3));
  assert.deepEqual(line.urlRanges, [r(2, 5, 2, 32), r(3, 2, 3, 13)]);
  assert.deepEqual(line.range, r(2, 0, 3, 13));
  assert.equal(line.url, 'https://x.example/v1/{{id}}?expand=all');
  assert.equal(line.httpVersion, 'HTTP/1.1');
  const [accept] = request.headers;
  assert.deepEqual([accept!.name, accept!.value, accept!.nameRange, accept!.valueRange], ['Accept', 'application/json', r(4, 0, 4, 6), r(4, 10, 4, 26)]);
  assert.deepEqual(request.body!.range, r(6, 0, 6, 8));
  assert.deepEqual(request.scripts.map((s) => [s.kind, s.text, s.range]), [['response-handler', 'client.log(1);', r(8, 0, 10, 2)]]);
});

test('references: kinds, names, and inner ranges that skip the padding', () => {
  const file = parseHttp('GET {{ host }}/{{$randomInt 1 9}}/{{login.response.body.$.id}}/{{a.b}}/{{ f(x) }}\n');
  assert.deepEqual(
    file.references.map((x) => [x.kind, x.name, x.expression]),
    [
      ['variable', 'host', 'host'],
      ['dynamic', '$randomInt', '$randomInt 1 9'],
      ['response', 'login', 'login.response.body.$.id'],
      ['variable', 'a.b', 'a.b'],
      ['variable', 'f', 'f(x)'],
    ],
  );
  assert.deepEqual([file.references[0]!.range, file.references[0]!.innerRange], [r(0, 4, 0, 14), r(0, 7, 0, 11)]);
});

test('references are found in variables, URLs, headers and bodies, but not in comments or scripts', () => {
  const file = parseHttp(['@a = {{one}}', '# {{not}}', 'POST /{{two}}', 'X-{{three}}: {{four}}', '', '{{five}}', '', '> {%', '  "{{six}}"', '%}'].join('\n'));
  assert.deepEqual(file.references.map((x) => x.name), ['one', 'two', 'three', 'four', 'five']);
});

test('an unclosed {{ says where to close it', () => {
  const [d] = parseHttp('GET /{{host\n').diagnostics;
  assert.equal(d!.code, 'parse/unterminated-variable');
  assert.deepEqual(d!.range, r(0, 5, 0, 11));
  assert.deepEqual(d!.data, { fixes: [{ title: "Close the reference with '}}'", edits: [{ range: r(0, 11, 0, 11), newText: '}}' }], preferred: true }] });
});

test('a BOM is reported and left out of every position', () => {
  const file = parseHttp('\ufeffGET /a\r\nX: 1\r\n');
  assert.equal(file.bom, true);
  assert.equal(file.eol, '\r\n');
  assert.deepEqual(file.requests[0]!.requestLine!.methodRange, r(0, 0, 0, 3));
  assert.deepEqual(file.requests[0]!.headers[0]!.valueRange, r(1, 3, 1, 4));
});

test('body segments join exactly: concatenated they give the text sent', () => {
  const text = 'POST /a\r\n\r\nline1\r\n< ./a.bin\r\n< ./b.bin\r\nline2\r\n';
  const body = parseHttp(text).requests[0]!.body!;
  assert.deepEqual(
    body.segments.map((s) => (s.type === 'text' ? s.text : `[${s.path}]`)).join(''),
    'line1\r\n[./a.bin]\r\n[./b.bin]\r\nline2',
  );
  assert.equal(body.text, 'line1\r\n< ./a.bin\r\n< ./b.bin\r\nline2');
});

test('a Content-Type header in any case marks a multipart body, which request lines do not split', () => {
  const text = ['POST /batch', 'content-type: Multipart/Mixed; boundary=b', '', '--b', '', 'GET /inner HTTP/1.1', '', '--b--'].join('\n');
  assert.equal(parseHttp(text).requests.length, 1);
  assert.equal(parseHttp(text.replace('Multipart/Mixed', 'application/json')).requests.length, 2);
});

test('implicit splits: after a body, after a script, and after headers; never on a lower-case or method-less line', () => {
  const count = (lines: string[]) => parseHttp(lines.join('\n')).requests.length;
  assert.equal(count(['POST /a', '', '{}', 'GET /b']), 2);
  assert.equal(count(['GET /a', '', '> {% x %}', '', 'GET /b']), 2);
  assert.equal(count(['GET /a', 'X: 1', 'DELETE /b']), 2);
  // A one-word target is a URL to httpYac too (`GET users` under a base URL).
  assert.equal(count(['POST /a', '', 'x', 'GET users']), 2);
  assert.equal(count(['POST /a', '', 'get /b']), 1);
  assert.equal(count(['POST /a', '', '/b']), 1);
  // Several words that do not start like a URL are prose or SQL, not a request.
  assert.equal(count(['POST /sql', 'Content-Type: text/plain', '', 'SELECT 1;', 'DELETE FROM t WHERE id = 1;', 'LOCK TABLE t IN SHARE MODE;']), 1);
});

test('a multipart body stops holding request lines after its closing boundary; @forceRegionDelimiter holds them all', () => {
  const count = (lines: string[]) => parseHttp(lines.join('\n')).requests.length;
  const batch = ['POST /$batch', 'Content-Type: multipart/mixed; boundary="b 1"', '', '--b 1', '', 'GET /inner HTTP/1.1', '', '--b 1--'];
  assert.equal(count(batch), 1);
  assert.equal(count([...batch, '', 'GET /next']), 2);
  assert.equal(count(['# @forceRegionDelimiter', 'POST /a', '', 'GET /b', '', 'GET /c', '###', 'GET /d', '', 'GET /e']), 3);
  // Not after a script either, until the boundary closes.
  assert.equal(count(['POST /$batch', 'Content-Type: multipart/mixed; boundary=b', '', '--b', '?? status == 200', 'GET /x']), 1);
});

test('response redirects and pre-request files are scripts, never requests', () => {
  const file = parseHttp(['< ./payload.json', 'GET /a', '', '>> ./out.json', '>>! ./always.json'].join('\n'));
  assert.equal(file.requests.length, 1);
  assert.deepEqual(file.requests[0]!.scripts.map((s) => [s.kind, s.text]), [['pre-request', './payload.json'], ['response-handler', './out.json'], ['response-handler', './always.json']]);
  assert.equal(file.requests[0]!.body, undefined);
});

test('a @name above ### names the request below, with an info; the request\'s own @name wins', () => {
  const carried = parseHttp(['# @name first', '### Title', 'GET /a'].join('\n'));
  assert.equal(carried.requests[0]!.name, 'first');
  assert.deepEqual(carried.diagnostics.map((d) => [d.code, d.severity, d.range.start.line]), [['parse/directive-before-separator', 'info', 0]]);
  const own = parseHttp(['# @name first', '###', '# @name second', 'GET /a'].join('\n'));
  assert.equal(own.requests[0]!.name, 'second');
  // Not carried when other text follows it in its block, or when no ### follows.
  assert.equal(parseHttp(['# @name first', '# about the next one', '###', 'GET /a'].join('\n')).requests[0]!.name, undefined);
});

test('file-level directives are those before the first request line; a later block keeps its own', () => {
  const file = parseHttp(['# @registry kvk', '# @env sandbox', '# @name a', 'GET /a', '', '###', '# @registry vr-publiek', 'GET /b'].join('\n'));
  assert.deepEqual(file.directives.map((d) => [d.name, d.value]), [['registry', 'kvk'], ['env', 'sandbox']]);
  assert.deepEqual(file.requests[1]!.directives.map((d) => d.value), ['vr-publiek']);
  // A directive after the first request line is not the file's.
  const late = parseHttp(['GET /a', '# @registry kvk'].join('\n'));
  assert.deepEqual(late.directives, []);
  assert.deepEqual(late.requests[0]!.directives.map((d) => d.name), ['registry']);
});

test('an unterminated script stops at the next separator, and its diagnostic offers the closer', () => {
  const file = parseHttp(['GET /a', '', '> {%', 'x', '###', 'GET /b'].join('\n'));
  assert.equal(file.requests.length, 2);
  assert.deepEqual(file.requests[0]!.scripts[0]!.range, r(2, 0, 3, 1));
  assert.deepEqual(file.diagnostics.map((d) => d.code), ['parse/unterminated-script']);
  assert.deepEqual(fixOf(file.diagnostics[0]!.data), { range: r(3, 1, 3, 1), newText: '\n%}' });
});

test('a header line without a colon is an error that names the line, and parsing goes on', () => {
  const file = parseHttp(['POST /a', 'Authorization Bearer x', 'Accept: */*'].join('\n'));
  assert.deepEqual(file.diagnostics.map((d) => [d.code, d.severity, d.range]), [['parse/header-without-colon', 'error', r(1, 0, 1, 22)]]);
  assert.deepEqual(file.requests[0]!.headers.map((h) => h.name), ['Accept']);
});

test('a body that goes on after comment-shaped lines keeps them; trailing comments are not body', () => {
  const body = (lines: string[]) => parseHttp(lines.join('\n')).requests[0]!.body?.text;
  assert.equal(body(['POST /a', '', 'a: 1', '# note', 'b: 2']), 'a: 1\n# note\nb: 2');
  assert.equal(body(['POST /a', '', 'a: 1', '', '# note', '', '###']), 'a: 1');
  assert.equal(body(['POST /a', '', 'a: 1', '', '# note']), 'a: 1');
});

test('huge and strange input: long lines, many version words, only separators', () => {
  const many = parseHttp(`GET /x${' HTTP/1.1'.repeat(5000)}`);
  assert.deepEqual([many.requests[0]!.requestLine!.url, many.requests[0]!.requestLine!.httpVersion], ['/x', 'HTTP/1.1']);
  const spaced = parseHttp(`GET /\nX: a${' '.repeat(20000)}b`);
  assert.equal(spaced.requests[0]!.headers[0]!.value.length, 20002);
  assert.equal(parseHttp('###\n'.repeat(1000)).requests.length, 0);
});

test('every parse diagnostic that has a fix says what to insert where, and applying it removes the diagnostic', () => {
  const cases = [
    'GET /{{host\n',
    'POST /a\nAuthorization Bearer x\n',
    'POST /a\nNoValue\n',
    '@only\nGET /a\n',
    '@only value\nGET /a\n',
    'GET /a\n\n> {%\nclient.log(1);\n',
    'GET /a\n\n/* open\n',
  ];
  for (const text of cases) {
    const [diagnostic] = parseHttp(text).diagnostics;
    const fix = fixOf(diagnostic!.data);
    const lines = text.split('\n');
    const { line: at, character } = fix.range.start;
    lines[at] = lines[at]!.slice(0, character) + fix.newText + lines[at]!.slice(character);
    const fixed = parseHttp(lines.join('\n'));
    assert.deepEqual(fixed.diagnostics, [], `${JSON.stringify(text)} fixed to ${JSON.stringify(lines.join('\n'))}`);
  }
});
