// A fast reader for the YAML that API descriptions are written in: block mappings and sequences,
// plain, quoted and block (`|`, `>`) scalars, one-line flow collections (`[a, b]`,
// `{ $ref: '#/x' }`), comments. It gives exactly what js-yaml's `load` with the core schema gives,
// or throws `NOT_HANDLED` at the first thing outside that subset (anchors, tags, multi-line plain
// or quoted scalars, complex keys, several documents, tabs for indentation, anything odd) — the
// caller then parses the text with js-yaml, which also reports mistakes with their line.
//
// Why: on a 50 MB description js-yaml took 4 s and left 425 MB of objects where the same data from
// JSON.parse takes 76 MB. Most of that was mappings keyed by status codes: `o['200'] = …` on an
// empty object makes V8 allocate a fast elements store of ~300 slots. Objects here get dictionary
// elements before their first index-like key, as JSON.parse does.

import type { Type } from 'js-yaml';

/** Thrown (one shared instance, no stack captured) when the text needs the full YAML parser. */
export const NOT_HANDLED = Object.freeze({ notHandled: true });

// js-yaml is required on first use (its CommonJS build, as parseDocumentText.ts does): a `regx run`
// that reads no YAML description does not initialise it.
let implicitTypes: Type[] | undefined;
// js-yaml refuses a text with these anywhere (its PATTERN_NON_PRINTABLE); so does this reader.
// eslint-disable-next-line no-control-regex
const NON_PRINTABLE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;
// eslint-disable-next-line no-control-regex
const MAYBE_NON_PRINTABLE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uD800-\uDFFF\uFFFE\uFFFF]/;
const INDEX_KEY = /^(?:0|[1-9]\d{0,9})$/;
const MAX_INDEX = 4294967294;

type Obj = Record<string, unknown>;

// YAML's one-character escapes in double quotes (\x, \u and \U are left to js-yaml when a scalar spans lines).
const ESCAPES: Record<number, string> = {
  48: '\0', 97: '\x07', 98: '\b', 116: '\t', 9: '\t', 110: '\n', 118: '\v', 102: '\f', 114: '\r', 101: '\x1b',
  32: ' ', 34: '"', 47: '/', 92: '\\', 78: '\x85', 95: '\xa0', 76: '\u2028', 80: '\u2029',
};

function notHandled(): never {
  throw NOT_HANDLED;
}

/** Plain scalars as the core schema reads them: null, booleans, integers, floats, else strings. */
function plainValue(text: string): unknown {
  const c = text.charCodeAt(0);
  // Only these can start a null, bool, int or float (`~`, digits, `+-.`, n/N, t/T, f/F).
  if (!(c === 126 || (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46 || c === 110 || c === 78 || c === 116 || c === 84 || c === 102 || c === 70)) return text;
  implicitTypes ??= ((require('js-yaml') as typeof import('js-yaml')).CORE_SCHEMA as unknown as { compiledImplicit: Type[] }).compiledImplicit;
  for (const type of implicitTypes) {
    if (type.resolve(text)) return type.construct(text);
  }
  return text;
}

/** The YAML escape at `text[q]` (a backslash): what it stands for and how many characters it takes. */
function unescape(text: string, q: number): [string, number] {
  const e = text.charCodeAt(q + 1);
  const simple = ESCAPES[e];
  if (simple !== undefined) return [simple, 2];
  const digits = e === 120 ? 2 : e === 117 ? 4 : e === 85 ? 8 : 0;
  const hex = text.slice(q + 2, q + 2 + digits);
  if (digits === 0 || hex.length !== digits || !/^[0-9a-fA-F]+$/.test(hex)) notHandled();
  const code = parseInt(hex, 16);
  if (code > 0x10ffff) notHandled();
  const char = code <= 0xffff ? String.fromCharCode(code) : String.fromCharCode(((code - 0x10000) >> 10) + 0xd800, ((code - 0x10000) & 0x3ff) + 0xdc00);
  return [char, 2 + digits];
}

function setKey(target: Obj, key: string, value: unknown, state: { sparse: boolean }): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
    return;
  }
  const first = key.charCodeAt(0);
  if (!state.sparse && first >= 48 && first <= 57 && INDEX_KEY.test(key) && Number(key) <= MAX_INDEX) {
    // Dictionary elements: `target['404'] = …` would otherwise reserve hundreds of slots.
    (target as unknown as unknown[])[MAX_INDEX] = 0;
    delete (target as unknown as unknown[])[MAX_INDEX];
    state.sparse = true;
  }
  target[key] = value;
}

class Reader {
  private readonly len: number;
  /** Offset of the current line's content (after its indentation, or after `- ` in a compact item). */
  private pos = 0;
  /** Column of `pos`; -1 at the end of the text. */
  private col = -1;
  /** End of the current line's content (before `\r\n` or `\n`). */
  private end = 0;
  /** Offset where the line after the current one starts. */
  private next = 0;

  constructor(private readonly text: string) {
    this.len = text.length;
  }

  read(): unknown {
    // The exact test only when a cheap one finds a candidate (surrogates are mostly well paired).
    if (MAYBE_NON_PRINTABLE.test(this.text) && NON_PRINTABLE.test(this.text)) notHandled();
    // A lone CR ends a line for js-yaml; this reader knows only LF and CRLF.
    if (/\r(?!\n)/.test(this.text)) notHandled();
    this.lineAt(0, true);
    if (this.col < 0) notHandled();
    if (this.startsWith('---')) {
      const after = this.text.charCodeAt(this.pos + 3);
      if (this.pos + 3 < this.end && after !== 32) notHandled();
      if (this.restIsBlank(this.pos + 3) === false) notHandled();
      this.lineAt(this.next);
      if (this.col < 0) notHandled();
    }
    const c = this.text.charCodeAt(this.pos);
    if (c === 37 /* % */) notHandled();
    const value = this.blockNode(this.col, -1);
    if (this.col >= 0) notHandled();
    return value;
  }

  private startsWith(s: string): boolean {
    return this.text.startsWith(s, this.pos);
  }

  /** Moves to the first line from `from` with content (skipping blank and comment lines). */
  private lineAt(from: number, first = false): void {
    const text = this.text;
    let start = from;
    while (start < this.len) {
      let nl = text.indexOf('\n', start);
      if (nl < 0) nl = this.len;
      let end = nl;
      if (end > start && text.charCodeAt(end - 1) === 13) end--;
      let p = start;
      while (p < end && text.charCodeAt(p) === 32) p++;
      const c = text.charCodeAt(p);
      // a tab in the indentation, or on a blank line, is left to js-yaml
      if (p < end && c === 9) notHandled();
      if (p < end && c !== 35 /* # */) {
        // another document, or the end marker
        if (p === start && (text.startsWith('---', p) || text.startsWith('...', p)) && (p + 3 === end || text.charCodeAt(p + 3) === 32) && !first) notHandled();
        this.pos = p;
        this.col = p - start;
        this.end = end;
        this.next = nl + 1;
        return;
      }
      start = nl + 1;
    }
    this.col = -1;
    this.pos = this.end = this.next = this.len;
  }

  /** true when only spaces or a comment follow `p` on the current line. */
  private restIsBlank(p: number): boolean {
    const text = this.text;
    while (p < this.end && text.charCodeAt(p) === 32) p++;
    if (p >= this.end) return true;
    return text.charCodeAt(p) === 35 && text.charCodeAt(p - 1) === 32;
  }

  private isSequenceItem(): boolean {
    if (this.text.charCodeAt(this.pos) !== 45 /* - */) return false;
    const c = this.text.charCodeAt(this.pos + 1);
    return this.pos + 1 >= this.end || c === 32;
  }

  /** The node whose first line is the current one, at column `indent`. */
  private blockNode(indent: number, parentIndent: number): unknown {
    if (this.isSequenceItem()) return this.sequence(indent);
    if (this.keyEnd() < 0) return this.inlineValue(this.pos, parentIndent);
    return this.mapping(indent);
  }

  private sequence(indent: number): unknown[] {
    const items: unknown[] = [];
    for (;;) {
      let p = this.pos + 1;
      while (p < this.end && this.text.charCodeAt(p) === 32) p++;
      if (p >= this.end || (this.text.charCodeAt(p) === 35 && p > this.pos + 1)) {
        this.lineAt(this.next);
        items.push(this.col > indent ? this.blockNode(this.col, indent) : null);
      } else {
        const column = this.col + (p - this.pos);
        this.pos = p;
        this.col = column;
        if (this.isSequenceItem()) items.push(this.sequence(column));
        else if (this.keyEnd() >= 0) items.push(this.mapping(column));
        else items.push(this.inlineValue(p, indent));
      }
      if (this.col < indent) return items;
      if (this.col > indent || !this.isSequenceItem()) {
        if (this.col === indent) return items; // a key after a sequence that is a key's value
        notHandled();
      }
    }
  }

  private mapping(indent: number): Obj {
    const result: Obj = {};
    const state = { sparse: false };
    for (;;) {
      const colon = this.keyEnd();
      if (colon < 0) notHandled();
      const key = this.key(colon);
      let p = colon + 1;
      while (p < this.end && this.text.charCodeAt(p) === 32) p++;
      let value: unknown;
      if (p >= this.end || this.text.charCodeAt(p) === 35) {
        this.lineAt(this.next);
        if (this.col > indent) value = this.blockNode(this.col, indent);
        else if (this.col === indent && this.isSequenceItem()) value = this.sequence(indent);
        else value = null;
      } else {
        value = this.inlineValue(p, indent);
      }
      setKey(result, key, value, state);
      if (this.col < indent) return result;
      if (this.col > indent || this.isSequenceItem()) notHandled();
    }
  }

  /**
   * Offset of the `:` that ends the current line's key, or -1 when the line is no `key: …`.
   * Keys are plain or quoted and on one line.
   */
  private keyEnd(): number {
    const text = this.text;
    let p = this.pos;
    const c = text.charCodeAt(p);
    if (c === 34 || c === 39) {
      for (p++; p < this.end; p++) {
        const ch = text.charCodeAt(p);
        if (c === 34 && ch === 92) p++;
        else if (ch === c) {
          if (c === 39 && text.charCodeAt(p + 1) === 39) p++;
          else break;
        }
      }
      if (p >= this.end) return -1;
      p++;
      while (p < this.end && text.charCodeAt(p) === 32) p++;
      if (text.charCodeAt(p) !== 58) return -1;
      return p;
    }
    // Indicators that cannot start a plain key (or start something else: `? `, `- `, flow, anchors…).
    if (c === 91 || c === 93 || c === 123 || c === 125 || c === 44 || c === 35 || c === 38 || c === 42 || c === 33 || c === 124 || c === 62 || c === 37 || c === 64 || c === 96) return -1;
    if ((c === 63 || c === 45 || c === 58) && (p + 1 >= this.end || text.charCodeAt(p + 1) === 32)) return -1;
    for (p++; p < this.end; p++) {
      const ch = text.charCodeAt(p);
      if (ch === 58 && (p + 1 >= this.end || text.charCodeAt(p + 1) === 32)) return p;
      if (ch === 35 && text.charCodeAt(p - 1) === 32) return -1;
    }
    return -1;
  }

  private key(colon: number): string {
    const text = this.text;
    const c = text.charCodeAt(this.pos);
    if (c === 34) return this.doubleQuoted(this.pos, this.doubleQuotedEnd(this.pos));
    if (c === 39) return this.singleQuoted(this.pos, this.singleQuotedEnd(this.pos));
    let end = colon;
    while (text.charCodeAt(end - 1) === 32) end--;
    const raw = text.slice(this.pos, end);
    if (raw === '<<') notHandled();
    return String(plainValue(raw));
  }

  /** A value that starts on the line of its key or `- `; leaves the reader on the next line. */
  private inlineValue(p: number, indent: number): unknown {
    const text = this.text;
    const c = text.charCodeAt(p);
    let value: unknown;
    if (c === 124 || c === 62) return this.blockScalar(p, indent);
    if (c === 34 || c === 39) {
      const [quoted, after] = this.quotedValue(p, indent);
      value = quoted;
      if (!this.restIsBlank(after)) notHandled();
    } else if (c === 91 || c === 123) {
      const [flow, after] = this.jsonFlow(p) ?? this.flow(p);
      value = flow;
      if (!this.restIsBlank(after)) notHandled();
    } else {
      if (c === 38 || c === 42 || c === 33 || c === 37 || c === 64 || c === 96 || c === 93 || c === 125 || c === 44 || c === 35) notHandled();
      if ((c === 45 || c === 63 || c === 58) && (p + 1 >= this.end || text.charCodeAt(p + 1) === 32)) notHandled();
      let end = p;
      for (; end < this.end; end++) {
        const ch = text.charCodeAt(end);
        if (ch === 35 && text.charCodeAt(end - 1) === 32) break;
        if (ch === 58 && (end + 1 >= this.end || text.charCodeAt(end + 1) === 32)) notHandled();
        if (ch === 9) notHandled();
      }
      while (text.charCodeAt(end - 1) === 32) end--;
      let plain = text.slice(p, end);
      // More indented lines below continue the scalar, folded: a break is a space, each empty line a newline.
      let start = this.next;
      let pendingEmpty = 0;
      while (start < this.len && end === this.end) {
        let nl = text.indexOf('\n', start);
        if (nl < 0) nl = this.len;
        let lineEnd = nl;
        if (lineEnd > start && text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
        let s = start;
        while (s < lineEnd && text.charCodeAt(s) === 32) s++;
        if (s === lineEnd) {
          pendingEmpty++;
          start = nl + 1;
          continue;
        }
        if (s - start <= indent) break;
        const first = text.charCodeAt(s);
        if (first === 9 || first === 35 || first === 45 || first === 63 || first === 58 || first === 91 || first === 123 || first === 93 || first === 125 || first === 38 || first === 42 || first === 33 || first === 124 || first === 62 || first === 37 || first === 64 || first === 96 || first === 44) notHandled();
        let e = s;
        for (; e < lineEnd; e++) {
          const ch = text.charCodeAt(e);
          if (ch === 9 || (ch === 35 && text.charCodeAt(e - 1) === 32) || (ch === 58 && (e + 1 >= lineEnd || text.charCodeAt(e + 1) === 32))) notHandled();
        }
        while (text.charCodeAt(e - 1) === 32) e--;
        plain += (pendingEmpty > 0 ? '\n'.repeat(pendingEmpty) : ' ') + text.slice(s, e);
        pendingEmpty = 0;
        start = nl + 1;
      }
      value = plainValue(plain);
      if (start !== this.next) {
        this.lineAt(start);
        if (this.col > indent) notHandled();
        return value;
      }
    }
    this.lineAt(this.next);
    // A more indented line after a one-line value continues it (a multi-line scalar): not handled.
    if (this.col > indent) notHandled();
    return value;
  }

  /**
   * A quoted scalar that may go on over more lines (each more indented than `indent`), folded as
   * YAML does: a line break is a space, each empty line a newline, the spaces around a break
   * dropped; in double quotes a `\` before the break joins the lines. The value and the offset
   * after the closing quote, the reader's line being the one that holds it.
   */
  private quotedValue(p: number, indent: number): [string, number] {
    const text = this.text;
    const quote = text.charCodeAt(p);
    // One line: the common case, without building the value character by character.
    for (let q = p + 1; q < this.end; q++) {
      const ch = text.charCodeAt(q);
      if (quote === 34 && ch === 92) q++;
      else if (ch === quote) {
        if (quote === 39 && text.charCodeAt(q + 1) === 39) q++;
        else return [quote === 34 ? this.doubleQuoted(p, q) : this.singleQuoted(p, q), q + 1];
      }
    }
    let out = '';
    /** Length of `out` up to its last character that was not plain white space (escapes count). */
    let kept = 0;
    let q = p + 1;
    let lineEnd = this.end;
    for (;;) {
      if (q >= lineEnd) {
        // a line break inside the scalar: fold
        out = out.slice(0, kept);
        let start = lineEnd;
        if (text.charCodeAt(start) === 13) start++;
        start++;
        let empty = 0;
        for (;;) {
          if (start >= this.len) notHandled();
          let nl = text.indexOf('\n', start);
          if (nl < 0) nl = this.len;
          let end = nl;
          if (end > start && text.charCodeAt(end - 1) === 13) end--;
          let s = start;
          while (s < end && (text.charCodeAt(s) === 32 || text.charCodeAt(s) === 9)) s++;
          if (s === end) {
            empty++;
            start = nl + 1;
            continue;
          }
          let column = 0;
          while (text.charCodeAt(start + column) === 32) column++;
          // A tab in the indentation, or a line not indented past its key (YAML 1.2 forbids it;
          // js-yaml reads it with a warning that validation reports), is left to js-yaml.
          if (start + column < s || column <= indent) notHandled();
          if (column === 0 && (text.startsWith('---', start) || text.startsWith('...', start))) notHandled();
          this.end = end;
          this.next = nl + 1;
          lineEnd = end;
          q = s;
          break;
        }
        out += empty > 0 ? '\n'.repeat(empty) : ' ';
        kept = out.length;
        continue;
      }
      const ch = text.charCodeAt(q);
      if (ch === quote) {
        if (quote === 39 && text.charCodeAt(q + 1) === 39) {
          out += "'";
          kept = out.length;
          q += 2;
          continue;
        }
        return [out, q + 1];
      }
      if (quote === 34 && ch === 92) {
        if (q + 1 >= lineEnd) {
          // an escaped line break: the lines join, the next one's leading white space dropped
          let start = lineEnd;
          if (text.charCodeAt(start) === 13) start++;
          start++;
          let nl = text.indexOf('\n', start);
          if (nl < 0) nl = this.len;
          let end = nl;
          if (end > start && text.charCodeAt(end - 1) === 13) end--;
          let s = start;
          while (s < end && (text.charCodeAt(s) === 32 || text.charCodeAt(s) === 9)) s++;
          if (s === end || text.charCodeAt(start) === 9 || s - start <= indent) notHandled();
          if (text.startsWith('---', start) || text.startsWith('...', start)) notHandled();
          this.end = end;
          this.next = nl + 1;
          lineEnd = end;
          q = s;
          kept = out.length;
          continue;
        }
        const [decoded, length] = unescape(text, q);
        out += decoded;
        kept = out.length;
        q += length;
        continue;
      }
      out += text[q];
      if (ch !== 32 && ch !== 9) kept = out.length;
      q++;
    }
  }

  private doubleQuotedEnd(p: number): number {
    const text = this.text;
    for (let q = p + 1; q < this.end; q++) {
      const ch = text.charCodeAt(q);
      if (ch === 92) q++;
      else if (ch === 34) return q;
    }
    return notHandled();
  }

  private singleQuotedEnd(p: number): number {
    const text = this.text;
    for (let q = p + 1; q < this.end; q++) {
      if (text.charCodeAt(q) === 39) {
        if (text.charCodeAt(q + 1) === 39) q++;
        else return q;
      }
    }
    return notHandled();
  }

  private doubleQuoted(open: number, close: number): string {
    const raw = this.text.slice(open, close + 1);
    if (raw.indexOf('\\') < 0 && raw.indexOf('\t') < 0) return raw.slice(1, -1);
    // JSON's escapes are a subset of YAML's: JSON.parse when it can, else one by one.
    if (!/\\[^"\\/bfnrtu]/.test(raw) && raw.indexOf('\t') < 0) {
      try {
        return JSON.parse(raw) as string;
      } catch {
        // a \u that JSON reads differently from YAML, say: below
      }
    }
    let out = '';
    for (let q = 1; q < raw.length - 1; q++) {
      if (raw.charCodeAt(q) !== 92) {
        out += raw[q];
        continue;
      }
      const [decoded, length] = unescape(raw, q);
      out += decoded;
      q += length - 1;
    }
    return out;
  }

  private singleQuoted(open: number, close: number): string {
    const raw = this.text.slice(open + 1, close);
    return raw.indexOf("'") < 0 ? raw : raw.replace(/''/g, "'");
  }

  /**
   * A flow collection that is JSON and ends its line (`"parameters": [{"$ref": "#/…"}]`, as JSON
   * turned into YAML writes every value): what JSON.parse makes of it is what YAML reads there
   * (JSON's strings, numbers, true, false and null are YAML's, a repeated key keeps its first place
   * and the last value in both), and it is several times faster than reading it token by token.
   * Undefined when the text is not JSON (plain scalars, a comment, a tab, more lines).
   */
  private jsonFlow(p: number): [unknown, number] | undefined {
    const text = this.text;
    let end = this.end;
    while (end > p && text.charCodeAt(end - 1) === 32) end--;
    const open = text.charCodeAt(p);
    if (text.charCodeAt(end - 1) !== (open === 91 ? 93 : 125)) return undefined;
    let q = p + 1;
    while (q < end && text.charCodeAt(q) === 32) q++;
    // What JSON can have first: a key's quote in a mapping; a string, number, literal or collection in a list.
    const first = text.charCodeAt(q);
    if (open === 123 ? first !== 34 && first !== 125 : !(first === 34 || first === 45 || (first >= 48 && first <= 57) || first === 91 || first === 123 || first === 93 || first === 116 || first === 102 || first === 110)) return undefined;
    const source = text.slice(p, end);
    // JSON takes a tab between tokens where this reader leaves the text to js-yaml
    if (source.indexOf('\t') >= 0) return undefined;
    try {
      return [JSON.parse(source), end];
    } catch {
      return undefined;
    }
  }

  /** `[…]` or `{…}` closed on the same line: the value and the offset after it. */
  private flow(p: number): [unknown, number] {
    const text = this.text;
    // White space between the parts, over line ends and comments as long as the collection is open.
    const skip = (q: number): number => {
      for (;;) {
        while (q < this.end && text.charCodeAt(q) === 32) q++;
        if (q < this.end && text.charCodeAt(q) !== 35) return q;
        if (q < this.end && text.charCodeAt(q - 1) !== 32) notHandled();
        let start = this.next;
        for (;;) {
          if (start >= this.len) notHandled();
          let nl = text.indexOf('\n', start);
          if (nl < 0) nl = this.len;
          let end = nl;
          if (end > start && text.charCodeAt(end - 1) === 13) end--;
          let s = start;
          while (s < end && text.charCodeAt(s) === 32) s++;
          if (s < end && text.charCodeAt(s) === 9) notHandled();
          if (s === start && (text.startsWith('---', s) || text.startsWith('...', s))) notHandled();
          if (s === end || text.charCodeAt(s) === 35) {
            start = nl + 1;
            continue;
          }
          this.end = end;
          this.next = nl + 1;
          q = s;
          break;
        }
      }
    };
    const open = text.charCodeAt(p);
    const close = open === 91 ? 93 : 125;
    let q = skip(p + 1);
    if (text.charCodeAt(q) === close) return [open === 91 ? [] : {}, q + 1];
    const list: unknown[] = [];
    const map: Obj = {};
    const state = { sparse: false };
    for (;;) {
      if (open === 123) {
        const c = text.charCodeAt(q);
        let key: string;
        if (c === 34 || c === 39) {
          const end = c === 34 ? this.doubleQuotedEnd(q) : this.singleQuotedEnd(q);
          key = c === 34 ? this.doubleQuoted(q, end) : this.singleQuoted(q, end);
          q = skip(end + 1);
          if (text.charCodeAt(q) !== 58) notHandled();
          q++;
        } else {
          const [raw, end] = this.flowPlain(q, true);
          key = String(plainValue(raw));
          q = end;
          if (text.charCodeAt(q) !== 58 || text.charCodeAt(q + 1) !== 32) notHandled();
          q++;
        }
        if (key === '<<') notHandled();
        q = skip(q);
        const [value, after] = this.flowNode(q);
        setKey(map, key, value, state);
        q = skip(after);
      } else {
        const [value, after] = this.flowNode(q);
        list.push(value);
        q = skip(after);
      }
      const c = text.charCodeAt(q);
      if (c === close) return [open === 91 ? list : map, q + 1];
      if (c !== 44) notHandled();
      q = skip(q + 1);
      if (text.charCodeAt(q) === close || text.charCodeAt(q) === 44) notHandled();
    }
  }

  private flowNode(q: number): [unknown, number] {
    const text = this.text;
    const c = text.charCodeAt(q);
    if (c === 91 || c === 123) return this.flow(q);
    if (c === 34) {
      const end = this.doubleQuotedEnd(q);
      return [this.doubleQuoted(q, end), end + 1];
    }
    if (c === 39) {
      const end = this.singleQuotedEnd(q);
      return [this.singleQuoted(q, end), end + 1];
    }
    const [raw, end] = this.flowPlain(q, false);
    if (text.charCodeAt(end) === 58) notHandled(); // `[a: b]`, a one-pair mapping
    return [plainValue(raw), end];
  }

  /** A plain scalar inside a flow collection; ends before `,`, `]`, `}` or `: `. */
  private flowPlain(q: number, isKey: boolean): [string, number] {
    const text = this.text;
    const c = text.charCodeAt(q);
    if (c === 38 || c === 42 || c === 33 || c === 37 || c === 64 || c === 96 || c === 124 || c === 62 || c === 35 || c === 44 || c === 93 || c === 125) notHandled();
    if ((c === 45 || c === 63 || c === 58) && (q + 1 >= this.end || text.charCodeAt(q + 1) === 32)) notHandled();
    let end = q;
    for (; end < this.end; end++) {
      const ch = text.charCodeAt(end);
      if (ch === 44 || ch === 93 || ch === 125 || ch === 91 || ch === 123) break;
      if (ch === 58) {
        const after = text.charCodeAt(end + 1);
        if (after === 32 || after === 44 || after === 93 || after === 125) break;
        if (isKey || end + 1 >= this.end) notHandled();
      }
      if (ch === 35 && text.charCodeAt(end - 1) === 32) notHandled();
      if (ch === 9) notHandled();
    }
    let last = end;
    while (text.charCodeAt(last - 1) === 32) last--;
    if (last === q) notHandled();
    return [text.slice(q, last), end];
  }

  /** `|` or `>` with an optional `-`/`+`; the lines below, more indented than `indent`. */
  private blockScalar(p: number, indent: number): string {
    const text = this.text;
    const folded = text.charCodeAt(p) === 62;
    let q = p + 1;
    let chomp: 'clip' | 'strip' | 'keep' = 'clip';
    const c = text.charCodeAt(q);
    if (c === 45) (chomp = 'strip'), q++;
    else if (c === 43) (chomp = 'keep'), q++;
    if (q < this.end && text.charCodeAt(q) !== 32) notHandled(); // an indentation digit, or odd
    if (!this.restIsBlank(q)) notHandled();
    // Lines: content (indent ≥ the first content line's) or empty (only spaces, no more than that).
    const lines: string[] = [];
    let contentIndent = -1;
    let start = this.next;
    let emptyBefore = 0;
    for (;;) {
      if (start >= this.len) break;
      let nl = text.indexOf('\n', start);
      if (nl < 0) nl = this.len;
      let end = nl;
      if (end > start && text.charCodeAt(end - 1) === 13) end--;
      let s = start;
      while (s < end && text.charCodeAt(s) === 32) s++;
      if (s === end) {
        if (contentIndent >= 0 && s - start > contentIndent) notHandled(); // spaces that are content
        if (contentIndent < 0) emptyBefore = Math.max(emptyBefore, s - start);
        lines.push('');
        start = nl + 1;
        continue;
      }
      const column = s - start;
      if (contentIndent < 0) {
        if (column <= indent) break;
        if (emptyBefore > column) notHandled();
        contentIndent = column;
      } else if (column < contentIndent) break;
      if (text.charCodeAt(s) === 9) notHandled();
      const line = text.slice(start + contentIndent, end);
      if (folded && column > contentIndent) notHandled(); // more-indented lines keep their breaks: js-yaml
      lines.push(line);
      start = nl + 1;
    }
    if (contentIndent < 0) notHandled(); // an empty block scalar
    // Trailing empty lines belong to chomping; they were read, so step back to the next content.
    let trailing = 0;
    while (lines.length > 0 && lines[lines.length - 1] === '') {
      lines.pop();
      trailing++;
    }
    let body: string;
    if (!folded) body = lines.join('\n');
    else {
      body = '';
      let pendingEmpty = 0;
      let first = true;
      for (const line of lines) {
        if (line === '') {
          pendingEmpty++;
          continue;
        }
        if (first) body += '\n'.repeat(pendingEmpty);
        else body += pendingEmpty > 0 ? '\n'.repeat(pendingEmpty) : ' ';
        body += line;
        pendingEmpty = 0;
        first = false;
      }
    }
    if (chomp === 'clip') body += '\n';
    else if (chomp === 'keep') body += '\n'.repeat(trailing + 1);
    this.lineAt(start);
    if (this.col > indent) notHandled();
    return body;
  }
}

/** The value of a block-style YAML document, or throws `NOT_HANDLED`. */
export function readBlockYaml(text: string): unknown {
  return new Reader(text).read();
}
