import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseHttp } from '../../../src/core/http/parser';
import type { BodySegment, HttpFile, RequestBlock } from '../../../src/core/http/ast';
import { assertNamedRanges, assertRangesInText, assertRequestsOrdered } from './treeChecks';

// Each fixture `x.http` has a hand-written `x.expected.json`. Keys left out are not checked,
// except `diagnostics`, which is always compared (a fixture without it expects none).

const dir = join(__dirname, '..', '..', 'fixtures', 'http');

type Pair = [string, string];
interface ExpectedRequest {
  method: string;
  url: string;
  name?: string | null;
  title?: string | null;
  lines?: [number, number];
  methodImplicit?: boolean;
  httpVersion?: string | null;
  headers?: Pair[];
  body?: string | null;
  rawBody?: string;
  bodyLines?: [number, number];
  bodySegments?: Array<Partial<BodySegment> & { text?: string }>;
  scripts?: string[];
  scriptTexts?: string[];
  directives?: Pair[];
  variables?: Array<[string, string, string]>;
  commentLines?: number[];
  urlRanges?: Array<[number, number, string]>;
  headerValueRanges?: Array<[number, number, string]>;
}
interface Expected {
  description: string;
  requests: ExpectedRequest[];
  fileVariables?: Pair[];
  fileDirectives?: Pair[];
  references?: Pair[];
  referenceExpressions?: string[];
  diagnostics?: Array<[string, number]>;
  eol?: string;
  bom?: boolean;
  lineCount?: number;
}

const lf = (s: string) => s.replace(/\r\n/g, '\n');
const orUndefined = <T>(value: T | null): T | undefined => (value === null ? undefined : value);

function checkRequest(actual: RequestBlock, expected: ExpectedRequest, lines: string[]): void {
  const line = actual.requestLine!;
  assert.equal(line.method, expected.method, 'method');
  assert.equal(line.url, expected.url, 'url');
  if ('name' in expected) assert.equal(actual.name, orUndefined(expected.name ?? null), 'name');
  if ('title' in expected) assert.equal(actual.title, orUndefined(expected.title ?? null), 'title');
  if (expected.lines) assert.deepEqual([actual.range.start.line, actual.range.end.line], expected.lines, 'block lines');
  if ('methodImplicit' in expected) assert.equal(line.methodImplicit, expected.methodImplicit);
  if ('httpVersion' in expected) assert.equal(line.httpVersion, orUndefined(expected.httpVersion ?? null), 'httpVersion');
  if (expected.headers) assert.deepEqual(actual.headers.map((h) => [h.name, h.value]), expected.headers, 'headers');
  if ('body' in expected) assert.equal(actual.body === undefined ? null : lf(actual.body.text), expected.body, 'body');
  if (expected.rawBody !== undefined) assert.equal(actual.body?.text, expected.rawBody, 'raw body');
  if (expected.bodyLines) assert.deepEqual([actual.body?.range.start.line, actual.body?.range.end.line], expected.bodyLines, 'body lines');
  if (expected.bodySegments) {
    const segments = actual.body?.segments ?? [];
    assert.equal(segments.length, expected.bodySegments.length, 'segment count');
    expected.bodySegments.forEach((want, i) => {
      const got = segments[i]! as BodySegment & { text?: string };
      for (const [key, value] of Object.entries(want)) {
        const actualValue = got[key as keyof typeof got];
        assert.deepEqual(typeof actualValue === 'string' ? lf(actualValue) : actualValue, value, `segment ${i} ${key}`);
      }
    });
  }
  if (expected.scripts) assert.deepEqual(actual.scripts.map((s) => s.kind), expected.scripts, 'script kinds');
  if (expected.scriptTexts) assert.deepEqual(actual.scripts.map((s) => lf(s.text)), expected.scriptTexts, 'script texts');
  if (expected.directives) assert.deepEqual(actual.directives.map((d) => [d.name, d.value]), expected.directives, 'directives');
  if (expected.variables) assert.deepEqual(actual.variables.map((v) => [v.name, v.value, v.scope]), expected.variables, 'variables');
  if (expected.commentLines) assert.deepEqual(actual.comments.map((c) => c.start.line), expected.commentLines, 'comment lines');
  if (expected.urlRanges) {
    assert.deepEqual(
      line.urlRanges.map((r) => [r.start.line, r.start.character, lines[r.start.line]!.slice(r.start.character, r.end.character)]),
      expected.urlRanges,
      'url ranges',
    );
  }
  for (const [l, character, value] of expected.headerValueRanges ?? []) {
    const header = actual.headers.find((h) => h.valueRange.start.line === l);
    assert.deepEqual([header?.valueRange.start.character, header?.value], [character, value], 'header value range');
  }
}

function checkFile(file: HttpFile, expected: Expected, text: string): void {
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r\n|\n|\r/);
  assert.equal(file.requests.length, expected.requests.length, 'request count');
  expected.requests.forEach((want, i) => {
    try {
      checkRequest(file.requests[i]!, want, lines);
    } catch (error) {
      if (error instanceof Error) error.message = `request ${i}: ${error.message}`;
      throw error;
    }
  });
  if (expected.fileVariables) assert.deepEqual(file.variables.map((v) => [v.name, v.value]), expected.fileVariables, 'file variables');
  for (const v of file.variables) assert.equal(v.scope, 'file');
  if (expected.fileDirectives) assert.deepEqual(file.directives.map((d) => [d.name, d.value]), expected.fileDirectives, 'file directives');
  if (expected.references) assert.deepEqual(file.references.map((r) => [r.kind, r.name]), expected.references, 'references');
  if (expected.referenceExpressions) assert.deepEqual(file.references.map((r) => r.expression), expected.referenceExpressions);
  assert.deepEqual(file.diagnostics.map((d) => [d.code, d.range.start.line]), expected.diagnostics ?? [], 'diagnostics');
  if (expected.eol) assert.equal(file.eol, expected.eol);
  if (expected.bom !== undefined) assert.equal(file.bom, expected.bom);
  if (expected.lineCount !== undefined) assert.equal(file.lineCount, expected.lineCount);
  assertRangesInText(file, text);
  assertRequestsOrdered(file);
  assertNamedRanges(file, text);
}

const fixtures = readdirSync(dir)
  .filter((name) => name.endsWith('.http') && name !== 'large-5000.http')
  .sort();

test('there are at least 60 hand-written fixtures, each with its expectation', () => {
  assert.ok(fixtures.length >= 60, `${fixtures.length} fixtures`);
  const expectations = new Set(readdirSync(dir).filter((n) => n.endsWith('.expected.json')));
  for (const name of fixtures) assert.ok(expectations.has(name.replace(/\.http$/, '.expected.json')), `${name} has no expectation`);
});

for (const name of fixtures) {
  const text = readFileSync(join(dir, name), 'utf8');
  const expected = JSON.parse(readFileSync(join(dir, name.replace(/\.http$/, '.expected.json')), 'utf8')) as Expected;
  test(`${name}: ${expected.description}`, () => {
    checkFile(parseHttp(text), expected, text);
  });
}
