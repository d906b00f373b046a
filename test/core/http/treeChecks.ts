// Checks every parse test shares: each range lies inside the text, each named range covers the
// text it names, and the requests come in order without overlapping.
import assert from 'node:assert/strict';
import type { HttpFile, Position, Range } from '../../../src/core/http/ast';
import { plainTree } from '../../../src/core/http/nodes';
import { pieceSeparator } from '../../../src/core/http/urlPieces';

export function sourceLines(text: string): string[] {
  return (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r\n|\n|\r/);
}

function isPosition(value: unknown): value is Position {
  return typeof value === 'object' && value !== null && typeof (value as Position).line === 'number' && typeof (value as Position).character === 'number';
}

function isRange(value: unknown): value is Range {
  return typeof value === 'object' && value !== null && isPosition((value as Range).start) && isPosition((value as Range).end);
}

/**
 * Every range in the tree, found by walking it, so a node added later is checked too. The
 * nodes' ranges are getters (`nodes.ts`), so the walk reads the tree as plain objects.
 */
export function allRanges(tree: unknown): Range[] {
  return walkRanges(plainTree(tree), []);
}

function walkRanges(tree: unknown, found: Range[]): Range[] {
  if (Array.isArray(tree)) for (const item of tree) walkRanges(item, found);
  else if (typeof tree === 'object' && tree !== null) {
    if (isRange(tree)) found.push(tree);
    for (const value of Object.values(tree)) walkRanges(value, found);
  }
  return found;
}

export function slice(lines: string[], range: Range): string {
  if (range.start.line === range.end.line) return lines[range.start.line]!.slice(range.start.character, range.end.character);
  const parts = [lines[range.start.line]!.slice(range.start.character)];
  for (let l = range.start.line + 1; l < range.end.line; l++) parts.push(lines[l]!);
  parts.push(lines[range.end.line]!.slice(0, range.end.character));
  return parts.join('\n');
}

export function assertRangesInText(file: HttpFile, text: string): void {
  const lines = sourceLines(text);
  assert.equal(file.lineCount, lines.length, 'lineCount');
  for (const range of allRanges(file)) {
    for (const p of [range.start, range.end]) {
      assert.ok(p.line >= 0 && p.line < lines.length, `line ${p.line} outside 0..${lines.length - 1}`);
      assert.ok(p.character >= 0 && p.character <= lines[p.line]!.length, `character ${p.character} outside line ${p.line} (${lines[p.line]!.length})`);
    }
    assert.ok(range.start.line < range.end.line || (range.start.line === range.end.line && range.start.character <= range.end.character), `range ends before it starts: ${JSON.stringify(range)}`);
  }
}

export function assertRequestsOrdered(file: HttpFile): void {
  file.requests.forEach((request, i) => {
    assert.equal(request.index, i);
    if (i > 0) assert.ok(request.range.start.line > file.requests[i - 1]!.range.end.line, `request ${i} overlaps request ${i - 1}`);
    const line = request.requestLine!.range.start.line;
    assert.ok(line >= request.range.start.line && line <= request.range.end.line, `request line ${line} outside its block`);
  });
}

/** Named ranges must cover exactly the text they name. */
export function assertNamedRanges(file: HttpFile, text: string): void {
  const lines = sourceLines(text);
  const directives = [...file.directives, ...file.requests.flatMap((r) => r.directives)];
  for (const d of directives) {
    assert.equal(slice(lines, d.nameRange), d.name, 'directive name range');
    if (d.valueRange) assert.equal(slice(lines, d.valueRange), d.value, 'directive value range');
    else assert.equal(d.value, '');
  }
  for (const v of [...file.variables, ...file.requests.flatMap((r) => r.variables)]) {
    assert.equal(slice(lines, v.nameRange), v.name, 'variable name range');
    assert.equal(slice(lines, v.valueRange), v.value, 'variable value range');
  }
  for (const request of file.requests) {
    const line = request.requestLine!;
    assert.equal(line.urlRanges.map((r) => slice(lines, r)).reduce((url, piece) => url + (url ? pieceSeparator(url, piece) : '') + piece, ''), line.url, 'url ranges');
    if (line.methodRange) assert.equal(slice(lines, line.methodRange).toUpperCase(), line.method, 'method range');
    assert.equal(line.methodImplicit, line.methodRange === undefined);
    for (const h of request.headers) {
      assert.equal(slice(lines, h.nameRange), h.name, 'header name range');
      assert.equal(slice(lines, h.valueRange), h.value, 'header value range');
    }
    for (const segment of request.body?.segments ?? []) {
      if (segment.type === 'file') assert.equal(slice(lines, segment.pathRange), segment.path, 'include path range');
    }
    if (request.title !== undefined) assert.ok(slice(lines, request.separatorRange!).includes(request.title), 'title on its separator');
  }
  for (const ref of file.references) {
    const whole = slice(lines, ref.range);
    assert.ok(whole.startsWith('{{') && whole.endsWith('}}'), `reference range ${whole}`);
    assert.equal(slice(lines, ref.innerRange), ref.expression, 'reference inner range');
  }
}
