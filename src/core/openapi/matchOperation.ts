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

/**
 * Templates bucketed by their last literal segment and its distance from the end (templates are
 * aligned to the end of the request path), so a lookup in a 100,000-operation index tries a handful.
 */
interface TemplateTable {
  buckets: Map<string, CompiledTemplate[]>;
  /** Largest distance from the end at which a bucket's literal sits. */
  maxDistance: number;
}

const compiled = new WeakMap<OpenApiIndex, TemplateTable>();

function bucketKey(method: string, distance: number | '*', literal = ''): string {
  return `${method} ${distance} ${literal}`;
}

function compile(index: OpenApiIndex): TemplateTable {
  const cached = compiled.get(index);
  if (cached) return cached;
  const table: TemplateTable = { buckets: new Map(), maxDistance: 0 };
  // `{id}`, `{uuid}`… recur in every other path: one RegExp per distinct segment
  const patterns = new Map<string, { pattern: RegExp; names: string[] }>();
  const patternOf = (segment: string): { pattern: RegExp; names: string[] } => {
    let found = patterns.get(segment);
    if (found) return found;
    const names: string[] = [];
    const source = segment
      .split(/(\{[^}]*\})/)
      .map((part) => {
        const m = /^\{([^}]*)\}$/.exec(part);
        if (!m) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(m[1] ?? '');
        return '([^/]+?)';
      })
      .join('');
    found = { pattern: new RegExp(`^${source}$`), names };
    patterns.set(segment, found);
    return found;
  };
  for (const operation of index.operations) {
    const names: string[][] = [];
    const segments = splitPath(operation.path).map((segment) => {
      if (!segment.includes('{')) {
        names.push([]);
        return segment;
      }
      const { pattern, names: segmentNames } = patternOf(segment);
      names.push(segmentNames);
      return pattern;
    });
    let key = bucketKey(operation.method, '*');
    for (let i = segments.length - 1; i >= 0; i--) {
      const segment = segments[i];
      if (typeof segment === 'string') {
        const distance = segments.length - 1 - i;
        key = bucketKey(operation.method, distance, segment);
        table.maxDistance = Math.max(table.maxDistance, distance);
        break;
      }
    }
    const bucket = table.buckets.get(key);
    if (bucket) bucket.push({ operation, segments, names });
    else table.buckets.set(key, [{ operation, segments, names }]);
  }
  compiled.set(index, table);
  return table;
}

function* templatesFor(table: TemplateTable, method: string, segments: string[]): Generator<CompiledTemplate> {
  yield* table.buckets.get(bucketKey(method, '*')) ?? [];
  for (let distance = 0; distance <= Math.min(table.maxDistance, segments.length - 1); distance++) {
    yield* table.buckets.get(bucketKey(method, distance, segments[segments.length - 1 - distance])) ?? [];
  }
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
  const table = compile(index);
  const methods = method ? [method] : [...new Set(index.operations.map((op) => op.method))];
  for (const template of methods.flatMap((m) => [...templatesFor(table, m, segments)])) {
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
    // behind an unknown prefix, `/` or `/{id}` would match anything: a literal must anchor the match
    if (!known && !literals.includes(true)) continue;
    result.push({ match: { operation: template.operation, pathParams }, known, literals, skipped: skip });
  }
  return result;
}
