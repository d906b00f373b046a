import type { Body, BodySegment, Range } from './ast';
import type { LineToken } from './recognisers';

/** A line of a body: text, or a `< path` include. */
export type BodyItem = { line: number; include?: Extract<LineToken, { type: 'file-include' }> };

function span(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}

/**
 * The body of a request from its lines, trailing blank lines left out. Segments concatenate
 * to exactly the text to send: the line break between two pieces goes into the text segment
 * beside it, or into a segment of its own between two includes.
 */
export function buildBody(lines: string[], items: BodyItem[], eol: string): Body | undefined {
  let last = items.length - 1;
  while (last >= 0 && !items[last]!.include && lines[items[last]!.line]!.trim() === '') last--;
  if (last < 0) return undefined;
  const used = items.slice(0, last + 1);
  const segments: BodySegment[] = [];
  let pendingBreak = false;
  for (const item of used) {
    const source = lines[item.line]!;
    const previous = segments[segments.length - 1];
    if (item.include) {
      if (pendingBreak && previous?.type === 'text') previous.text += eol;
      else if (pendingBreak) segments.push({ type: 'text', text: eol, range: span(item.line, 0, 0) });
      const { path, pathStart, processVariables, encoding } = item.include;
      segments.push({
        type: 'file',
        path,
        processVariables,
        encoding,
        range: span(item.line, 0, source.length),
        pathRange: span(item.line, pathStart, pathStart + path.length),
      });
    } else if (previous?.type === 'text') {
      previous.text += eol + source;
      previous.range = { start: previous.range.start, end: { line: item.line, character: source.length } };
    } else {
      segments.push({ type: 'text', text: (pendingBreak ? eol : '') + source, range: span(item.line, 0, source.length) });
    }
    pendingBreak = true;
  }
  const first = used[0]!.line;
  const end = used[used.length - 1]!.line;
  return {
    segments,
    text: used.map((x) => lines[x.line]!).join(eol),
    range: { start: { line: first, character: 0 }, end: { line: end, character: lines[end]!.length } },
  };
}
