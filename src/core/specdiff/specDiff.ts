// The spec diff: two releases of one API description → the changes a client of the old release
// meets in the new one. Operations are paired by method and path template (parameter names
// aside), then by the effective path (server path + template, so `/v1` moving from the paths into
// the server URL is no change), then by operationId (a moved operation). Within a pair:
// parameters, request body, responses, headers and security, and every schema property by
// property (compareSchemas.ts).

import type { OpenApiHost } from '../openapi/documentSource';
import type { Direction, Occurrence, OperationRef, SpecChange, SpecDiff } from './types';
import { SEVERITY_ORDER } from './types';
import { ChangeLog } from './changeLog';
import { SchemaComparer, type Found } from './compareSchemas';
import { loadSpecDocument, siteKey, type Located, type SpecDocument } from './specDocument';
import { parameterKey, readApiLazily, templateKey, type ApiModel, type BodyModel, type LazyOp, type OpHead, type OpModel, type ParamModel, type ResponseModel, type SecurityRequirement } from './operations';
import { pairRenames } from './pairRenames';
import { viewOf } from './schemaView';

export interface SpecDiffOptions {
  /** Renames the registry documents (release notes): boosts a rename the documents alone make likely. */
  documented?: (from: string, to: string, context: readonly string[]) => string | undefined;
}

export async function diffSpecs(oldSource: string, newSource: string, host: OpenApiHost, options: SpecDiffOptions = {}): Promise<SpecDiff> {
  return (await diffReleases(oldSource, newSource, host, options)).diff;
}

/** The diff with both documents, for the impact map (which walks the old release's schemas). */
export async function diffReleases(oldSource: string, newSource: string, host: OpenApiHost, options: SpecDiffOptions = {}): Promise<{ diff: SpecDiff; oldDoc: SpecDocument; newDoc: SpecDocument }> {
  const [oldDoc, newDoc] = await Promise.all([loadSpecDocument(oldSource, host), loadSpecDocument(newSource, host)]);
  return { diff: diffDocuments(oldDoc, newDoc, options), oldDoc, newDoc };
}

export function diffDocuments(oldDoc: SpecDocument, newDoc: SpecDocument, options: SpecDiffOptions = {}): SpecDiff {
  const before = readApiLazily(oldDoc);
  const after = readApiLazily(newDoc);
  const log = new ChangeLog();
  const comparer = new SchemaComparer(oldDoc, newDoc, log, options.documented ? { documented: options.documented } : {});
  const run = new OperationDiff(before, after, log, comparer);
  run.servers();
  run.securitySchemes();
  const order = run.operations();
  const changes = log.all();
  fillLines(changes, oldDoc, newDoc);
  // Each change's rank and place in the log worked out once, not in every comparison of the sort.
  const ranks = new Map<SpecChange, number>();
  for (const change of changes) {
    const first = change.occurrences[0];
    ranks.set(change, first ? (order.get(`${first.operation.method} ${first.operation.path}`) ?? order.size) : -1);
  }
  const recorded = new Map(changes.map((c, i) => [c.id, i]));
  changes.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || ranks.get(a)! - ranks.get(b)! || recorded.get(a.id)! - recorded.get(b.id)!);
  const summary = (api: ApiModel<LazyOp>) => ({ source: api.doc.source, title: api.title, version: api.version, specVersion: api.doc.specVersion, operations: api.operations.length });
  return { old: summary(before), new: summary(after), changes };
}

function fillLines(changes: SpecChange[], oldDoc: SpecDocument, newDoc: SpecDocument): void {
  for (const [side, doc] of [['old', oldDoc], ['new', newDoc]] as const) {
    const bySource = new Map<string, string[]>();
    for (const change of changes) {
      const ref = change[side];
      if (!ref) continue;
      const list = bySource.get(ref.source) ?? [];
      list.push(ref.pointer);
      bySource.set(ref.source, list);
    }
    for (const [source, pointers] of bySource) {
      const lines = doc.linesOf(source, pointers);
      for (const change of changes) {
        const ref = change[side];
        if (ref?.source === source) {
          const line = lines.get(ref.pointer);
          if (line !== undefined) ref.line = line;
        }
      }
    }
  }
}

const NO_PARAMS: readonly string[] = Object.freeze([]);

function pathParams(path: string): readonly string[] {
  if (path.indexOf('{') < 0) return NO_PARAMS;
  return [...path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]!);
}

function isSuccess(status: string): boolean {
  return /^2/.test(status);
}

/** `(zaken.aanmaken | zaken.bijwerken)`: VNG writes a choice of scopes as one scope string. */
function scopeChoices(scope: string): string[] {
  return scope.replace(/^\(|\)$/g, '').split('|').map((s) => s.trim()).filter(Boolean);
}

/** A client holding what `held` asked for still qualifies for `wanted`: every choice it had is still one. */
function scopeCovers(held: string, wanted: string): boolean {
  const choices = scopeChoices(wanted);
  return scopeChoices(held).every((c) => choices.includes(c));
}

const NONE_BY_KEY: ReadonlyMap<string, ParamModel> = new Map();

/** The parameters of one operation other than path parameters, by `parameterKey`. */
function byKey(list: readonly ParamModel[]): ReadonlyMap<string, ParamModel> {
  if (!list.some((p) => p.in !== 'path')) return NONE_BY_KEY;
  const result = new Map<string, ParamModel>();
  for (const p of list) if (p.in !== 'path') result.set(parameterKey(p.in, p.name), p);
  return result;
}

/** The one key of a map that has one. */
function onlyKey<K>(map: ReadonlyMap<K, unknown>): K {
  let key: K | undefined;
  map.forEach((_, k) => (key = k));
  return key as K;
}

function requirementText(requirement: SecurityRequirement): string {
  return [...requirement].map(([name, scopes]) => (scopes.length ? `${name} (${scopes.join(', ')})` : name)).sort().join(' + ') || 'none';
}

/** An operation with its details read: for the time its pair is compared. */
function withDetails(op: LazyOp): OpModel {
  const details = op.details();
  // field by field (no spreads): two per operation pair, ten thousand pairs on a big description
  const model: OpModel = { method: op.method, path: op.path, key: op.key, deprecated: op.deprecated, at: op.at, parameters: details.parameters, responses: details.responses, security: details.security };
  if (op.operationId) model.operationId = op.operationId;
  if (op.summary) model.summary = op.summary;
  if (details.requestBody) model.requestBody = details.requestBody;
  return model;
}

class OperationDiff {
  constructor(
    private readonly before: ApiModel<LazyOp>,
    private readonly after: ApiModel<LazyOp>,
    private readonly log: ChangeLog,
    private readonly comparer: SchemaComparer,
  ) {}

  servers(): void {
    const a = this.before.servers;
    const b = this.after.servers;
    if (a.join('\n') === b.join('\n')) return;
    const root = (api: ApiModel<LazyOp>) => ({ source: api.doc.source, pointer: api.doc.swagger2 ? '/basePath' : '/servers' });
    this.log.record({
      kind: 'server-changed',
      message: `servers changed from ${a.join(', ') || 'none'} to ${b.join(', ') || 'none'}`,
      old: root(this.before),
      new: root(this.after),
      before: a,
      after: b,
    });
  }

  securitySchemes(): void {
    const FIELDS = ['type', 'in', 'name', 'scheme', 'bearerFormat', 'openIdConnectUrl', 'flow', 'authorizationUrl', 'tokenUrl'];
    for (const [name, old] of this.before.securitySchemes) {
      const now = this.after.securitySchemes.get(name);
      if (!now) continue;
      const differs = FIELDS.filter((f) => String(old.node[f] ?? '').toLowerCase() !== String(now.node[f] ?? '').toLowerCase());
      if (differs.length) {
        this.log.record({
          kind: 'security-changed',
          traits: { wider: false },
          message: `security scheme '${name}' changed its ${differs.join(', ')}`,
          old,
          new: now,
          detail: name,
          before: Object.fromEntries(differs.map((f) => [f, old.node[f]])),
          after: Object.fromEntries(differs.map((f) => [f, now.node[f]])),
        });
      }
    }
  }

  /** Pairs the operations and compares each pair; returns the document order of the old operations. */
  operations(): Map<string, number> {
    const order = new Map(this.before.operations.map((op, i) => [`${op.method} ${op.path}`, i]));
    const pairs: [LazyOp, LazyOp, 'same' | 'effective' | 'moved'][] = [];
    const leftOld = new Set(this.before.operations);
    const leftNew = new Set(this.after.operations);
    const take = (how: 'same' | 'effective' | 'moved', keysOf: (api: ApiModel<LazyOp>, op: LazyOp) => string[]): void => {
      const index = new Map<string, LazyOp>();
      for (const op of leftNew) for (const key of keysOf(this.after, op)) if (!index.has(key)) index.set(key, op);
      for (const op of leftOld) {
        const match = keysOf(this.before, op).map((k) => index.get(k)).find((m) => m && leftNew.has(m));
        if (!match) continue;
        pairs.push([op, match, how]);
        leftOld.delete(op);
        leftNew.delete(match);
      }
    };
    take('same', (_, op) => [`${op.method} ${op.key}`]);
    take('effective', (api, op) => api.basePaths.map((base) => `${op.method} ${templateKey(base + op.path)}`));
    take('moved', (_, op) => (op.operationId ? [`${op.method} #${op.operationId}`] : []));
    // by the old operation's place in its document (method and path name one operation there)
    const place = new Map<LazyOp, number>();
    this.before.operations.forEach((op, i) => place.set(op, i));
    pairs.sort((x, y) => place.get(x[0])! - place.get(y[0])!);
    for (const op of this.before.operations) {
      if (!leftOld.has(op)) continue;
      const change = this.log.record({
        kind: 'operation-removed',
        traits: { deprecated: op.deprecated },
        message: `${op.method} ${op.path}${op.operationId ? ` (${op.operationId})` : ''} was removed${op.deprecated ? ' (it was deprecated)' : ''}`,
        old: op.at,
      });
      this.log.occur(change, { operation: this.ref(op), area: 'operation' });
    }
    for (const [a, b, how] of pairs) this.pair(a, b, how);
    for (const op of this.after.operations) {
      if (!leftNew.has(op)) continue;
      const change = this.log.record({ kind: 'operation-added', message: `${op.method} ${op.path}${op.operationId ? ` (${op.operationId})` : ''} was added`, new: op.at });
      this.log.occur(change, { operation: { method: op.method, path: op.path, ...(op.operationId ? { operationId: op.operationId } : {}) }, area: 'operation' });
    }
    return order;
  }

  private ref(a: OpHead, b?: OpHead): OperationRef {
    // written in the report's key order: method, path, newPath, operationId, newOperationId
    const ref: OperationRef = { method: a.method, path: a.path };
    if (b && b.path !== a.path) ref.newPath = b.path;
    if (a.operationId) ref.operationId = a.operationId;
    if (b?.operationId && b.operationId !== a.operationId) ref.newOperationId = b.operationId;
    return ref;
  }

  /** The new template as a path on the old release's base, e.g. `/v2/zoeken` when `/api` stays the base. */
  private movedPath(b: OpHead): string {
    const oldBase = this.before.basePaths[0] ?? '';
    const full = (this.after.basePaths[0] ?? '') + b.path;
    return oldBase && full.startsWith(oldBase + '/') ? full.slice(oldBase.length) : full;
  }

  private pair(lazyA: LazyOp, lazyB: LazyOp, how: 'same' | 'effective' | 'moved'): void {
    const a = withDetails(lazyA);
    const b = withDetails(lazyB);
    const operation = this.ref(a, b);
    const at = (change: SpecChange, extra: Partial<Occurrence> = {}): void => this.log.occur(change, { operation, area: 'operation', ...extra });
    if (how === 'moved') {
      const to = this.movedPath(b);
      at(this.log.record({ kind: 'operation-moved', message: `${a.method} ${a.path} moved to ${b.path}${to !== b.path ? ` (${to} on the old base URL)` : ''}`, old: a.at, new: b.at, before: a.path, after: to }));
    }
    if (a.operationId && b.operationId && a.operationId !== b.operationId) {
      at(this.log.record({ kind: 'operation-id-changed', message: `operationId of ${a.method} ${a.path} changed from ${a.operationId} to ${b.operationId}`, old: a.at, new: b.at, before: a.operationId, after: b.operationId }));
    }
    if (!a.deprecated && b.deprecated) {
      at(this.log.record({ kind: 'operation-deprecated', traits: { became: true }, message: `${a.method} ${a.path} is deprecated`, old: a.at, new: b.at }));
    }
    this.parameters(a, b, operation);
    this.requestBody(a, b, operation);
    this.responses(a, b, operation);
    this.security(a, b, operation);
  }

  /**
   * `$` + a path below a compared root, one string per path: a shared component's result is
   * listed under every operation that reaches it, and each occurrence kept its own copy till the
   * report was written.
   */
  private readonly placePaths = new Map<string, string>([['', '$']]);

  private placePath(rel: string): string {
    let path = this.placePaths.get(rel);
    if (path === undefined) this.placePaths.set(rel, (path = `$${rel}`));
    return path;
  }

  private occurFound(found: Found[], base: Omit<Occurrence, 'path' | 'newPath'>): void {
    for (let i = 0; i < found.length; i++) {
      const f = found[i]!;
      const path = this.placePath(f.rel);
      // The shapes of nearly every place (a response body, a request body, a parameter) written
      // as one literal: its fields then live in the object itself, not in a second array that
      // each added field grows (tens of thousands of places are kept till the report).
      if (f.newRel === f.rel && base.direction !== undefined) {
        if (base.parameter === undefined && base.mediaType !== undefined) {
          if (base.status !== undefined) {
            this.log.occur(f.change, { operation: base.operation, area: base.area, direction: base.direction, status: base.status, mediaType: base.mediaType, path });
            continue;
          }
          this.log.occur(f.change, { operation: base.operation, area: base.area, direction: base.direction, mediaType: base.mediaType, path });
          continue;
        }
        if (base.parameter !== undefined && base.status === undefined && base.mediaType === undefined) {
          this.log.occur(f.change, { operation: base.operation, area: base.area, direction: base.direction, parameter: base.parameter, path });
          continue;
        }
      }
      // Written out field by field in the order the call sites give them (no object spread per
      // place: tens of thousands of places on a big description)
      const occurrence: Occurrence = { operation: base.operation, area: base.area };
      if (base.direction !== undefined) occurrence.direction = base.direction;
      if (base.status !== undefined) occurrence.status = base.status;
      if (base.parameter !== undefined) occurrence.parameter = base.parameter;
      if (base.mediaType !== undefined) occurrence.mediaType = base.mediaType;
      occurrence.path = path;
      if (f.newRel !== f.rel) occurrence.newPath = this.placePath(f.newRel);
      this.log.occur(f.change, occurrence);
    }
  }

  private parameters(a: OpModel, b: OpModel, operation: OperationRef): void {
    // Path parameters are filled by position: a new name for the same position is no change to a client.
    const namesA = pathParams(a.path);
    const namesB = pathParams(b.path);
    // (run for every pair of operations: loops rather than filtered and spread lists)
    const pa = byKey(a.parameters);
    const pb = byKey(b.parameters);
    const pairs: [ParamModel, ParamModel][] = [];
    for (let i = 0; i < Math.min(namesA.length, namesB.length); i++) {
      const p = a.parameters.find((x) => x.in === 'path' && x.name === namesA[i]);
      const q = b.parameters.find((x) => x.in === 'path' && x.name === namesB[i]);
      if (!p || !q) continue;
      if (p.name !== q.name) {
        const change = this.log.record({ kind: 'parameter-renamed', traits: { positional: true }, message: `path parameter '${p.name}' of ${a.method} ${a.path} is called '${q.name}'`, old: p.at, new: q.at, rename: { from: p.name, to: q.name, confidence: 1, evidence: ['same position in the path'] } });
        this.log.occur(change, { operation, area: 'parameter', parameter: { in: 'path', name: p.name } });
      }
      pairs.push([p, q]);
    }
    const removed: ParamModel[] = [];
    const added: ParamModel[] = [];
    pa.forEach((p, k) => {
      const q = pb.get(k);
      if (q) pairs.push([p, q]);
      else removed.push(p);
    });
    pb.forEach((q, k) => {
      if (!pa.has(k)) added.push(q);
    });
    // (a rename needs something removed and something added in one location)
    let renamed: Set<ParamModel> | undefined;
    if (removed.length && added.length) for (const where of new Set(removed.map((p) => p.in))) {
      const r = removed.filter((p) => p.in === where);
      const n = added.filter((p) => p.in === where);
      const plan = pairRenames(
        r.map((p) => ({ name: p.name, ...(p.description ? { description: p.description } : {}), position: a.parameters.indexOf(p) })),
        n.map((q) => ({ name: q.name, ...(q.description ? { description: q.description } : {}), position: b.parameters.indexOf(q) })),
        (i, j) => this.paramShape(r[i]!, n[j]!),
        { untouched: false },
      );
      for (const pair of plan) {
        const p = r[pair.removed]!;
        const q = n[pair.added]!;
        (renamed ??= new Set()).add(p).add(q);
        const change = this.log.record({
          kind: 'parameter-renamed',
          message: `${where} parameter '${p.name}' of ${a.method} ${a.path} renamed to '${q.name}' (${Math.round(pair.info.confidence * 100)}% sure)`,
          old: p.at,
          new: q.at,
          rename: pair.info,
        });
        this.log.occur(change, { operation, area: 'parameter', parameter: { in: p.in, name: p.name } });
        pairs.push([p, q]);
      }
    }
    for (const p of removed) {
      if (renamed?.has(p)) continue;
      const change = this.log.record({ kind: 'parameter-removed', message: `${p.in} parameter '${p.name}' of ${a.method} ${a.path} was removed`, old: p.at, new: b.at, detail: `${p.in}:${p.name}` });
      this.log.occur(change, { operation, area: 'parameter', parameter: { in: p.in, name: p.name } });
    }
    for (const q of added) {
      if (renamed?.has(q)) continue;
      const change = this.log.record({
        kind: 'parameter-added',
        traits: { required: q.required },
        message: `${q.required ? 'required ' : ''}${q.in} parameter '${q.name}' was added to ${a.method} ${a.path}`,
        old: a.at,
        new: q.at,
        detail: `${q.in}:${q.name}`,
      });
      this.log.occur(change, { operation, area: 'parameter', parameter: { in: q.in, name: q.name } });
    }
    for (let i = 0; i < pairs.length; i++) {
      const [p, q] = pairs[i]!;
      // the occurrences' parameter, made when there is one to record
      const parameter = p.required !== q.required || (!p.deprecated && q.deprecated) || (p.schema && q.schema) ? { in: p.in, name: p.name } : undefined;
      if (!parameter) continue;
      if (p.required !== q.required && p.in !== 'path') {
        const change = this.log.record({ kind: 'parameter-required-changed', traits: { became: q.required }, message: `${p.in} parameter '${q.name}' of ${a.method} ${a.path} ${q.required ? 'is now required' : 'is no longer required'}`, old: p.at, new: q.at });
        this.log.occur(change, { operation, area: 'parameter', parameter });
      }
      if (!p.deprecated && q.deprecated) {
        const change = this.log.record({ kind: 'property-deprecated', traits: { became: true }, message: `${p.in} parameter '${q.name}' of ${a.method} ${a.path} is deprecated`, old: p.at, new: q.at });
        this.log.occur(change, { operation, area: 'parameter', parameter });
      }
      if (p.schema && q.schema) {
        const found = this.comparer.compare(p.schema, q.schema, 'request', `${p.in} parameter '${q.name}'`, true);
        this.occurFound(found, { operation, area: 'parameter', direction: 'request', parameter });
      }
    }
  }

  private paramShape(p: ParamModel, q: ParamModel): { compatible: boolean; score: number; why?: string; exact: boolean } {
    if (!p.schema || !q.schema) return { compatible: true, score: 0, exact: false };
    const va = viewOf(this.before.doc, p.schema);
    const vb = viewOf(this.after.doc, q.schema);
    const scalar = (t?: string[]) => !t || t.every((x) => x !== 'object');
    if (!scalar(va.types) || !scalar(vb.types)) return { compatible: va.types?.join() === vb.types?.join(), score: 0.1, exact: false };
    const exact = va.types?.join() === vb.types?.join() && va.format === vb.format && p.required === q.required;
    return { compatible: true, score: exact ? 0.2 : 0.1, ...(exact ? { why: `same type ${va.types?.join('|') ?? 'any'}` } : {}), exact };
  }

  private requestBody(a: OpModel, b: OpModel, operation: OperationRef): void {
    const ba = a.requestBody;
    const bb = b.requestBody;
    const occur = (change: SpecChange, mediaType?: string) => this.log.occur(change, { operation, area: 'request-body', direction: 'request', ...(mediaType ? { mediaType } : {}) });
    if (!ba && !bb) return;
    if (!ba) {
      occur(this.log.record({ kind: 'request-body-added', direction: 'request', traits: { required: bb!.required }, message: `${a.method} ${a.path} now takes ${bb!.required ? 'a required' : 'an optional'} request body`, old: a.at, new: bb!.at }));
      return;
    }
    if (!bb) {
      occur(this.log.record({ kind: 'request-body-removed', direction: 'request', message: `${a.method} ${a.path} no longer takes a request body`, old: ba.at, new: b.at }));
      return;
    }
    if (ba.required !== bb.required) {
      occur(this.log.record({ kind: 'request-body-required-changed', direction: 'request', traits: { became: bb.required }, message: `request body of ${a.method} ${a.path} is ${bb.required ? 'now required' : 'no longer required'}`, old: ba.at, new: bb.at }));
    }
    this.content(ba, bb, 'request', `${a.method} ${a.path} request body`, (change, mediaType) => occur(change, mediaType), (found, mediaType) => this.occurFound(found, { operation, area: 'request-body', direction: 'request', mediaType }));
  }

  /** Media types of a body: removed, added, and the schemas of those in both (or of the one each side has). */
  private content(
    ba: Pick<BodyModel, 'at' | 'content'>,
    bb: Pick<BodyModel, 'at' | 'content'>,
    direction: Direction,
    label: string,
    occur: (change: SpecChange, mediaType: string) => void,
    occurFound: (found: Found[], mediaType: string) => void,
  ): void {
    // Mostly one media type, the same in both (or none in both): its schemas compared, no lists made.
    if (ba.content.size <= 1 && ba.content.size === bb.content.size) {
      if (ba.content.size === 0) return;
      const t = onlyKey(ba.content);
      if (bb.content.has(t)) {
        const sa = ba.content.get(t);
        const sb = bb.content.get(t);
        if (sa && sb) occurFound(this.comparer.compare(sa, sb, direction, label), t);
        return;
      }
    }
    const typesA = [...ba.content.keys()];
    const typesB = [...bb.content.keys()];
    const json = (t: string) => /json/.test(t);
    for (const t of typesA) {
      if (bb.content.has(t)) continue;
      const alternative = json(t) && typesB.some(json);
      occur(this.log.record({ kind: 'media-type-removed', direction, traits: { alternative }, message: `${label} no longer offers ${t}`, old: ba.at, new: bb.at, detail: t }), t);
    }
    for (const t of typesB) {
      if (ba.content.has(t)) continue;
      occur(this.log.record({ kind: 'media-type-added', direction, message: `${label} also offers ${t}`, old: ba.at, new: bb.at, detail: t }), t);
    }
    let pairs = typesA.filter((t) => bb.content.has(t)).map((t) => [t, t] as const);
    if (pairs.length === 0 && typesA.length && typesB.length) pairs = [[typesA.find(json) ?? typesA[0]!, typesB.find(json) ?? typesB[0]!]];
    const seen = pairs.length > 1 ? new Set<string>() : undefined;
    for (const [ta, tb] of pairs) {
      const sa = ba.content.get(ta);
      const sb = bb.content.get(tb);
      if (!sa || !sb) continue;
      // Swagger 2.0 gives every media type the one schema: compare it once.
      if (seen) {
        const key = `${siteKey(sa)}|${siteKey(sb)}`;
        if (seen.has(key)) continue;
        seen.add(key);
      }
      occurFound(this.comparer.compare(sa, sb, direction, label), ta);
    }
  }

  private responses(a: OpModel, b: OpModel, operation: OperationRef): void {
    const ra = a.responses;
    const rb = b.responses;
    const pairs: [ResponseModel, ResponseModel][] = [];
    let sameStatuses = ra.size === rb.size;
    ra.forEach((r, status) => {
      const q = rb.get(status);
      if (q) pairs.push([r, q]);
      else sameStatuses = false;
    });
    // The same statuses in both (most operations): none removed or added, nothing paired otherwise.
    if (sameStatuses) {
      for (let i = 0; i < pairs.length; i++) this.responsePair(a, pairs[i]![0], pairs[i]![1], operation);
      return;
    }
    let removed = [...ra.keys()].filter((s) => !rb.has(s));
    let added = [...rb.keys()].filter((s) => !ra.has(s));
    const occur = (change: SpecChange, status: string) => this.log.occur(change, { operation, area: 'response', direction: 'response', status });
    const successA = [...ra.keys()].filter(isSuccess);
    const successB = [...rb.keys()].filter(isSuccess);
    const removedSuccess = removed.filter(isSuccess);
    const addedSuccess = added.filter(isSuccess);
    if (removedSuccess.length === 1 && addedSuccess.length === 1 && successA.length === 1) {
      const [s, t] = [removedSuccess[0]!, addedSuccess[0]!];
      occur(this.log.record({ kind: 'response-status-changed', direction: 'response', message: `${a.method} ${a.path} answers ${t} where it answered ${s}`, old: ra.get(s)!.at, new: rb.get(t)!.at, before: s, after: t }), s);
      pairs.push([ra.get(s)!, rb.get(t)!]);
      removed = removed.filter((x) => x !== s);
      added = added.filter((x) => x !== t);
    } else if (successA.length === 0 && ra.has('default') && successB.length > 0) {
      // Only `default` before: it was the success answer too. Its body is compared with the new success one.
      // (A new `default` beside them describes the errors now, not what the old one did.)
      const t = successB[0]!;
      const at = pairs.findIndex(([r]) => r.status.toLowerCase() === 'default');
      if (at >= 0) pairs.splice(at, 1);
      pairs.push([ra.get('default')!, rb.get(t)!]);
      if (!rb.has('default')) {
        occur(this.log.record({ kind: 'response-removed', direction: 'response', traits: { success: false }, message: `${a.method} ${a.path} lists its answers per status instead of one default (${[...rb.keys()].join(', ')})`, old: ra.get('default')!.at, new: b.at, detail: 'default' }), 'default');
        removed = removed.filter((x) => x !== 'default');
      }
      added = added.filter((x) => !(isSuccess(x) && x === t));
    }
    for (const status of removed) {
      const success = isSuccess(status);
      const alternative = successA.some((s) => s !== status && rb.has(s));
      occur(this.log.record({ kind: 'response-removed', direction: 'response', traits: { success, alternative }, message: `${a.method} ${a.path} no longer answers ${status}`, old: ra.get(status)!.at, new: b.at, detail: status }), status);
    }
    for (const status of added) {
      const success = isSuccess(status);
      const alternative = successA.length > 0;
      occur(this.log.record({ kind: 'response-added', direction: 'response', traits: { success, alternative }, message: `${a.method} ${a.path} may answer ${status}`, old: a.at, new: rb.get(status)!.at, detail: status }), status);
    }
    for (let i = 0; i < pairs.length; i++) this.responsePair(a, pairs[i]![0], pairs[i]![1], operation);
  }

  /** Two responses paired by status: their bodies and headers. */
  private responsePair(a: OpModel, r: ResponseModel, q: ResponseModel, operation: OperationRef): void {
    const status = r.status === q.status ? r.status : `${r.status}→${q.status}`;
    const label = `${a.method} ${a.path} ${q.status} response`;
    this.content(r, q, 'response', label, (change, mediaType) => this.log.occur(change, { operation, area: 'response', direction: 'response', status: r.status, mediaType }), (found, mediaType) => this.occurFound(found, { operation, area: 'response', direction: 'response', status: r.status, mediaType }));
    if (r.headers.size === 0 && q.headers.size === 0) return;
    for (const [name, h] of r.headers) {
      const k = q.headers.get(name);
      const occurHeader = (change: SpecChange) => this.log.occur(change, { operation, area: 'response-header', direction: 'response', status: r.status, parameter: { in: 'header', name: h.name } });
      if (!k) {
        occurHeader(this.log.record({ kind: 'response-header-removed', direction: 'response', traits: { required: h.required }, message: `${label} no longer has the header ${h.name}`, old: h.at, new: q.at, detail: `${status}:${name}` }));
      } else if (h.schema && k.schema) {
        for (const f of this.comparer.compare(h.schema, k.schema, 'response', `header ${h.name}`)) occurHeader(f.change);
      }
    }
    for (const [name, k] of q.headers) {
      if (r.headers.has(name)) continue;
      this.log.occur(this.log.record({ kind: 'response-header-added', direction: 'response', message: `${label} has a new header ${k.name}`, old: r.at, new: k.at, detail: `${status}:${name}` }), { operation, area: 'response-header', direction: 'response', status: r.status, parameter: { in: 'header', name: k.name } });
    }
  }

  private security(a: OpModel, b: OpModel, operation: OperationRef): void {
    const sa = a.security ?? [];
    const sb = b.security ?? [];
    const text = (list: SecurityRequirement[]) => (list.length ? list.map(requirementText).join(' or ') : 'none');
    if (text(sa) === text(sb)) return;
    // A client meets one old alternative; it still gets in when some new alternative asks no more of it.
    const asksNoMore = (old: SecurityRequirement, now: SecurityRequirement) =>
      [...now].every(([name, scopes]) => old.has(name) && scopes.every((s) => old.get(name)!.some((o) => scopeCovers(o, s))));
    const stillIn = (old: SecurityRequirement) => sb.length === 0 || sb.some((now) => asksNoMore(old, now));
    const wider = (sa.length === 0 ? [new Map()] : sa).every(stillIn);
    const change = this.log.record({ kind: 'security-changed', traits: { wider }, message: `security of ${a.method} ${a.path} changed from ${text(sa)} to ${text(sb)}`, old: a.at, new: b.at, before: text(sa), after: text(sb) });
    this.log.occur(change, { operation, area: 'security' });
  }
}

export type { Located };
