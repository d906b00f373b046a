// One CLI run's worth of shared state for the language features: the catalog (bundled
// `registries/` plus the workspace's `.registries/`) and one OpenAPI cache, so checking a
// hundred request files of one registry indexes its description once.

import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { loadCatalog, type Catalog } from '../catalog/loadCatalog';
import { OpenApiCache } from '../openapi/OpenApiCache';
import { descriptionFetch } from '../openapi/descriptionFetch';
import { parseHttp } from '../http/parser';
import { registriesDir } from '../paths';
import { loadFileContext, type FileContext } from './loadFileContext';
import type { LanguageDocument } from './types';

export interface LanguageSession {
  catalog: Catalog;
  open(filePath: string, environment: string | undefined): Promise<{ doc: LanguageDocument } & FileContext>;
}

export interface LanguageSessionOptions {
  cwd: string;
  env: Record<string, string | undefined>;
  /** Folder of the bundled registries; `registries/` of the package by default. */
  bundledDir?: string;
  /** Fetch no description named by a URL (`--offline`). */
  offline?: boolean;
  /** Told of every description fetched (the CLI lists them). */
  onFetched?: (url: string, bytes: number) => void;
}

/** The workspace a file belongs to: the nearest folder upward holding `.git`, else the cwd. */
export function workspaceRoot(fileDir: string, cwd: string): string {
  for (let dir = fileDir; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) break;
  }
  return fileDir === cwd || fileDir.startsWith(cwd + sep) ? cwd : fileDir;
}

export async function createLanguageSession(options: LanguageSessionOptions): Promise<LanguageSession> {
  const cwd = resolve(options.cwd);
  const catalog = await loadCatalog({
    bundledDir: options.bundledDir ?? registriesDir(),
    workspaceDirs: [workspaceRoot(cwd, cwd)],
    readFile: (p) => readFile(p),
    listDir: (p) => readdir(p),
  });
  // Descriptions given as URLs (VNG's reference environment, a workspace's own) are fetched with
  // the caps of a response, reported, or not at all under --offline.
  const fetchDescription = descriptionFetch({ refuse: options.offline ? () => '--offline forbids fetching' : undefined, onFetched: options.onFetched });
  const cache = new OpenApiCache({ readFile: (p) => readFile(p), stat: (p) => stat(p), fetch: fetchDescription });
  const secrets: Record<string, string> = {};
  for (const [key, value] of Object.entries(options.env)) if (key.startsWith('REGX_SECRET_') && value) secrets[key.slice('REGX_SECRET_'.length)] = value;
  return {
    catalog,
    async open(filePath, environment) {
      const text = await readFile(filePath, 'utf8');
      const file = parseHttp(text);
      const loaded = await loadFileContext({
        filePath,
        file,
        catalog,
        loadIndex: (source) => cache.get(source),
        root: workspaceRoot(dirname(filePath), cwd),
        secrets,
        processEnv: options.env,
        ...(environment ? { environment } : {}),
      });
      return { doc: { text, file }, ...loaded };
    },
  };
}
