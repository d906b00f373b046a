// The shape of a JSON response — every field path with its type, array items merged under `[]`
// (`vereniging.locaties[].isPrimair: boolean`) — and what changed between two shapes: fields
// added, removed, renamed, type changed. Values are never kept (a baseline is safe to commit).
//
// A rename is a removed field and an added one under the same parent: named from release
// knowledge when the registry's catalog lists it (`releases.renames`), otherwise when the two
// have the same type (or the same fields below them) and no other field competes — then it is
// marked as inferred.

import type { FieldRename } from '../../catalog/types';

export type Shape = Record<string, string>;

/** Paths beyond this are not recorded: a huge answer must not make a huge baseline. */
const MAX_PATHS = 2000;
const MAX_DEPTH = 24;

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' ? 'object' : typeof value === 'number' ? (Number.isInteger(value) ? 'integer' : 'number') : typeof value;
}

function key(name: string): string {
  return /^[A-Za-z_$@][A-Za-z0-9_$@-]*$/.test(name) ? name : JSON.stringify(name);
}

export function responseShape(body: unknown): Shape {
  const shape: Shape = {};
  const add = (path: string, type: string) => {
    if (Object.keys(shape).length >= MAX_PATHS && !(path in shape)) return;
    const known = shape[path];
    // integer and number mix in one array: the field is a number
    if (known && known !== type) shape[path] = [known, type].every((t) => t === 'integer' || t === 'number') ? 'number' : [...new Set([...known.split('|'), type])].sort().join('|');
    else shape[path] = type;
  };
  const walk = (value: unknown, path: string, depth: number) => {
    const type = typeOf(value);
    add(path || '$', type);
    if (depth >= MAX_DEPTH) return;
    if (type === 'array') for (const item of value as unknown[]) walk(item, `${path}[]`, depth + 1);
    else if (type === 'object') for (const [name, item] of Object.entries(value as object)) walk(item, path ? `${path}.${key(name)}` : key(name), depth + 1);
  };
  walk(body, '', 0);
  return shape;
}

export type ShapeChange =
  | { kind: 'added'; path: string; type: string }
  | { kind: 'removed'; path: string; type: string }
  | { kind: 'type-changed'; path: string; from: string; to: string }
  | { kind: 'renamed'; from: string; to: string; type: string; basis: 'release' | 'inferred'; release?: string };

function parentOf(path: string): string {
  const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('[]') === path.length - 2 ? path.length - 2 : -1);
  return cut <= 0 ? '' : path.slice(0, cut);
}

function leafOf(path: string): string {
  const parent = parentOf(path);
  return (parent ? path.slice(parent.length) : path).replace(/^\./, '').replace(/^"(.*)"$/, '$1');
}

/** Paths under `path` (its fields and items), relative, with types: what the subtree looks like. */
function subtree(shape: Shape, path: string): string {
  return Object.entries(shape)
    .filter(([p]) => p.startsWith(`${path}.`) || p.startsWith(`${path}[]`))
    .map(([p, t]) => `${p.slice(path.length)}:${t}`)
    .sort()
    .join(',');
}

/** True when a release rename (`vereniging.type` → `vereniging.verenigingstype`) fits these two paths. */
function releaseRename(renames: readonly FieldRename[], from: string, to: string): FieldRename | undefined {
  const tail = (dotted: string, n: number) => dotted.split('.').slice(-n).join('.');
  return renames.find((r) => {
    const depth = Math.min(r.from.split('.').length, r.to.split('.').length);
    const cleanFrom = from.replace(/\[\]/g, '');
    const cleanTo = to.replace(/\[\]/g, '');
    // The catalog names fields by object (`vereniging.type`); the response may nest them deeper.
    for (let n = depth; n >= 1; n--) {
      if (tail(cleanFrom, n) === tail(r.from, n) && tail(cleanTo, n) === tail(r.to, n) && leafOf(from) === r.from.split('.').pop() && leafOf(to) === r.to.split('.').pop()) return true;
    }
    return false;
  });
}

export function diffShapes(before: Shape, after: Shape, renames: readonly FieldRename[] = []): ShapeChange[] {
  const removed = Object.keys(before).filter((p) => !(p in after));
  const added = Object.keys(after).filter((p) => !(p in before));
  const changes: ShapeChange[] = [];
  for (const path of Object.keys(before)) {
    if (path in after && before[path] !== after[path]) changes.push({ kind: 'type-changed', path, from: before[path]!, to: after[path]! });
  }
  // Only the top of a removed or added subtree is reported; what is below goes with it.
  const top = (paths: string[]) => paths.filter((p) => !paths.includes(parentOf(p)) || parentOf(p) === '');
  const topRemoved = top(removed);
  const topAdded = top(added);
  const usedAdded = new Set<string>();
  const renamedFrom = new Set<string>();
  for (const from of topRemoved) {
    const siblings = topAdded.filter((to) => !usedAdded.has(to) && parentOf(to) === parentOf(from));
    const known = siblings.map((to) => ({ to, rename: releaseRename(renames, from, to) })).find((c) => c.rename);
    let to = known?.to;
    let basis: 'release' | 'inferred' = 'release';
    if (!to) {
      const alike = siblings.filter((candidate) => after[candidate] === before[from] && subtree(after, candidate) === subtree(before, from));
      const competitors = topRemoved.filter((other) => other !== from && parentOf(other) === parentOf(from) && !renamedFrom.has(other) && alike.some((a) => after[a] === before[other] && subtree(after, a) === subtree(before, other)));
      if (alike.length === 1 && competitors.length === 0) {
        to = alike[0];
        basis = 'inferred';
      }
    }
    if (!to) continue;
    usedAdded.add(to);
    renamedFrom.add(from);
    const change: ShapeChange = { kind: 'renamed', from, to, type: before[from]!, basis };
    if (known?.rename) change.release = known.rename.release;
    changes.push(change);
  }
  const under = (path: string, roots: Set<string>) => [...roots].some((root) => path === root || path.startsWith(`${root}.`) || path.startsWith(`${root}[]`));
  for (const path of topRemoved) if (!renamedFrom.has(path)) changes.push({ kind: 'removed', path, type: before[path]! });
  for (const path of topAdded) if (!usedAdded.has(path)) changes.push({ kind: 'added', path, type: after[path]! });
  // What is below a renamed field is compared under its new name: renames and changes inside it too.
  for (const rename of changes.filter((c): c is Extract<ShapeChange, { kind: 'renamed' }> => c.kind === 'renamed')) {
    const below = (shape: Shape, root: string): Shape => {
      const out: Shape = {};
      for (const [path, type] of Object.entries(shape)) if (under(path, new Set([root])) && path !== root) out[`${rename.to}${path.slice(root.length)}`] = type;
      return out;
    };
    const inner = diffShapes({ [rename.to]: before[rename.from]!, ...below(before, rename.from) }, { [rename.to]: after[rename.to]!, ...below(after, rename.to) }, renames);
    changes.push(...inner.filter((c) => !(c.kind === 'type-changed' && c.path === rename.to)));
  }
  return changes;
}

export function describeChange(change: ShapeChange): string {
  switch (change.kind) {
    case 'added':
      return `field added: ${change.path} (${change.type})`;
    case 'removed':
      return `field removed: ${change.path} (${change.type})`;
    case 'type-changed':
      return `type changed: ${change.path} ${change.from} → ${change.to}`;
    case 'renamed':
      return `field renamed: ${change.from} → ${change.to}${change.basis === 'release' ? ` (release ${change.release})` : ' (inferred: same type, same place)'}`;
  }
}
