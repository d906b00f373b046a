import type { ScriptBlock } from './ast';
import * as syntax from './syntax';
import { wordsByLength } from './wordsByLength';

// Read once: under tsx every use of an imported name goes through getters (see parser.ts).
const {
  BLOCK_COMMENT,
  BODY_START,
  COMMENT,
  DIRECTIVE,
  FILE_INCLUDE,
  HEADER,
  HTTP_VERSION,
  KEYWORD_DIRECTIVE,
  MALFORMED_VARIABLE,
  METHODS,
  PRE_REQUEST_FILE,
  QUERY_CONTINUATION,
  QUERY_PARAMETER_LINE,
  REQUEST_LINE,
  SAVED_RESPONSE,
  SCRIPT_OPENERS,
  SEPARATOR,
  SINGLE_LINE_SCRIPTS,
  URL_LIKE,
  VARIABLE,
} = syntax;

// One recogniser per kind of line. The parser asks the recognisers of its current section in
// their declared order and takes the first answer; what a token means for the tree (a new
// request, the start of a body) is the parser's business, not the recogniser's.

export type LineToken =
  | { type: 'separator'; title?: string }
  | { type: 'blank' }
  | { type: 'script-open'; kind?: 'pre-request' | 'response-handler'; closer: string; start: number }
  | { type: 'script-line'; kind: ScriptBlock['kind'] }
  | { type: 'directive'; name: string; nameStart: number; value: string; valueStart: number }
  | { type: 'comment' }
  | { type: 'block-comment'; start: number }
  | { type: 'variable'; name: string; nameStart: number; value: string; valueStart: number }
  | { type: 'malformed-variable' }
  | { type: 'request-line'; method: string | undefined; methodStart: number; url: string; urlStart: number; httpVersion: string | undefined }
  | { type: 'query'; text: string; start: number; httpVersion?: string; parameter?: true }
  | { type: 'header'; name: string; nameStart: number; value: string; valueStart: number }
  | { type: 'body-start' }
  | { type: 'file-include'; path: string; pathStart: number; processVariables: boolean; encoding?: string }
  | { type: 'header-without-colon' }
  | { type: 'header-spread'; name: string; nameStart: number }
  | { type: 'saved-response' }
  | { type: 'response-line' }
  | { type: 'text' };

export interface Recogniser {
  name: string;
  /**
   * The characters the line's first non-blank character can be, when the form fixes it. Lets
   * `recognise` skip a recogniser without running its pattern; every pattern still checks.
   */
  first?: string;
  match(line: string): LineToken | undefined;
  /**
   * The same answer as `match` without a regular expression, for the forms most lines of a file
   * have. It reads the line where it stands in `text`, from `start` to `end` (no line break in
   * between), without cutting it out: most lines of a file then cost no string of their own.
   * `at` is the line's first non-blank character; columns in the token count from `start`.
   * `classify` uses it, and a property test holds it to `match`.
   */
  fast?(text: string, start: number, end: number, at: number): LineToken | undefined;
}

const isMethod = wordsByLength(METHODS);

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const NON_BLANK = /\S/;

/** `\s` of a regular expression (and what `trim` removes), for one UTF-16 code unit. */
export function isSpaceCode(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Index of the first character that is not `\s` from `from` on, or -1: `line.search(/\S/)`. */
export function firstNonBlank(line: string, from = 0): number {
  for (let i = from; i < line.length; i++) if (!isSpaceCode(line.charCodeAt(i))) return i;
  return -1;
}

/** First index from `from` on, before `end`, that is not `\s` (`end` when there is none). */
function skipSpace(text: string, from: number, end: number): number {
  let i = from;
  while (i < end && isSpaceCode(text.charCodeAt(i))) i++;
  return i;
}

/** `end`, moved back over the `\s` before it, not before `from`. */
function trimEndAt(text: string, from: number, end: number): number {
  let e = end;
  while (e > from && isSpaceCode(text.charCodeAt(e - 1))) e--;
  return e;
}

/** `text.slice(from, end).trim()`, cutting only once. */
function trimmedSlice(text: string, from: number, end: number): string {
  const first = skipSpace(text, from, end);
  return first === end ? '' : text.slice(first, trimEndAt(text, first, end));
}

const HASH = 0x23;
const SLASH = 0x2f;
const STAR = 0x2a;
const AT = 0x40;
const COLON = 0x3a;
const EQUALS = 0x3d;
const LBRACE = 0x7b;
const PERCENT = 0x25;
const DASH = 0x2d;
const DOT = 0x2e;
const UNDERSCORE = 0x5f;
const LESS = 0x3c;
const GREATER = 0x3e;
const QUESTION = 0x3f;

const isLetter = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
/** `\w` without the `u` flag. */
const isWord = (c: number) => isLetter(c) || isDigit(c) || c === UNDERSCORE;

/** RFC 9110 token characters, as in `HEADER`: ``[!#$%&'*+.^_`|~0-9A-Za-z-]``. */
const TCHAR = new Uint8Array(128);
for (const ch of "!#$%&'*+.^_`|~-") TCHAR[ch.charCodeAt(0)] = 1;
for (let c = 0; c < 128; c++) if (isLetter(c) || isDigit(c)) TCHAR[c] = 1;

// The tokens that carry nothing but their type, shared: most lines of a file are one of these.
const BLANK: LineToken = { type: 'blank' };
const COMMENT_TOKEN: LineToken = { type: 'comment' };
const TEXT: LineToken = { type: 'text' };
const RESPONSE_LINE: LineToken = { type: 'response-line' };

// The tokens of the three commonest forms, filled in place by their `fast` form: a token from
// `classifyIn` is read by the parser before it classifies the next line and never kept, and
// making one per line was a quarter of what a parse allocated (2 of 8 MB for 5,000 requests).
// `match`, `recognise` and `classify` still return tokens of their own.
type Token<T extends LineToken['type']> = Extract<LineToken, { type: T }>;
const HEADER_TOKEN: Token<'header'> = { type: 'header', name: '', nameStart: 0, value: '', valueStart: 0 };
const DIRECTIVE_TOKEN: Token<'directive'> = { type: 'directive', name: '', nameStart: 0, value: '', valueStart: 0 };
const REQUEST_LINE_TOKEN: Token<'request-line'> = { type: 'request-line', method: undefined, methodStart: 0, url: '', urlStart: 0, httpVersion: undefined };

function nameValueToken<T extends Token<'header'> | Token<'directive'>>(token: T, name: string, nameStart: number, value: string, valueStart: number): T {
  token.name = name;
  token.nameStart = nameStart;
  token.value = value;
  token.valueStart = valueStart;
  return token;
}

export const separator: Recogniser = {
  name: 'separator',
  first: '#',
  match(line) {
    const m = SEPARATOR.exec(line);
    if (!m) return undefined;
    const title = m[1]!.trim();
    return title ? { type: 'separator', title } : { type: 'separator' };
  },
  fast(text, _start, end, at) {
    let hashes = at;
    while (hashes < end && text.charCodeAt(hashes) === HASH) hashes++;
    if (hashes - at < 3) return undefined;
    const title = trimmedSlice(text, hashes, end);
    return title ? { type: 'separator', title } : { type: 'separator' };
  },
};

export const blank: Recogniser = {
  name: 'blank',
  match: (line) => (NON_BLANK.test(line) ? undefined : BLANK),
};

export const scriptOpen: Recogniser = {
  name: 'script-open',
  first: '<>{',
  match(line) {
    for (const opener of SCRIPT_OPENERS) {
      const m = opener.pattern.exec(line);
      if (m) return { type: 'script-open', kind: opener.kind, closer: opener.closer, start: m[0].length };
    }
    return undefined;
  },
  fast(text, start, end, at) {
    // Every opener is `{{` or `<`/`>` then `{%`; most lines starting with `{` are JSON.
    const c = text.charCodeAt(at);
    if (c === LBRACE) return at + 1 < end && text.charCodeAt(at + 1) === LBRACE ? scriptOpen.match(text.slice(start, end)) : undefined;
    const brace = skipSpace(text, at + 1, end);
    return brace + 1 < end && text.charCodeAt(brace) === LBRACE && text.charCodeAt(brace + 1) === PERCENT ? scriptOpen.match(text.slice(start, end)) : undefined;
  },
};

const RESPONSE_HISTORY_LINE: LineToken = { type: 'script-line', kind: 'response-history' };
const RESPONSE_HANDLER_LINE: LineToken = { type: 'script-line', kind: 'response-handler' };
const ASSERTION_LINE: LineToken = { type: 'script-line', kind: 'assertion' };

export const scriptLine: Recogniser = {
  name: 'script-line',
  first: '<?>',
  match(line) {
    for (const form of SINGLE_LINE_SCRIPTS) if (form.pattern.test(line)) return { type: 'script-line', kind: form.kind };
    return undefined;
  },
  fast(text, _start, end, at) {
    const c = text.charCodeAt(at);
    // `<>` then something: a response saved by JetBrains.
    if (c === LESS) return at + 1 < end && text.charCodeAt(at + 1) === GREATER && skipSpace(text, at + 2, end) < end ? RESPONSE_HISTORY_LINE : undefined;
    if (c === QUESTION) return at + 1 < end && text.charCodeAt(at + 1) === QUESTION ? ASSERTION_LINE : undefined;
    if (c !== GREATER) return undefined;
    // `>>`, `>>!` then something (the `!` itself counts: `!?` may match nothing).
    if (at + 1 < end && text.charCodeAt(at + 1) === GREATER && skipSpace(text, at + 2, end) < end) return RESPONSE_HANDLER_LINE;
    // `> ./handler.js`: one word, not a `{` block, and nothing after it.
    const word = skipSpace(text, at + 1, end);
    if (word === end || text.charCodeAt(word) === LBRACE) return undefined;
    let wordEnd = word + 1;
    while (wordEnd < end && !isSpaceCode(text.charCodeAt(wordEnd))) wordEnd++;
    return skipSpace(text, wordEnd, end) === end ? RESPONSE_HANDLER_LINE : undefined;
  },
};

export const preRequestFile: Recogniser = {
  name: 'pre-request-file',
  first: '<',
  match: (line) => (PRE_REQUEST_FILE.test(line) ? { type: 'script-line', kind: 'pre-request' } : undefined),
};

export const directive: Recogniser = {
  name: 'directive',
  first: '#/',
  match(line) {
    const m = DIRECTIVE.exec(line);
    if (!m) return undefined;
    const nameStart = m[1]!.length;
    const name = m[2]!;
    const value = (m[4] ?? '').trimEnd();
    const valueStart = value ? nameStart + name.length + m[3]!.length : nameStart + name.length;
    return { type: 'directive', name, nameStart, value, valueStart };
  },
  fast(text, start, end, at) {
    let marker = at + 1;
    if (text.charCodeAt(at) !== HASH) {
      if (text.charCodeAt(at) !== SLASH || at + 1 >= end || text.charCodeAt(at + 1) !== SLASH) return undefined;
      marker = at + 2;
    }
    const atSign = skipSpace(text, marker, end);
    if (atSign + 1 >= end || text.charCodeAt(atSign) !== AT) return undefined;
    const nameStart = atSign + 1;
    const first = text.charCodeAt(nameStart);
    if (!(isLetter(first) || first === UNDERSCORE)) return undefined;
    let nameEnd = nameStart + 1;
    while (nameEnd < end) {
      const c = text.charCodeAt(nameEnd);
      if (!(isWord(c) || c === DOT || c === DASH)) break;
      nameEnd++;
    }
    const name = text.slice(nameStart, nameEnd);
    if (nameEnd === end) return nameValueToken(DIRECTIVE_TOKEN, name, nameStart - start, '', nameEnd - start);
    // After the name: `\s*=\s*` or `\s+`, then the value; anything else and it is no directive.
    const next = text.charCodeAt(nameEnd);
    if (next !== EQUALS && !isSpaceCode(next)) return undefined;
    let valueFrom = skipSpace(text, nameEnd, end);
    if (valueFrom < end && text.charCodeAt(valueFrom) === EQUALS) valueFrom = skipSpace(text, valueFrom + 1, end);
    const valueEnd = trimEndAt(text, valueFrom, end);
    if (valueEnd === valueFrom) return nameValueToken(DIRECTIVE_TOKEN, name, nameStart - start, '', nameEnd - start);
    return nameValueToken(DIRECTIVE_TOKEN, name, nameStart - start, text.slice(valueFrom, valueEnd), valueFrom - start);
  },
};

export const blockComment: Recogniser = {
  name: 'block-comment',
  first: '/',
  match(line) {
    const m = BLOCK_COMMENT.exec(line);
    return m ? { type: 'block-comment', start: m[0].length } : undefined;
  },
  fast: (text, start, end, at) => (at + 1 < end && text.charCodeAt(at) === SLASH && text.charCodeAt(at + 1) === STAR ? { type: 'block-comment', start: at + 2 - start } : undefined),
};

export const keywordDirective: Recogniser = {
  name: 'keyword-directive',
  first: 'irp',
  match(line) {
    const m = KEYWORD_DIRECTIVE.exec(line);
    if (!m) return undefined;
    const nameStart = m[1]!.length;
    return { type: 'directive', name: m[2]!, nameStart, value: m[4]!.trimEnd(), valueStart: nameStart + m[2]!.length + m[3]!.length };
  },
};

export const comment: Recogniser = {
  name: 'comment',
  first: '#/',
  match: (line) => (COMMENT.test(line) ? COMMENT_TOKEN : undefined),
  fast(text, _start, end, at) {
    const c = text.charCodeAt(at);
    return c === HASH || (c === SLASH && at + 1 < end && text.charCodeAt(at + 1) === SLASH) ? COMMENT_TOKEN : undefined;
  },
};

export const variable: Recogniser = {
  name: 'variable',
  first: '@:',
  match(line) {
    const m = VARIABLE.exec(line);
    if (!m) return undefined;
    const nameStart = m[1]!.length;
    return { type: 'variable', name: m[2]!, nameStart, value: m[4]!.trimEnd(), valueStart: nameStart + m[2]!.length + m[3]!.length };
  },
};

export const malformedVariable: Recogniser = {
  name: 'malformed-variable',
  first: '@',
  match: (line) => (MALFORMED_VARIABLE.test(line) ? { type: 'malformed-variable' } : undefined),
};

const SPACE = /\s/;
/** The same white space as `\s` in the patterns, one character at a time. */
const isSpace = (text: string, at: number) => SPACE.test(text[at]!);

/**
 * Splits `target HTTP/1.1 HTTP/1.1` into the target and the first version. Walks back from the
 * end word by word, so a line of ten thousand `HTTP/1.1` words stays linear (a regular
 * expression with a lazy target backtracks quadratically there).
 */
export function splitVersion(text: string): { target: string; version: string | undefined } {
  let end = text.length;
  while (end > 0 && isSpace(text, end - 1)) end--;
  let version: string | undefined;
  for (;;) {
    let wordStart = end;
    while (wordStart > 0 && !isSpace(text, wordStart - 1)) wordStart--;
    let before = wordStart;
    while (before > 0 && isSpace(text, before - 1)) before--;
    if (before === 0 || before === wordStart || !HTTP_VERSION.test(text.slice(wordStart, end))) break;
    version = text.slice(wordStart, end);
    end = before;
  }
  return { target: text.slice(0, end), version };
}

function requestLine(line: string, strict: boolean): LineToken | undefined {
  const m = REQUEST_LINE.exec(line);
  if (!m) return undefined;
  let method: string | undefined = m[2];
  let { target: url, version } = splitVersion(m[4]!);
  let urlStart = m[1]!.length;
  if (method !== undefined) {
    if (isMethod(method.toUpperCase()) && (!strict || method === method.toUpperCase())) {
      urlStart += method.length + m[3]!.length;
    } else {
      // Not a method after all (`Hello world`): the whole line is the target.
      ({ target: url, version } = splitVersion(line.slice(urlStart)));
      method = undefined;
    }
  }
  if (strict && (method === undefined || (/\s/.test(url) && !URL_LIKE.test(url)))) return undefined;
  return { type: 'request-line', method: method?.toUpperCase(), methodStart: m[1]!.length, url, urlStart, httpVersion: version };
}

/**
 * Where the target `splitVersion(text.slice(from, to))` gives ends, read without the slice or a
 * regular expression (the fast path's): before the trailing `HTTP/x` words and blanks.
 */
function targetEnd(text: string, from: number, to: number): number {
  let end = trimEndAt(text, from, to);
  for (;;) {
    // A version is `HTTP/` and digits and dots: read back over those, then expect `HTTP/` and a
    // blank before it, rather than walking back over the whole last word (a URL ending in an id).
    let digits = end;
    while (digits > from && (isDigit(text.charCodeAt(digits - 1)) || text.charCodeAt(digits - 1) === DOT)) digits--;
    const wordStart = digits - 5;
    if (digits === end || wordStart <= from || !text.startsWith('HTTP/', wordStart) || !isSpaceCode(text.charCodeAt(wordStart - 1))) return end;
    let before = wordStart;
    while (before > from && isSpaceCode(text.charCodeAt(before - 1))) before--;
    if (before === from) return end;
    end = before;
  }
}

/**
 * The version `splitVersion` gives once the target ends at `end`: of the `HTTP/x` words cut
 * off the end, the first, which is the word right after the target; none when nothing was cut.
 */
function versionAfter(text: string, end: number, to: number): string | undefined {
  const start = skipSpace(text, end, to);
  if (start === to) return undefined;
  let wordEnd = start;
  while (wordEnd < to && !isSpaceCode(text.charCodeAt(wordEnd))) wordEnd++;
  return text.slice(start, wordEnd);
}

/**
 * What `REQUEST_LINE` gives, read by hand: the line (from `start` to `end` of `text`) has its
 * first non-blank character at `at`; a word of letters and dashes followed by blanks and more
 * text is the method candidate.
 */
function requestLineFast(text: string, start: number, end: number, at: number, strict: boolean): LineToken | undefined {
  if (at === -1) return undefined;
  let wordEnd = at;
  if (isLetter(text.charCodeAt(at))) {
    wordEnd++;
    while (wordEnd < end) {
      const c = text.charCodeAt(wordEnd);
      if (!(isLetter(c) || c === DASH)) break;
      wordEnd++;
    }
  }
  if (wordEnd > at && wordEnd < end && isSpaceCode(text.charCodeAt(wordEnd))) {
    const target = skipSpace(text, wordEnd, end);
    if (target < end) return requestLineToken(text, start, end, strict, at, text.slice(at, wordEnd), target);
  }
  return requestLineToken(text, start, end, strict, at, undefined, at);
}

/** The request-line token once the method candidate (if any) and where the target starts are known. */
function requestLineToken(text: string, start: number, end: number, strict: boolean, methodStart: number, word: string | undefined, targetStart: number): LineToken | undefined {
  let method = word;
  let urlStart = targetStart;
  if (word !== undefined) {
    // Most methods are written in capitals already: no new string for those.
    const upper = isUpperCase(word) ? word : word.toUpperCase();
    if (!isMethod(upper) || (strict && word !== upper)) {
      // Not a method after all (`Hello world`): the whole line is the target.
      method = undefined;
      urlStart = methodStart;
    } else method = upper;
  }
  if (strict && method === undefined) return undefined;
  const urlEnd = targetEnd(text, urlStart, end);
  const url = text.slice(urlStart, urlEnd);
  if (strict && hasSpace(url) && !URL_LIKE.test(url)) return undefined;
  const token = REQUEST_LINE_TOKEN;
  token.method = method;
  token.methodStart = methodStart - start;
  token.url = url;
  token.urlStart = urlStart - start;
  token.httpVersion = versionAfter(text, urlEnd, end);
  return token;
}

/** Whether `word` (letters and dashes) has no lower-case letter. */
function isUpperCase(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 0x61 && c <= 0x7a) return false;
  }
  return true;
}

function hasSpace(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (isSpaceCode(text.charCodeAt(i))) return true;
  return false;
}

/** Any line that is nothing else is a request; `https://example.org` alone is a GET. */
export const looseRequestLine: Recogniser = { name: 'request-line', match: (line) => requestLine(line, false), fast: (text, start, end, at) => requestLineFast(text, start, end, at, false) };

/** A request line that starts a new request without `###`: an upper-case method, then one word or a URL. */
export const strictRequestLine: Recogniser = {
  name: 'strict-request-line',
  first: UPPER,
  match: (line) => requestLine(line, true),
  fast: (text, start, end, at) => requestLineFast(text, start, end, at, true),
};

export const queryContinuation: Recogniser = {
  name: 'query-continuation',
  first: '?&/',
  match(line) {
    const m = QUERY_CONTINUATION.exec(line);
    if (!m) return undefined;
    const { target, version } = splitVersion(m[2]!);
    return { type: 'query', text: target, start: m[1]!.length, httpVersion: version };
  },
  fast(text, start, end, at) {
    // `?` or `&` at any indentation, `/` indented; then one more non-blank character.
    const c = text.charCodeAt(at);
    if (c === SLASH ? at === start : c !== 0x3f && c !== 0x26) return undefined;
    if (at + 1 >= end || isSpaceCode(text.charCodeAt(at + 1))) return undefined;
    const targetStop = targetEnd(text, at, end);
    return { type: 'query', text: text.slice(at, targetStop), start: at - start, httpVersion: versionAfter(text, targetStop, end) };
  },
};

/** `    size={{size}}` under a request line: a query parameter on a line of its own (JetBrains). */
export const queryParameterLine: Recogniser = {
  name: 'query-parameter-line',
  match(line) {
    const m = QUERY_PARAMETER_LINE.exec(line);
    if (!m) return undefined;
    const version = m[3]!.trim().split(/\s+/).pop();
    return { type: 'query', text: m[2]!, start: m[1]!.length, ...(version ? { httpVersion: version } : {}), parameter: true };
  },
};

export const header: Recogniser = {
  name: 'header',
  match(line) {
    const m = HEADER.exec(line);
    if (!m) return undefined;
    const nameStart = m[1]!.length;
    return { type: 'header', name: m[2]!, nameStart, value: m[4]!.trimEnd(), valueStart: nameStart + m[2]!.length + m[3]!.length };
  },
  fast(text, start, end, at) {
    let nameEnd = at;
    while (nameEnd < end) {
      const c = text.charCodeAt(nameEnd);
      if (c >= 128 || TCHAR[c] !== 1) break;
      nameEnd++;
    }
    if (nameEnd === at) return undefined;
    const colon = skipSpace(text, nameEnd, end);
    if (colon === end || text.charCodeAt(colon) !== COLON) return undefined;
    const valueStart = skipSpace(text, colon + 1, end);
    return nameValueToken(HEADER_TOKEN, text.slice(at, nameEnd), at - start, text.slice(valueStart, trimEndAt(text, valueStart, end)), valueStart - start);
  },
};

export const fileInclude: Recogniser = {
  name: 'file-include',
  first: '<',
  match(line) {
    const m = FILE_INCLUDE.exec(line);
    if (!m) return undefined;
    return { type: 'file-include', path: m[4]!.trimEnd(), pathStart: m[1]!.length, processVariables: m[2] === '@', encoding: m[3] };
  },
};

export const bodyStart: Recogniser = {
  name: 'body-start',
  match: (line) => (BODY_START.test(line) || FILE_INCLUDE.test(line) ? { type: 'body-start' } : undefined),
};

export const savedResponse: Recogniser = {
  name: 'saved-response',
  first: 'H',
  match: (line) => (SAVED_RESPONSE.test(line) ? { type: 'saved-response' } : undefined),
};

/** Inside a saved response every other line belongs to it, blank ones included. */
export const responseLine: Recogniser = { name: 'response-line', match: () => RESPONSE_LINE, fast: () => RESPONSE_LINE };

/** httpYac's `...defaultHeaders`: every entry of an object variable becomes a header here. */
const HEADER_SPREAD = /^(\s*)\.\.\.([A-Za-z_$][\w$]*)\s*$/;
export const headerSpread: Recogniser = {
  name: 'header-spread',
  first: '.',
  match(line) {
    const m = HEADER_SPREAD.exec(line);
    return m ? { type: 'header-spread', name: m[2]!, nameStart: m[1]!.length + 3 } : undefined;
  },
};

const HEADER_WITHOUT_COLON: LineToken = { type: 'header-without-colon' };
export const headerWithoutColon: Recogniser = { name: 'header-without-colon', match: () => HEADER_WITHOUT_COLON, fast: () => HEADER_WITHOUT_COLON };

export const text: Recogniser = { name: 'text', match: () => TEXT, fast: () => TEXT };

export type Section = 'preamble' | 'headers' | 'body' | 'saved-response' | 'after-body';

/**
 * The recognisers of each section, in the order they are asked. The order is the grammar:
 * a separator wins over everything, scripts over comments, comments over variables, and a
 * request line is whatever is left before the request starts.
 */
export const RECOGNISERS: Record<Section, readonly Recogniser[]> = {
  preamble: [separator, blank, blockComment, scriptOpen, scriptLine, preRequestFile, directive, comment, variable, malformedVariable, keywordDirective, looseRequestLine],
  headers: [separator, blank, blockComment, scriptOpen, scriptLine, directive, comment, queryContinuation, header, headerSpread, queryParameterLine, strictRequestLine, bodyStart, headerWithoutColon],
  body: [separator, blockComment, scriptOpen, scriptLine, strictRequestLine, savedResponse, fileInclude, blank, directive, comment, text],
  'saved-response': [separator, scriptOpen, scriptLine, strictRequestLine, responseLine],
  'after-body': [separator, blank, blockComment, scriptOpen, scriptLine, directive, comment, strictRequestLine, text],
};

export function recognise(section: Section, line: string): LineToken {
  const at = line.search(NON_BLANK);
  const first = at === -1 ? '' : line[at]!;
  for (const recogniser of RECOGNISERS[section]) {
    if (recogniser.first !== undefined && (first === '' || !recogniser.first.includes(first))) continue;
    const token = recogniser.match(line);
    if (token) return token;
  }
  return TEXT;
}

/** A recogniser's `fast` form, or its `match` on the line cut out when it has none. */
type Read = (text: string, start: number, end: number, at: number) => LineToken | undefined;

/**
 * For each section, the recognisers that can answer for a line whose first non-blank character
 * has a given code (0–127; 128 stands for every other code): `RECOGNISERS` with those whose
 * `first` rules the character out left out, in the same order. The rows hold the functions
 * themselves, not the recognisers: objects of a dozen shapes read at one place in `classifyIn`
 * made every line pay a megamorphic property load.
 */
function candidates(section: Section): Read[][] {
  const rows: Read[][] = [];
  for (let c = 0; c <= 128; c++) {
    const ch = c < 128 ? String.fromCharCode(c) : '';
    const row: Read[] = [];
    for (const r of RECOGNISERS[section]) {
      if (r === blank || (r.first !== undefined && (ch === '' || !r.first.includes(ch)))) continue;
      row.push(r.fast ? r.fast : (text, start, end) => r.match(text.slice(start, end)));
    }
    rows.push(row);
  }
  return rows;
}

const PREAMBLE_ROWS = candidates('preamble');
const HEADERS_ROWS = candidates('headers');
const BODY_ROWS = candidates('body');
const SAVED_RESPONSE_ROWS = candidates('saved-response');
const AFTER_BODY_ROWS = candidates('after-body');

/** The rows of `section`, by comparison rather than a keyed lookup (one per line, see above). */
function rowsOf(section: Section): Read[][] {
  if (section === 'body') return BODY_ROWS;
  if (section === 'headers') return HEADERS_ROWS;
  if (section === 'preamble') return PREAMBLE_ROWS;
  return section === 'after-body' ? AFTER_BODY_ROWS : SAVED_RESPONSE_ROWS;
}

/**
 * `recognise` without its regular expressions on the common path: the same token for every line
 * (a property test holds the two together). The line's first non-blank character picks the
 * recognisers to ask, and those with a `fast` form answer without a pattern.
 */
export function classify(section: Section, line: string): LineToken {
  const token = classifyIn(section, line, 0, line.length);
  return token === HEADER_TOKEN || token === DIRECTIVE_TOKEN || token === REQUEST_LINE_TOKEN ? { ...token } : token;
}

/**
 * `classify` of the line from `start` to `end` of `text` (no line break in between), read where
 * it stands: the line is cut out only for a recogniser without a `fast` form. A header,
 * directive or request-line token it returns is filled in place and holds only until the next
 * call: read it, do not keep it.
 */
export function classifyIn(section: Section, text: string, start: number, end: number): LineToken {
  const at = skipSpace(text, start, end);
  // A blank line: in every section the blank recogniser is the first that can answer, except in
  // a saved response, which keeps its blank lines.
  if (at === end) return section === 'saved-response' ? RESPONSE_LINE : BLANK;
  const c = text.charCodeAt(at);
  const row = rowsOf(section)[c < 128 ? c : 128]!;
  for (let r = 0; r < row.length; r++) {
    const token = row[r]!(text, start, end, at);
    if (token) return token;
  }
  return TEXT;
}
