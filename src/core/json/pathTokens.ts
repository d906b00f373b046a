// JSONPath (`$.a.b[0]['c d'][*]..e[?(@.f == 'x')]`) and JSON pointer (`/a/0/b`) read into tokens
// with the offset of each name in the text, so a checker can underline or replace exactly one
// name of a path written in a request file or a flow.

export interface PathToken {
  kind: 'property' | 'index' | 'wildcard' | 'descendant' | 'filter';
  name?: string;
  /** Offsets of the name within the path text. */
  start: number;
  end: number;
  /** For a filter: `@.a.b` paths inside it, with their offsets. */
  inner?: PathToken[][];
}

/** `$.a.b[0]['c d'][*]..e[?(@.f == 'x')]` → tokens with offsets into `path`. */
export function jsonPathTokens(path: string): PathToken[] {
  const tokens: PathToken[] = [];
  let i = path.startsWith('$') ? 1 : 0;
  const ident = /[A-Za-z0-9_$@\-\u00C0-\uFFFF]/;
  while (i < path.length) {
    const c = path[i];
    if (c === '.' && path[i + 1] === '.') {
      let j = i + 2;
      while (j < path.length && ident.test(path[j]!)) j++;
      if (j > i + 2) tokens.push({ kind: 'descendant', name: path.slice(i + 2, j), start: i + 2, end: j });
      i = j;
    } else if (c === '.') {
      let j = i + 1;
      if (path[j] === '*') {
        tokens.push({ kind: 'wildcard', start: j, end: j + 1 });
        i = j + 1;
        continue;
      }
      while (j < path.length && ident.test(path[j]!)) j++;
      if (j > i + 1) tokens.push({ kind: 'property', name: path.slice(i + 1, j), start: i + 1, end: j });
      i = j;
    } else if (c === '[') {
      const close = matchingBracket(path, i);
      const inside = path.slice(i + 1, close);
      const quoted = /^\s*(['"])(.*)\1\s*$/.exec(inside);
      if (quoted) {
        const at = i + 1 + inside.indexOf(quoted[1]!) + 1;
        tokens.push({ kind: 'property', name: quoted[2]!, start: at, end: at + quoted[2]!.length });
      } else if (/^\s*\?/.test(inside)) {
        const inner: PathToken[][] = [];
        for (const m of inside.matchAll(/@((?:\.[A-Za-z0-9_$\-\u00C0-\uFFFF]+)+)/g)) {
          const base = i + 1 + m.index! + 1;
          inner.push(jsonPathTokens(m[1]!).map((t) => ({ ...t, start: t.start + base, end: t.end + base })));
        }
        tokens.push({ kind: 'filter', start: i, end: close + 1, inner });
      } else if (/^\s*\d+\s*$/.test(inside)) {
        tokens.push({ kind: 'index', start: i + 1, end: close });
      } else {
        tokens.push({ kind: 'wildcard', start: i + 1, end: close });
      }
      i = close + 1;
    } else {
      i++;
    }
  }
  return tokens;
}

function matchingBracket(path: string, open: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < path.length; i++) {
    const c = path[i]!;
    if (quote) {
      if (c === quote && path[i - 1] !== '\\') quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return i;
  }
  return path.length;
}

/** `/a/0/b` (a JSON pointer, as in `$response.body#/a/0/b`) → tokens with offsets. */
export function pointerTokens(pointer: string): PathToken[] {
  const tokens: PathToken[] = [];
  let at = 0;
  for (const part of pointer.split('/')) {
    const start = at;
    at += part.length + 1;
    if (start === 0 && part === '') continue;
    const name = part.replace(/~1/g, '/').replace(/~0/g, '~');
    tokens.push(/^\d+$/.test(part) ? { kind: 'index', start, end: start + part.length } : { kind: 'property', name, start, end: start + part.length });
  }
  return tokens;
}
