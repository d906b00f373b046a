import type { Position, Range } from '../http/ast';

interface SourceLine {
  text: string;
  /** Offset of the line's first character (after a stripped BOM). */
  offset: number;
}

/**
 * Offsets ↔ positions over one document, with the parser's line rules (BOM stripped; `\r\n`,
 * `\n` and a lone `\r` end a line), so offsets computed here land on the tree's ranges. The
 * parser's splitter keeps no offsets, hence this scan. Built once per parsed tree (`linesOf`):
 * the body scanner and the schema-error mapper work in offsets, the editor in positions.
 */
export class TextLines {
  readonly text: string;
  private readonly lines: SourceLine[] = [];

  constructor(input: string) {
    this.text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
    const text = this.text;
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code !== 10 && code !== 13) continue;
      this.lines.push({ text: text.slice(start, i), offset: start });
      if (code === 13 && text.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
    this.lines.push({ text: text.slice(start), offset: start });
  }

  get lineCount(): number {
    return this.lines.length;
  }

  line(n: number): string {
    return this.lines[n]?.text ?? '';
  }

  offsetAt(position: Position): number {
    if (position.line >= this.lines.length) return this.text.length;
    const line = this.lines[Math.max(0, position.line)];
    return line.offset + Math.min(Math.max(0, position.character), line.text.length);
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lines[mid].offset <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: Math.min(clamped - this.lines[lo].offset, this.lines[lo].text.length) };
  }

  range(startOffset: number, endOffset: number): Range {
    return { start: this.positionAt(startOffset), end: this.positionAt(endOffset) };
  }
}

const byTree = new WeakMap<object, TextLines>();

/**
 * The lines of a document version. The parsed tree is immutable and cached per version by the
 * caller, so it keys the memo: completion on a 5,000-line file does not split it on every key.
 */
export function linesOf(text: string, tree: object): TextLines {
  let lines = byTree.get(tree);
  if (!lines || lines.text.length !== text.length - (text.charCodeAt(0) === 0xfeff ? 1 : 0)) {
    lines = new TextLines(text);
    byTree.set(tree, lines);
  }
  return lines;
}

export function rangeOnLine(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}
