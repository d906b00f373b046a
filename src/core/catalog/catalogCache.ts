import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

// A loaded catalog kept on disk between processes. Reading the registry.yaml files is cheap; what
// costs is compiling the catalog schema (ajv) and parsing the YAML, both cold code in a fresh
// process: 650 ms of a one-request `regx run`'s 1.2 s (node --cpu-prof). The cache holds the
// result (entries and diagnostics) under a key made of every input — the loader's version, the
// schema's text and each file's path and text — so any edit, or a new build, misses and reloads.

export interface CatalogCache {
  /** The cached JSON for `key`, or undefined when there is none (or it is unreadable). */
  read(key: string): Promise<string | undefined>;
  /** Keeps `json` under `key`; failures are the cache's own business (the catalog is loaded anyway). */
  write(key: string, json: string): Promise<void>;
  /** Folded into the key: what produced the cached value (e.g. the bundle's size and mtime). */
  readonly version: string;
}

export function cacheKey(parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(`${part.length}:`).update(part);
  return hash.digest('hex');
}

/**
 * A cache in `dir`: one file per set of catalog folders (`catalog-<hash of the folders>.json`,
 * holding the key and the value), so editing a workspace registry replaces its file instead of
 * adding files. Written to a temporary name and renamed, so a reader never sees half a file.
 */
export function catalogCacheIn(dir: string, version: string, scope: readonly string[]): CatalogCache {
  const file = join(dir, `catalog-${cacheKey(scope).slice(0, 16)}.json`);
  return {
    version,
    async read(key) {
      try {
        const text = await readFile(file, 'utf8');
        const newline = text.indexOf('\n');
        return newline > 0 && text.slice(0, newline) === key ? text.slice(newline + 1) : undefined;
      } catch {
        return undefined;
      }
    },
    async write(key, json) {
      try {
        await mkdir(dir, { recursive: true, mode: 0o700 });
        const temp = `${file}.${process.pid}.tmp`;
        await writeFile(temp, `${key}\n${json}`, { mode: 0o600 });
        await rename(temp, file);
      } catch {
        // A read-only or full disk: the next process loads the catalog itself.
      }
    },
  };
}
