// The registries the sandbox can host, found by folder: every `registries/<id>/registry.yaml`
// that declares a `sandboxPort` is hosted by the module `src/sandbox/registries/<id>/index.ts`
// (which default-exports a `SandboxRegistryFactory`). Adding a registry is adding those two
// folders; no table here names them. Modules load on demand, so starting a subset stays cheap.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { registriesDir } from '../../core/paths';
import type { SandboxRegistryFactory } from '../types';

export interface SandboxRegistrySource {
  id: string;
  /** Port on the sandbox's default base (7400 + n), from the registry's `sandboxPort`. */
  port: number;
  load(): Promise<SandboxRegistryFactory>;
}

export interface SandboxRegistryFolders {
  /** Catalog folders holding `<id>/registry.yaml` (default: the tool's `registries/`). */
  catalogDirs?: string[];
  /** Extra folders holding `<id>/index.(ts|js)` modules, searched before the bundled ones. */
  moduleDirs?: string[];
}

/** The bundled module of `id`; esbuild bundles every `./<id>/index.ts` this pattern matches. */
function bundledModule(id: string): Promise<{ default: SandboxRegistryFactory }> {
  return import(`./${id}/index.ts`);
}

function moduleIn(dir: string, id: string): string | undefined {
  try {
    const names = readdirSync(join(dir, id));
    const file = ['index.js', 'index.ts', 'index.mjs'].find((name) => names.includes(name));
    return file && join(dir, id, file);
  } catch {
    return undefined;
  }
}

/** `{ id, sandboxPort }` of each registry.yaml in `dir` that has a port; broken files are skipped (the catalog reports them). */
function portsIn(dir: string): { id: string; port: number }[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return [];
  }
  const out: { id: string; port: number }[] = [];
  for (const name of names) {
    try {
      const value = parse(readFileSync(join(dir, name, 'registry.yaml'), 'utf8')) as { id?: unknown; sandboxPort?: unknown } | null;
      if (value && typeof value.id === 'string' && typeof value.sandboxPort === 'number') out.push({ id: value.id, port: value.sandboxPort });
    } catch {
      // not a registry folder, or a file the catalog will report
    }
  }
  return out;
}

let cached: { key: string; sources: SandboxRegistrySource[] } | undefined;

/** Every registry the sandbox can host, by catalog order; the same id twice keeps the later folder's. */
export function sandboxRegistrySources(folders: SandboxRegistryFolders = {}): SandboxRegistrySource[] {
  const catalogDirs = folders.catalogDirs ?? [registriesDir()];
  const moduleDirs = folders.moduleDirs ?? [];
  const key = JSON.stringify([catalogDirs, moduleDirs]);
  if (cached?.key === key) return cached.sources;
  const byId = new Map<string, SandboxRegistrySource>();
  for (const dir of catalogDirs) {
    for (const { id, port } of portsIn(dir)) {
      byId.set(id, {
        id,
        port,
        load: async () => {
          const file = moduleDirs.map((moduleDir) => moduleIn(moduleDir, id)).find(Boolean);
          try {
            const module = (file ? await import(pathToFileURL(file).href) : await bundledModule(id)) as { default: SandboxRegistryFactory };
            return module.default;
          } catch (error) {
            throw new Error(`registry '${id}' declares sandboxPort ${port} but its sandbox module did not load (src/sandbox/registries/${id}/index.ts): ${(error as Error).message}`);
          }
        },
      });
    }
  }
  const ports = new Map<number, string>();
  for (const source of byId.values()) {
    const other = ports.get(source.port);
    if (other) throw new Error(`registries '${other}' and '${source.id}' both declare sandboxPort ${source.port}`);
    ports.set(source.port, source.id);
  }
  const sources = [...byId.values()];
  cached = { key, sources };
  return sources;
}
