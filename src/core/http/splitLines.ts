// Splits a document into lines the way VS Code does (`\r\n`, `\n` and a lone `\r` all end a
// line), so a range computed here is the range the editor shows.

export interface SourceLine {
  /** The line's text without its line break. */
  text: string;
  /** Offset of the line's first character in the text (after a stripped BOM). */
  offset: number;
}

export interface SplitText {
  lines: SourceLine[];
  eol: '\n' | '\r\n';
  bom: boolean;
  /** The text without its BOM: what every range and offset refers to. */
  text: string;
}

export function splitLines(input: string): SplitText {
  const bom = input.charCodeAt(0) === 0xfeff;
  const text = bom ? input.slice(1) : input;
  const lines: SourceLine[] = [];
  let eol: '\n' | '\r\n' | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code !== 10 && code !== 13) continue;
    lines.push({ text: text.slice(start, i), offset: start });
    if (code === 13 && text.charCodeAt(i + 1) === 10) {
      eol ??= '\r\n';
      i++;
    } else {
      eol ??= '\n';
    }
    start = i + 1;
  }
  lines.push({ text: text.slice(start), offset: start });
  return { lines, eol: eol ?? '\n', bom, text };
}
