// Where a request line points: its path relative to the registry's base URL, its query
// parameters, each with document offsets, and the operation it matches. A URL starts with a
// base-URL variable (`{{baseUrl}}`), an origin, or a bare path; the document's paths may be
// relative to a base that holds a prefix (`/api/v1`), so several readings are tried in order.

import type { RequestBlock } from '../http/ast';
import type { OpenApiIndex, OperationInfo } from '../openapi/types';
import type { SpecContext, VisibleVariable } from './types';
import type { TextLines } from './textLines';
import { matchOperation, matchPath } from '../openapi/matchOperation';
import { indexNear } from './operationsNear';
import { pieceSeparator } from '../http/urlPieces';

export interface UrlPart {
  text: string;
  /** Document offsets of the first character and just past the last. */
  start: number;
  end: number;
}

export interface QueryParam {
  name: UrlPart;
  value?: UrlPart;
}

export interface RequestTarget {
  /** The whole URL as written (continuation lines joined), with a document offset per character. */
  url: string;
  offsets: number[];
  /** Path relative to the base, as written (may hold `{{…}}`). */
  path?: UrlPart;
  query: QueryParam[];
  /** Operations whose template matches the path, any method (computed on first read). */
  readonly atPath: OperationInfo[];
  operation?: OperationInfo;
  /** The part of the written path the templates lack (a base URL's or server's path), else ``. */
  prefix?: string;
  /** True when the URL cannot be read as base + path (e.g. one variable holding the whole URL). */
  opaque: boolean;
}

export function requestTarget(
  lines: TextLines,
  request: RequestBlock,
  spec: SpecContext,
  variables: readonly VisibleVariable[] | undefined,
): RequestTarget | undefined {
  const line = request.requestLine;
  if (!line || line.urlRanges.length === 0) return undefined;
  let url = '';
  const offsets: number[] = [];
  for (const range of line.urlRanges) {
    const start = lines.offsetAt(range.start);
    const end = lines.offsetAt(range.end);
    const piece = lines.text.slice(start, end);
    const trimmed = piece.replace(/^\s+/, '');
    const lead = piece.length - trimmed.length;
    // The `?` / `&` the parser adds before a bare parameter line points at that line's start.
    const separator = url ? pieceSeparator(url, trimmed) : '';
    if (separator) offsets.push(start + lead);
    for (let i = 0; i < trimmed.trimEnd().length; i++) offsets.push(start + lead + i);
    url += separator + trimmed.trimEnd();
  }
  // A method being typed (`P {{baseUrl}}/x`) is not one yet: the parser reads the line as a bare URL.
  const typing = line.methodImplicit ? /^[A-Za-z]+\s+(?=\S)/.exec(url) : null;
  if (typing) {
    url = url.slice(typing[0].length);
    offsets.splice(0, typing[0].length);
  }
  offsets.push(offsets.length ? offsets[offsets.length - 1] + 1 : lines.offsetAt(line.range.end));
  const part = (from: number, to: number): UrlPart => ({ text: url.slice(from, to), start: offsets[from], end: to > from ? offsets[to - 1] + 1 : offsets[from] });

  const target: RequestTarget = { url, offsets, query: [], atPath: [], opaque: false };
  const pathEnd = firstOf(url, '?#');
  const queryEnd = url.indexOf('#') >= 0 ? url.indexOf('#') : url.length;
  if (pathEnd < queryEnd && url[pathEnd] === '?') target.query = parseQuery(url, pathEnd + 1, queryEnd, part);

  let rest = 0;
  let covered = '';
  const leadingVar = /^\{\{\s*([^}\s]+)[^}]*\}\}/.exec(url);
  const origin = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(url);
  if (leadingVar && /\.(response|request)\./.test(leadingVar[0])) {
    // `{{registreer.response.headers.Location}}/historiek`: the base is a URL only the run knows.
    target.opaque = true;
    return target;
  }
  if (leadingVar) {
    rest = leadingVar[0].length;
    const value = variables?.find((v) => v.name === leadingVar[1])?.value;
    if (value && /^[a-z][a-z0-9+.-]*:\/\//i.test(value)) covered = pathOf(value);
    if (rest >= pathEnd) target.opaque = true;
  } else if (origin) {
    rest = origin[0].length;
  }
  if (target.opaque) return target;

  const written = url.slice(rest, pathEnd);
  target.path = part(rest, pathEnd);
  const index = spec.index;
  if (!index) return target;
  const base = spec.baseUrl ?? spec.environment?.baseUrl;
  const known = [covered, base ? pathOf(base) : '', ...index.servers.map(pathOf)].filter((p) => p !== '');
  target.prefix = known.filter((p) => !covered || p !== covered).filter((p) => written === p || written.startsWith(p + '/')).sort((a, b) => b.length - a.length)[0] ?? '';
  const options = { basePaths: known };
  const method = request.requestLine?.method ?? 'GET';
  const path = written || '/';
  // The matcher skips any prefix the templates lack; only a prefix the base URL or the document
  // names is accepted, so `/v1/wrong/verenigingen` is an unknown path, not a match.
  const accepted = (op: OperationInfo): boolean => {
    const have = segments(path);
    const skipped = have.slice(0, have.length - segments(op.path).length).join('/');
    return skipped === '' || known.some((p) => segments(p).join('/') === skipped);
  };
  // The operation first; which methods the path has at all is worked out only when asked (an
  // unknown method, the method completion's order). Both see only the templates that could match.
  const near = indexNear(index, path);
  const match = matchOperation(near, method, path, options);
  target.operation = match && accepted(match.operation) ? match.operation : undefined;
  let atPath: OperationInfo[] | undefined;
  Object.defineProperty(target, 'atPath', {
    get: () => (atPath ??= matchPath(near, path, options).map((m) => m.operation).filter(accepted)),
    enumerable: true,
  });
  return target;
}

function segments(path: string): string[] {
  return path.split(/[?#]/)[0].split('/').filter((s) => s !== '');
}

function parseQuery(url: string, from: number, to: number, part: (a: number, b: number) => UrlPart): QueryParam[] {
  const out: QueryParam[] = [];
  let start = from;
  for (let i = from; i <= to; i++) {
    if (i < to && url[i] !== '&') continue;
    if (i > start) {
      const eq = url.indexOf('=', start);
      if (eq >= 0 && eq < i) out.push({ name: part(start, eq), value: part(eq + 1, i) });
      else out.push({ name: part(start, i) });
    }
    start = i + 1;
  }
  return out;
}

function firstOf(text: string, chars: string): number {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '{' && text[i + 1] === '{') {
      const close = text.indexOf('}}', i);
      if (close > 0) {
        i = close + 1;
        continue;
      }
    }
    if (chars.includes(text[i])) return i;
  }
  return text.length;
}

/** The path of a URL or server entry, without a trailing slash; `` for none or a template. */
export function pathOf(url: string): string {
  const withoutOrigin = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '').replace(/^\{\{[^}]*\}\}/, '');
  const path = withoutOrigin.split(/[?#]/)[0];
  return path === '/' ? '' : path.replace(/\/+$/, '');
}

export function paramsIn(op: OperationInfo | undefined, where: 'path' | 'query' | 'header'): OperationInfo['parameters'] {
  return op ? op.parameters.filter((p) => p.in === where) : [];
}

export type { OpenApiIndex };
