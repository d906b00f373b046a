import type {
  HttpMethod,
  JsonSchema,
  MediaTypeInfo,
  OpenApiIndex,
  OperationInfo,
  ParameterInfo,
  ResponseInfo,
} from './types';
import { pointerOf } from './jsonPointer';
import { yieldToEventLoop } from './documentSource';
import { throwIfAborted } from './OpenApiError';
import type { RefResolver } from './resolveRefs';

// Turns a resolved document (every `$ref` already replaced by its target) into the index. Swagger
// 2.0 is brought to the OpenAPI 3 shape here, so nothing downstream knows the dialects apart.

type Obj = Record<string, unknown>;

const METHODS: HttpMethod[] = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'];
// Swagger 2.0 parameter/header/items fields that are JSON Schema keywords.
const SWAGGER_SCHEMA_FIELDS = [
  'type', 'format', 'items', 'collectionFormat', 'default', 'maximum', 'exclusiveMaximum', 'minimum',
  'exclusiveMinimum', 'maxLength', 'minLength', 'pattern', 'maxItems', 'minItems', 'uniqueItems', 'enum',
  'multipleOf',
];

function obj(value: unknown): Obj | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Obj) : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function schemaOf(value: unknown): JsonSchema | undefined {
  return typeof value === 'boolean' ? value : obj(value);
}

export interface BuildIndexOptions {
  source: string;
  lines: Map<string, number>;
  signal?: AbortSignal;
  /**
   * Given when the document's `$ref`s are still in place: each operation's parameters, body and
   * responses (and each named schema) are resolved on first use, so a big description costs only
   * what is looked at. Without it the document must be resolved already.
   */
  resolver?: RefResolver;
}

/**
 * Defines `key` on `target` as a value computed on first read (then kept as a plain property):
 * spread, `JSON.stringify` and structured clone see it like any other property.
 */
export function defineLazy<T extends object, K extends PropertyKey>(target: T, key: K, compute: () => unknown): void {
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get() {
      const value = compute();
      Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
      return value;
    },
    set(value: unknown) {
      Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
    },
  });
}

export async function buildIndex(doc: Obj, options: BuildIndexOptions): Promise<OpenApiIndex> {
  const swagger2 = str(doc.swagger) !== undefined;
  const specVersion = str(doc.swagger) ?? str(doc.openapi) ?? String(doc.openapi ?? doc.swagger ?? '');
  const { resolver, source } = options;
  // Only the parts read here are resolved now: servers, info and tags rarely hold a `$ref`.
  if (resolver) for (const key of ['info', 'servers', 'tags']) if (obj(doc)?.[key] !== undefined) resolver.resolveBelow(doc, key, source, [key]);
  const info = obj(doc.info) ?? {};
  const basePath = swagger2 ? (str(doc.basePath) ?? '').replace(/\/+$/, '') : '';
  const operations: OperationInfo[] = [];
  const paths = obj(doc.paths) ?? {};
  let lastYield = Date.now();
  for (const path of Object.keys(paths)) {
    if (path.startsWith('x-')) continue;
    const item = obj(resolver ? resolver.resolveHere(paths, path, source, ['paths', path]) : paths[path]);
    if (!item) continue;
    for (const method of METHODS) {
      const key = method.toLowerCase();
      const op = obj(resolver ? resolver.resolveHere(item, key, source, ['paths', path, key]) : item[key]);
      if (!op) continue;
      operations.push(operation(doc, item, op, method, path, basePath, swagger2, options));
    }
    if (Date.now() - lastYield > 12) {
      await yieldToEventLoop();
      throwIfAborted(options.signal, options.source);
      lastYield = Date.now();
    }
  }
  const named = swagger2 ? obj(doc.definitions) : obj(obj(doc.components)?.schemas);
  const schemas: Record<string, JsonSchema> = {};
  for (const name of Object.keys(named ?? {})) {
    const value = named![name];
    if (schemaOf(value) === undefined) continue;
    if (!resolver) schemas[name] = schemaOf(value)!;
    else {
      const keys = swagger2 ? ['definitions', name] : ['components', 'schemas', name];
      defineLazy(schemas, name, () => {
        resolver.resolveBelow(named!, name, source, keys);
        return schemaOf(named![name]);
      });
    }
  }
  return {
    source: options.source,
    specVersion,
    title: str(info.title) ?? '',
    version: str(info.version) ?? String(info.version ?? ''),
    description: str(info.description),
    servers: swagger2 ? swaggerServers(doc) : openApiServers(doc.servers),
    tags: (Array.isArray(doc.tags) ? doc.tags : []).flatMap((t) => {
      const tag = obj(t);
      const name = str(tag?.name);
      return name ? [{ name, description: str(tag?.description) }] : [];
    }),
    operations,
    schemas,
  };
}

function openApiServers(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((s) => {
    const server = obj(s);
    const url = str(server?.url);
    if (url === undefined) return [];
    const variables = obj(server?.variables) ?? {};
    return [url.replace(/\{([^}]+)\}/g, (whole, name: string) => str(obj(variables[name])?.default) ?? whole)];
  });
}

/** Scheme and host only: the basePath is already part of every operation's path. */
function swaggerServers(doc: Obj): string[] {
  const host = str(doc.host);
  if (!host) return [];
  const schemes = Array.isArray(doc.schemes) ? doc.schemes.filter((s): s is string => typeof s === 'string') : [];
  return (schemes.length ? schemes : ['https']).map((scheme) => `${scheme}://${host}`);
}

function operation(
  doc: Obj,
  item: Obj,
  op: Obj,
  method: HttpMethod,
  path: string,
  basePath: string,
  swagger2: boolean,
  options: BuildIndexOptions,
): OperationInfo {
  const { resolver, source } = options;
  const fullPath = basePath + path;
  const key = method.toLowerCase();
  const pointer = pointerOf(['paths', path, key]);
  const line = options.lines.get(`${path} ${key}`) ?? options.lines.get(path);
  const info: OperationInfo = {
    id: str(op.operationId) ?? `${method} ${fullPath}`,
    method,
    path: fullPath,
    summary: str(op.summary),
    description: str(op.description),
    tags: Array.isArray(op.tags) ? op.tags.filter((t): t is string => typeof t === 'string') : [],
    deprecated: op.deprecated === true,
    parameters: [],
    responses: [],
    location: { source: options.source, pointer, ...(line !== undefined ? { line } : {}) },
  };
  const detailsOf = (): Details => {
    if (resolver) {
      if (item.parameters !== undefined) resolver.resolveBelow(item, 'parameters', source, ['paths', path, 'parameters'], true);
      resolver.resolveBelow(item, key, source, ['paths', path, key]);
    }
    return operationDetails(doc, obj(item[key]) ?? op, parameterList(item.parameters), swagger2);
  };
  if (!resolver) {
    const found = detailsOf();
    info.parameters = found.parameters;
    info.responses = found.responses;
    if (found.requestBody) info.requestBody = found.requestBody;
    return info;
  }
  return withLazyDetails(info, detailsOf, mayHaveBody(item, op, path, key, swagger2, resolver, source));
}

const DETAILS = Symbol('details');
type LazyOperation = OperationInfo & { [DETAILS]?: () => Details };

/** Turns the accessors into the plain values on first read of any of them. */
function materialise(op: LazyOperation): void {
  const load = op[DETAILS];
  if (!load) return;
  op[DETAILS] = undefined;
  const details = load();
  const value = (v: unknown): PropertyDescriptor => ({ value: v, enumerable: true, configurable: true, writable: true });
  Object.defineProperty(op, 'parameters', value(details.parameters));
  Object.defineProperty(op, 'responses', value(details.responses));
  if (Object.prototype.hasOwnProperty.call(op, 'requestBody')) Object.defineProperty(op, 'requestBody', value(details.requestBody));
}

// One getter per field for every operation, so the objects share their shape (a closure per
// object would give each its own hidden class, which cost more than the resolving saved).
function accessor(key: 'parameters' | 'responses' | 'requestBody'): PropertyDescriptor {
  return {
    enumerable: true,
    configurable: true,
    get(this: LazyOperation) {
      materialise(this);
      return this[key];
    },
    set(this: LazyOperation, v: unknown) {
      materialise(this);
      Object.defineProperty(this, key, { value: v, enumerable: true, configurable: true, writable: true });
    },
  };
}
const PARAMETERS = accessor('parameters');
const RESPONSES = accessor('responses');
const REQUEST_BODY = accessor('requestBody');

/**
 * An operation whose parameters, request body and responses are worked out on first read (all
 * three at once). Own enumerable properties, so spread, `JSON.stringify` and structured clone
 * see them as any other; `requestBody` exists only when the operation has one.
 */
export function withLazyDetails(info: OperationInfo, load: () => Details, hasBody: boolean): OperationInfo {
  const op = info as LazyOperation;
  (hasBody ? setWithBody : setWithoutBody)(op, load);
  return op;
}

const WITHOUT_BODY = { parameters: PARAMETERS, responses: RESPONSES };
const WITH_BODY = { ...WITHOUT_BODY, requestBody: REQUEST_BODY };
function setWithoutBody(op: LazyOperation, load: () => Details): void {
  Object.defineProperty(op, DETAILS, { value: load, enumerable: false, configurable: true, writable: true });
  Object.defineProperties(op, WITHOUT_BODY);
}
function setWithBody(op: LazyOperation, load: () => Details): void {
  Object.defineProperty(op, DETAILS, { value: load, enumerable: false, configurable: true, writable: true });
  Object.defineProperties(op, WITH_BODY);
}

/**
 * Whether the operation has a request body, known without resolving its schemas: OpenAPI 3's
 * `requestBody` (its own `$ref` followed), Swagger 2's `body` or `formData` parameters (each
 * parameter's own `$ref` followed). Resolving the whole operation happens on first use.
 */
function mayHaveBody(item: Obj, op: Obj, path: string, key: string, swagger2: boolean, resolver: RefResolver, source: string): boolean {
  if (!swagger2) return obj(resolver.resolveHere(op, 'requestBody', source, ['paths', path, key, 'requestBody'])) !== undefined;
  for (const [owner, keys] of [[item, ['paths', path, 'parameters']], [op, ['paths', path, key, 'parameters']]] as const) {
    const list = owner.parameters;
    if (!Array.isArray(list)) continue;
    for (let i = 0; i < list.length; i++) {
      const p = obj(resolver.resolveHere(list, i, source, [...keys, i]));
      if (p && typeof p.name === 'string' && (p.in === 'body' || p.in === 'formData')) return true;
    }
  }
  return false;
}

export interface Details {
  parameters: ParameterInfo[];
  requestBody?: OperationInfo['requestBody'];
  responses: ResponseInfo[];
}

function operationDetails(doc: Obj, op: Obj, shared: Obj[], swagger2: boolean): Details {
  const own = parameterList(op.parameters);
  const merged = new Map<string, Obj>();
  for (const p of [...shared, ...own]) merged.set(`${str(p.in)}\u0000${str(p.name)}`, p);
  const raw = [...merged.values()];
  const info: Details = {
    parameters: raw.filter((p) => ['path', 'query', 'header', 'cookie'].includes(str(p.in) ?? '')).map((p) => parameter(p, swagger2)),
    responses: [],
  };
  if (swagger2) {
    const consumes = mediaTypes(op.consumes ?? doc.consumes);
    const body = raw.find((p) => p.in === 'body');
    const form = raw.filter((p) => p.in === 'formData');
    if (body) {
      const schema = schemaOf(body.schema);
      const types = consumes.length ? consumes : ['application/json'];
      info.requestBody = {
        required: body.required === true,
        description: str(body.description),
        content: Object.fromEntries(types.map((t) => [t, { schema, ...exampleOf(body) }])),
      };
    } else if (form.length) {
      const properties: Obj = {};
      const required: string[] = [];
      for (const p of form) {
        const name = str(p.name) ?? '';
        properties[name] = swaggerSchema(p);
        if (p.required === true) required.push(name);
      }
      const schema: Obj = { type: 'object', properties, ...(required.length ? { required } : {}) };
      const formTypes = consumes.filter((t) => /form/.test(t));
      const types = formTypes.length ? formTypes : form.some((p) => p.type === 'file') ? ['multipart/form-data'] : ['application/x-www-form-urlencoded'];
      info.requestBody = { required: required.length > 0, content: Object.fromEntries(types.map((t) => [t, { schema }])) };
    }
    const produces = mediaTypes(op.produces ?? doc.produces);
    for (const [status, value] of Object.entries(obj(op.responses) ?? {})) {
      const response = obj(value);
      if (!response || status.startsWith('x-')) continue;
      info.responses.push(swaggerResponse(status, response, produces));
    }
  } else {
    const body = obj(op.requestBody);
    if (body) {
      info.requestBody = { required: body.required === true, description: str(body.description), content: content(body.content) };
    }
    for (const [status, value] of Object.entries(obj(op.responses) ?? {})) {
      const response = obj(value);
      if (!response || status.startsWith('x-')) continue;
      info.responses.push({
        status,
        description: str(response.description),
        headers: headers(response.headers, false),
        content: content(response.content),
      });
    }
  }
  return info;
}

function parameterList(value: unknown): Obj[] {
  return Array.isArray(value) ? value.map(obj).filter((p): p is Obj => p !== undefined && typeof p.name === 'string') : [];
}

function parameter(p: Obj, swagger2: boolean): ParameterInfo {
  const location = str(p.in) as ParameterInfo['in'];
  let schema: JsonSchema | undefined;
  let example: unknown = p.example;
  if (swagger2) {
    schema = swaggerSchema(p);
    if (example === undefined) example = p['x-example'];
  } else if (p.schema !== undefined) {
    schema = schemaOf(p.schema);
  } else {
    // `content` instead of `schema`: one media type, its schema describes the value
    const first = Object.values(obj(p.content) ?? {}).map(obj)[0];
    schema = schemaOf(first?.schema);
    if (example === undefined) example = first?.example;
  }
  if (example === undefined) {
    const firstExample = obj(Object.values(obj(p.examples) ?? {})[0]);
    if (firstExample && 'value' in firstExample) example = firstExample.value;
  }
  return {
    name: str(p.name) ?? '',
    in: location,
    required: location === 'path' ? true : p.required === true,
    deprecated: p.deprecated === true,
    description: str(p.description),
    ...(schema !== undefined ? { schema } : {}),
    ...(example !== undefined ? { example } : {}),
  };
}

/** A Swagger 2.0 parameter or header carries its schema keywords inline. */
function swaggerSchema(p: Obj): JsonSchema {
  const schema: Obj = {};
  for (const field of SWAGGER_SCHEMA_FIELDS) if (p[field] !== undefined) schema[field] = p[field];
  if (p['x-nullable'] === true) schema['x-nullable'] = true;
  return schema;
}

function mediaTypes(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function exampleOf(p: Obj): Pick<MediaTypeInfo, 'example'> {
  const example = p['x-example'] ?? obj(p.schema)?.example;
  return example !== undefined ? { example } : {};
}

function content(value: unknown): Record<string, MediaTypeInfo> {
  const result: Record<string, MediaTypeInfo> = {};
  for (const [type, mediaValue] of Object.entries(obj(value) ?? {})) {
    const media = obj(mediaValue) ?? {};
    const info: MediaTypeInfo = {};
    const schema = schemaOf(media.schema);
    if (schema !== undefined) info.schema = schema;
    if (media.example !== undefined) info.example = media.example;
    const examples = obj(media.examples);
    if (examples) {
      info.examples = {};
      for (const [name, ex] of Object.entries(examples)) {
        const example = obj(ex);
        info.examples[name] = example && 'value' in example ? example.value : example?.externalValue ?? ex;
      }
    }
    result[type] = info;
  }
  return result;
}

function headers(value: unknown, swagger2: boolean): ResponseInfo['headers'] {
  const result: ResponseInfo['headers'] = {};
  for (const [name, headerValue] of Object.entries(obj(value) ?? {})) {
    const header = obj(headerValue);
    if (!header) continue;
    const schema = swagger2 ? swaggerSchema(header) : schemaOf(header.schema);
    result[name] = {
      description: str(header.description),
      ...(schema !== undefined ? { schema } : {}),
      required: header.required === true,
    };
  }
  return result;
}

function swaggerResponse(status: string, response: Obj, produces: string[]): ResponseInfo {
  const schema = schemaOf(response.schema);
  const examples = obj(response.examples) ?? {};
  const types = produces.length ? produces : schema !== undefined ? ['application/json'] : [];
  const contentMap: Record<string, MediaTypeInfo> = {};
  if (schema !== undefined || Object.keys(examples).length) {
    for (const type of new Set([...types, ...Object.keys(examples)])) {
      contentMap[type] = {
        ...(schema !== undefined ? { schema } : {}),
        ...(examples[type] !== undefined ? { example: examples[type] } : {}),
      };
    }
  }
  return { status, description: str(response.description), headers: headers(response.headers, true), content: contentMap };
}
