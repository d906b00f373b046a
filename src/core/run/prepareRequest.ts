// One request block → a PreparedRequest: every `{{…}}` resolved, the body assembled, the
// directives applied. Kept apart from running so the editor can show or copy a resolved request
// without sending it.

import { dirname } from 'node:path';
import type { HttpFile, Range, RequestBlock } from '../http/ast';
import { assembleBody, BodyFileError } from '../send/assembleBody';
import { encodeBasicCredentials } from '../send/basicAuth';
import type { PreparedRequest } from '../send/types';
import { isParsableUrl } from '../send/targetOf';
import type { ErrorCode } from '../errors';
import { PendingResponseError, UnresolvedVariableError, type NamedExchange } from '../variables/types';
import { VariableScope, type VariableScopeInput } from '../variables/variableScope';
import { firstHeaderValue } from '../send/firstHeaderValue';

export interface PrepareContext {
  file: HttpFile;
  filePath: string;
  scope: Omit<VariableScopeInput, 'requestVariables' | 'fileVariables' | 'exchanges' | 'requestNames' | 'file'>;
  exchanges: ReadonlyMap<string, NamedExchange>;
  readFile(path: string): Promise<Uint8Array>;
  fileExists?(path: string): Promise<boolean>;
}

export interface PrepareFailure {
  code: ErrorCode;
  message: string;
  range?: Range;
  /** For `unresolved-variable`: the `{{…}}` expression that has no value. */
  expression?: string;
}

export type Prepared =
  | {
      request: PreparedRequest;
      /** Secret values that went into it. */
      used: string[];
      /** It read a value that preparing it again may not give again (`VariableScope.volatile`). */
      volatile: boolean;
    }
  | { failure: PrepareFailure }
  /** It refers to the response of a named request that has not run yet. */
  | { pending: string };

/** `name` in lower case. */
function directive(block: RequestBlock, name: string): string | undefined {
  // A loop, not find() with a closure: three lookups per request, most blocks with no directive.
  // Indexed, not for-of: test/bench/forOf.mjs.
  const directives = block.directives;
  for (let i = 0; i < directives.length; i++) if (directives[i]!.name.toLowerCase() === name) return directives[i]!.value;
  return undefined;
}

/** `@timeout 5000`, `@timeout 5 s`, `@timeout 2m`. */
export function parseTimeout(value: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m)?$/.exec(value.trim());
  if (!match) return undefined;
  const factor = match[2] === 's' ? 1000 : match[2] === 'm' ? 60_000 : 1;
  return Math.round(Number(match[1]) * factor);
}

/** `example.org/x` is http; `/x` takes its host from the `Host` header (REST Client). */
export function absoluteUrl(url: string, headers: [string, string][]): string {
  if (/^[a-z][a-z\d+.-]*:\/\//i.test(url)) return url;
  if (url.startsWith('/')) {
    const host = headers.find(([name]) => name.toLowerCase() === 'host')?.[1]?.trim();
    if (host) return `${/:443$/.test(host) ? 'https' : 'http'}://${host.replace(/:443$/, '')}${url}`;
  }
  return `http://${url}`;
}

function findRange(file: HttpFile, block: RequestBlock, expression: string): Range | undefined {
  const inside = (r: Range) => r.start.line >= block.range.start.line && r.end.line <= block.range.end.line;
  const matches = file.references.filter((ref) => ref.expression === expression || ref.name === expression);
  return (matches.find((ref) => inside(ref.range)) ?? matches[0])?.range;
}
const namesOfFile = new WeakMap<HttpFile, ReadonlySet<string>>();

/** The `# @name`s of a file's requests, once per parsed file (a run prepares every request against it). */
export function requestNamesOf(file: HttpFile): ReadonlySet<string> {
  let names = namesOfFile.get(file);
  if (!names) namesOfFile.set(file, (names = new Set(file.requests.flatMap((r) => (r.name ? [r.name] : [])))));
  return names;
}

export async function prepareRequest(block: RequestBlock, context: PrepareContext): Promise<Prepared> {
  const { file } = context;
  const used = new Set<string>();
  const requestNames = requestNamesOf(file);
  // Object.assign, not a spread followed by more keys: per request, that costs microseconds in Node 20 (sendRequest.ts, timingsOf).
  const scope = new VariableScope(Object.assign({}, context.scope, { file: context.filePath, fileVariables: file.variables, requestVariables: block.variables, exchanges: context.exchanges, requestNames }));
  const resolve = (text: string) => {
    // Most header values hold no reference: no resolution object for them.
    if (!text.includes('{{')) return text;
    const resolved = scope.resolve(text);
    for (const s of resolved.secrets) used.add(s);
    return resolved.text;
  };
  try {
    const url = resolve(block.requestLine!.url).trim();
    const written = block.headerSpreads?.length ? [...block.headers] : block.headers;
    // httpYac's `...defaultHeaders`: the variable's object, one header per entry, in place.
    for (const spread of block.headerSpreads?.length ? [...block.headerSpreads].reverse() : []) {
      const entries = spreadHeaders(resolve(`{{${spread.name}}}`));
      if (!entries) return { failure: { code: 'header-spread', message: `'...${spread.name}' spreads headers from a variable that is not an object of header names and values`, range: spread.range } };
      written.splice(spread.after, 0, ...entries.map(([name, value]) => ({ name, value, range: spread.range, nameRange: spread.nameRange, valueRange: spread.nameRange })));
    }
    const headers = written.map((h): [string, string] => {
      const value = resolve(h.value);
      const encoded = h.name.toLowerCase() === 'authorization' ? encodeBasicCredentials(value) : undefined;
      if (encoded === undefined) return [h.name, value];
      // The encoded pair hides the secret from a plain search: it is a secret of its own.
      if ([...used].some((secret) => value.includes(secret))) used.add(encoded.replace(/^\S+\s+/, ''));
      return [h.name, encoded];
    });
    const body = block.body ? await assembleBody(block.body.segments, firstHeaderValue(headers, 'content-type'), { baseDir: dirname(context.filePath), readFile: context.readFile, fileExists: context.fileExists, resolve }) : undefined;
    const timeout = directive(block, 'timeout');
    const timeoutMs = timeout !== undefined ? parseTimeout(timeout) : undefined;
    // Sending with the default limit instead would hide the typo until a slow server shows it.
    if (timeout !== undefined && timeoutMs === undefined) {
      const range = block.directives.find((d) => d.name.toLowerCase() === 'timeout')?.range;
      return { failure: { code: 'invalid-timeout', message: `'# @timeout ${timeout}' is not a duration: write milliseconds ('# @timeout 5000') or seconds ('# @timeout 5s')`, range } };
    }
    const request: PreparedRequest = {
      method: block.requestLine!.method,
      url: absoluteUrl(url, headers),
      headers,
      body,
      timeoutMs,
      followRedirects: directive(block, 'no-redirect') === undefined,
      redirectBody: directive(block, 'redirect-body') !== undefined,
      source: { file: context.filePath, requestIndex: block.index, name: block.name, title: block.title, line: block.requestLine!.range.start.line },
      secrets: [...used],
    };
    // Not a URL object thrown away (13 us a request in a run's cold code, node --cpu-prof).
    if (!isParsableUrl(request.url)) return { failure: { code: 'invalid-url', message: `'${request.url}' is not a valid URL`, range: block.requestLine!.urlRanges[0] } };
    return { request, used: [...used], volatile: scope.volatile };
  } catch (error) {
    if (error instanceof PendingResponseError) return { pending: error.requestName };
    if (error instanceof UnresolvedVariableError) {
      return { failure: { code: 'unresolved-variable', message: error.message, range: error.range ?? findRange(file, block, error.expression), expression: error.expression } };
    }
    if (error instanceof BodyFileError) return { failure: { code: 'body-file', message: error.message, range: error.segment.range } };
    throw error;
  }
}

/** A spread variable's value as header pairs: a JSON object of names to strings, numbers or booleans. */
function spreadHeaders(text: string): [string, string][] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const out: [string, string][] = [];
  for (const [name, item] of Object.entries(value)) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) return undefined;
    if (item === undefined || item === null) continue;
    if (typeof item === 'object') return undefined;
    out.push([name, String(item)]);
  }
  return out;
}
