import type { JsonSchema } from './types';

// The index keeps schemas as resolved object graphs (shared objects, cycles). Ajv needs a tree,
// and plain JSON Schema rather than OpenAPI's dialect. This turns one into the other: every object
// reached more than once becomes a lazy reference (`lazyRef`), validated by its own validator
// compiled on first use, so neither cycles nor long chains of schemas (thousands deep in big
// documents) make Ajv recurse at compile time. OpenAPI 3.0 `nullable` / Swagger `x-nullable`
// become a `null` type, and readOnly/writeOnly properties stop being required in the direction
// they are not sent.

export type SchemaDirection = 'request' | 'response';

type Obj = Record<string, unknown>;

const MAP_KEYWORDS = ['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas'];
const SCHEMA_KEYWORDS = [
  'items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames',
  'unevaluatedProperties', 'unevaluatedItems', 'additionalItems', 'contentSchema',
];
const LIST_KEYWORDS = ['allOf', 'anyOf', 'oneOf', 'prefixItems', 'items'];
// Annotation-only or OpenAPI-only keywords that Ajv would trip over or that only cost compile time.
const DROPPED = new Set([
  '$id', '$schema', 'id', '$anchor', '$dynamicAnchor', '$comment', 'example', 'examples', 'xml', 'externalDocs',
  'discriminator', 'nullable', 'x-nullable', 'deprecated', 'description', 'title', 'readOnly', 'writeOnly',
]);

const MAX_INLINE_DEPTH = 24;

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function children(node: Obj): unknown[] {
  const out: unknown[] = [];
  for (const key of MAP_KEYWORDS) if (isObj(node[key])) out.push(...Object.values(node[key] as Obj));
  for (const key of SCHEMA_KEYWORDS) if (isObj(node[key]) || typeof node[key] === 'boolean') out.push(node[key]);
  for (const key of LIST_KEYWORDS) if (Array.isArray(node[key])) out.push(...(node[key] as unknown[]));
  return out;
}

export function toAjvSchema(
  root: JsonSchema,
  direction: SchemaDirection,
  openApiNullable: boolean,
  lazyRef: (shared: Obj) => Obj,
): JsonSchema {
  if (typeof root === 'boolean') return root;
  // Pass 1: which objects are reached twice (shared or cyclic)? Only as deep as pass 2 inlines.
  const seen = new Set<Obj>();
  const shared = new Set<Obj>();
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (!isObj(node)) continue;
    if (seen.has(node)) {
      shared.add(node);
      continue;
    }
    seen.add(node);
    if (depth < MAX_INLINE_DEPTH) for (const child of children(node)) stack.push([child, depth + 1]);
  }
  const convert = (value: unknown, depth: number): unknown => {
    if (!isObj(value)) return value;
    // shared objects, and anything nested deeper than a schema is usually written, get their own
    // validator: compiling stays shallow however the document's schemas are chained
    if (shared.has(value) || value === root || depth > MAX_INLINE_DEPTH) return lazyRef(value);
    return convertObject(value, depth);
  };
  const convertObject = (node: Obj, depth: number): Obj => {
    const out: Obj = {};
    for (const [key, value] of Object.entries(node)) {
      if (DROPPED.has(key) || key.startsWith('x-')) continue;
      if (MAP_KEYWORDS.includes(key) && isObj(value)) {
        const map: Obj = {};
        for (const [name, child] of Object.entries(value)) map[name] = convert(child, depth + 1);
        out[key] = map;
      } else if (LIST_KEYWORDS.includes(key) && Array.isArray(value)) {
        out[key] = value.map((child) => convert(child, depth + 1));
      } else if (SCHEMA_KEYWORDS.includes(key)) {
        out[key] = convert(value, depth + 1);
      } else {
        out[key] = value;
      }
    }
    if (out.type === 'file') delete out.type;
    const hidden = direction === 'request' ? 'readOnly' : 'writeOnly';
    if (Array.isArray(out.required) && isObj(node.properties)) {
      const props = node.properties as Obj;
      out.required = out.required.filter((name) => !(isObj(props[String(name)]) && (props[String(name)] as Obj)[hidden] === true));
      if ((out.required as unknown[]).length === 0) delete out.required;
    }
    if (openApiNullable && (node.nullable === true || node['x-nullable'] === true)) return nullable(out);
    return out;
  };
  return convertObject(root, 0);
}

function nullable(schema: Obj): Obj {
  if (typeof schema.type === 'string') {
    schema.type = [schema.type, 'null'];
    if (Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum = [...schema.enum, null];
    return schema;
  }
  if (Array.isArray(schema.type)) {
    if (!schema.type.includes('null')) schema.type = [...schema.type, 'null'];
    return schema;
  }
  return { anyOf: [schema, { type: 'null' }] };
}
