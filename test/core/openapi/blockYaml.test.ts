// The fast block-YAML reader (src/core/openapi/blockYaml.ts) must give exactly what js-yaml gives
// (values, key order, numbers, nulls) or hand over to it: every YAML file of the clone, targeted
// cases, and random documents that js-yaml's own dumper writes in many styles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { CORE_SCHEMA, dump, load } from 'js-yaml';
import { NOT_HANDLED, readBlockYaml } from '../../../src/core/openapi/blockYaml';
import { parseDocumentText } from '../../../src/core/openapi/parseDocumentText';
import { repoRoot } from './fixtures';

function jsYaml(text: string): unknown {
  return load(text, { schema: CORE_SCHEMA, json: true });
}

/** The reader's value, or 'fallback' when it hands the text to js-yaml. */
function read(text: string): unknown {
  try {
    return readBlockYaml(text);
  } catch (error) {
    if (error === NOT_HANDLED) return 'fallback';
    throw error;
  }
}

/** Equal as values and in key order at every level (deepStrictEqual ignores key order). */
function sameDocument(actual: unknown, expected: unknown, where: string): void {
  assert.deepStrictEqual(actual, expected, where);
  assert.equal(JSON.stringify(actual), JSON.stringify(expected), `${where}: key order`);
}

test('every YAML file of the clone reads as js-yaml reads it, and most without js-yaml', () => {
  const files = execFileSync('git', ['ls-files', '*.yaml', '*.yml'], { cwd: repoRoot, encoding: 'utf8' }).split('\n').filter(Boolean);
  assert.ok(files.length > 20, `${files.length} files`);
  const handled: string[] = [];
  for (const file of files) {
    let text = readFileSync(join(repoRoot, file), 'utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    let expected: unknown;
    try {
      expected = jsYaml(text);
    } catch {
      assert.equal(read(text), 'fallback', `${file}: js-yaml refuses it, so must the reader`);
      continue;
    }
    const actual = read(text);
    if (actual === 'fallback') continue;
    sameDocument(actual, expected, file);
    handled.push(file);
  }
  assert.ok(handled.length >= files.length * 0.8, `handled ${handled.length} of ${files.length}`);
  for (const own of ['test/fixtures/openapi/klanten.openapi.yaml', 'test/fixtures/openapi/kvk-zoeken.openapi.yaml', 'registries/vr-publiek/openapi.yaml']) {
    assert.ok(handled.includes(own), `${own} is read without js-yaml`);
  }
});

const SAME = [
  ['status codes as keys', 'responses:\n  "200":\n    description: ok\n  404:\n    description: gone\n  default: {}\n'],
  ['core-schema scalars', 'a: ~\nb: null\nc: True\nd: false\ne: 0x1F\nf: 0o17\ng: 1e3\nh: .inf\ni: -.5\nj: 012\nk: +12\nl: 1_000\nm: 2024-01-01\nn: yes\no: NULL\np:\n'],
  ['plain keys that are not strings', 'true: 1\n1.50: 2\n~: 3\n0x10: 4\n'],
  ['quoted keys and values', `"a b": 'it''s'\n'c': "tab\\tand \\u00e9 \\x41 \\\\ \\/"\n"$ref": '#/x'\n`],
  ['literal and folded block scalars', 'a: |\n  one\n   two\n\n  three\n\nb: >\n  folded\n  line\n\n  para\nc: |-\n  strip\n\n\nd: |+\n  keep\n\n\ne: >-\n  x\n  y\nf: 1\n'],
  ['block scalar with comment-like content', 'a: | # note\n  # not a comment\n  key: value\nb: 2\n'],
  ['multi-line plain scalars', 'description: first line\n  second line\n\n  after an empty line\nnext:\n    on its own line\n    and more\n'],
  ['multi-line quoted scalars', 'a: "one\n  two\\\n  \\ three \\xE9\n\n  four"\nb: \'x\n  y\'\n'],
  ['flow collections, one line and several', 'a: [1, two, "3", \'4\', {x: 1, "y": [], z: {}}]\nb: {$ref: \'#/c\'}\nc:\n  [alpha, beta,\n   # comment\n   gamma]\nd: {"a":1,"b":"2"}\n'],
  ['sequences: compact, same-indent, nested', 'list:\n- a\n- b: 1\n  c: 2\n-\n  - x\n  - y\n- - p\n  - q\nafter: 1\nnested:\n  - name: n\n    in: query\n'],
  ['comments and blank lines everywhere', '# head\n\nopenapi: 3.0.3 # trailing\n\n  # indented comment\ninfo:\n  title: T #x\n  version: "1"\n'],
  ['CRLF line ends', 'a: 1\r\nb:\r\n  - x\r\n  - "y"\r\nc: |\r\n  l1\r\n  l2\r\n'],
  ['__proto__ and duplicate keys', '__proto__: {polluted: true}\na: 1\nb: 2\na: 3\n'],
  ['a document start marker', '---\na: 1\n'],
  ['JSON flow collections on one line', 'a: {"x": [1, -0, 2.5e3, 1e400, true, null, "s\\u00e9\\n\\"q\\" # no comment"], "": {}, "__proto__": 1, "x": 2}\nb: []  \nc: ["\\ud83d\\ude00", {"200": {"$ref": "#/r"}}]\nd: [-1, 0]\n'],
  ['JSON-like flows that are no JSON', 'a: [1, two]\nb: {"a": 1} # comment\nc: ["x",\n  "y"]\nd: [True, ~]\ne: {"a": .5}\n'],
  ['plain scalars with indicators inside', 'pattern: ^[A-Z]{2}\\d+$\nurl: http://x:8080/a#frag\nq: a-b?c:d\nt: "x" \n'],
] as const;

for (const [name, text] of SAME) {
  test(`reads as js-yaml: ${name}`, () => {
    const actual = read(text);
    assert.notEqual(actual, 'fallback', 'read without js-yaml');
    sameDocument(actual, jsYaml(text), name);
  });
}

const HANDED_OVER = [
  ['anchors and aliases', 'a: &x {b: 1}\nc: *x\n'],
  ['tags', 'a: !!str 1\n'],
  ['complex keys', '? a\n: 1\n'],
  ['merge keys', 'a: {x: 1}\nb:\n  <<: {y: 2}\n'],
  ['several documents', 'a: 1\n---\nb: 2\n'],
  ['a tab for indentation', 'a:\n\tb: 1\n'],
  ['an indentation digit', 'a: |2\n    x\n'],
  ['a folded scalar with more indented lines', 'a: >\n  x\n    y\n  z\n'],
  ['non-printable characters', 'a: "\u0001"\n'],
  ['broken YAML', 'a: [1, 2\nb: 3\n'],
  ['a key on a continuation line', 'a: x\n  b: y\n'],
  ['a lone carriage return', 'a: b\rc\n'],
] as const;

for (const [name, text] of HANDED_OVER) {
  test(`hands over to js-yaml: ${name}`, () => {
    assert.equal(read(text), 'fallback');
    // …and the loader's answer is js-yaml's, value or error.
    let expected: unknown;
    let error: unknown;
    try {
      expected = jsYaml(text);
    } catch (e) {
      error = e;
    }
    if (error) assert.throws(() => parseDocumentText(text, 'doc.yaml'), /doc\.yaml/);
    else sameDocument(parseDocumentText(text, 'doc.yaml'), expected, name);
  });
}

// Keys and strings from a small alphabet with the characters that matter to YAML.
const piece = fc.constantFrom('a', 'B', ' ', ':', '#', '-', "'", '"', '\\', '{', '}', '[', ']', ',', '|', '>', '&', '*', '!', '%', '@', '?', '\n', '\t', '\r', '\u2028', 'é', '200', '1', '0x', '.', 'e', 'null', 'true', '~', '$ref');
const text = fc.array(piece, { maxLength: 8 }).map((parts) => parts.join(''));
const leaf = fc.oneof(text, fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null));
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('list'), tie('map')),
  list: fc.array(tie('node'), { maxLength: 4 }),
  map: fc.dictionary(fc.oneof(text, fc.constantFrom('200', '404', '0', '10')), tie('node'), { maxKeys: 4 }),
})).node;
const style = fc.record({
  flowLevel: fc.constantFrom(-1, 0, 1, 2),
  lineWidth: fc.constantFrom(-1, 8, 20, 80),
  indent: fc.constantFrom(2, 4),
  noCompatMode: fc.boolean(),
  quotingType: fc.constantFrom("'" as const, '"' as const),
  forceQuotes: fc.boolean(),
  noArrayIndent: fc.boolean(),
});

test('random documents written as JSON turned into YAML (a JSON value on each key\'s line) read as js-yaml reads them', () => {
  fc.assert(
    fc.property(fc.dictionary(text, value, { minKeys: 1, maxKeys: 5 }), (doc) => {
      const yaml = Object.entries(doc).map(([key, v]) => `${JSON.stringify(key)}: ${JSON.stringify(v)}\n`).join('');
      let expected: unknown;
      try {
        expected = jsYaml(yaml);
      } catch {
        assert.equal(read(yaml), 'fallback', yaml);
        return;
      }
      const actual = read(yaml);
      if (actual !== 'fallback') sameDocument(actual, expected, yaml);
    }),
    { numRuns: 3000, seed: 1812 },
  );
});

test('random documents, dumped by js-yaml in many styles, read as js-yaml reads them', () => {
  let handled = 0;
  fc.assert(
    fc.property(fc.dictionary(text, value, { minKeys: 1, maxKeys: 5 }), style, (doc, options) => {
      const yaml = dump(doc, { ...options, schema: CORE_SCHEMA });
      const actual = read(yaml);
      if (actual === 'fallback') return;
      handled++;
      sameDocument(actual, jsYaml(yaml), yaml);
    }),
    { numRuns: 3000, seed: 2112 },
  );
  assert.ok(handled > 1500, `read ${handled} of 3000 without js-yaml`);
});
