// Every `$ref` value a document's text holds, found by reading the text rather than walking the
// parsed tree (a 50 MB description has millions of nodes and a few thousand distinct `$ref`s).
// Used to decide whether the description can be resolved on demand: when every `$ref` is local
// and resolves, nothing needs loading up front. It over-counts on purpose — a `$ref` quoted in a
// description or an example is listed too — and says `undefined` when a value is written in a way
// it does not read, so the caller falls back to resolving the whole document.

/** The distinct `$ref` values in `text`, or undefined when one could not be read. */
export function scanRefs(text: string): Set<string> | undefined {
  const refs = new Set<string>();
  let at = text.indexOf('$ref');
  while (at >= 0) {
    let pos = at + 4;
    const close = text.charCodeAt(pos);
    if (close === 34 /* " */ || close === 39 /* ' */) pos++;
    while (text.charCodeAt(pos) === 32 || text.charCodeAt(pos) === 9) pos++;
    if (text.charCodeAt(pos) === 58 /* : */) {
      pos++;
      while (text.charCodeAt(pos) === 32 || text.charCodeAt(pos) === 9) pos++;
      const value = readValue(text, pos);
      if (value === undefined) return undefined;
      refs.add(value);
    }
    at = text.indexOf('$ref', pos);
  }
  return refs;
}

function readValue(text: string, pos: number): string | undefined {
  const first = text.charCodeAt(pos);
  if (first === 34 /* " */) {
    let end = pos + 1;
    let escaped = false;
    for (;;) {
      const c = text.charCodeAt(end);
      if (Number.isNaN(c) || c === 10) return undefined;
      if (c === 92 /* \ */) {
        escaped = true;
        end += 2;
      } else if (c === 34) break;
      else end++;
    }
    if (!escaped) return text.slice(pos + 1, end);
    try {
      const value: unknown = JSON.parse(text.slice(pos, end + 1));
      return typeof value === 'string' ? value : undefined;
    } catch {
      return undefined;
    }
  }
  if (first === 39 /* ' */) {
    let end = pos + 1;
    for (;;) {
      const c = text.charCodeAt(end);
      if (Number.isNaN(c) || c === 10) return undefined;
      if (c === 39) {
        if (text.charCodeAt(end + 1) === 39) end += 2;
        else break;
      } else end++;
    }
    return text.slice(pos + 1, end).replace(/''/g, "'");
  }
  // A plain scalar on the same line; a value on the next line, a block scalar or an alias is not read.
  let end = pos;
  for (;;) {
    const c = text.charCodeAt(end);
    if (Number.isNaN(c) || c === 10 || c === 13 || c === 44 /* , */ || c === 125 /* } */ || c === 93 /* ] */) break;
    if (c === 35 /* # */ && end > pos && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 9)) break;
    end++;
  }
  const value = text.slice(pos, end).trim();
  if (value === '' || /^[|>&*!]/.test(value)) return undefined;
  return value;
}
