// A schema as a client sees it, whatever way the document writes it: `$ref`s followed, `allOf`
// parts merged, nullability read from OpenAPI 3.0 `nullable`, Swagger 2.0 `x-nullable` and 3.1
// type arrays / `null` variants alike, a lone non-null `oneOf`/`anyOf` variant taken as the
// schema itself, and `type: object` / `array` inferred from `properties` / `items`. Two releases
// that say the same thing in different words give equal views, so generator churn is no change.

import { child, ChildLocated, isObj, type Located, type Obj, type SpecDocument } from './specDocument';

export interface PropertyEntry {
  name: string;
  /** The property's schema where it is declared (`…/properties/name`), before its `$ref`. */
  decl: Located;
  required: boolean;
  readOnly: boolean;
  writeOnly: boolean;
  deprecated: boolean;
  description?: string;
}

export interface SchemaView {
  /** The schema node after `$ref` (for a merged allOf: the node that holds the allOf). */
  at: Located;
  /** Every node that makes up the view (the node and its allOf parts), for site look-ups. */
  sites: Located[];
  /** Declared JSON types without `null`; undefined when any type goes. */
  types?: string[];
  nullable: boolean;
  format?: string;
  /** Allowed values without `null`. */
  enum?: unknown[];
  properties: Map<string, PropertyEntry>;
  additionalProperties?: Located | boolean;
  items?: Located;
  variants?: { kind: 'oneOf' | 'anyOf'; list: Located[] };
  discriminator?: { propertyName?: string; mapping: Map<string, string> };
  readOnly: boolean;
  writeOnly: boolean;
  deprecated: boolean;
  description?: string;
  title?: string;
  hasDefault: boolean;
  default?: unknown;
  constraints: Map<string, unknown>;
  /** `Contactgegeventype` when the node is a named component schema. */
  refName?: string;
  /** No properties, items, variants, types other than object, and any property allowed: "anything". */
  unspecified: boolean;
  /** `required` names an allOf part declares later: settled once every part is merged. */
  pendingRequired?: Set<string>;
}

const CONSTRAINTS = ['maxLength', 'minLength', 'pattern', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'maxItems', 'minItems', 'uniqueItems', 'multipleOf', 'maxProperties', 'minProperties'];

export function componentName(at: { pointer: string }): string | undefined {
  if (at instanceof ChildLocated) {
    // Asked of every schema, inline ones under an operation too: the parent's pointer is written
    // out only when its own key could end `/components/schemas` or `/definitions` (building the
    // pointers of every operation's media types was most of the strings a diff kept).
    const up = at.parent;
    if (up instanceof ChildLocated && String(up.key) !== 'schemas' && String(up.key) !== 'definitions') return undefined;
    const parent = up.pointer;
    return parent === '/components/schemas' || parent === '/definitions' ? String(at.key) : undefined;
  }
  const m = /^\/(?:components\/schemas|definitions)\/([^/]+)$/.exec(at.pointer);
  return m ? m[1]!.replace(/~1/g, '/').replace(/~0/g, '~') : undefined;
}

// Most views have no properties or constraints: they share these until they get some of their own.
const NO_PROPERTIES: ReadonlyMap<string, PropertyEntry> = new Map();
const NO_CONSTRAINTS: ReadonlyMap<string, unknown> = new Map();

const NOT_REQUIRED: ReadonlySet<string> = new Set();

function ownProperties(view: SchemaView): Map<string, PropertyEntry> {
  if (view.properties === NO_PROPERTIES) view.properties = new Map();
  return view.properties;
}

function ownConstraints(view: SchemaView): Map<string, unknown> {
  if (view.constraints === NO_CONSTRAINTS) view.constraints = new Map();
  return view.constraints;
}

function typesOf(node: Obj): { types?: string[]; nullable: boolean } {
  const raw = node.type;
  let nullable = node.nullable === true || node['x-nullable'] === true;
  if (typeof raw === 'string' && raw !== 'null') return { types: [raw], nullable };
  let list: string[] | undefined;
  if (typeof raw === 'string') list = [raw];
  else if (Array.isArray(raw)) list = raw.filter((t): t is string => typeof t === 'string');
  if (list?.includes('null')) {
    nullable = true;
    list = list.filter((t) => t !== 'null');
  }
  if (list && list.length === 0) list = undefined;
  return { ...(list ? { types: [...new Set(list)].sort() } : {}), nullable };
}

function isNullOnly(doc: SpecDocument, at: Located): boolean {
  const node = doc.deref(at).node;
  if (!isObj(node)) return false;
  if (node.type === 'null') return true;
  if (Array.isArray(node.enum) && node.enum.length === 1 && node.enum[0] === null) return true;
  return 'const' in node && node.const === null;
}

function listOf(doc: SpecDocument, at: Located, key: string): Located[] {
  const list = child(at, key);
  if (!list || !Array.isArray(list.node)) return [];
  return list.node.map((_, i) => child(list, i)!).filter((x) => x !== undefined).map((x) => doc.deref(x));
}

// Views are read-only once built and asked for again and again while one place is compared
// (both directions, rename candidates, the operations of one resource), rarely after: a compared
// pair is kept by the comparer's memo, not by its views. So the recently used ones are kept, two
// generations of VIEWS_KEPT: keeping every view of a 5 MB description (a Map, an entry and a
// located node per property) was a third of what a diff kept alive, all of it copied out of the
// young generation by the GC, and a view is cheaper to build again than to keep.
// The tables are Maps held by the document's entry (not WeakMaps: tens of thousands of
// ephemerons made every young-generation GC walk them); they go when the document goes.
const VIEWS_KEPT = 64;
const views = new WeakMap<SpecDocument, { recent: Map<object, SchemaView>; older: Map<object, SchemaView> }>();

export function viewOf(doc: SpecDocument, schema: Located): SchemaView {
  const at = doc.deref(schema);
  const node = at.node;
  if (typeof node !== 'object' || node === null) return buildView(doc, at);
  let cache = views.get(doc);
  if (!cache) views.set(doc, (cache = { recent: new Map(), older: new Map() }));
  let view = cache.recent.get(node);
  if (view) return view;
  view = cache.older.get(node) ?? buildView(doc, at);
  if (cache.recent.size >= VIEWS_KEPT) {
    cache.older = cache.recent;
    cache.recent = new Map();
  }
  cache.recent.set(node, view);
  return view;
}

function buildView(doc: SpecDocument, at: Located): SchemaView {
  const view: SchemaView = {
    at,
    sites: [],
    nullable: false,
    properties: NO_PROPERTIES as Map<string, PropertyEntry>,
    readOnly: false,
    writeOnly: false,
    deprecated: false,
    hasDefault: false,
    constraints: NO_CONSTRAINTS as Map<string, unknown>,
    unspecified: false,
  };
  const name = componentName(at);
  if (name) view.refName = name;
  merge(doc, view, at, 0, true);
  if (!view.types) {
    if (view.properties.size || view.additionalProperties !== undefined) view.types = ['object'];
    else if (view.items) view.types = ['array'];
    else if (view.enum?.length) view.types = [...new Set(view.enum.map(jsonType))].sort();
  }
  // `oneOf: [X, {type: null}]` is X, nullable.
  if (view.variants) {
    const real = view.variants.list.filter((v) => !isNullOnly(doc, v));
    if (real.length < view.variants.list.length) view.nullable = true;
    const parts = real.map((v) => viewOf(doc, v));
    if (real.length > 1 && parts.every((v) => v.enum && kindOfTypes(v.types) === 'scalar' && v.properties.size === 0)) {
      // drf-spectacular's `oneOf: [XEnum, BlankEnum]`: one enum of all their values.
      view.variants = undefined;
      view.enum = [];
      for (const part of parts) for (const value of part.enum!) if (!view.enum.some((v) => same(v, value))) view.enum.push(value);
      view.types ??= [...new Set(parts.flatMap((v) => v.types ?? []))].sort();
      view.sites.push(...parts.flatMap((v) => v.sites));
    } else if (real.length === 1) {
      const only = parts[0]!;
      view.variants = undefined;
      absorb(view, only);
    } else {
      view.variants = real.length ? { kind: view.variants.kind, list: real } : undefined;
    }
  }
  view.unspecified =
    view.properties.size === 0 &&
    !view.items &&
    !view.variants &&
    view.enum === undefined &&
    (view.types === undefined || (view.types.length === 1 && view.types[0] === 'object')) &&
    view.additionalProperties !== false &&
    (view.additionalProperties === undefined || view.additionalProperties === true || (isObj(view.additionalProperties.node) && Object.keys(view.additionalProperties.node).length === 0));
  return view;
}

/** A lone variant's view folded into the wrapper's, keeping the wrapper's own words where it has them. */
function absorb(view: SchemaView, only: SchemaView): void {
  view.sites.push(...only.sites);
  view.types ??= only.types;
  view.nullable ||= only.nullable;
  view.format ??= only.format;
  view.enum ??= only.enum;
  for (const [key, entry] of only.properties) if (!view.properties.has(key)) ownProperties(view).set(key, entry);
  view.additionalProperties ??= only.additionalProperties;
  view.items ??= only.items;
  view.variants = only.variants;
  view.discriminator ??= only.discriminator;
  for (const [key, value] of only.constraints) if (!view.constraints.has(key)) ownConstraints(view).set(key, value);
  if (!view.hasDefault && only.hasDefault) {
    view.hasDefault = true;
    view.default = only.default;
  }
  view.refName ??= only.refName;
  view.description ??= only.description;
}

function merge(doc: SpecDocument, view: SchemaView, at: Located, depth: number, own: boolean): void {
  const node = at.node;
  if (!isObj(node) || depth > 16) return;
  view.sites.push(at);
  const { types, nullable } = typesOf(node);
  if (types) view.types = view.types ? view.types.filter((t) => types.includes(t) || (t === 'number' && types.includes('integer'))) : types;
  view.nullable ||= nullable;
  if (typeof node.format === 'string') view.format ??= node.format;
  if (Array.isArray(node.enum)) {
    const values = node.enum.filter((v) => v !== null);
    if (node.enum.includes(null)) view.nullable = true;
    view.enum = view.enum ? view.enum.filter((v) => values.some((w) => same(v, w))) : values;
  } else if ('const' in node && node.const !== null) {
    view.enum ??= [node.const];
  }
  if (node.readOnly === true) view.readOnly = true;
  if (node.writeOnly === true) view.writeOnly = true;
  if (node.deprecated === true) view.deprecated = true;
  if (typeof node.description === 'string') view.description ??= node.description;
  if (typeof node.title === 'string') view.title ??= node.title;
  if ('default' in node && !view.hasDefault) {
    view.hasDefault = true;
    view.default = node.default;
  }
  // (indexed loops: every schema node a diff looks at passes here, mostly in unoptimised code)
  for (let i = 0; i < CONSTRAINTS.length; i++) {
    const key = CONSTRAINTS[i]!;
    if (node[key] !== undefined && !view.constraints.has(key)) ownConstraints(view).set(key, node[key]);
  }
  const required = Array.isArray(node.required) ? new Set(node.required.filter((r): r is string => typeof r === 'string')) : NOT_REQUIRED;
  const props = child<Obj>(at, 'properties');
  if (props && isObj(props.node)) {
    const keys = Object.keys(props.node);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const decl = child(props, key)!;
      const resolved = doc.deref(decl).node;
      const flags = isObj(resolved) ? resolved : {};
      const declared = isObj(decl.node) ? decl.node : {};
      const existing = view.properties.get(key);
      if (existing) {
        if (required.has(key)) existing.required = true;
        continue;
      }
      const entry: PropertyEntry = {
        name: key,
        decl,
        required: required.has(key),
        readOnly: declared.readOnly === true || flags.readOnly === true,
        writeOnly: declared.writeOnly === true || flags.writeOnly === true,
        deprecated: declared.deprecated === true || flags.deprecated === true,
      };
      const description = typeof declared.description === 'string' ? declared.description : typeof flags.description === 'string' ? flags.description : undefined;
      if (description) entry.description = description;
      ownProperties(view).set(key, entry);
    }
  }
  // `required` may name properties another allOf part declares
  required.forEach((key) => {
    const entry = view.properties.get(key);
    if (entry) entry.required = true;
    else (view.pendingRequired ??= new Set()).add(key);
  });
  if (node.additionalProperties !== undefined && view.additionalProperties === undefined) {
    view.additionalProperties = typeof node.additionalProperties === 'boolean' ? node.additionalProperties : child(at, 'additionalProperties')!;
  }
  if (node.items !== undefined && !Array.isArray(node.items) && !view.items) view.items = child(at, 'items')!;
  if (isObj(node.discriminator) && !view.discriminator) {
    const mapping = isObj(node.discriminator.mapping) ? node.discriminator.mapping : {};
    view.discriminator = {
      ...(typeof node.discriminator.propertyName === 'string' ? { propertyName: node.discriminator.propertyName } : {}),
      mapping: new Map(Object.entries(mapping).filter((e): e is [string, string] => typeof e[1] === 'string')),
    };
  } else if (typeof node.discriminator === 'string' && !view.discriminator) {
    view.discriminator = { propertyName: node.discriminator, mapping: new Map() };
  }
  if (node.oneOf !== undefined || node.anyOf !== undefined) {
    for (const kind of ['oneOf', 'anyOf'] as const) {
      const list = listOf(doc, at, kind);
      if (list.length && !view.variants) view.variants = { kind, list };
    }
  }
  if (node.allOf !== undefined) for (const part of listOf(doc, at, 'allOf')) merge(doc, view, part, depth + 1, false);
  if (own && view.pendingRequired) {
    for (const key of view.pendingRequired) {
      const entry = view.properties.get(key);
      if (entry) entry.required = true;
    }
  }
}

function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return value === null ? 'null' : typeof value;
}

function kindOfTypes(types: readonly string[] | undefined): string | undefined {
  if (!types) return undefined;
  return types.every((t) => t !== 'object' && t !== 'array') ? 'scalar' : 'structured';
}

export function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || typeof a !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}
