// Walking a request schema along the JSON path at the cursor. Schemas from the index are
// resolved but may be cyclic (shared object references), and real documents mix `allOf`
// composition, `oneOf` variants, tuple `items` (Swagger 2 / draft 4) and `prefixItems` (3.1),
// so every step works on a set of candidate schemas and stops at ones already seen.

import type { JsonSchema } from '../openapi/types';

export type SchemaObject = { [key: string]: unknown };
export type PathSegment = string | number;

export interface PropertyInfo {
  name: string;
  schemas: SchemaObject[];
  required: boolean;
  description?: string;
  deprecated: boolean;
  readOnly: boolean;
}

const MAX_VARIANTS = 64;

export function asSchema(value: unknown): SchemaObject | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as SchemaObject) : undefined;
}

/** The schema and everything it is composed of (`allOf`, `oneOf`, `anyOf`), flattened once each. */
// Schemas in an index are never changed after loading, so what is derived from one schema
// object is kept with it: completion asks for the same few schemas on every keystroke.
const flatMemo = new WeakMap<SchemaObject, SchemaObject[]>();
const propertyMemo = new WeakMap<SchemaObject, PropertyInfo[]>();

export function flatten(schemas: readonly (JsonSchema | undefined)[]): SchemaObject[] {
  const single = schemas.length === 1 ? asSchema(schemas[0]) : undefined;
  if (single) {
    let flat = flatMemo.get(single);
    if (!flat) {
      flat = [];
      collect(single, flat, new Set());
      flatMemo.set(single, flat);
    }
    return flat;
  }
  const out: SchemaObject[] = [];
  const seen = new Set<SchemaObject>();
  for (const schema of schemas) collect(schema, out, seen);
  return out;
}

// Module-level rather than a closure per call: completion calls these on every keystroke.
function collect(value: unknown, out: SchemaObject[], seen: Set<SchemaObject>): void {
  const schema = asSchema(value);
  if (!schema || seen.has(schema) || out.length >= MAX_VARIANTS) return;
  seen.add(schema);
  out.push(schema);
  for (const key of COMPOSITION) {
    const list = schema[key];
    if (Array.isArray(list)) for (const item of list) collect(item, out, seen);
  }
}

const COMPOSITION = ['allOf', 'oneOf', 'anyOf'] as const;

/** Required names: from the schemas themselves and their `allOf` parts, not from one variant of a `oneOf`. */
function requiredNames(schemas: readonly (JsonSchema | undefined)[]): Set<string> {
  const names = new Set<string>();
  const seen = new Set<SchemaObject>();
  for (const schema of schemas) collectRequired(schema, names, seen);
  return names;
}

function collectRequired(value: unknown, names: Set<string>, seen: Set<SchemaObject>): void {
  const schema = asSchema(value);
  if (!schema || seen.has(schema)) return;
  seen.add(schema);
  if (Array.isArray(schema.required)) for (const name of schema.required) if (typeof name === 'string') names.add(name);
  if (Array.isArray(schema.allOf)) for (const part of schema.allOf) collectRequired(part, names, seen);
  for (const key of ['oneOf', 'anyOf'] as const) {
    const list = schema[key];
    if (Array.isArray(list) && list.length === 1) collectRequired(list[0], names, seen);
  }
}

export function properties(schemas: readonly (JsonSchema | undefined)[]): PropertyInfo[] {
  const single = schemas.length === 1 ? asSchema(schemas[0]) : undefined;
  if (!single) return collectProperties(schemas);
  let list = propertyMemo.get(single);
  if (!list) propertyMemo.set(single, (list = collectProperties(schemas)));
  return list;
}

function collectProperties(schemas: readonly (JsonSchema | undefined)[]): PropertyInfo[] {
  const required = requiredNames(schemas);
  const byName = new Map<string, PropertyInfo>();
  for (const schema of flatten(schemas)) {
    const props = asSchema(schema.properties);
    if (!props) continue;
    for (const [name, value] of Object.entries(props)) {
      const child = asSchema(value) ?? {};
      let info = byName.get(name);
      if (!info) {
        info = { name, schemas: [], required: required.has(name), deprecated: false, readOnly: false };
        byName.set(name, info);
      }
      info.schemas.push(child);
      const described = describe([child]);
      if (!info.description && described) info.description = described;
      const flat = flatten([child]);
      if (flat.some((s) => s.deprecated === true)) info.deprecated = true;
      if (flat.some((s) => s.readOnly === true)) info.readOnly = true;
    }
  }
  return [...byName.values()];
}

export function child(schemas: readonly (JsonSchema | undefined)[], segment: PathSegment): SchemaObject[] {
  const out: SchemaObject[] = [];
  for (const schema of flatten(schemas)) {
    if (typeof segment === 'string') {
      const own = asSchema(asSchema(schema.properties)?.[segment]);
      if (own) {
        out.push(own);
        continue;
      }
      const patterns = asSchema(schema.patternProperties);
      let matched = false;
      if (patterns) {
        for (const [pattern, value] of Object.entries(patterns)) {
          if (safeTest(pattern, segment) && asSchema(value)) {
            out.push(value as SchemaObject);
            matched = true;
          }
        }
      }
      const additional = asSchema(schema.additionalProperties);
      if (!matched && additional) out.push(additional);
    } else {
      const prefix = Array.isArray(schema.prefixItems) ? schema.prefixItems : Array.isArray(schema.items) ? schema.items : undefined;
      const positional = prefix ? asSchema(prefix[segment]) : undefined;
      if (positional) out.push(positional);
      else {
        const items = asSchema(schema.items) ?? asSchema(schema.additionalItems);
        if (items) out.push(items);
      }
    }
  }
  return out;
}

export function schemaAt(root: JsonSchema | undefined, path: readonly PathSegment[]): SchemaObject[] {
  let current: SchemaObject[] = flatten([root]).slice(0, 1);
  for (const segment of path) {
    current = child(current, segment);
    if (current.length === 0) break;
  }
  return current;
}

export function types(schemas: readonly (JsonSchema | undefined)[]): Set<string> {
  const out = new Set<string>();
  for (const schema of flatten(schemas)) {
    const type = schema.type;
    if (typeof type === 'string') out.add(type);
    else if (Array.isArray(type)) for (const t of type) if (typeof t === 'string') out.add(t);
    if (schema.nullable === true) out.add('null');
    if (schema.properties !== undefined && type === undefined) out.add('object');
    if (schema.items !== undefined && type === undefined) out.add('array');
  }
  return out;
}

/** Allowed literal values (`enum`, `const`, booleans); empty when the schema allows free values. */
export function enumValues(schemas: readonly (JsonSchema | undefined)[]): unknown[] {
  const values: unknown[] = [];
  const seen = new Set<string>();
  const flat = flatten(schemas);
  for (const schema of flat) {
    if (Array.isArray(schema.enum)) for (const value of schema.enum) addValue(value, values, seen);
    if ('const' in schema) addValue(schema.const, values, seen);
  }
  const kinds = types(schemas);
  if (kinds.has('boolean')) {
    addValue(true, values, seen);
    addValue(false, values, seen);
  }
  return values;
}

function addValue(value: unknown, values: unknown[], seen: Set<string>): void {
  const key = JSON.stringify(value);
  if (!seen.has(key)) {
    seen.add(key);
    values.push(value);
  }
}

export function describe(schemas: readonly (JsonSchema | undefined)[]): string | undefined {
  for (const schema of flatten(schemas)) {
    if (typeof schema.description === 'string' && schema.description.trim()) return schema.description.trim();
  }
  for (const schema of flatten(schemas)) {
    if (typeof schema.title === 'string' && schema.title.trim()) return schema.title.trim();
  }
  return undefined;
}

/** A short type label for details: `string (date-time)`, `array of object`, `enum`. */
export function typeLabel(schemas: readonly (JsonSchema | undefined)[]): string {
  const kinds = [...types(schemas)].filter((t) => t !== 'null');
  if (kinds.length === 0) return enumValues(schemas).length ? 'enum' : 'any';
  if (kinds.length === 1 && kinds[0] === 'array') {
    const items = child(schemas, 0);
    return items.length ? `array of ${typeLabel(items)}` : 'array';
  }
  const format = flatten(schemas).find((s) => typeof s.format === 'string')?.format;
  return kinds.join(' | ') + (typeof format === 'string' ? ` (${format})` : '');
}

function safeTest(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(value);
  } catch {
    return false;
  }
}

/**
 * Whether `key` may stand in an object of these schemas although no `properties` names it:
 * `allowed` when a schema says so explicitly (`additionalProperties` / `unevaluatedProperties`
 * true or a schema, a matching `patternProperties`), `closed` when one forbids it (the validator
 * reports that one), `undeclared` when the description is silent.
 */
export function extraProperty(schemas: readonly (JsonSchema | undefined)[], key: string): 'allowed' | 'closed' | 'undeclared' {
  let closed = false;
  for (const schema of flatten(schemas)) {
    for (const keyword of ['additionalProperties', 'unevaluatedProperties'] as const) {
      const value = schema[keyword];
      if (value === true || asSchema(value)) return 'allowed';
      if (value === false) closed = true;
    }
    const patterns = asSchema(schema.patternProperties);
    if (patterns && Object.keys(patterns).some((pattern) => safeTest(pattern, key))) return 'allowed';
  }
  return closed ? 'closed' : 'undeclared';
}
