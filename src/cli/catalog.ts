import { statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadCatalog, type Catalog } from '../core/catalog';
import { catalogCacheIn } from '../core/catalog/catalogCache';
import { registriesDir } from '../core/paths';
import { defaultStateDir } from '../sandbox/stateDir';

/** One value for all the CLI's bundles of one build (scripts/build.mjs); absent under tsx. */
declare const REGX_BUILD_ID: string | undefined;

/**
 * The catalog as every regx command loads it: the bundled registries and the workspace's, kept
 * in `<state dir>/cache/` between runs (see catalogCache.ts: a fresh process spent 650 ms
 * compiling the schema and parsing the YAML). The cache's version is the build's id, so a
 * rebuilt or upgraded regx never reads what an older one wrote, and `regx run` and `regx flow`
 * of one build share their entry (keyed by each command bundle's own size and mtime, they evicted
 * each other's and each paid the 650 ms again). From the sources: this file's size and mtime.
 * `onRebuilt` is called when the cache could not be used and the catalog was loaded from its files.
 */
export function loadCliCatalog(env: NodeJS.ProcessEnv, workspaceDirs: string[] = [], onRebuilt?: () => void): Promise<Catalog> {
  const bundledDir = registriesDir();
  const stored = catalogCacheIn(join(defaultStateDir(env), 'cache'), typeof REGX_BUILD_ID === 'string' ? `build ${REGX_BUILD_ID}` : sourceVersion(), [bundledDir, ...workspaceDirs]);
  // loadCatalog writes the cache only when it had to load the catalog itself.
  const cache = onRebuilt ? { ...stored, write: (key: string, json: string) => (onRebuilt(), stored.write(key, json)) } : stored;
  return loadCatalog({ bundledDir, workspaceDirs, readFile: (p) => readFile(p), listDir: (p) => readdir(p), cache });
}

function sourceVersion(): string {
  try {
    const self = statSync(__filename);
    return `${self.size}:${self.mtimeMs}`;
  } catch {
    return 'unknown'; // no file to stat (an unusual loader): the key still covers every input file
  }
}
