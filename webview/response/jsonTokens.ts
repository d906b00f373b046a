// Splits pretty-printed JSON into coloured pieces. Each piece becomes a <span> whose text is set
// with `textContent`, so the body is never parsed as HTML; joined, the pieces are the input.

export type JsonTokenKind = 'key' | 'string' | 'number' | 'literal' | 'punctuation' | 'text';

export interface JsonToken {
  kind: JsonTokenKind;
  text: string;
}

const pattern = /("(?:[^"\\\n]|\\.)*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|\b(true|false|null)\b|([{}[\],:])/g;

export function jsonTokens(text: string): JsonToken[] {
  const tokens: JsonToken[] = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const index = match.index ?? 0;
    if (index > last) tokens.push({ kind: 'text', text: text.slice(last, index) });
    if (match[1] !== undefined) {
      tokens.push({ kind: match[2] !== undefined ? 'key' : 'string', text: match[1] });
      if (match[2] !== undefined) tokens.push({ kind: 'punctuation', text: match[2] });
    } else if (match[3] !== undefined) tokens.push({ kind: 'number', text: match[3] });
    else if (match[4] !== undefined) tokens.push({ kind: 'literal', text: match[4] });
    else tokens.push({ kind: 'punctuation', text: match[0] });
    last = index + match[0].length;
  }
  if (last < text.length) tokens.push({ kind: 'text', text: text.slice(last) });
  return tokens;
}
