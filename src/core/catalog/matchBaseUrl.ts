import type { RegistryEntry, RegistryEnvironment } from './types';
import type { Catalog } from './loadCatalog';
import { targetOf } from '../send/targetOf';

// Which registry environment a concrete URL is sent to: same origin, and the environment's base
// path is a whole-segment prefix of the URL's path. The longest base wins (`…:7402/v8.6` before
// `…:7402`). Loopback names are one host, so `localhost` matches a `127.0.0.1` base URL.

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

interface ParsedUrl {
  protocol: string;
  host: string;
  port: string;
  path: string;
}

function parse(url: string): ParsedUrl | undefined {
  try {
    // targetOf, not new URL: one URL object per request (send/targetOf.ts).
    const u = targetOf(url);
    const host = u.hostname.toLowerCase();
    const port = u.port || (u.protocol === 'https:' ? '443' : u.protocol === 'http:' ? '80' : '');
    const query = u.path.indexOf('?');
    const pathname = query < 0 ? u.path : u.path.slice(0, query);
    return { protocol: u.protocol, host: LOOPBACK.has(host) ? 'loopback' : host, port, path: pathname.replace(/\/+$/, '') };
  } catch {
    return undefined;
  }
}

// Base URLs come from the catalog: a few dozen, parsed once each instead of once per request
// and environment (registryForUrl parsed ~60 URLs per request: 10% of a warm run's CPU).
const parsedBases = new Map<string, ParsedUrl | undefined>();

function parseBase(baseUrl: string): ParsedUrl | undefined {
  if (parsedBases.has(baseUrl)) return parsedBases.get(baseUrl);
  const parsed = parse(baseUrl);
  if (parsedBases.size >= 1000) parsedBases.clear();
  parsedBases.set(baseUrl, parsed);
  return parsed;
}

/** Number of base-path characters matched, or -1 when `url` is not under `baseUrl`. */
export function baseUrlMatchLength(baseUrl: string, url: string): number {
  return matchLength(parseBase(baseUrl), parse(url));
}

function matchLength(base: ParsedUrl | undefined, target: ParsedUrl | undefined): number {
  if (!base || !target) return -1;
  if (base.protocol !== target.protocol || base.host !== target.host || base.port !== target.port) return -1;
  if (base.path === '' || target.path === base.path || target.path.startsWith(`${base.path}/`)) return base.path.length;
  return -1;
}

export interface EnvironmentMatch {
  entry: RegistryEntry;
  environment: RegistryEnvironment;
}

/**
 * The registry environment whose base URL `url` starts with, the longest base first; on a tie the
 * `preferEnvironment` (the active one), then the entry's default environment.
 */
export function registryForUrl(catalog: Catalog, url: string, preferEnvironment?: string): EnvironmentMatch | undefined {
  let best: { match: EnvironmentMatch; length: number; rank: number } | undefined;
  const target = parse(url);
  if (!target) return undefined;
  for (const { entry, environment, base } of candidatesFor(catalog, target)) {
    const length = matchLength(base, target);
    if (length < 0) continue;
    const rank = environment.name === preferEnvironment ? 2 : environment.name === entry.defaultEnvironment ? 1 : 0;
    if (!best || length > best.length || (length === best.length && rank > best.rank)) {
      best = { match: { entry, environment }, length, rank };
    }
  }
  return best?.match;
}

interface Candidate {
  entry: RegistryEntry;
  environment: RegistryEnvironment;
  base: ParsedUrl;
}

// The environments of a catalog by origin, built once per catalog: a run resolves every request
// (twice: cost projection and send), and most URLs of a run are on an origin with one or two
// environments, or none (a server of the user's own), instead of the catalog's sixty.
const byOrigin = new WeakMap<Catalog, { entries: readonly RegistryEntry[]; origins: Map<string, Candidate[]> }>();
const NONE: Candidate[] = [];

function originKey(url: ParsedUrl): string {
  return `${url.protocol}//${url.host}:${url.port}`;
}

function candidatesFor(catalog: Catalog, target: ParsedUrl): Candidate[] {
  let index = byOrigin.get(catalog);
  // A catalog is not changed once loaded; one whose entries were replaced is indexed again.
  if (!index || index.entries !== catalog.entries) {
    const origins = new Map<string, Candidate[]>();
    for (const entry of catalog.entries) {
      for (const environment of entry.environments) {
        const base = parseBase(environment.baseUrl);
        if (!base) continue;
        const key = originKey(base);
        const list = origins.get(key);
        if (list) list.push({ entry, environment, base });
        else origins.set(key, [{ entry, environment, base }]);
      }
    }
    index = { entries: catalog.entries, origins };
    byOrigin.set(catalog, index);
  }
  return index.origins.get(originKey(target)) ?? NONE;
}

/** The part of `url` after the environment's base URL, e.g. `/v1/verenigingen/V0001001`. */
export function pathAfterBaseUrl(baseUrl: string, url: string): string | undefined {
  const length = baseUrlMatchLength(baseUrl, url);
  if (length < 0) return undefined;
  const u = new URL(url);
  return u.pathname.slice(length) || '/';
}
