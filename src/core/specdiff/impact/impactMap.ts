// The impact map over a workspace: every request file (`.http`, `.rest`) and Arazzo flow
// (`*.arazzo.yaml|yml|json`) under the folders given, each checked against the changes of one
// release pair. Files that name another registry (`# @registry kvk` while the pair is
// vr-beheer's) are left out, so `/v1/verenigingen/zoeken` in a Publiek file is not taken for
// Beheer's.

import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseHttp } from '../../http/parser';
import type { ImpactMap } from './types';
import { ReleaseIndex, type ReleasePair } from './releaseIndex';
import { HttpImpactScan } from './httpImpact';
import { FlowImpactScan } from './flowImpact';
import { SEVERITY_ORDER } from '../types';

export interface ImpactOptions {
  /** The catalog id of the registry the pair belongs to, when known. */
  registry?: string;
  /** Ids of the other registries of the catalog: files naming one of them are not this pair's. */
  otherRegistries?: readonly string[];
  signal?: AbortSignal;
  /** Files larger than this are skipped (a generated dump is no request collection). */
  maxFileBytes?: number;
}

const SKIP = new Set(['node_modules', '.git', 'dist', '.cache', '.vscode-test']);

export function isRequestFile(name: string): boolean {
  return /\.(http|rest)$/i.test(name);
}

export function isFlowFile(name: string): boolean {
  return /\.arazzo\.(ya?ml|json)$/i.test(name);
}

/** Request files and flows under the given files or folders, in a stable order. */
export async function workspaceFiles(paths: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > 12) return;
    for (const name of (await readdir(dir)).sort()) {
      const full = join(dir, name);
      const info = await stat(full).catch(() => undefined);
      if (!info) continue;
      if (info.isDirectory()) {
        if (!SKIP.has(name)) await walk(full, depth + 1);
      } else if (isRequestFile(name) || isFlowFile(name)) found.push(full);
    }
  };
  for (const path of paths) {
    const info = await stat(path);
    if (info.isDirectory()) await walk(path, 0);
    else found.push(path);
  }
  return [...new Set(found)];
}

export function impactOfText(index: ReleaseIndex, file: string, text: string, out: ImpactMap, options: ImpactOptions = {}): void {
  if (isFlowFile(file)) {
    new FlowImpactScan(index, file, text, out).run();
    return;
  }
  const tree = parseHttp(text);
  const named = tree.directives.find((d) => d.name === 'registry')?.value;
  if (named && options.registry && named !== options.registry) return;
  if (named && !options.registry && options.otherRegistries?.includes(named)) return;
  new HttpImpactScan(index, file, text, tree, out).run();
}

export async function impactMap(pair: ReleasePair, paths: readonly string[], options: ImpactOptions = {}): Promise<ImpactMap> {
  const index = new ReleaseIndex(pair);
  const out: ImpactMap = { files: [], impacts: [], unmatched: [] };
  const limit = options.maxFileBytes ?? 10_000_000;
  for (const file of await workspaceFiles(paths)) {
    options.signal?.throwIfAborted();
    const info = await stat(file);
    if (info.size > limit) continue;
    out.files.push(file);
    impactOfText(index, file, await readFile(file, 'utf8'), out, options);
  }
  sortImpacts(out);
  return out;
}

export function sortImpacts(map: ImpactMap): void {
  map.impacts.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.file.localeCompare(b.file) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}
