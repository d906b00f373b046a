// Renames: a removed and an added element at the same place (properties of one object, or the
// parameters of one operation in one location) that are one thing under a new name. Each pair
// gets a confidence from independent evidence — similar names, similar descriptions, the same
// shape (type, `$ref` target, enum, property names), being the only removal and the only addition
// in an otherwise unchanged object, the same position, a rename the registry documents — combined
// as independent signals (1 − Π(1 − wᵢ·sᵢ)). Pairs are taken best first; a type that cannot hold
// the old values (an array for a string) is never a rename.

import type { RenameInfo } from './types';
import { descriptionLikeness, nameLikeness } from './similarity';

export interface RenameSide {
  name: string;
  description?: string;
  /** Index among its siblings in the document, for the "same place" evidence. */
  position: number;
}

export interface ShapeLikeness {
  /** False when the new element cannot hold what the old one held. */
  compatible: boolean;
  /** 0…1 weight already applied: a shared `$ref` target counts more than both being strings. */
  score: number;
  why?: string;
  /** Same types, format, enum and required-ness. */
  exact: boolean;
}

export interface RenameContext {
  /** Every other element at this place is kept: the removal and addition are a one-for-one swap. */
  untouched: boolean;
  /** Renames the registry documents here (release notes), old name → new name, with where they are documented. */
  documented?: (from: string, to: string) => string | undefined;
}

export interface RenamePair {
  removed: number;
  added: number;
  info: RenameInfo;
}

const THRESHOLD = 0.5;

export function pairRenames(
  removed: readonly RenameSide[],
  added: readonly RenameSide[],
  shape: (removed: number, added: number) => ShapeLikeness,
  context: RenameContext,
): RenamePair[] {
  if (removed.length === 0 || added.length === 0) return [];
  const oneForOne = removed.length === 1 && added.length === 1;
  const candidates: RenamePair[] = [];
  for (let r = 0; r < removed.length; r++) {
    for (let a = 0; a < added.length; a++) {
      const from = removed[r]!;
      const to = added[a]!;
      const fit = shape(r, a);
      if (!fit.compatible) continue;
      const documented = context.documented?.(from.name, to.name);
      const name = nameLikeness(from.name, to.name);
      const description = descriptionLikeness(from.description, to.description);
      const swap = oneForOne && context.untouched;
      if (!documented && name.score === 0 && description.score === 0 && !(swap && fit.exact)) continue;
      const signals: [number, string | undefined][] = [
        [0.85 * name.score, name.why],
        [0.85 * description.score, description.why],
        [fit.score, fit.why],
        [oneForOne ? 0.35 : 0, oneForOne ? (context.untouched ? 'the only property removed and the only one added, the rest unchanged' : 'the only one removed and the only one added') : undefined],
        [from.position === to.position ? 0.15 : 0, from.position === to.position ? 'same position' : undefined],
        [documented ? 0.97 : 0, documented],
      ];
      let doubt = 1;
      const evidence: string[] = [];
      for (const [weight, why] of signals) {
        if (weight <= 0) continue;
        doubt *= 1 - weight;
        if (why) evidence.push(why);
      }
      const confidence = Math.round((1 - doubt) * 100) / 100;
      if (confidence >= THRESHOLD) candidates.push({ removed: r, added: a, info: { from: from.name, to: to.name, confidence, evidence } });
    }
  }
  candidates.sort((x, y) => y.info.confidence - x.info.confidence || x.removed - y.removed || x.added - y.added);
  const usedRemoved = new Set<number>();
  const usedAdded = new Set<number>();
  const result: RenamePair[] = [];
  for (const candidate of candidates) {
    if (usedRemoved.has(candidate.removed) || usedAdded.has(candidate.added)) continue;
    usedRemoved.add(candidate.removed);
    usedAdded.add(candidate.added);
    result.push(candidate);
  }
  return result;
}
