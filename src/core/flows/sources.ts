// Where each source description of a flow points, and what it offers. A `url` may be:
//   registry:ID            a registry of the catalog: its description and base URL for the environment
//   ./api.yaml, https://…  an OpenAPI description (file or URL); when a registry ships that very
//                          file, the flow talks to that registry (its base URL, its policies)
//   ./requests.http        a request file: its named requests are the operations (operationId = name)
//   ./other.arazzo.yaml    another Arazzo description (type: arazzo): its workflows can be steps
// Relative references are resolved against the Arazzo file's folder.

import { dirname, isAbsolute, resolve } from 'node:path';
import type { Catalog } from '../catalog/loadCatalog';
import type { RegistryEntry, RegistryEnvironment } from '../catalog/types';
import type { HttpFile } from '../http/ast';
import type { OpenApiIndex } from '../openapi/types';
import type { SourceDescriptionObject } from './arazzoTypes';

export interface FlowSourceHost {
  readText(path: string): Promise<string>;
  /** The registry catalog; without one, `registry:ID` sources cannot resolve. */
  catalog?(): Promise<Catalog>;
  /** An OpenAPI index by file path or URL (the caller's OpenApiCache). */
  openApi(source: string): Promise<OpenApiIndex>;
  parseHttp(text: string): HttpFile;
}

interface SourceBase {
  name: string;
  /** As written in the description. */
  url: string;
  /** Absolute path or URL it was read from. */
  location: string;
}

export type ResolvedSource =
  | (SourceBase & {
      kind: 'openapi';
      index: OpenApiIndex;
      registry?: { entry: RegistryEntry; environment: RegistryEnvironment };
      /** Where requests go: the environment's base URL plus the description's server path. */
      baseUrl?: string;
    })
  | (SourceBase & { kind: 'http'; file: HttpFile; text: string })
  | (SourceBase & { kind: 'arazzo'; text: string });

export class SourceError extends Error {
  constructor(
    message: string,
    readonly source: string,
  ) {
    super(message);
    this.name = 'SourceError';
  }
}

export const REGISTRY_SCHEME = 'registry:';

function isUrl(value: string): boolean {
  return /^https?:\/\//i.test(value);
}

/** Absolute path or URL of a source, relative references against the Arazzo file (or URL). */
export function sourceLocation(url: string, flowFile: string): string {
  if (isUrl(url) || url.startsWith(REGISTRY_SCHEME)) return url;
  if (url.startsWith('file://')) return new URL(url).pathname;
  if (isUrl(flowFile)) return new URL(url, flowFile).toString();
  return isAbsolute(url) ? url : resolve(dirname(flowFile), url);
}

export function sourceKind(source: SourceDescriptionObject, location: string): 'openapi' | 'http' | 'arazzo' | 'asyncapi' {
  if (source.type === 'arazzo' || source.type === 'asyncapi') return source.type;
  if (/\.(http|rest)$/i.test(location)) return 'http';
  if (!source.type && /\.arazzo\.(ya?ml|json)$/i.test(location)) return 'arazzo';
  return 'openapi';
}

/** The environment a registry runs in: the one asked for when it has it, else its default. */
export function pickEnvironment(entry: RegistryEntry, wanted: string | undefined): { environment: RegistryEnvironment; fellBack: boolean } {
  const named = wanted ? entry.environments.find((e) => e.name === wanted) : undefined;
  const environment = named ?? entry.environments.find((e) => e.name === entry.defaultEnvironment) ?? entry.environments[0]!;
  return { environment, fellBack: Boolean(wanted) && !named };
}

/** The server path requests carry after the base URL (`/api/v1` from `servers: [{url: /api/v1}]`). */
export function serverPath(index: OpenApiIndex, baseUrl: string): string {
  const relative = index.servers.find((server) => server.startsWith('/'));
  let path = '';
  if (relative !== undefined) path = relative;
  else {
    const origin = (() => {
      try {
        return new URL(baseUrl).origin;
      } catch {
        return undefined;
      }
    })();
    const same = index.servers.find((server) => isUrl(server) && new URL(server).origin === origin);
    if (same) path = new URL(same).pathname;
  }
  path = path.replace(/\/+$/, '');
  if (path === '' || new URL(baseUrl).pathname.replace(/\/+$/, '').endsWith(path)) return '';
  return path;
}

export interface ResolveOptions {
  flowFile: string;
  environment?: string;
  notice(message: string): void;
}

export async function resolveSource(source: SourceDescriptionObject, host: FlowSourceHost, options: ResolveOptions): Promise<ResolvedSource> {
  const location = sourceLocation(source.url, options.flowFile);
  const kind = sourceKind(source, location);
  const base = { name: source.name, url: source.url, location };
  if (kind === 'asyncapi') throw new SourceError(`source '${source.name}' is an AsyncAPI description; this tool runs HTTP (OpenAPI) steps only`, source.name);
  if (location.startsWith(REGISTRY_SCHEME)) {
    const id = location.slice(REGISTRY_SCHEME.length);
    const catalog = host.catalog ? await host.catalog() : undefined;
    const entry = catalog?.entries.find((e) => e.id === id);
    if (!entry) throw new SourceError(`source '${source.name}': no registry '${id}' in the catalog${catalog ? ` (known: ${catalog.entries.map((e) => e.id).join(', ')})` : ''}`, source.name);
    const { environment, fellBack } = pickEnvironment(entry, options.environment);
    if (fellBack) options.notice(`registry ${entry.id} has no environment '${options.environment}'; source '${source.name}' uses ${environment.name}`);
    const index = await loadIndex(host, environment.openapi, source.name);
    return { ...base, kind: 'openapi', index, registry: { entry, environment }, baseUrl: environment.baseUrl + serverPath(index, environment.baseUrl) };
  }
  if (kind === 'http') {
    if (isUrl(location)) throw new SourceError(`source '${source.name}': request files are read from disk, not from '${location}'`, source.name);
    const text = await readText(host, location, source.name);
    return { ...base, kind: 'http', file: host.parseHttp(text), text };
  }
  if (kind === 'arazzo') {
    if (isUrl(location)) throw new SourceError(`source '${source.name}': Arazzo sources are read from disk, not fetched from '${location}'`, source.name);
    return { ...base, kind: 'arazzo', text: await readText(host, location, source.name) };
  }
  const index = await loadIndex(host, location, source.name);
  const catalog = host.catalog ? await host.catalog().catch(() => undefined) : undefined;
  const entry = catalog?.entries.find((e) => e.environments.some((env) => env.openapi === location));
  if (entry) {
    const { environment, fellBack } = pickEnvironment(entry, options.environment);
    if (fellBack) options.notice(`registry ${entry.id} has no environment '${options.environment}'; source '${source.name}' uses ${environment.name}`);
    return { ...base, kind: 'openapi', index, registry: { entry, environment }, baseUrl: environment.baseUrl + serverPath(index, environment.baseUrl) };
  }
  const server = index.servers.find((s) => isUrl(s)) ?? (isUrl(location) ? index.servers.map((s) => new URL(s, location).toString())[0] : undefined);
  return { ...base, kind: 'openapi', index, baseUrl: server?.replace(/\/+$/, '') };
}

async function readText(host: FlowSourceHost, path: string, name: string): Promise<string> {
  try {
    return await host.readText(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SourceError(`source '${name}': cannot read ${path}${code === 'ENOENT' ? ': no such file' : `: ${(error as Error).message}`}`, name);
  }
}

async function loadIndex(host: FlowSourceHost, location: string, name: string): Promise<OpenApiIndex> {
  try {
    return await host.openApi(location);
  } catch (error) {
    throw new SourceError(`source '${name}': the OpenAPI description ${location} did not load: ${(error as Error).message}`, name);
  }
}
