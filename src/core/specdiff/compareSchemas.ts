// Two schemas of one place in two releases, compared property by property at any depth through
// `$ref`, `allOf`, `oneOf`/`anyOf`, `items` and `additionalProperties`. Each pair of definition
// sites is compared once per direction and the result reused wherever the pair recurs (a shared
// component used by fifty operations), so a 5 MB description costs one walk; a cycle is cut where
// it closes. Results carry the path from the pair's root, in old and in new names.

import type { Direction, SpecChange } from './types';
import type { ChangeLog } from './changeLog';
import type { ChangeTraits } from './classify';
import { siteKey, type Located, type SpecDocument } from './specDocument';
import { same, viewOf, type PropertyEntry, type SchemaView } from './schemaView';
import { pairRenames, type RenameSide, type ShapeLikeness } from './pairRenames';

export interface Found {
  change: SpecChange;
  /** Path below the compared root, in old names: `.relaties[*].type`. */
  rel: string;
  newRel: string;
}

interface Result {
  found: Found[];
  /** Cut by the depth or work bound: not kept for reuse. */
  truncated: boolean;
  /**
   * The shallowest pair still being compared that this result met again (a cycle), by depth;
   * Infinity when none. Below that pair the result lacks what the cycle leads back to, so it is
   * not kept for reuse: reached again from another place it is compared again, and its changes
   * are attributed there too.
   */
  cycleAt: number;
}

export interface CompareOptions {
  /** A rename the registry documents: where (which document says so), given the old and new name and the names around them. */
  documented?: (from: string, to: string, context: readonly string[]) => string | undefined;
  /** Values of parameters are serialised: one value is a valid array of one (form style). */
  serialised?: boolean;
}

const MAX_DEPTH = 40;
const MAX_REPORTED_DEPTH = 5;
const MAX_FOUND = 400;
const MAX_WORK = 2_000_000;
const UPPER = new Set(['maxLength', 'maxItems', 'maximum', 'maxProperties']);
const LOWER = new Set(['minLength', 'minItems', 'minimum', 'minProperties']);

const paths = new Map<string, string>();

export function propertyPath(name: string): string {
  let path = paths.get(name);
  if (path === undefined) {
    path = written(name);
    if (paths.size < 10_000) paths.set(name, path);
  }
  return path;
}

function written(name: string): string {
  return /^[A-Za-z_$@][\w$@-]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
}

function kindOf(types: readonly string[] | undefined): string | undefined {
  if (!types) return undefined;
  if (types.every((t) => t === 'object')) return 'object';
  if (types.every((t) => t === 'array')) return 'array';
  if (types.every((t) => t !== 'object' && t !== 'array')) return 'scalar';
  return 'mixed';
}

/** Does `b` accept every type `a` accepts (true), only some of them (false), or something else (undefined)? */
function widening(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean | undefined {
  if (!b) return true;
  if (!a) return false;
  const covers = (outer: readonly string[], inner: readonly string[]) => inner.every((t) => outer.includes(t) || (t === 'integer' && outer.includes('number')));
  if (covers(b, a)) return true;
  if (covers(a, b)) return false;
  return undefined;
}

function show(value: unknown): string {
  if (value === undefined) return 'none';
  return typeof value === 'string' && value !== '' ? value : JSON.stringify(value);
}

export class SchemaComparer {
  /** By pair of definition sites (node ids), direction and serialisation: one number, no string per look-up. */
  private readonly memo = new Map<number, Result>();
  /** The pairs being compared, with their depth. */
  private readonly active = new Map<number, number>();
  private work = 0;
  // A Map, not a WeakMap: the documents outlive the comparer anyway, and tens of thousands of
  // ephemerons made every young-generation GC walk them (GC was half of the diff's time).
  private readonly ids = new Map<object, number>();
  private readonly pointerIds = new Map<string, number>();

  /** A short key for a definition site: by node identity, by place for values that are no objects. */
  private idOf(at: Located): number {
    const node = at.node;
    if (typeof node === 'object' && node !== null) {
      let id = this.ids.get(node);
      if (id === undefined) this.ids.set(node, (id = this.nextId++));
      return id;
    }
    const key = siteKey(at);
    let id = this.pointerIds.get(key);
    if (id === undefined) this.pointerIds.set(key, (id = this.nextId++));
    return id;
  }
  private nextId = 0;

  constructor(
    private readonly oldDoc: SpecDocument,
    private readonly newDoc: SpecDocument,
    private readonly log: ChangeLog,
    private readonly options: CompareOptions = {},
  ) {}

  /**
   * Changes from `a` (old) to `b` (new) for the given direction. `label` names the place for
   * messages when the schema is not a named component ("query parameter 'pagina'").
   */
  compare(a: Located, b: Located, direction: Direction, label: string, serialised = false): Found[] {
    return this.pair(a, b, direction, label, 0, [], serialised).found;
  }

  private pair(a: Located, b: Located, direction: Direction, label: string, depth: number, context: readonly string[], serialised: boolean): Result {
    // Most pairs of a big description are leaves written alike in both releases (`type: string`,
    // a description, an example): with no `$ref` in them, equal text is an equal schema, and they
    // are passed without building a view of either (views were most of what a diff kept).
    if (plainEqual(a.node, b.node)) return UNCHANGED;
    // The pair is known by the nodes its `$ref`s lead to (what a view is built from): a pair met
    // again (a shared component, a cycle) is answered without looking up either view.
    const da = this.oldDoc.deref(a);
    const db = this.newDoc.deref(b);
    // (idA·4 + direction·2 + serialised)·2²⁴ + idB: exact below 2⁵³ while ids stay below 2²⁴ (16 M nodes)
    const key = (this.idOf(da) * 4 + (direction === 'request' ? 2 : 0) + (serialised ? 1 : 0)) * 0x1000000 + this.idOf(db);
    const known = this.memo.get(key);
    if (known) return known;
    const open = this.active.get(key);
    if (open !== undefined) return { found: NONE, truncated: false, cycleAt: open };
    if (depth > MAX_DEPTH || ++this.work > MAX_WORK) return { found: NONE, truncated: true, cycleAt: Infinity };
    const va = viewOf(this.oldDoc, da);
    const vb = viewOf(this.newDoc, db);
    this.active.set(key, depth);
    let cycleAt = Infinity;
    const out: Found[] = [];
    let truncated = false;
    const name = va.refName ?? label;
    const own = (change: SpecChange): void => {
      out.push({ change, rel: '', newRel: '' });
    };
    const record = (kind: Parameters<ChangeLog['record']>[0]['kind'], message: string, traits: ChangeTraits, extra: Partial<Parameters<ChangeLog['record']>[0]> = {}): void => {
      own(this.log.record({ kind, direction, traits, message: `${direction} ${message}`, old: va.at, new: vb.at, ...extra }));
    };
    // A change is listed under the places that reach it only a few levels up: a chain of schemas
    // that each refer to the previous one (`vorige` → `vorige` → …) would otherwise carry every
    // change below to every level above, quadratic in time and memory. The change itself is
    // recorded once where it sits; the impact map finds uses by site, not by these paths.
    const descend = (child: Result, rel: string, newRel: string): void => {
      truncated ||= child.truncated;
      if (child.cycleAt < cycleAt) cycleAt = child.cycleAt;
      // (indexed loops on the paths every pair takes: for…of makes an iterator result per step until the code is optimised)
      for (let i = 0; i < child.found.length; i++) {
        const f = child.found[i]!;
        if (out.length >= MAX_FOUND || depthOf(f.rel) >= MAX_REPORTED_DEPTH) continue;
        out.push({ change: f.change, rel: rel + f.rel, newRel: newRel + f.newRel });
      }
    };

    if (vb.unspecified && !va.unspecified) {
      record('schema-unspecified', `schema of ${name} is no longer specified (any value accepted)`, {});
    } else if (!this.scalarChanges(va, vb, name, serialised, record)) {
      this.propertyChanges(va, vb, direction, name, depth, context, record, descend);
      if (va.additionalProperties !== undefined && vb.additionalProperties !== undefined && typeof va.additionalProperties !== 'boolean' && typeof vb.additionalProperties !== 'boolean') {
        descend(this.pair(va.additionalProperties, vb.additionalProperties, direction, `${name} values`, depth + 1, context, false), '.*', '.*');
      } else if (closedness(va) !== closedness(vb) && kindOf(va.types) === 'object') {
        const wider = closedness(vb) === 'open';
        record('constraint-changed', `${name} ${wider ? 'now allows' : 'no longer allows'} properties it does not list`, { wider }, { detail: 'additionalProperties', before: closedness(va), after: closedness(vb) });
      }
      if (va.items && vb.items) descend(this.pair(va.items, vb.items, direction, `${name} items`, depth + 1, context, false), '[*]', '[*]');
      this.variantChanges(va, vb, direction, name, depth, context, record, descend);
    }

    this.active.delete(key);
    const result = dedupe(out);
    // a cycle back to this very pair only repeats it one level down: the result is whole
    if (cycleAt >= depth) cycleAt = Infinity;
    const whole: Result = { found: result, truncated, cycleAt };
    // kept as it is returned: a pair met again gets the same result object, nothing allocated
    if (!truncated && cycleAt === Infinity) this.memo.set(key, whole);
    return whole;
  }

  /** Type, nullability, format, enum, constraints, default. False when the kinds differ so much that nothing below compares. */
  private scalarChanges(va: SchemaView, vb: SchemaView, name: string, serialised: boolean, record: (kind: 'type-changed' | 'nullable-changed' | 'format-changed' | 'enum-values-added' | 'enum-values-removed' | 'constraint-changed' | 'default-changed', message: string, traits: ChangeTraits, extra?: { detail?: string; before?: unknown; after?: unknown }) => void): boolean {
    const ta = va.types?.join('|');
    const tb = vb.types?.join('|');
    let stop = false;
    if (ta !== tb) {
      const itemTypes = vb.items ? viewOf(this.newDoc, vb.items).types : undefined;
      // `?type=a` is still a valid array of one: a parameter that now takes a list is not broken.
      const oneIsAList = serialised && kindOf(va.types) === 'scalar' && kindOf(vb.types) === 'array' && widening(va.types, itemTypes) !== undefined;
      const wider = oneIsAList ? true : widening(va.types, vb.types);
      record('type-changed', `type of ${name} changed from ${ta ?? 'any'} to ${tb ?? 'any'}`, { wider, compatible: oneIsAList }, { before: ta ?? 'any', after: tb ?? 'any' });
      const ka = kindOf(va.types);
      const kb = kindOf(vb.types);
      stop = ka !== undefined && kb !== undefined && ka !== kb;
    }
    if (va.nullable !== vb.nullable) {
      record('nullable-changed', `${name} ${vb.nullable ? 'may now be null' : 'may no longer be null'}`, { became: vb.nullable }, { before: va.nullable, after: vb.nullable });
    }
    if (stop) return true;
    if (va.format !== vb.format) {
      const wider = vb.format === undefined ? true : undefined;
      record('format-changed', `format of ${name} changed from ${va.format ?? 'none'} to ${vb.format ?? 'none'}`, { wider }, { before: va.format ?? null, after: vb.format ?? null });
    }
    if (va.enum && vb.enum) {
      const added = vb.enum.filter((v) => !va.enum!.some((w) => same(v, w)));
      const removed = va.enum.filter((v) => !vb.enum!.some((w) => same(v, w)));
      if (added.length) record('enum-values-added', `${name} has new values ${added.map(show).join(', ')}`, {}, { after: added });
      if (removed.length) record('enum-values-removed', `${name} lost the values ${removed.map(show).join(', ')}`, {}, { before: removed });
    } else if (va.enum) {
      record('enum-values-added', `${name} is no longer limited to ${va.enum.map(show).join(', ')}`, {}, { detail: 'enum', before: va.enum, after: null });
    } else if (vb.enum) {
      record('enum-values-removed', `${name} is now limited to ${vb.enum.map(show).join(', ')}`, {}, { detail: 'enum', before: null, after: vb.enum });
    }
    for (const keyword of va.constraints.size || vb.constraints.size ? new Set([...va.constraints.keys(), ...vb.constraints.keys()]) : []) {
      const before = va.constraints.get(keyword);
      const after = vb.constraints.get(keyword);
      if (same(before, after)) continue;
      // A bound where there was none mostly writes down what the server already enforced: a
      // warning. A bound moved inwards is a real narrowing.
      let wider: boolean | undefined;
      if (after === undefined) wider = true;
      else if (before === undefined) wider = undefined;
      else if (UPPER.has(keyword)) wider = Number(after) > Number(before);
      else if (LOWER.has(keyword)) wider = Number(after) < Number(before);
      else if (keyword === 'uniqueItems') wider = after !== true;
      else wider = undefined;
      record('constraint-changed', `${keyword} of ${name} changed from ${show(before)} to ${show(after)}`, { wider }, { detail: keyword, before: before ?? null, after: after ?? null });
    }
    if (va.hasDefault && vb.hasDefault && String(va.default) !== String(vb.default) && !same(va.default, vb.default)) {
      record('default-changed', `default of ${name} changed from ${show(va.default)} to ${show(vb.default)}`, {}, { before: va.default, after: vb.default });
    }
    return false;
  }

  private propertyChanges(
    va: SchemaView,
    vb: SchemaView,
    direction: Direction,
    name: string,
    depth: number,
    context: readonly string[],
    record: (kind: 'property-added' | 'property-removed' | 'property-renamed' | 'property-required-changed' | 'property-read-only-changed' | 'property-deprecated', message: string, traits: ChangeTraits, extra?: Partial<Parameters<ChangeLog['record']>[0]>) => void,
    descend: (child: Result, rel: string, newRel: string) => void,
  ): void {
    if (va.properties.size === 0 && vb.properties.size === 0) return;
    // What a client sends never includes read-only properties; what it reads never write-only ones.
    const hidden = (p: PropertyEntry) => (direction === 'request' ? p.readOnly : p.writeOnly);
    const removed: PropertyEntry[] = [];
    const added: PropertyEntry[] = [];
    let keptCount = 0;
    va.properties.forEach((p) => {
      if (vb.properties.has(p.name)) keptCount++;
      else if (!hidden(p)) removed.push(p);
    });
    vb.properties.forEach((q) => {
      if (!va.properties.has(q.name) && !hidden(q)) added.push(q);
    });
    // The names around a place only serve documented renames: without those, nothing is gathered.
    const documented = this.options.documented;
    const around = (...names: string[]): readonly string[] => (documented ? [...names, ...context].slice(0, 4) : NO_CONTEXT);
    const renames = removed.length === 0 || added.length === 0 ? [] : pairRenames(
      removed.map((p) => renameSide(p, va)),
      added.map((q) => renameSide(q, vb)),
      (r, a) => this.shapeLikeness(removed[r]!, added[a]!),
      {
        untouched: keptCount > 0,
        ...(documented ? { documented: (from: string, to: string) => documented(from, to, [va.refName, vb.refName, ...context].filter((n): n is string => !!n)) } : {}),
      },
    );
    const renamedFrom = renames.length ? new Set(renames.map((r) => removed[r.removed]!.name)) : NO_NAMES;
    const renamedTo = renames.length ? new Set(renames.map((r) => added[r.added]!.name)) : NO_NAMES;
    const at = (p: PropertyEntry) => ({ source: p.decl.source, pointer: p.decl.pointer });
    const closed = vb.additionalProperties === false;
    for (const pair of renames) {
      const p = removed[pair.removed]!;
      const q = added[pair.added]!;
      record('property-renamed', `property '${p.name}' of ${name} renamed to '${q.name}' (${Math.round(pair.info.confidence * 100)}% sure)`, {}, { old: at(p), new: at(q), rename: pair.info });
      if (direction === 'request' && q.required && !p.required) {
        record('property-required-changed', `property '${q.name}' of ${name} (was '${p.name}') is now required`, { became: true }, { old: at(p), new: at(q) });
      }
      descend(this.pair(p.decl, q.decl, direction, `${name}.${q.name}`, depth + 1, around(p.name, q.name), false), propertyPath(p.name), propertyPath(q.name));
    }
    for (const p of removed) {
      if (renamedFrom.has(p.name)) continue;
      record('property-removed', `property '${p.name}' of ${name} was removed`, { closed }, { old: at(p), new: vb.at });
    }
    for (const q of added) {
      if (renamedTo.has(q.name)) continue;
      const required = q.required && direction === 'request';
      record('property-added', `${required ? 'required ' : ''}property '${q.name}' was added to ${name}`, { required }, { old: va.at, new: at(q) });
    }
    if (keptCount === 0) return;
    va.properties.forEach((p) => {
      const q = vb.properties.get(p.name);
      if (!q || (hidden(p) && hidden(q))) return;
      if (direction === 'request' && p.readOnly !== q.readOnly) {
        record('property-read-only-changed', `property '${p.name}' of ${name} ${q.readOnly ? 'became read-only (no longer sent)' : 'is no longer read-only'}`, { became: q.readOnly }, { old: at(p), new: at(q) });
        if (q.readOnly) return;
      }
      if (direction === 'response' && hidden(q)) return;
      if (p.required !== q.required) {
        record('property-required-changed', `property '${p.name}' of ${name} ${q.required ? 'is now required' : 'is no longer required'}`, { became: q.required }, { old: at(p), new: at(q) });
      }
      if (!p.deprecated && q.deprecated) record('property-deprecated', `property '${p.name}' of ${name} is deprecated`, { became: true }, { old: at(p), new: at(q) });
      descend(this.pair(p.decl, q.decl, direction, `${name}.${p.name}`, depth + 1, around(p.name), false), propertyPath(p.name), propertyPath(q.name));
    });
  }

  private shapeLikeness(p: PropertyEntry, q: PropertyEntry): ShapeLikeness {
    const va = viewOf(this.oldDoc, p.decl);
    const vb = viewOf(this.newDoc, q.decl);
    const ka = kindOf(va.types);
    const kb = kindOf(vb.types);
    if (ka && kb && ka !== kb) return { compatible: false, score: 0, exact: false };
    if (ka === 'scalar' && kb === 'scalar' && widening(va.types, vb.types) === undefined && !(va.types!.includes('string') || vb.types!.includes('string'))) {
      return { compatible: false, score: 0, exact: false };
    }
    const exact = va.types?.join() === vb.types?.join() && va.format === vb.format && same(va.enum, vb.enum) && p.required === q.required && va.nullable === vb.nullable;
    if (va.refName && va.refName === vb.refName) return { compatible: true, score: 0.6, why: `both ${va.refName}`, exact };
    if (va.enum && vb.enum && va.enum.length && same(va.enum, vb.enum)) return { compatible: true, score: 0.7, why: 'same enum values', exact };
    if (va.properties.size && vb.properties.size) {
      const a = [...va.properties.keys()];
      const b = new Set(vb.properties.keys());
      const common = a.filter((k) => b.has(k)).length;
      const jaccard = common / new Set([...a, ...b]).size;
      if (jaccard > 0) return { compatible: true, score: 0.55 * jaccard, why: `shared properties ${a.filter((k) => b.has(k)).join(', ')}`, exact };
    }
    if (va.items && vb.items) {
      const ia = viewOf(this.oldDoc, va.items);
      const ib = viewOf(this.newDoc, vb.items);
      if (ia.refName && ia.refName === ib.refName) return { compatible: true, score: 0.5, why: `both lists of ${ia.refName}`, exact };
    }
    return { compatible: true, score: exact ? 0.2 : 0.1, ...(exact ? { why: `same type ${va.types?.join('|') ?? 'any'}` } : {}), exact };
  }

  private variantChanges(
    va: SchemaView,
    vb: SchemaView,
    direction: Direction,
    name: string,
    depth: number,
    context: readonly string[],
    record: (kind: 'variant-added' | 'variant-removed', message: string, traits: ChangeTraits, extra?: Partial<Parameters<ChangeLog['record']>[0]>) => void,
    descend: (child: Result, rel: string, newRel: string) => void,
  ): void {
    const la = va.variants?.list ?? [];
    const lb = vb.variants?.list ?? [];
    if (!la.length && !lb.length) return;
    const views = (doc: SpecDocument, list: Located[]) => list.map((v) => viewOf(doc, v));
    const a = views(this.oldDoc, la);
    const b = views(this.newDoc, lb);
    // The discriminator value a variant stands for: from the mapping, else its one-value enum.
    const valueOf = (view: SchemaView, owner: SchemaView, doc: SpecDocument): string | undefined => {
      for (const [value, ref] of owner.discriminator?.mapping ?? []) if (view.refName && ref.endsWith(`/${view.refName}`)) return value;
      const property = owner.discriminator?.propertyName;
      const entry = property ? view.properties.get(property) : undefined;
      const values = entry ? viewOf(doc, entry.decl).enum : undefined;
      return values?.length === 1 ? String(values[0]) : undefined;
    };
    const pairs: [number, number][] = [];
    const usedA = new Set<number>();
    const usedB = new Set<number>();
    const tryPair = (match: (x: SchemaView, y: SchemaView) => boolean): void => {
      a.forEach((x, i) => {
        if (usedA.has(i)) return;
        const j = b.findIndex((y, k) => !usedB.has(k) && match(x, y));
        if (j >= 0) {
          pairs.push([i, j]);
          usedA.add(i);
          usedB.add(j);
        }
      });
    };
    tryPair((x, y) => !!x.refName && x.refName === y.refName);
    tryPair((x, y) => {
      const vx = valueOf(x, va, this.oldDoc);
      return vx !== undefined && vx === valueOf(y, vb, this.newDoc);
    });
    tryPair((x, y) => !!x.title && x.title === y.title);
    if (a.length - usedA.size === b.length - usedB.size) {
      const restA = a.map((_, i) => i).filter((i) => !usedA.has(i));
      const restB = b.map((_, i) => i).filter((i) => !usedB.has(i));
      restA.forEach((i, n) => {
        pairs.push([i, restB[n]!]);
        usedA.add(i);
        usedB.add(restB[n]!);
      });
    }
    const label = (view: SchemaView, i: number) => view.refName ?? view.title ?? `variant ${i + 1}`;
    a.forEach((x, i) => {
      if (!usedA.has(i)) record('variant-removed', `${name} no longer allows the variant ${label(x, i)}`, {}, { old: x.at, new: vb.at, detail: label(x, i) });
    });
    b.forEach((y, j) => {
      if (!usedB.has(j)) record('variant-added', `${name} allows a new variant ${label(y, j)}`, {}, { old: va.at, new: y.at, detail: label(y, j) });
    });
    for (const [i, j] of pairs) descend(this.pair(la[i]!, lb[j]!, direction, label(b[j]!, j), depth + 1, context, false), '', '');
  }
}

/** A removed or added property as pairRenames weighs it: name, description, place among its view's properties. */
function renameSide(entry: PropertyEntry, view: SchemaView): RenameSide {
  let position = 0;
  for (const key of view.properties.keys()) {
    if (key === entry.name) break;
    position++;
  }
  const side: RenameSide = { name: entry.name, position: position < view.properties.size ? position : -1 };
  if (entry.description) side.description = entry.description;
  return side;
}

function depthOf(rel: string): number {
  let n = 0;
  for (let i = 0; i < rel.length; i++) if (rel[i] === '.' || rel[i] === '[') n++;
  return n;
}

function closedness(view: SchemaView): 'open' | 'closed' {
  return view.additionalProperties === false ? 'closed' : 'open';
}

const NONE = Object.freeze([]) as unknown as Found[];
const UNCHANGED: Result = Object.freeze({ found: NONE, truncated: false, cycleAt: Infinity }) as Result;

/** Nodes a leaf comparison looks at before it gives up (a large inline schema is compared the long way). */
const PLAIN_BUDGET = 64;
let plainLeft = 0;

/**
 * Are two schema nodes written alike, with no `$ref` anywhere in them (so nothing outside them
 * decides what they mean)? Keys in any order; small nodes only.
 */
export function plainEqual(a: unknown, b: unknown): boolean {
  plainLeft = PLAIN_BUDGET;
  return typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && equalNodes(a, b);
}

function equalNodes(a: unknown, b: unknown): boolean {
  if (a === b) return typeof a !== 'object' || a === null;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (--plainLeft < 0) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!equalNodes(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let count = 0;
  for (const key in x) {
    if (key === '$ref' || !Object.prototype.hasOwnProperty.call(y, key) || !equalNodes(x[key], y[key])) return false;
    count++;
  }
  for (const _ in y) count--;
  return count === 0;
}
const NO_CONTEXT: readonly string[] = Object.freeze([]);
const NO_NAMES: ReadonlySet<string> = new Set();

function eachChangeOnce(found: readonly Found[]): boolean {
  for (let i = 1; i < found.length; i++) {
    // by id, as dedupe groups them (two changes could share an id's eight hex digits)
    const id = found[i]!.change.id;
    for (let j = 0; j < i; j++) if (found[j]!.change.id === id) return false;
  }
  return true;
}

function dedupe(found: Found[]): Found[] {
  // most pairs (a string property against a string property) change nothing
  if (found.length === 0) return NONE;
  if (found.length === 1) return found;
  // Mostly each change is reached once (a component's own changes and those a level or two
  // down): then nothing is dropped or reordered, and no key string or map is made.
  if (found.length <= 16 && eachChangeOnce(found)) return found;
  const best = new Map<string, Found>();
  for (const f of found) {
    const key = `${f.change.id}\u0000${f.rel}`;
    if (!best.has(key)) best.set(key, f);
  }
  // a change reached along several paths keeps its two shortest, so lists stay small on big graphs
  const byChange = new Map<string, Found[]>();
  for (const f of best.values()) {
    const list = byChange.get(f.change.id) ?? [];
    list.push(f);
    byChange.set(f.change.id, list);
  }
  const out: Found[] = [];
  for (const list of byChange.values()) out.push(...list.sort((x, y) => x.rel.length - y.rel.length).slice(0, 2));
  return out;
}
