import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { plainTree } from '../../../src/core/http/nodes';
import { parseHttp } from '../../../src/core/http/parser';
import { assertNamedRanges, assertRangesInText, assertRequestsOrdered } from './treeChecks';

// Arbitrary text never breaks the parser. Plain random strings rarely look like a request
// file, so most lines are drawn from the pieces real files are made of, cut and mixed.

const pieces = [
  '###', '### Titel', '#', '# @name a', '// @name b', '# @registry kvk', '# @name=c', '@host = example.org', '@x', '@y := {{z}}',
  'GET https://example.org/a', 'POST /b HTTP/1.1', 'get c', 'GRPC /d', '{{base}}/e', 'https://f.example', 'localhost:3000/g',
  '  ?q=1', '  &r=2', '    /pad', 'Content-Type: application/json', 'Content-Type: multipart/mixed; boundary=b', 'X: {{$guid}}',
  'Authorization: Bearer {{login.response.body.$.token}}', 'bad header', '', '   ', '\t', '{', '}', '{"a": 1}', '< ./f.json',
  '<@ ./g.json', '<@latin1 ./h.txt', '> {%', '%}', '> {% client.log(1) %}', '< {%', '> ./h.js', '<> 2024-01-01T000000.200.json',
  '?? status == 200', '{{', '}}', '{{@response', 'HTTP/1.1 200 OK', '>> out.json', '# @forceRegionDelimiter', '/*', '*/', '--b', 'import ./x.http', 'run #a', '{{unclosed', '}}{{', '\u00e9\u{1F3BA}',
];
const line = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...pieces) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...pieces), fc.constantFrom(...pieces)).map(([a, b]) => a + b) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 10 }) },
);
const eol = fc.constantFrom('\n', '\r\n', '\r');
const document = fc
  .tuple(fc.array(fc.tuple(line, eol), { maxLength: 40 }), fc.boolean(), fc.boolean())
  .map(([lines, bom, finalBreak]) => (bom ? '\ufeff' : '') + lines.map(([l, e]) => l + e).join('').replace(finalBreak ? /$^/ : /(\r\n|\n|\r)$/, ''));

/** Any UTF-16 code units: lone surrogates, U+2028, NUL … (fast-check's 'binary' unit is slow). */
const anyUtf16 = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 100 }).map((codes) => String.fromCharCode(...codes));

test('any text parses without throwing; every range lies within the text', () => {
  fc.assert(
    fc.property(fc.oneof(document, fc.string({ maxLength: 200 }), anyUtf16), (text) => {
      const file = parseHttp(text);
      assert.ok(!file.diagnostics.some((d) => d.code === 'parse/internal-error'), file.diagnostics[0]?.message);
      assertRangesInText(file, text);
    }),
    { numRuns: 1000 },
  );
});

test('requests come in order, do not overlap, and their named ranges cover their text', () => {
  fc.assert(
    fc.property(document, (text) => {
      const file = parseHttp(text);
      assertRequestsOrdered(file);
      assertNamedRanges(file, text);
    }),
    { numRuns: 1000 },
  );
});

test('line breaks do not change the tree: LF, CRLF and CR give the same requests and ranges', () => {
  const lfDocument = fc.array(line.filter((l) => !/[\r\n]/.test(l)), { maxLength: 30 }).map((lines) => lines.join('\n'));
  fc.assert(
    fc.property(lfDocument, fc.constantFrom('\r\n', '\r'), (text, other) => {
      const a = parseHttp(text);
      const b = parseHttp(text.replace(/\n/g, other));
      // Texts joined from several lines use the file's own line break; compare them as LF.
      const lf = (s: string) => s.replace(/\r\n/g, '\n');
      // Compared as plain objects: the nodes' ranges are getters, which a spread does not copy.
      const shape = (tree: typeof a) => {
        const file = plainTree(tree);
        return JSON.stringify({
          ...file,
          eol: undefined,
          // A quick fix inserts the file's own line break.
          diagnostics: file.diagnostics.map((d) => ({ ...d, data: undefined })),
          globalScripts: file.globalScripts?.map((x) => ({ ...x, text: lf(x.text) })),
          requests: file.requests.map((r) => ({
            ...r,
            body: r.body && { ...r.body, text: lf(r.body.text), segments: r.body.segments.map((x) => (x.type === 'text' ? { ...x, text: lf(x.text) } : x)) },
            scripts: r.scripts.map((x) => ({ ...x, text: lf(x.text) })),
          })),
        });
      };
      assert.equal(shape(b), shape(a));
    }),
    { numRuns: 500 },
  );
});
