import type { ScriptBlock } from './ast';
import {
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
} from './syntax';

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
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const NON_BLANK = /\S/;

// The tokens that carry nothing but their type, shared: most lines of a file are one of these.
const BLANK: LineToken = { type: 'blank' };
const COMMENT_TOKEN: LineToken = { type: 'comment' };
const TEXT: LineToken = { type: 'text' };
const RESPONSE_LINE: LineToken = { type: 'response-line' };

export const separator: Recogniser = {
  name: 'separator',
  first: '#',
  match(line) {
    const m = SEPARATOR.exec(line);
    if (!m) return undefined;
    const title = m[1]!.trim();
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
};

export const scriptLine: Recogniser = {
  name: 'script-line',
  first: '<?>',
  match(line) {
    for (const form of SINGLE_LINE_SCRIPTS) if (form.pattern.test(line)) return { type: 'script-line', kind: form.kind };
    return undefined;
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
};

export const blockComment: Recogniser = {
  name: 'block-comment',
  first: '/',
  match(line) {
    const m = BLOCK_COMMENT.exec(line);
    return m ? { type: 'block-comment', start: m[0].length } : undefined;
  },
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
    if (METHODS.has(method.toUpperCase()) && (!strict || method === method.toUpperCase())) {
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

/** Any line that is nothing else is a request; `https://example.org` alone is a GET. */
export const looseRequestLine: Recogniser = { name: 'request-line', match: (line) => requestLine(line, false) };

/** A request line that starts a new request without `###`: an upper-case method, then one word or a URL. */
export const strictRequestLine: Recogniser = { name: 'strict-request-line', first: UPPER, match: (line) => requestLine(line, true) };

export const queryContinuation: Recogniser = {
  name: 'query-continuation',
  first: '?&/',
  match(line) {
    const m = QUERY_CONTINUATION.exec(line);
    if (!m) return undefined;
    const { target, version } = splitVersion(m[2]!);
    return { type: 'query', text: target, start: m[1]!.length, httpVersion: version };
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
export const responseLine: Recogniser = { name: 'response-line', match: () => RESPONSE_LINE };

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

export const headerWithoutColon: Recogniser = { name: 'header-without-colon', match: () => ({ type: 'header-without-colon' }) };

export const text: Recogniser = { name: 'text', match: () => TEXT };

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
