import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Diagnostic, VariableReference } from '../../../src/core/http/ast';
import { plainTree } from '../../../src/core/http/nodes';
import { RECOGNISERS, classify, classifyIn, firstNonBlank, isSpaceCode, recognise, type Section } from '../../../src/core/http/recognisers';
import { classifyReference, readReference } from '../../../src/core/http/references';
import { Lines, splitLines } from '../../../src/core/http/splitLines';
import { METHODS } from '../../../src/core/http/syntax';
import { wordsByLength } from '../../../src/core/http/wordsByLength';

// The parser reads lines through `classify` and the recognisers' `fast` forms, which find the
// common forms by their characters instead of the patterns of syntax.ts. These properties hold
// them to the general path (`recognise`, each recogniser's `match`): the same token, field for
// field, for any line.

const SECTIONS = Object.keys(RECOGNISERS) as Section[];

/** Pieces of the forms the fast forms read, and the characters where they could go wrong. */
const pieces = [
  '###', '####', '##', '#', '//', '/', '/*', '*/', '# @', '// @', '#@', '@', '=', ':=', ':', '?', '&', '??', '<', '>', '<>', '>>', '>>!', '{', '{{', '}}', '{%', '%}',
  '{{@response', '{{+after', 'name', 'no-redirect', 'env.x-y', '_a', '9x', 'GET', 'get', 'Get', 'POST', 'DELETE', 'VERSION-CONTROL', 'Hello', 'GET-', 'A1',
  ' ', '  ', '\t', '\u00a0', '\u2028', '\u3000', '\ufeff', '\v', '\u180e', '\u200b', 'HTTP/1.1', 'HTTP/2', 'HTTP/', 'HTTP/x', 'http://a.b/c', '/path', 'localhost:8080',
  '{{host}}/x', 'a=b', 'Content-Type', "!#$%&'*+.^_`|~", 'x;y', 'é', '\u{1F3BA}', '\ud800', 'FROM t WHERE', 'HTTP/1.1 200 OK', 'import', 'run', 'proto',
];
const line = fc.oneof(
  { weight: 4, arbitrary: fc.array(fc.constantFrom(...pieces), { maxLength: 8 }).map((parts) => parts.join('')) },
  { weight: 2, arbitrary: fc.array(fc.constantFrom(...pieces), { maxLength: 8 }).map((parts) => parts.join(' ')) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 1, arbitrary: fc.stringMatching(/^[ \t#/@=:?&A-Za-z0-9{}%<>.\-_"[\]*!]{0,24}$/) },
);

test('isSpaceCode is \\s for every UTF-16 code unit', () => {
  for (let c = 0; c <= 0xffff; c++) assert.equal(isSpaceCode(c), /\s/.test(String.fromCharCode(c)), `U+${c.toString(16)}`);
});

test('firstNonBlank is line.search(/\\S/)', () => {
  fc.assert(fc.property(line, (text) => assert.equal(firstNonBlank(text), text.search(/\S/))), { numRuns: 2000 });
});

test('each fast form gives the token its pattern gives', () => {
  const withFast = [...new Set(SECTIONS.flatMap((section) => RECOGNISERS[section]))].filter((r) => r.fast);
  assert.ok(withFast.length >= 8, withFast.map((r) => r.name).join());
  fc.assert(
    fc.property(line, (text) => {
      for (const recogniser of withFast) {
        const at = firstNonBlank(text);
        if (at === -1) continue;
        assert.deepEqual(recogniser.fast!(text, 0, text.length, at), recogniser.match(text), `${recogniser.name}: ${JSON.stringify(text)}`);
      }
    }),
    { numRuns: 5000 },
  );
});

test('classify gives the token recognise gives, in every section', () => {
  fc.assert(
    fc.property(line, (text) => {
      for (const section of SECTIONS) assert.deepEqual(classify(section, text), recognise(section, text), `${section}: ${JSON.stringify(text)}`);
    }),
    { numRuns: 5000 },
  );
});

test('the lines of a text without \\r are those of the general split', () => {
  const text = fc.array(fc.oneof(line, fc.constantFrom('\n', '\r', '\r\n', '\ufeff')), { maxLength: 20 }).map((parts) => parts.join(''));
  fc.assert(
    fc.property(text, (input) => {
      const body = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
      const first = /\r\n|\r|\n/.exec(body);
      assert.deepEqual(splitLines(input), { lines: body.split(/\r\n|\r|\n/), eol: first?.[0] === '\r\n' ? '\r\n' : '\n', bom: input.charCodeAt(0) === 0xfeff });
    }),
    { numRuns: 2000 },
  );
});

test('Lines cuts out the lines splitLines gives, and finds the last line holding a text', () => {
  const text = fc.array(fc.oneof(line, fc.constantFrom('\n', '\r', '\r\n', '\ufeff', '*/', '*')), { maxLength: 20 }).map((parts) => parts.join(''));
  fc.assert(
    fc.property(text, (input) => {
      const split = splitLines(input);
      const { lines, eol, bom } = Lines.of(input);
      assert.deepEqual({ lines: Array.from({ length: lines.length }, (_, i) => lines.at(i)), eol, bom }, split);
      for (let i = 0; i < lines.length; i++) assert.equal(lines.lengthOf(i), split.lines[i]!.length);
      let last = split.lines.length - 1;
      while (last >= 0 && !split.lines[last]!.includes('*/')) last--;
      assert.equal(lines.lastLineWith('*/'), last);
      // A run of lines joined with the file's line break, as a body's text is.
      for (let first = 0; first < lines.length; first++) {
        for (let end = first; end < lines.length; end++) {
          assert.equal(lines.join(first, end, eol), split.lines.slice(first, end + 1).join(eol), `lines ${first}..${end}`);
          // From the middle of the first line to the middle of the last, as a script's code is cut.
          const from = split.lines[first]!.length >> 1;
          const to = (split.lines[end]!.length + 1) >> 1;
          const pieces = split.lines.slice(first, end + 1);
          const expected = first === end ? pieces[0]!.slice(from, to) : [pieces[0]!.slice(from), ...pieces.slice(1, -1), pieces.at(-1)!.slice(0, to)].join(eol);
          assert.equal(lines.cut(first, from, end, to, eol), expected, `cut ${first}:${from}..${end}:${to}`);
        }
        const search = split.lines[first]!.search(/\S/);
        assert.equal(lines.firstNonBlank(first, 0, split.lines[first]!.length), search);
      }
    }),
    { numRuns: 3000 },
  );
});

test('classifyReference reads plain names and response references as its patterns do', () => {
  // The patterns classifyReference used alone before it read `[\w.-]` expressions by hand.
  const patterns = (expression: string) => {
    if (expression.startsWith('$')) return { kind: 'dynamic', name: /^\$[\w.-]*/.exec(expression)![0] };
    const response = /^([\w-]+)\.(?:response|request)(?:\.|$)/.exec(expression);
    if (response) return { kind: 'response', name: response[1]! };
    if (/^[\w.-]+$/.test(expression)) return { kind: 'variable', name: expression };
    return { kind: 'variable', name: /^[A-Za-z_$][\w$-]*/.exec(expression)?.[0] ?? expression };
  };
  const words = ['a', 'login', 'x-y', '_', '9', '.', '..', '-', 'response', 'request', 'responses', 'body', '$', ' ', '(', 'é', 'A.b'];
  const expression = fc.oneof(fc.array(fc.constantFrom(...words), { maxLength: 6 }).map((parts) => parts.join('')), fc.string({ maxLength: 12 }));
  fc.assert(
    fc.property(expression, (text) => assert.deepEqual(classifyReference(text), patterns(text), JSON.stringify(text))),
    { numRuns: 5000 },
  );
});

// The parser reads each line where it stands in the document (`classifyIn`, `readReference`
// with a base), never cutting most of them out; at a line's end the next character is a line
// break, which `\s` matches and a cut line does not have. These hold the in-place reading to
// the general path on the line alone, in documents of every kind of line break.
const document = fc
  .tuple(fc.array(line.filter((l) => !/[\r\n]/.test(l)), { minLength: 1, maxLength: 12 }), fc.constantFrom('\n', '\r\n', '\r'), fc.boolean())
  .map(([lines, eol, bom]) => {
    const text = (bom ? '\ufeff' : '') + lines.join(eol);
    // A first line that starts with U+FEFF starts with a BOM, which is no part of the line.
    return { lines: !bom && text.charCodeAt(0) === 0xfeff ? [lines[0]!.slice(1), ...lines.slice(1)] : lines, text };
  });

test('a line read where it stands in the document gives the token recognise gives for it alone', () => {
  fc.assert(
    fc.property(document, ({ lines: expected, text }) => {
      const { lines } = Lines.of(text);
      assert.equal(lines.length, expected.length);
      for (let i = 0; i < lines.length; i++) {
        assert.equal(lines.trimmedLengthOf(i), expected[i]!.trimEnd().length);
        for (const section of SECTIONS) {
          assert.deepEqual(classifyIn(section, text, lines.startOf(i), lines.endOf(i)), recognise(section, expected[i]!), `${section}: ${JSON.stringify(expected[i])} in ${JSON.stringify(text)}`);
        }
      }
    }),
    { numRuns: 3000 },
  );
});

/** The references of one line from `from` to `to`, each `{{` found as the parser finds it. */
function referencesOfLine(source: string, line: number, into: { references: VariableReference[]; diagnostics: Diagnostic[] }, from: number, to: number, base: number): void {
  for (let at = source.indexOf('{{', from); at !== -1 && at + 2 <= to; at = source.indexOf('{{', at)) {
    at = readReference(source, line, into.references, into.diagnostics, at, to, base);
    if (at === -1) return;
  }
}

test('references read where the line stands are those of the line alone, and their kinds those of classifyReference', () => {
  const withBraces = fc.array(fc.constantFrom('{{', '}}', '{', '}', ' ', 'a', 'x.response.body', '$guid', '$random.int 1', '.', '-', 'é', '\t', '{{ b }}'), { maxLength: 10 }).map((parts) => parts.join(''));
  const braces = fc.tuple(fc.array(withBraces, { minLength: 1, maxLength: 6 }), fc.constantFrom('\n', '\r\n'));
  fc.assert(
    fc.property(braces, ([expected, eol]) => {
      const text = expected.join(eol);
      const { lines } = Lines.of(text);
      for (let i = 0; i < lines.length; i++) {
        const from = expected[i]!.length >> 2;
        const alone = { references: [] as VariableReference[], diagnostics: [] as Diagnostic[] };
        const inPlace = { references: [] as VariableReference[], diagnostics: [] as Diagnostic[] };
        referencesOfLine(expected[i]!, i, alone, from, expected[i]!.length, 0);
        referencesOfLine(text, i, inPlace, lines.startOf(i) + from, lines.endOf(i), lines.startOf(i));
        assert.deepEqual(plainTree(inPlace), plainTree(alone), JSON.stringify(expected[i]));
        for (const reference of alone.references) assert.deepEqual({ kind: reference.kind, name: reference.name }, classifyReference(reference.expression));
      }
    }),
    { numRuns: 3000 },
  );
});

test('classify hands out tokens of their own, though classifyIn fills the commonest in place', () => {
  // The parser reads a header, directive or request-line token before it classifies the next
  // line; any other caller keeps what classify gave it.
  const header = classify('headers', 'Accept: application/json');
  const directive = classify('preamble', '# @name first');
  const request = classify('preamble', 'GET https://example.org/a HTTP/1.1');
  classify('headers', 'If-Match: "1"');
  classify('preamble', '# @registry kvk');
  classify('preamble', 'POST /b');
  assert.deepEqual(header, { type: 'header', name: 'Accept', nameStart: 0, value: 'application/json', valueStart: 8 });
  assert.deepEqual(directive, { type: 'directive', name: 'name', nameStart: 3, value: 'first', valueStart: 8 });
  assert.deepEqual(request, { type: 'request-line', method: 'GET', methodStart: 0, url: 'https://example.org/a', urlStart: 4, httpVersion: 'HTTP/1.1' });
  const text = 'A: 1\nB: 2';
  const first = classifyIn('headers', text, 0, 4);
  assert.equal(classifyIn('headers', text, 5, 9), first, 'classifyIn reuses its header token');
  assert.deepEqual(first, { type: 'header', name: 'B', nameStart: 0, value: '2', valueStart: 3 });
});

test('wordsByLength answers as Set.has does', () => {
  const isMethod = wordsByLength(METHODS);
  for (const method of METHODS) assert.equal(isMethod(method), true, method);
  const word = fc.oneof(fc.constantFrom(...METHODS).map((m) => m.toLowerCase()), fc.constantFrom(...METHODS).map((m) => m.slice(1)), fc.string({ maxLength: 20 }), fc.constantFrom('', 'GETS', 'GE', 'HTTP'));
  fc.assert(fc.property(word, (text) => assert.equal(isMethod(text), METHODS.has(text), text)), { numRuns: 3000 });
});
