import { isAbsolute, join, resolve } from 'node:path';
import type { RegistryEntry, RegistryEnvironment } from './types';
import type { CatalogDiagnostic } from './CatalogDiagnostic';
import { compileRegistrySchema, parseRegistryYaml, type RegistryValidator } from './validateRegistryYaml';

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
  const diagnostics: CatalogDiagnostic[] = [];
  const schemaFile = join(sources.bundledDir, 'registry.schema.json');
  let validate: RegistryValidator;
  try {
    validate = compileRegistrySchema(JSON.parse(text(await sources.readFile(schemaFile))) as object);
  } catch (error) {
    return {
      entries: [],
      diagnostics: [{ file: schemaFile, severity: 'error', code: 'catalog/read', message: `the catalog schema cannot be read: ${(error as Error).message}` }],
    };
  }
  const byId = new Map<string, RegistryEntry>();
  const folders: { dir: string; origin: RegistryEntry['origin'] }[] = [{ dir: sources.bundledDir, origin: 'bundled' }];
  for (const workspace of sources.workspaceDirs ?? []) folders.push({ dir: join(workspace, WORKSPACE_REGISTRIES), origin: 'workspace' });
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
      let content: string;
      try {
        content = text(await sources.readFile(file));
      } catch {
        continue; // not a registry folder (a file, or a folder without registry.yaml)
      }
      const entry = readEntry(content, file, folder, origin, validate, diagnostics);
      if (!entry) continue;
      if (entry.id !== name) {
        diagnostics.push({ file, line: 1, severity: 'warning', code: 'catalog/id-mismatch', message: `id "${entry.id}" differs from its folder name "${name}"` });
      }
      byId.set(entry.id, entry);
    }
  }
  return { entries: [...byId.values()], diagnostics };
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
  return { ...raw, docs: raw.docs ?? [], mandatoryHeaders: raw.mandatoryHeaders ?? [], environments, folder, origin };
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
