// A registry's state as a flat map (path → JSON text), so that what one request changed can be
// written as a small delta instead of the whole state: containers down to `DEPTH` levels are
// entries of their own ({} or []), what lies deeper is one JSON text per entry. Applying every
// delta in order to the flat map of a snapshot gives the state after the last one.

/** Levels of containers spelled out: deep enough that one write touches one vereniging, one historiek event. */
const DEPTH = 4;

export type FlatState = Map<string, string>;

export interface StateDelta {
  /** Entries added or changed: [path, JSON text]. */
  set: [string, string][];
  /** Paths removed. */
  del: string[];
}

const OBJECT = '{}';
const ARRAY = '[]';

function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  return typeof value === 'object' && value !== null;
}

export function flatten(state: unknown): FlatState {
  const flat: FlatState = new Map();
  const walk = (value: unknown, path: (string | number)[]): void => {
    const key = JSON.stringify(path);
    if (!isContainer(value) || path.length >= DEPTH) {
      // `undefined` (a missing value) is written as null, as JSON.stringify does inside arrays.
      flat.set(key, JSON.stringify(value) ?? 'null');
      return;
    }
    if (Array.isArray(value)) {
      flat.set(key, ARRAY);
      value.forEach((item, index) => walk(item, [...path, index]));
    } else {
      flat.set(key, OBJECT);
      for (const [name, item] of Object.entries(value)) if (item !== undefined) walk(item, [...path, name]);
    }
  };
  walk(state, []);
  return flat;
}

export function diff(before: FlatState, after: FlatState): StateDelta {
  const set: [string, string][] = [];
  const del: string[] = [];
  for (const [path, text] of after) if (before.get(path) !== text) set.push([path, text]);
  for (const path of before.keys()) if (!after.has(path)) del.push(path);
  return { set, del };
}

export function isEmpty(delta: StateDelta): boolean {
  return delta.set.length === 0 && delta.del.length === 0;
}

export function apply(flat: FlatState, delta: StateDelta): void {
  for (const path of delta.del) flat.delete(path);
  for (const [path, text] of delta.set) flat.set(path, text);
}

/** The value a flat map stands for. */
export function unflatten(flat: FlatState): unknown {
  const entries = [...flat].map(([key, text]) => ({ path: JSON.parse(key) as (string | number)[], text }));
  // Parents before children; array items in index order, so an array is built without holes.
  entries.sort((a, b) => a.path.length - b.path.length || compareKeys(a.path[a.path.length - 1], b.path[b.path.length - 1]));
  let root: unknown;
  const containers = new Map<string, Record<string, unknown> | unknown[]>();
  for (const { path, text } of entries) {
    const value = text === OBJECT ? {} : text === ARRAY ? [] : (JSON.parse(text) as unknown);
    if (isContainer(value) && (text === OBJECT || text === ARRAY)) containers.set(JSON.stringify(path), value);
    if (path.length === 0) {
      root = value;
      continue;
    }
    const parent = containers.get(JSON.stringify(path.slice(0, -1)));
    // A child whose parent is gone was removed with it.
    if (!parent) continue;
    (parent as Record<string | number, unknown>)[path[path.length - 1]!] = value;
  }
  return root;
}

function compareKeys(a: string | number | undefined, b: string | number | undefined): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return 0;
}
