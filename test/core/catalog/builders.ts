// Typed builders for the bits of a parsed request file the catalog looks at.
import type { Directive, HttpFile, Range, RequestBlock } from '../../../src/core/http/ast';

function range(line: number, from = 0, to = 80): Range {
  return { start: { line, character: from }, end: { line, character: to } };
}

export function directive(name: string, value: string, line = 0): Directive {
  const valueStart = name.length + 4;
  return { name, value, range: range(line), nameRange: range(line, 3, valueStart - 1), valueRange: range(line, valueStart, valueStart + value.length) };
}

export function request(method: string, url: string, directives: Directive[] = [], line = 2): RequestBlock {
  return {
    index: 0,
    range: range(line),
    directives,
    variables: [],
    comments: [],
    requestLine: { method, methodImplicit: false, url, urlRanges: [range(line)], range: range(line) },
    headers: [],
    scripts: [],
  };
}

export function httpFile(requests: RequestBlock[], directives: Directive[] = []): HttpFile {
  return { directives, variables: [], requests, references: [], diagnostics: [], lineCount: 10, eol: '\n', bom: false };
}
