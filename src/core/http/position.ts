import type { Position, Range } from './ast';

// Conversions between offsets and positions for callers holding only the text (the CLI, tests,
// a webview). Line breaks count as in `splitLines`; a position past a line's end clamps to it.

export function positionAt(text: string, offset: number): Position {
  const end = Math.max(0, Math.min(offset, text.length));
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === 13 && text.charCodeAt(i + 1) === 10) {
      // An offset between `\r` and `\n` still belongs to the line the pair ends.
      if (i + 1 >= end) return { line, character: i - lineStart };
      i++;
    } else if (code !== 10 && code !== 13) {
      continue;
    }
    line++;
    lineStart = i + 1;
  }
  return { line, character: end - lineStart };
}

export function offsetAt(text: string, position: Position): number {
  let line = 0;
  let i = 0;
  while (line < position.line && i < text.length) {
    const code = text.charCodeAt(i);
    i++;
    if (code === 13 && text.charCodeAt(i) === 10) i++;
    if (code === 10 || code === 13) line++;
  }
  if (line < position.line) return text.length;
  let lineEnd = i;
  while (lineEnd < text.length && text.charCodeAt(lineEnd) !== 10 && text.charCodeAt(lineEnd) !== 13) lineEnd++;
  return Math.min(i + Math.max(0, position.character), lineEnd);
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

export function rangeContains(range: Range, position: Position): boolean {
  return comparePositions(range.start, position) <= 0 && comparePositions(position, range.end) <= 0;
}

export function range(line: number, start: number, endLine: number, end: number): Range {
  return { start: { line, character: start }, end: { line: endLine, character: end } };
}
