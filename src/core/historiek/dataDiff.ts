// Two JSON values side by side: every leaf path of either, in the order they appear, with its
// value on each side and whether it was added, removed, changed or is the same. Used to compare
// the data of two gebeurtenissen, or the state of a subject at two moments.
import { memberPath } from '../json/jsonPath';

export type DiffKind = 'same' | 'changed' | 'added' | 'removed';

export interface DiffRow {
  /** JSONPath of the leaf (`$.locaties[0].naam`); `$` for a scalar root. */
  path: string;
  kind: DiffKind;
  /** JSON text of the left value, undefined when absent. */
  left?: string;
  right?: string;
}


/** Leaves in document order; an empty object or array is a leaf of its own. */
function leaves(value: unknown, path: string, out: Map<string, string>): void {
  if (Array.isArray(value)) {
    if (value.length === 0) out.set(path, '[]');
    value.forEach((item, i) => leaves(item, memberPath(path, i), out));
    return;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 0) out.set(path, '{}');
    for (const [key, child] of entries) leaves(child, memberPath(path, key), out);
    return;
  }
  out.set(path, JSON.stringify(value) ?? 'undefined');
}

export function dataDiff(left: unknown, right: unknown): DiffRow[] {
  const a = new Map<string, string>();
  const b = new Map<string, string>();
  if (left !== undefined) leaves(left, '$', a);
  if (right !== undefined) leaves(right, '$', b);
  const rows: DiffRow[] = [];
  // Left order first; paths only on the right go after the left path they follow on the right.
  const rightOnlyAfter = new Map<string | undefined, string[]>();
  let previous: string | undefined;
  for (const path of b.keys()) {
    if (!a.has(path)) rightOnlyAfter.set(previous, [...(rightOnlyAfter.get(previous) ?? []), path]);
    else previous = path;
  }
  const pushAdded = (after: string | undefined) => {
    for (const path of rightOnlyAfter.get(after) ?? []) rows.push({ path, kind: 'added', right: b.get(path) });
  };
  pushAdded(undefined);
  for (const [path, value] of a) {
    const other = b.get(path);
    if (other === undefined) rows.push({ path, kind: 'removed', left: value });
    else rows.push({ path, kind: other === value ? 'same' : 'changed', left: value, right: other });
    if (b.has(path)) pushAdded(path);
  }
  return rows;
}
