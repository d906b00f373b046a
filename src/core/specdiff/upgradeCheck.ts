// One comparison as the editor keeps it: the diff of two releases, the impact map over the
// workspace's request files and flows, and — while the comparison stays open — the impacts of one
// file checked again from its current text (after an edit or a quick fix), with the same release
// index, so a diagnostic goes away as soon as the file follows the change.

import type { OpenApiHost } from '../openapi/documentSource';
import type { Catalog } from '../catalog/loadCatalog';
import { diffReleases } from './specDiff';
import { documentedRenames, registryOfDocuments } from './documentedRenames';
import { impactMap, impactOfText, sortImpacts } from './impact/impactMap';
import { ReleaseIndex, releasePair } from './impact/releaseIndex';
import type { Impact, ImpactMap } from './impact/types';
import type { SpecDiff } from './types';

export interface UpgradeCheckOptions {
  /** Request files and flows (or folders) to look for uses in; none = the diff alone. */
  files: readonly string[];
  /** Tells which registry the documents belong to (its documented renames, its request files). */
  catalog?: Catalog;
  signal?: AbortSignal;
}

export interface UpgradeCheck {
  oldSource: string;
  newSource: string;
  diff: SpecDiff;
  impact: ImpactMap;
  /** The text of a document either release was read from (a URL's, to show its lines). */
  textOf(source: string): string | undefined;
  /** This file's impacts for its current text (not written to `impact`). */
  recheck(file: string, text: string): Impact[];
}

export async function upgradeCheck(oldSource: string, newSource: string, host: OpenApiHost, options: UpgradeCheckOptions): Promise<UpgradeCheck> {
  const registry = options.catalog ? registryOfDocuments(options.catalog, [oldSource, newSource]) : undefined;
  const documented = documentedRenames(registry?.releases?.renames ?? []);
  const { diff, oldDoc, newDoc } = await diffReleases(oldSource, newSource, { ...host, ...(options.signal ? { signal: options.signal } : {}) }, documented ? { documented } : {});
  const pair = releasePair(diff, oldDoc, newDoc);
  const scope = {
    ...(registry ? { registry: registry.id } : {}),
    otherRegistries: (options.catalog?.entries ?? []).map((e) => e.id).filter((id) => id !== registry?.id),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const impact = options.files.length ? await impactMap(pair, options.files, scope) : { files: [], impacts: [], unmatched: [] };
  let index: ReleaseIndex | undefined;
  return {
    oldSource,
    newSource,
    diff,
    impact,
    textOf: (source) => oldDoc.textOf(source) ?? newDoc.textOf(source),
    recheck(file, text) {
      index ??= new ReleaseIndex(pair);
      const out: ImpactMap = { files: [file], impacts: [], unmatched: [] };
      impactOfText(index, file, text, out, scope);
      sortImpacts(out);
      return out.impacts;
    },
  };
}
