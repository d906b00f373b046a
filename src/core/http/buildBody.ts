import type { Body, BodySegment, Range } from './ast';
import type { LineToken } from './recognisers';
import type { Lines } from './splitLines';
import * as nodes from './nodes';

// Read once: under tsx every use of an imported name goes through getters (see parser.ts).
const { BodyNode } = nodes;

/** The `< path` include lines of a body, by line number; every other body line is text. */
export type BodyIncludes = Map<number, Extract<LineToken, { type: 'file-include' }>>;

function span(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}

/**
 * The body of a request from its lines, `first` to `lastLine` (every line between them, or those
 * of `listed` when some were left out), trailing blank lines left out. Segments concatenate
 * to exactly the text to send: the line break between two pieces goes into the text segment
 * beside it, or into a segment of its own between two includes.
 */
export function buildBody(lines: Lines, first: number, lastLine: number, listed: number[] | undefined, includes: BodyIncludes | undefined, eol: string): Body | undefined {
  if (listed === undefined && includes === undefined) {
    // One run of text lines (most bodies): no list of them, and one cut of the text.
    let end = lastLine;
    while (end >= first && lines.trimmedLengthOf(end) === 0) end--;
    if (end < first) return undefined;
    // Its one segment reads its range from the body.
    return new BodyNode(undefined, lines.join(first, end, eol), first, end, lines.lengthOf(end));
  }
  const bodyLines = listed ?? Array.from({ length: lastLine - first + 1 }, (_, u) => first + u);
  let last = bodyLines.length - 1;
  while (last >= 0 && !includes?.has(bodyLines[last]!) && lines.at(bodyLines[last]!).trim() === '') last--;
  if (last < 0) return undefined;
  const start = bodyLines[0]!;
  const end = bodyLines[last]!;
  if (includes === undefined) {
    // Text only (most bodies): one segment, the whole text.
    // The body's lines are most often one run (no comment line left out between them).
    const joined = end - start === last ? lines.join(start, end, eol) : bodyLines.slice(0, last + 1).map((line) => lines.at(line)).join(eol);
    // Its one segment reads its range from the body.
    return new BodyNode(undefined, joined, start, end, lines.lengthOf(end));
  }
  const segments: BodySegment[] = [];
  let pendingBreak = false;
  const text: string[] = [];
  for (let u = 0; u <= last; u++) {
    const line = bodyLines[u]!;
    const source = lines.at(line);
    text.push(source);
    const include = includes?.get(line);
    const previous = segments[segments.length - 1];
    if (include) {
      if (pendingBreak && previous?.type === 'text') previous.text += eol;
      else if (pendingBreak) segments.push({ type: 'text', text: eol, range: span(line, 0, 0) });
      const { path, pathStart, processVariables, encoding } = include;
      segments.push({
        type: 'file',
        path,
        processVariables,
        encoding,
        range: span(line, 0, source.length),
        pathRange: span(line, pathStart, pathStart + path.length),
      });
    } else if (previous?.type === 'text') {
      previous.text += eol + source;
      previous.range = { start: previous.range.start, end: { line, character: source.length } };
    } else {
      segments.push({ type: 'text', text: (pendingBreak ? eol : '') + source, range: span(line, 0, source.length) });
    }
    pendingBreak = true;
  }
  return new BodyNode(segments, text.join(eol), start, end, lines.lengthOf(end));
}
