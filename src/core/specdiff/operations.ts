// The operations of one release as the diff compares them: parameters, request body, responses
// and effective security, each with the node it is written in. Swagger 2.0 is read in its own
// terms here (body and formData parameters, produces/consumes, inline parameter schemas,
// securityDefinitions), so both dialects meet in one shape.

import { child, isObj, type Located, type Obj, type SpecDocument } from './specDocument';

export const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export interface ParamModel {
  name: string;
  in: string;
  required: boolean;
  deprecated: boolean;
  description?: string;
  /** The parameter object (after `$ref`). */
  at: Located<Obj>;
  /** Its schema: the `schema` (or first `content` media type's), the parameter itself in Swagger 2.0. */
  schema?: Located;
}

export interface BodyModel {
  at: Located<Obj>;
  required: boolean;
  /** Media type → schema (undefined when the media type gives none). */
  content: Map<string, Located | undefined>;
}

export interface HeaderModel {
  name: string;
  at: Located<Obj>;
  required: boolean;
  schema?: Located;
}

export interface ResponseModel {
  status: string;
  at: Located<Obj>;
  content: Map<string, Located | undefined>;
  /** By lower-case name. */
  headers: Map<string, HeaderModel>;
}

/** One way to satisfy an operation's security: every scheme named, with its scopes. */
export type SecurityRequirement = Map<string, string[]>;

/** What names an operation: enough to pair it with its counterpart in the other release. */
export interface OpHead {
  method: string;
  /** Path template as written (Swagger 2.0: with `basePath` in front). */
  path: string;
  /** `/a/{}/b`: the template with parameter names left out, for pairing. */
  key: string;
  operationId?: string;
  deprecated: boolean;
  summary?: string;
  at: Located<Obj>;
}

/** What an operation takes and answers. */
export interface OpDetails {
  parameters: ParamModel[];
  requestBody?: BodyModel;
  responses: Map<string, ResponseModel>;
  /** Undefined when neither the operation nor the document says; `[]` when it says none. */
  security?: SecurityRequirement[];
}

export interface OpModel extends OpHead, OpDetails {}

/**
 * An operation whose details are read when asked for and not kept: the diff reads each pair's
 * once, compares them and lets them go, so a big description's thousands of operations do not
 * all live (and get copied by the garbage collector) for the whole diff.
 */
export interface LazyOp extends OpHead {
  details(): OpDetails;
}

export interface ApiModel<Op extends OpHead = OpModel> {
  doc: SpecDocument;
  title: string;
  version: string;
  /** Paths of the servers' URLs (`/api/v1`); `['']` when none is given. */
  basePaths: string[];
  /** Server URLs as written (Swagger 2.0: scheme://host/basePath). */
  servers: string[];
  operations: Op[];
  securitySchemes: Map<string, Located<Obj>>;
}

/** A parameter's identity within an operation: its location and name (a header's name in any case). */
export function parameterKey(where: string, name: string): string {
  return `${where}\u0000${where === 'header' ? name.toLowerCase() : name}`;
}

export function templateKey(path: string): string {
  // most paths have no parameter, no doubled or trailing slash: nothing to replace
  if (path.indexOf('{') < 0 && path.indexOf('//') < 0 && path.length > 0 && path.charCodeAt(path.length - 1) !== 47) return path;
  const key = path.replace(/\{[^}]*\}/g, '{}').replace(/\/{2,}/g, '/').replace(/\/+$/, '');
  return key === '' ? '/' : key;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function serverPath(url: string): string {
  const withoutOrigin = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '').replace(/[?#].*$/, '');
  return withoutOrigin.replace(/\/+$/, '');
}

export function readApi(doc: SpecDocument): ApiModel {
  return readApiWith(doc, (head, details) => Object.assign(head, details()) as OpModel);
}

/** The operations with their details read on demand (see LazyOp). */
export function readApiLazily(doc: SpecDocument): ApiModel<LazyOp> {
  return readApiWith(doc, (head, details) => Object.assign(head, { details }));
}

function readApiWith<Op extends OpHead>(doc: SpecDocument, make: (head: OpHead, details: () => OpDetails) => Op): ApiModel<Op> {
  const root = doc.root;
  const info = isObj(root.node.info) ? root.node.info : {};
  const servers: string[] = [];
  let basePaths: string[];
  if (doc.swagger2) {
    const basePath = (str(root.node.basePath) ?? '').replace(/\/+$/, '');
    const host = str(root.node.host);
    const schemes = Array.isArray(root.node.schemes) ? root.node.schemes.filter((s): s is string => typeof s === 'string') : [];
    if (host) for (const scheme of schemes.length ? schemes : ['https']) servers.push(`${scheme}://${host}${basePath}`);
    else if (basePath) servers.push(basePath);
    // The basePath is already in every operation's path.
    basePaths = [''];
  } else {
    for (const server of Array.isArray(root.node.servers) ? root.node.servers : []) {
      if (!isObj(server) || typeof server.url !== 'string') continue;
      const variables = isObj(server.variables) ? server.variables : {};
      servers.push(server.url.replace(/\{([^}]+)\}/g, (whole, name: string) => {
        const variable = variables[name];
        return isObj(variable) && typeof variable.default === 'string' ? variable.default : whole;
      }));
    }
    basePaths = servers.length ? [...new Set(servers.map(serverPath))] : [''];
  }
  const securitySchemes = new Map<string, Located<Obj>>();
  const components = child(root, 'components');
  const schemes = doc.swagger2 ? child(root, 'securityDefinitions') : components && child(components, 'securitySchemes');
  if (schemes && isObj(schemes.node)) {
    for (const name of Object.keys(schemes.node)) {
      const scheme = doc.deref(child<Obj>(schemes, name)!);
      if (isObj(scheme.node)) securitySchemes.set(name, scheme);
    }
  }
  const globalSecurity = securityOf(root.node.security);
  const operations: Op[] = [];
  const paths = child<Obj>(root, 'paths');
  const prefix = doc.swagger2 ? (str(root.node.basePath) ?? '').replace(/\/+$/, '') : '';
  if (paths && isObj(paths.node)) {
    // (indexed loops: run once per path and method of both releases, in code not yet optimised)
    const keys = Object.keys(paths.node);
    for (let k = 0; k < keys.length; k++) {
      const path = keys[k]!;
      if (path.startsWith('x-')) continue;
      const item = doc.deref(child<Obj>(paths, path)!);
      if (!isObj(item.node)) continue;
      const shared = child(item, 'parameters');
      for (let m = 0; m < METHODS.length; m++) {
        const method = METHODS[m]!;
        const op = child<Obj>(item, method);
        if (!op || !isObj(op.node)) continue;
        operations.push(make(readHead(op, method, prefix + path), () => readDetails(doc, root.node, op, shared, globalSecurity)));
      }
    }
  }
  return {
    doc,
    title: str(info.title) ?? '',
    version: str(info.version) ?? String(info.version ?? ''),
    basePaths,
    servers,
    operations,
    securitySchemes,
  };
}

function securityOf(value: unknown): SecurityRequirement[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter(isObj).map((requirement) => new Map(Object.entries(requirement).map(([name, scopes]) => [name, Array.isArray(scopes) ? scopes.map(String).sort() : []])));
}

/** The parameter objects of a `parameters` list (after `$ref`), added to `into` by location and name: a later one replaces an earlier one. */
function addParameterObjects(doc: SpecDocument, list: Located | undefined, into: Map<string, Located<Obj>>): void {
  if (!list || !Array.isArray(list.node)) return;
  for (let i = 0; i < list.node.length; i++) {
    const p = doc.deref(child<Obj>(list, i)!);
    if (!isObj(p.node) || typeof p.node.name !== 'string' || typeof p.node.in !== 'string') continue;
    into.set(parameterKey(p.node.in, p.node.name), p);
  }
}

const NO_TYPES: readonly string[] = Object.freeze([]);

function mediaTypes(value: unknown): readonly string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function readHead(op: Located<Obj>, method: string, path: string): OpHead {
  const head: OpHead = {
    method: method.toUpperCase(),
    path,
    key: templateKey(path),
    deprecated: op.node.deprecated === true,
    at: op,
  };
  const operationId = str(op.node.operationId);
  if (operationId) head.operationId = operationId;
  const summary = str(op.node.summary);
  if (summary) head.summary = summary;
  return head;
}

function readDetails(doc: SpecDocument, rootNode: Obj, op: Located<Obj>, sharedParameters: Located | undefined, globalSecurity: SecurityRequirement[] | undefined): OpDetails {
  // (read for every operation of both releases: loops, not spread and filtered lists)
  const merged = new Map<string, Located<Obj>>();
  addParameterObjects(doc, sharedParameters, merged);
  addParameterObjects(doc, child(op, 'parameters'), merged);
  const model: OpDetails = {
    parameters: [],
    responses: new Map(),
    security: securityOf(op.node.security) ?? globalSecurity,
  };
  // Swagger 2.0 only: OpenAPI 3 names media types in each body and response
  const consumes = doc.swagger2 ? mediaTypes(op.node.consumes ?? rootNode.consumes) : NO_TYPES;
  merged.forEach((p) => {
    const where = String(p.node.in);
    if (doc.swagger2 && where === 'body') {
      const schema = child(p, 'schema');
      const types = consumes.length ? consumes : ['application/json'];
      model.requestBody = { at: p, required: p.node.required === true, content: new Map(types.map((t) => [t, schema])) };
      return;
    }
    const param: ParamModel = {
      name: String(p.node.name),
      in: where,
      required: where === 'path' || p.node.required === true,
      deprecated: p.node.deprecated === true,
      at: p,
    };
    const description = str(p.node.description);
    if (description) param.description = description;
    if (doc.swagger2) param.schema = p;
    else if (p.node.schema !== undefined) param.schema = child(p, 'schema');
    else if (isObj(p.node.content)) {
      const content = child<Obj>(p, 'content')!;
      const first = Object.keys(content.node)[0];
      const media = first !== undefined ? child<Obj>(content, first) : undefined;
      const schema = media && isObj(media.node) ? child(media, 'schema') : undefined;
      if (schema) param.schema = schema;
    }
    model.parameters.push(param);
  });
  if (!doc.swagger2) {
    const body = child<Obj>(op, 'requestBody');
    if (body) {
      const resolved = doc.deref(body);
      if (isObj(resolved.node)) model.requestBody = { at: resolved, required: resolved.node.required === true, content: contentOf(doc, child(resolved, 'content')) };
    }
  }
  const produces = doc.swagger2 ? mediaTypes(op.node.produces ?? rootNode.produces) : NO_TYPES;
  const responses = child<Obj>(op, 'responses');
  if (responses && isObj(responses.node)) {
    const statuses = Object.keys(responses.node);
    for (let i = 0; i < statuses.length; i++) {
      const status = statuses[i]!;
      if (status.startsWith('x-')) continue;
      const response = doc.deref(child<Obj>(responses, status)!);
      if (!isObj(response.node)) continue;
      let content: Map<string, Located | undefined>;
      if (doc.swagger2) {
        const schema = child(response, 'schema');
        content = new Map(schema ? (produces.length ? produces : ['application/json']).map((t) => [t, schema]) : []);
      } else {
        content = contentOf(doc, child(response, 'content'));
      }
      model.responses.set(status.toUpperCase() === 'DEFAULT' ? 'default' : status.toUpperCase(), { status, at: response, content, headers: headersOf(doc, child(response, 'headers')) });
    }
  }
  return model;
}

// Shared by the many responses without a body or headers (`204`, a `201` with only a Location):
// the models are only read.
const NO_CONTENT: Map<string, Located | undefined> = new Map();
const NO_HEADERS: Map<string, HeaderModel> = new Map();

function contentOf(doc: SpecDocument, content: Located | undefined): Map<string, Located | undefined> {
  if (!content || !isObj(content.node)) return NO_CONTENT;
  const result = new Map<string, Located | undefined>();
  const types = Object.keys(content.node);
  for (let i = 0; i < types.length; i++) {
    const type = types[i]!;
    const media = doc.deref(child(content, type)!);
    result.set(type.toLowerCase(), isObj(media.node) ? child(media, 'schema') : undefined);
  }
  return result;
}

function headersOf(doc: SpecDocument, headers: Located | undefined): Map<string, HeaderModel> {
  if (!headers || !isObj(headers.node)) return NO_HEADERS;
  const result = new Map<string, HeaderModel>();
  for (const name of Object.keys(headers.node)) {
    const header = doc.deref(child<Obj>(headers, name)!);
    if (!isObj(header.node)) continue;
    const model: HeaderModel = { name, at: header, required: header.node.required === true };
    const schema = doc.swagger2 ? header : child(header, 'schema');
    if (schema) model.schema = schema;
    result.set(name.toLowerCase(), model);
  }
  return result;
}
