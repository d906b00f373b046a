// The changes found so far, one per (kind, direction, old site, new site): a shared schema that
// changed is one change however many operations reach it, with an occurrence per place. Its id
// is derived from those, so the same pair of documents always gives the same ids.

import type { ChangeKind, Direction, Occurrence, RenameInfo, SpecChange } from './types';
import { severityOf, type ChangeTraits } from './classify';
import { shortSha1 } from './shortSha1';

export interface Site {
  source: string;
  pointer: string;
}

export interface ChangeInput {
  kind: ChangeKind;
  direction?: Direction;
  traits?: ChangeTraits;
  message: string;
  old?: Site;
  new?: Site;
  rename?: RenameInfo;
  before?: unknown;
  after?: unknown;
  /** What else tells two changes at the same sites apart (a parameter's name, a status). */
  detail?: string;
}

/** How many places per operation are listed for one change; the impact map finds the rest by site. */
const PLACES_PER_OPERATION = 3;

export class ChangeLog {
  private readonly byId = new Map<string, SpecChange>();
  private readonly byKey = new Map<string, SpecChange>();

  record(input: ChangeInput): SpecChange {
    const key = [input.kind, input.direction ?? '', pointerOnly(input.old), pointerOnly(input.new), input.detail ?? ''].join('\u0000');
    const existing = this.byKey.get(key);
    if (existing) return existing;
    const id = `${input.kind}/${shortSha1(key)}`;
    const change: SpecChange = {
      id,
      kind: input.kind,
      severity: severityOf(input.kind, input.direction, input.traits),
      ...(input.direction ? { direction: input.direction } : {}),
      message: input.message,
      ...(input.old ? { old: { source: input.old.source, pointer: input.old.pointer } } : {}),
      ...(input.new ? { new: { source: input.new.source, pointer: input.new.pointer } } : {}),
      ...(input.rename ? { rename: input.rename } : {}),
      ...(input.before !== undefined ? { before: input.before } : {}),
      ...(input.after !== undefined ? { after: input.after } : {}),
      occurrences: [],
    };
    this.byId.set(id, change);
    this.byKey.set(key, change);
    return change;
  }

  /**
   * Adds a place the change reaches, keeping a few per operation and area. The diff compares one
   * pair of operations at a time, so the places of the operation at hand are the last ones of the
   * change: they are found at its end, with no index kept per place.
   */
  occur(change: SpecChange, occurrence: Occurrence): void {
    const op = occurrence.operation;
    const list = change.occurrences;
    let count = 0;
    for (let i = list.length - 1; i >= 0; i--) {
      const o = list[i]!;
      if (o.operation !== op && (o.operation.method !== op.method || o.operation.path !== op.path)) break;
      if (o.area !== occurrence.area || o.status !== occurrence.status || o.parameter?.name !== occurrence.parameter?.name) continue;
      if (o.path === occurrence.path) return;
      count++;
    }
    if (count >= PLACES_PER_OPERATION) return;
    list.push(occurrence);
  }

  all(): SpecChange[] {
    return [...this.byId.values()];
  }
}

// Ids name the place inside each document, not the files, so copies of a pair in other folders agree.
function pointerOnly(site: Site | undefined): string {
  return site ? site.pointer : '';
}
