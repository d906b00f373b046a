import type { OpenApiIndex, OperationInfo, OperationMatch } from './types';

// Request path → operation. Templates are compared segment by segment; a request may carry a
// prefix the templates lack (`/api/v1` from the server URL, `/v8.6` from an environment's base
// URL), which is skipped. Ranking: a prefix the document or caller knows beats an unknown one,
// then literal segments beat `{parameters}` from the left (`/klanten/zoeken` before `/klanten/{id}`),
// then the shorter skipped prefix.

export interface MatchOptions {
  /** Prefixes known to come before the templates, e.g. an environment base URL's path. */
  basePaths?: string[];
}

interface CompiledTemplate {
  operation: OperationInfo;
  segments: (string | RegExp)[];
  names: string[][];
}

const compiled = new WeakMap<OpenApiIndex, CompiledTemplate[]>();

function compile(index: OpenApiIndex): CompiledTemplate[] {
  let templates = compiled.get(index);
  if (templates) return templates;
  templates = index.operations.map((operation) => {
    const names: string[][] = [];
    const segments = splitPath(operation.path).map((segment) => {
      if (!segment.includes('{')) {
        names.push([]);
        return segment;
      }
      const segmentNames: string[] = [];
      const source = segment
        .split(/(\{[^}]*\})/)
        .map((part) => {
          const m = /^\{([^}]*)\}$/.exec(part);
          if (!m) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          segmentNames.push(m[1] ?? '');
          return '([^/]+?)';
        })
        .join('');
      names.push(segmentNames);
      return new RegExp(`^${source}$`);
    });
    return { operation, segments, names };
  });
  compiled.set(index, templates);
  return templates;
}

/** Path of a request target: the URL's path when given a full URL; query and fragment dropped. */
export function requestPath(target: string): string {
  let path = target;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(path);
  if (scheme) path = path.slice(scheme[0].length);
  path = path.replace(/[?#].*$/, '');
  return path.startsWith('/') ? path : `/${path}`;
}

function splitPath(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

function serverPaths(index: OpenApiIndex): string[] {
  return index.servers.map((server) => requestPath(server.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '')));
}

interface Candidate {
  match: OperationMatch;
  known: boolean;
  literals: boolean[];
  skipped: number;
}

function better(a: Candidate, b: Candidate): boolean {
  if (a.known !== b.known) return a.known;
  const n = Math.min(a.literals.length, b.literals.length);
  for (let i = 0; i < n; i++) if (a.literals[i] !== b.literals[i]) return a.literals[i] === true;
  if (a.literals.length !== b.literals.length) return a.literals.length > b.literals.length;
  return a.skipped < b.skipped;
}

/** Operations whose template matches the path, any method: for "405 Method Not Allowed" hints. */
export function matchPath(index: OpenApiIndex, target: string, options: MatchOptions = {}): OperationMatch[] {
  return candidates(index, undefined, target, options).map((c) => c.match);
}

export function matchOperation(
  index: OpenApiIndex,
  method: string,
  target: string,
  options: MatchOptions = {},
): OperationMatch | undefined {
  const upper = method.toUpperCase();
  let found = candidates(index, upper, target, options);
  // HEAD is GET without a body: fall back when the document does not list HEAD itself.
  if (found.length === 0 && upper === 'HEAD') found = candidates(index, 'GET', target, options);
  let best: Candidate | undefined;
  for (const candidate of found) if (!best || better(candidate, best)) best = candidate;
  return best?.match;
}

function candidates(index: OpenApiIndex, method: string | undefined, target: string, options: MatchOptions): Candidate[] {
  const segments = splitPath(requestPath(target));
  const knownPrefixes = [...serverPaths(index), ...(options.basePaths ?? []).map(requestPath)].map(splitPath);
  const result: Candidate[] = [];
  for (const template of compile(index)) {
    if (method && template.operation.method !== method) continue;
    const skip = segments.length - template.segments.length;
    if (skip < 0) continue;
    const pathParams: Record<string, string> = {};
    const literals: boolean[] = [];
    let ok = true;
    for (let i = 0; i < template.segments.length && ok; i++) {
      const want = template.segments[i];
      const have = segments[skip + i] ?? '';
      if (typeof want === 'string') {
        ok = want === have;
        literals.push(true);
      } else {
        const m = want.exec(have);
        if (!m) ok = false;
        else template.names[i]?.forEach((name, j) => (pathParams[name] = m[j + 1] ?? ''));
        literals.push(false);
      }
    }
    if (!ok) continue;
    const prefix = segments.slice(0, skip);
    const known = skip === 0 || knownPrefixes.some((p) => p.length === prefix.length && p.every((s, i) => s === prefix[i]));
    result.push({ match: { operation: template.operation, pathParams }, known, literals, skipped: skip });
  }
  return result;
}
