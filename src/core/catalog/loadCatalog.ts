import { isAbsolute, join, resolve } from 'node:path';
import type { RegistryEntry, RegistryEnvironment } from './types';
import type { CatalogDiagnostic } from './CatalogDiagnostic';
import { compileRegistrySchema, parseRegistryYaml, type RegistryValidator } from './validateRegistryYaml';
import { cacheKey, type CatalogCache } from './catalogCache';

// The registry catalog: every `registries/<id>/registry.yaml` the tool ships, then each
// workspace's `.registries/<id>/registry.yaml`, which adds a registry or replaces a bundled one
// with the same id. A broken file costs only its own entry, and says where it is broken.

export interface CatalogSources {
  /** The tool's `registries/` folder (`registriesDir()`); holds `registry.schema.json`. */
  bundledDir: string;
  /** Workspace folder roots; their `.registries/` folders are read when they exist. */
  workspaceDirs?: string[];
  readFile(path: string): Promise<string | Uint8Array>;
  /** Names in a folder; may throw or return [] when it does not exist. */
  listDir(path: string): Promise<string[]>;
  /**
   * Where a loaded catalog is kept between processes (`catalogCacheIn`); without one, every
   * call compiles the schema and parses the YAML again.
   */
  cache?: CatalogCache;
}

export interface Catalog {
  entries: RegistryEntry[];
  diagnostics: CatalogDiagnostic[];
}

export const REGISTRY_FILE = 'registry.yaml';
export const WORKSPACE_REGISTRIES = '.registries';

function text(data: string | Uint8Array): string {
  const value = typeof data === 'string' ? data : new TextDecoder().decode(data);
  return value.charCodeAt(0) === 0xfeff ? value.slice(1) : value;
}

function isUrl(value: string): boolean {
  return /^https?:\/\//i.test(value);
}

export async function loadCatalog(sources: CatalogSources): Promise<Catalog> {
  const schemaFile = join(sources.bundledDir, 'registry.schema.json');
  let schemaText: string;
  try {
    schemaText = text(await sources.readFile(schemaFile));
  } catch (error) {
    return unreadableSchema(schemaFile, error);
  }
  const folders: { dir: string; origin: RegistryEntry['origin'] }[] = [{ dir: sources.bundledDir, origin: 'bundled' }];
  for (const workspace of sources.workspaceDirs ?? []) folders.push({ dir: join(workspace, WORKSPACE_REGISTRIES), origin: 'workspace' });
  // Every file first (cheap), so the cache key covers all of them.
  const files: { name: string; folder: string; file: string; origin: RegistryEntry['origin']; content: string }[] = [];
  for (const { dir, origin } of folders) {
    let names: string[];
    try {
      names = (await sources.listDir(dir)).sort();
    } catch {
      continue; // a workspace without `.registries/`
    }
    for (const name of names) {
      const folder = join(dir, name);
      const file = join(folder, REGISTRY_FILE);
      try {
        files.push({ name, folder, file, origin, content: text(await sources.readFile(file)) });
      } catch {
        // not a registry folder (a file, or a folder without registry.yaml)
      }
    }
  }
  const key = sources.cache && cacheKey([CACHE_FORMAT, sources.cache.version, schemaText, ...files.flatMap((f) => [f.origin, f.file, f.content])]);
  if (key) {
    const cached = await sources.cache!.read(key);
    if (cached !== undefined) {
      try {
        return JSON.parse(cached) as Catalog;
      } catch {
        // a damaged cache file: load and rewrite it
      }
    }
  }
  let validate: RegistryValidator;
  try {
    validate = compileRegistrySchema(JSON.parse(schemaText) as object);
  } catch (error) {
    return unreadableSchema(schemaFile, error);
  }
  const diagnostics: CatalogDiagnostic[] = [];
  const byId = new Map<string, RegistryEntry>();
  for (const { name, folder, file, origin, content } of files) {
    const entry = readEntry(content, file, folder, origin, validate, diagnostics);
    if (!entry) continue;
    if (entry.id !== name) {
      diagnostics.push({ file, line: 1, severity: 'warning', code: 'catalog/id-mismatch', message: `id "${entry.id}" differs from its folder name "${name}"` });
    }
    byId.set(entry.id, entry);
  }
  const catalog: Catalog = { entries: [...byId.values()], diagnostics };
  if (key) await sources.cache!.write(key, JSON.stringify(catalog));
  return catalog;
}

/** Bump when what loadCatalog makes of the same files changes shape (the cache's version covers builds). */
const CACHE_FORMAT = 'catalog 1';

function unreadableSchema(schemaFile: string, error: unknown): Catalog {
  return {
    entries: [],
    diagnostics: [{ file: schemaFile, severity: 'error', code: 'catalog/read', message: `the catalog schema cannot be read: ${(error as Error).message}` }],
  };
}

function readEntry(
  content: string,
  file: string,
  folder: string,
  origin: RegistryEntry['origin'],
  validate: RegistryValidator,
  diagnostics: CatalogDiagnostic[],
): RegistryEntry | undefined {
  const { value, diagnostics: found } = parseRegistryYaml(content, file, validate);
  diagnostics.push(...found);
  if (!value) return undefined;
  const raw = value as unknown as Omit<RegistryEntry, 'folder' | 'origin'>;
  const environments: RegistryEnvironment[] = raw.environments.map((env) => ({
    ...env,
    baseUrl: env.baseUrl.replace(/\/+$/, ''),
    openapi: resolveOpenApi(env.openapi, folder),
    ...(env.caFiles ? { caFiles: env.caFiles.map((file) => resolve(folder, file)) } : {}),
  }));
  const names = environments.map((e) => e.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate) {
    diagnostics.push({ file, severity: 'error', code: 'catalog/duplicate-environment', message: `environment "${duplicate}" is listed twice`, ...lineOf(content, `name: ${duplicate}`) });
    return undefined;
  }
  if (!names.includes(raw.defaultEnvironment)) {
    diagnostics.push({
      file,
      severity: 'error',
      code: 'catalog/unknown-environment',
      message: `defaultEnvironment "${raw.defaultEnvironment}" is not one of the environments (${names.join(', ')})`,
      ...lineOf(content, 'defaultEnvironment:'),
    });
    return undefined;
  }
  const tls = raw.tls?.caFiles ? { ...raw.tls, caFiles: raw.tls.caFiles.map((file) => resolve(folder, file)) } : raw.tls;
  const entry: RegistryEntry = { ...raw, ...(tls ? { tls } : {}), docs: raw.docs ?? [], variables: raw.variables ?? [], mandatoryHeaders: raw.mandatoryHeaders ?? [], environments, folder, origin };
  diagnostics.push(...consistency(entry, content, file));
  return entry;
}

/**
 * What the schema cannot say: the sandbox environments listen on `sandboxPort`, and the auth's
 * secret is one of the declared variables. Warnings: the entry still loads.
 */
function consistency(entry: RegistryEntry, content: string, file: string): CatalogDiagnostic[] {
  const out: CatalogDiagnostic[] = [];
  for (const env of entry.environments.filter((e) => e.sandbox)) {
    const port = Number(new URL(env.baseUrl).port);
    if (entry.sandboxPort === undefined) {
      out.push({ file, severity: 'warning', code: 'catalog/sandbox-port', message: `environment "${env.name}" is a sandbox environment but the registry has no sandboxPort`, ...lineOf(content, `name: ${env.name}`) });
    } else if (port !== entry.sandboxPort) {
      out.push({ file, severity: 'warning', code: 'catalog/sandbox-port', message: `environment "${env.name}" listens on port ${port}, not on sandboxPort ${entry.sandboxPort}`, ...lineOf(content, env.baseUrl) });
    }
  }
  const secret = 'secret' in entry.auth ? entry.auth.secret : undefined;
  if (secret && entry.variables.length && !entry.variables.some((v) => v.name === secret && v.role === 'credential')) {
    out.push({ file, severity: 'warning', code: 'catalog/unknown-variable', message: `auth secret "${secret}" is not one of the registry's credential variables`, ...lineOf(content, `secret: ${secret}`) });
  }
  const duplicate = entry.variables.map((v) => v.name).find((name, i, all) => all.indexOf(name) !== i);
  if (duplicate) out.push({ file, severity: 'warning', code: 'catalog/duplicate-variable', message: `variable "${duplicate}" is declared twice`, ...lineOf(content, `name: ${duplicate}`) });
  return out;
}

/** A relative `openapi` is resolved against the registry's folder; URLs stay as they are. */
function resolveOpenApi(openapi: string, folder: string): string {
  if (isUrl(openapi) || isAbsolute(openapi)) return openapi;
  return resolve(folder, openapi);
}

function lineOf(content: string, needle: string): { line?: number } {
  const index = content.indexOf(needle);
  return index < 0 ? {} : { line: content.slice(0, index).split('\n').length };
}

export function findRegistry(catalog: Catalog, id: string): RegistryEntry | undefined {
  return catalog.entries.find((entry) => entry.id === id);
}

export function findEnvironment(entry: RegistryEntry, name: string | undefined): RegistryEnvironment | undefined {
  return entry.environments.find((env) => env.name === (name ?? entry.defaultEnvironment));
}
