// The two ways a client uses a schema: it writes a value (a request body, a flow's payload) or
// it reads a path out of one (a JSONPath in `{{x.response.body.$…}}`, a `?? body` assertion, a
// runtime expression `$response.body#/a/b`). Both are walked through the old release's schemas;
// every property and value met is looked up by its definition site. A hit carries the text range
// (offsets in the file) and, for a rename, the text that follows it.

import type { Direction, SpecChange } from '../types';
import type { ReleaseIndex } from './releaseIndex';
import type { SchemaView } from '../schemaView';
import type { PathToken } from '../../json/pathTokens';

export interface Hit {
  change: SpecChange;
  start: number;
  end: number;
  /** The text to put at [start, end) to follow the change (a rename). */
  replacement?: string;
  /** The name or value the file uses there. */
  used: string;
}

/** A written value as a tree with file offsets: JSON (jsonc-parser) and YAML (yaml) both map onto it. */
export interface ValueNode {
  kind: 'object' | 'array' | 'value';
  value?: unknown;
  /** True when the value is (or holds) a `{{…}}` or runtime expression: only its name is checked. */
  dynamic?: boolean;
  entries?: { key: string; keyStart: number; keyEnd: number; /** How the key is written: `"type"`, `type`. */ keyText: string; value: ValueNode }[];
  items?: ValueNode[];
  start: number;
  end: number;
}

const KEY_KINDS = new Set(['property-renamed', 'property-removed', 'property-read-only-changed']);

function renamedTo(change: SpecChange): string | undefined {
  return change.kind === 'property-renamed' ? change.rename?.to : undefined;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Does the value still fit after a value-level change? Only changes it no longer fits are hits. */
function stillFits(change: SpecChange, value: unknown): boolean {
  switch (change.kind) {
    case 'type-changed': {
      const after = String(change.after ?? 'any');
      if (after === 'any') return true;
      const types = after.split('|');
      const t = jsonType(value);
      return types.includes(t) || (t === 'integer' && types.includes('number')) || (t === 'null');
    }
    case 'enum-values-removed':
      if (Array.isArray(change.before)) return !change.before.some((v) => JSON.stringify(v) === JSON.stringify(value));
      return Array.isArray(change.after) ? change.after.some((v) => JSON.stringify(v) === JSON.stringify(value)) : true;
    case 'nullable-changed':
      return change.after !== false || value !== null;
    default:
      return true;
  }
}

function keyReplacement(keyText: string, name: string): string {
  if (keyText.startsWith('"')) return JSON.stringify(name);
  if (keyText.startsWith("'")) return `'${name.replace(/'/g, "''")}'`;
  return name;
}

/** Hits in a written value (request body, payload) against the old schema `view`. */
export function valueHits(index: ReleaseIndex, view: SchemaView | undefined, node: ValueNode, direction: Direction, out: Hit[] = [], depth = 0): Hit[] {
  if (!view || depth > 40) return out;
  if (node.kind === 'array') {
    const item = index.step(view, '*');
    for (const child of node.items ?? []) valueHits(index, item?.view, child, direction, out, depth + 1);
    return out;
  }
  if (node.kind === 'value') {
    if (node.dynamic) return out;
    for (const change of index.changesAt(direction, view.sites)) {
      if ((change.kind === 'type-changed' || change.kind === 'enum-values-removed' || change.kind === 'nullable-changed') && !stillFits(change, node.value)) {
        out.push({ change, start: node.start, end: node.end, used: JSON.stringify(node.value) });
      }
    }
    return out;
  }
  const present = new Set((node.entries ?? []).map((e) => e.key));
  for (const entry of node.entries ?? []) {
    const step = index.step(view, entry.key);
    if (!step) continue;
    if (step.entry) {
      for (const change of index.changesAt(direction, [step.entry.decl])) {
        if (!KEY_KINDS.has(change.kind)) continue;
        if (change.kind === 'property-read-only-changed' && change.severity === 'info') continue;
        const to = renamedTo(change);
        if (to && present.has(to)) continue;
        out.push({ change, start: entry.keyStart, end: entry.keyEnd, used: entry.key, ...(to ? { replacement: keyReplacement(entry.keyText, to) } : {}) });
      }
    }
    valueHits(index, step.view, entry.value, direction, out, depth + 1);
  }
  if (direction === 'request') {
    // What the new release requires and the object does not have.
    const anchor = { start: node.start, end: node.start + 1 };
    for (const [name, entry] of view.properties) {
      if (present.has(name)) continue;
      for (const change of index.changesAt(direction, [entry.decl])) {
        if (change.kind === 'property-required-changed' && change.severity === 'breaking' && !present.has(change.rename?.to ?? '')) out.push({ change, ...anchor, used: name });
      }
    }
    for (const change of index.changesAt(direction, view.sites)) {
      if (change.kind !== 'property-added' || change.severity !== 'breaking') continue;
      const added = change.new?.pointer.split('/').pop()?.replace(/~1/g, '/').replace(/~0/g, '~');
      if (added && !present.has(added)) out.push({ change, ...anchor, used: added });
    }
  }
  return out;
}


/** Hits along a read path (JSONPath or pointer tokens) through the old schema `view`; `offset` places the tokens in the file. */
export function pathHits(index: ReleaseIndex, view: SchemaView | undefined, tokens: readonly PathToken[], direction: Direction, offset: number, pointerStyle = false, out: Hit[] = []): Hit[] {
  let current = view;
  for (const token of tokens) {
    if (!current) break;
    if (token.kind === 'index' || token.kind === 'wildcard') {
      current = index.step(current, '*')?.view;
      continue;
    }
    if (token.kind === 'filter') {
      const item = index.step(current, '*')?.view;
      for (const inner of token.inner ?? []) pathHits(index, item, inner, direction, offset, false, out);
      current = item;
      continue;
    }
    const name = token.name!;
    const step = token.kind === 'descendant' ? descend(index, current, name) : index.step(current, name);
    if (!step) break;
    if (step.entry) {
      for (const change of index.changesAt(direction, [step.entry.decl])) {
        if (change.kind === 'property-renamed' || change.kind === 'property-removed' || (change.kind === 'property-required-changed' && change.severity !== 'info')) {
          const to = renamedTo(change);
          out.push({ change, start: offset + token.start, end: offset + token.end, used: name, ...(to ? { replacement: pointerStyle ? to.replace(/~/g, '~0').replace(/\//g, '~1') : to } : {}) });
        }
      }
    }
    for (const change of index.changesAt(direction, step.view.sites)) {
      if (change.kind === 'type-changed' || (change.kind === 'nullable-changed' && change.severity !== 'info')) out.push({ change, start: offset + token.start, end: offset + token.end, used: name });
    }
    current = step.view;
  }
  return out;
}

/** `..name`: the nearest property of that name below, breadth first. */
function descend(index: ReleaseIndex, view: SchemaView, name: string): ReturnType<ReleaseIndex['step']> {
  let frontier: SchemaView[] = [view];
  const seen = new Set<object>();
  for (let depth = 0; depth < 8 && frontier.length; depth++) {
    const next: SchemaView[] = [];
    for (const v of frontier) {
      if (seen.has(v.at.node as object)) continue;
      seen.add(v.at.node as object);
      const direct = v.properties.has(name) ? index.step(v, name) : undefined;
      if (direct) return direct;
      for (const key of v.properties.keys()) {
        const s = index.step(v, key);
        if (s) next.push(s.view);
      }
      const item = index.step(v, '*');
      if (item) next.push(item.view);
    }
    frontier = next;
  }
  return undefined;
}
