import { statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadCatalog, type Catalog } from '../core/catalog';
import { catalogCacheIn } from '../core/catalog/catalogCache';
import { registriesDir } from '../core/paths';
import { defaultStateDir } from '../sandbox/stateDir';

/**
 * The catalog as every regx command loads it: the bundled registries and the workspace's, kept
 * in `<state dir>/cache/` between runs (see catalogCache.ts: a fresh process spent 650 ms
 * compiling the schema and parsing the YAML). The cache's version is this bundle's size and
 * mtime, so a rebuilt or upgraded regx never reads what an older one wrote. `onRebuilt` is
 * called when the cache could not be used and the catalog was loaded from its files.
 */
export function loadCliCatalog(env: NodeJS.ProcessEnv, workspaceDirs: string[] = [], onRebuilt?: () => void): Promise<Catalog> {
  const bundledDir = registriesDir();
  let version = 'unknown';
  try {
    const self = statSync(__filename);
    version = `${self.size}:${self.mtimeMs}`;
  } catch {
    // no file to stat (an unusual loader): the key still covers every input file
  }
  const stored = catalogCacheIn(join(defaultStateDir(env), 'cache'), version, [bundledDir, ...workspaceDirs]);
  // loadCatalog writes the cache only when it had to load the catalog itself.
  const cache = onRebuilt ? { ...stored, write: (key: string, json: string) => (onRebuilt(), stored.write(key, json)) } : stored;
  return loadCatalog({ bundledDir, workspaceDirs, readFile: (p) => readFile(p), listDir: (p) => readdir(p), cache });
}
