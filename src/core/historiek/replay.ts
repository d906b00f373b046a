// The state of a subject (a vereniging) at a chosen moment, rebuilt by replaying its
// gebeurtenissen with the registry's rules. Where the data does not allow it — a type without a
// rule, a rule whose data member is missing, an item that is not in the list — the replay goes on
// and says so: the fields such a gebeurtenis may have touched are marked uncertain from then on.
import type { Gebeurtenis, ReplayRule } from './types';

export type FieldStatus =
  /** Set by gebeurtenis `since` (its index) and not touched by an unreplayable one after it. */
  | { kind: 'known'; since: number }
  /** Gebeurtenis `since` may have changed it in a way the replay cannot follow. */
  | { kind: 'uncertain'; since: number; reason: string };

export interface ReplayNote {
  index: number;
  type: string;
  reason: string;
}

export interface ReplayedState {
  /** The last gebeurtenis applied (-1: none, the state before the first). */
  upTo: number;
  /** Undefined until a gebeurtenis creates the subject. */
  state: Record<string, unknown> | undefined;
  /** Per top-level member of the state (and members an unreplayable gebeurtenis names). */
  fields: Record<string, FieldStatus>;
  notes: ReplayNote[];
  /** True when some gebeurtenis up to `upTo` had no rule: members it did not name may differ too. */
  incomplete: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function segments(path: string): string[] {
  return path === '' ? [] : path.split('.');
}

/** The value at a dot path; `found` is false when a member on the way is missing. */
export function valueAt(value: unknown, path: string): { found: boolean; value?: unknown } {
  let current = value;
  for (const part of segments(path)) {
    if (!isRecord(current) || !(part in current)) return { found: false };
    current = current[part];
  }
  return { found: true, value: current };
}

function setAt(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = segments(path);
  let current = target;
  for (const part of parts.slice(0, -1)) {
    if (!isRecord(current[part])) current[part] = {};
    current = current[part] as Record<string, unknown>;
  }
  current[parts[parts.length - 1]!] = value;
}

function sameKey(a: unknown, b: unknown): boolean {
  return a !== undefined && a !== null && String(a) === String(b);
}

export function replay(gebeurtenissen: readonly Gebeurtenis[], rules: Readonly<Record<string, readonly ReplayRule[]>>, upTo: number): ReplayedState {
  const last = Math.min(upTo, gebeurtenissen.length - 1);
  let state: Record<string, unknown> | undefined;
  const fields: Record<string, FieldStatus> = {};
  const notes: ReplayNote[] = [];
  let incomplete = false;
  for (let i = 0; i <= last; i++) {
    const g = gebeurtenissen[i]!;
    const note = (reason: string, field?: string) => {
      notes.push({ index: i, type: g.type, reason });
      if (field !== undefined) fields[field] = { kind: 'uncertain', since: i, reason };
    };
    const typeRules = Object.prototype.hasOwnProperty.call(rules, g.type) ? rules[g.type] : undefined;
    if (!typeRules) {
      incomplete = true;
      // The members its data names are the likely ones it changed; the rest may differ as well.
      const named = isRecord(g.data) ? Object.keys(g.data).filter((key) => state && key in state) : [];
      note(`no replay rule for ${g.type}; ${named.length ? `${named.join(', ')} may have changed` : 'what it changed is unknown'}`);
      for (const key of named) fields[key] = { kind: 'uncertain', since: i, reason: `${g.type} has no replay rule` };
      continue;
    }
    for (const rule of typeRules) {
      const field = segments(rule.path)[0];
      if (rule.op === 'set' && 'value' in rule) {
        if (rule.path === '') state = isRecord(rule.value) ? structuredClone(rule.value) : {};
        else setAt((state ??= {}), rule.path, structuredClone(rule.value));
        if (field) fields[field] = { kind: 'known', since: i };
        continue;
      }
      const from = valueAt(g.data, rule.from);
      if (!from.found) {
        note(`its data has no '${rule.from}'`, field);
        continue;
      }
      const data = structuredClone(from.value);
      if (rule.op === 'set') {
        if (rule.path === '') {
          if (!isRecord(data)) {
            note('its data is not an object to start the state from');
            continue;
          }
          state = data;
          for (const key of Object.keys(fields)) delete fields[key];
          for (const key of Object.keys(data)) fields[key] = { kind: 'known', since: i };
        } else {
          setAt((state ??= {}), rule.path, data);
          fields[field!] = { kind: 'known', since: i };
        }
        continue;
      }
      state ??= {};
      const list = valueAt(state, rule.path);
      const items: unknown[] = list.found && Array.isArray(list.value) ? list.value : [];
      const key = isRecord(data) ? data[rule.key] : undefined;
      if (rule.op !== 'remove' && !isRecord(data)) {
        note(`its data at '${rule.from || '(all)'}' is not an item`, field);
        continue;
      }
      const at = items.findIndex((item) => isRecord(item) && sameKey(item[rule.key], key));
      switch (rule.op) {
        case 'add':
          items.push(data);
          break;
        case 'replace':
        case 'merge':
          if (at < 0) {
            note(`${rule.path} has no item with ${rule.key} ${String(key)}`, field);
            continue;
          }
          items[at] = rule.op === 'replace' ? data : { ...(items[at] as Record<string, unknown>), ...(data as Record<string, unknown>) };
          break;
        case 'remove':
          if (at < 0) {
            note(`${rule.path} has no item with ${rule.key} ${String(key)}`, field);
            continue;
          }
          items.splice(at, 1);
          break;
      }
      setAt(state, rule.path, items);
      // An item list that an earlier gebeurtenis made uncertain stays so: one item is known, not all.
      if (fields[field!]?.kind !== 'uncertain') fields[field!] = { kind: 'known', since: i };
    }
  }
  return { upTo: last, state, fields, notes, incomplete };
}
