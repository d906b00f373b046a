// What the cursor is on, read from the tree where the parser has recognised the line and from
// the line text where it is still being typed (a header without a colon yet, a first word that
// will become a method, an unfinished `{{`).

import type { HttpFile, Position, Range, RequestBlock } from '../http/ast';
import { rangeContains } from '../http/position';
import type { TextLines } from './textLines';
import { rangeOnLine } from './textLines';

export type CursorZone =
  | { kind: 'variable'; request?: RequestBlock; range: Range; prefix: string; closed: boolean; cursor: Position }
  | { kind: 'method'; request?: RequestBlock; range: Range }
  | { kind: 'url'; request: RequestBlock; offset: number }
  | { kind: 'header-name'; request: RequestBlock; range: Range; prefix: string }
  | { kind: 'header-value'; request: RequestBlock; name: string; range: Range; prefix: string }
  | { kind: 'body'; request: RequestBlock; offset: number; start: number; end: number }
  | { kind: 'directive-name'; request?: RequestBlock; range: Range }
  | { kind: 'directive-value'; request?: RequestBlock; name: string; range: Range }
  | { kind: 'none'; request?: RequestBlock };

export function requestAtPosition(file: HttpFile, position: Position): RequestBlock | undefined {
  let lo = 0;
  let hi = file.requests.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const range = file.requests[mid].range;
    if (position.line < range.start.line) hi = mid - 1;
    else if (position.line > range.end.line) lo = mid + 1;
    else return file.requests[mid];
  }
  return undefined;
}

export function locateCursor(lines: TextLines, file: HttpFile, position: Position): CursorZone {
  const request = requestAtPosition(file, position);
  const text = lines.line(position.line);
  const col = Math.min(position.character, text.length);
  const before = text.slice(0, col);

  const open = before.lastIndexOf('{{');
  if (open >= 0 && open > before.lastIndexOf('}}')) {
    const after = text.slice(col);
    const word = /^[^\s{}]*/.exec(after)![0];
    const closed = after.slice(word.length).startsWith('}}');
    return { kind: 'variable', request, range: rangeOnLine(position.line, open + 2, col + word.length), prefix: before.slice(open + 2).trimStart(), closed, cursor: { line: position.line, character: col } };
  }
  const directive = /^(\s*(?:#|\/\/)\s*@)([\w.-]*)(\s+(\S*))?$/.exec(before);
  if (directive) {
    const nameStart = directive[1].length;
    if (directive[3] === undefined) return { kind: 'directive-name', request, range: rangeOnLine(position.line, nameStart, nameStart + directive[2].length + (/^[\w.-]*/.exec(text.slice(col))![0].length)) };
    const valueStart = col - directive[4].length;
    return { kind: 'directive-value', request, name: directive[2], range: rangeOnLine(position.line, valueStart, valueStart + directive[4].length + /^\S*/.exec(text.slice(col))![0].length) };
  }
  if (/^\s*(#|\/\/)/.test(text)) return { kind: 'none', request };

  const line = request?.requestLine;
  if (!request || !line || position.line < line.range.start.line) {
    return /^\s*[A-Za-z]*$/.test(before) && /^[A-Za-z]*\s*$/.test(text.slice(col))
      ? { kind: 'method', request, range: wordRange(position.line, text, col) }
      : { kind: 'none', request };
  }
  if (position.line === line.range.start.line) {
    if (line.methodRange && position.character <= line.methodRange.end.character) return { kind: 'method', request, range: line.methodRange };
    if (!line.methodRange && /^\s*[A-Za-z]*$/.test(before) && !/^\s*[A-Za-z]*[:/]/.test(text)) return { kind: 'method', request, range: wordRange(position.line, text, col) };
    return { kind: 'url', request, offset: lines.offsetAt(position) };
  }
  if (rangeContains(line.range, position)) return { kind: 'url', request, offset: lines.offsetAt(position) };

  for (const script of request.scripts) if (rangeContains(script.range, position)) return { kind: 'none', request };
  for (let n = line.range.end.line + 1; n < position.line; n++) {
    if (lines.line(n).trim() === '') return bodyZone(lines, request, position, n + 1);
  }
  const colon = text.indexOf(':');
  if (colon < 0 || col <= colon) {
    const start = text.length - text.trimStart().length;
    return { kind: 'header-name', request, range: rangeOnLine(position.line, start, colon < 0 ? text.trimEnd().length : colon), prefix: text.slice(start, col) };
  }
  const valueStart = colon + 1 + (text.slice(colon + 1).length - text.slice(colon + 1).trimStart().length);
  return {
    kind: 'header-value',
    request,
    name: text.slice(0, colon).trim(),
    range: rangeOnLine(position.line, Math.min(valueStart, col), text.trimEnd().length),
    prefix: text.slice(Math.min(valueStart, col), col),
  };
}

function bodyZone(lines: TextLines, request: RequestBlock, position: Position, firstLine: number): CursorZone {
  const start = request.body && request.body.range.start.line <= position.line ? lines.offsetAt(request.body.range.start) : lines.offsetAt({ line: firstLine, character: 0 });
  let endPos = request.range.end;
  for (const script of request.scripts) {
    if (script.range.start.line > position.line && script.range.start.line < endPos.line) endPos = script.range.start;
  }
  const end = Math.max(lines.offsetAt({ line: endPos.line, character: endPos === request.range.end ? Number.MAX_SAFE_INTEGER : endPos.character }), lines.offsetAt(position));
  return { kind: 'body', request, offset: lines.offsetAt(position), start, end };
}

function wordRange(line: number, text: string, col: number): Range {
  let start = col;
  while (start > 0 && /[A-Za-z]/.test(text[start - 1])) start--;
  let end = col;
  while (end < text.length && /[A-Za-z]/.test(text[end])) end++;
  return rangeOnLine(line, start, end);
}
