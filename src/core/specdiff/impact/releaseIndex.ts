// What the impact map looks things up in: the two releases' operations (matched the way requests
// are matched while editing), and the changes by the place they sit in the old document and by
// operation. A request's body, a JSONPath, a flow's payload are walked through the old release's
// schemas; every property or value they reach is looked up by its definition site, so a change
// to a shared schema is found wherever it is used, by whatever path.

import type { OpenApiIndex, OperationInfo } from '../../openapi/types';
import { matchOperation } from '../../openapi/matchOperation';
import type { Direction, SpecChange, SpecDiff } from '../types';
import { readApi, type ApiModel, type OpModel } from '../operations';
import { siteKey, type Located, type SpecDocument } from '../specDocument';
import { viewOf, type PropertyEntry, type SchemaView } from '../schemaView';

export interface ReleasePair {
  diff: SpecDiff;
  before: ApiModel;
  after: ApiModel;
}

export function releasePair(diff: SpecDiff, oldDoc: SpecDocument, newDoc: SpecDocument): ReleasePair {
  return { diff, before: readApi(oldDoc), after: readApi(newDoc) };
}

function opKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path}`;
}

/** A minimal index for `matchOperation`: it reads only methods, paths and servers. */
function matchIndex(api: ApiModel): { index: OpenApiIndex; byInfo: Map<OperationInfo, OpModel> } {
  const byInfo = new Map<OperationInfo, OpModel>();
  const operations = api.operations.map((op) => {
    const info: OperationInfo = { id: op.operationId ?? `${op.method} ${op.path}`, method: op.method as OperationInfo['method'], path: op.path, tags: [], deprecated: op.deprecated, parameters: [], responses: [], location: { source: api.doc.source, pointer: op.at.pointer } };
    byInfo.set(info, op);
    return info;
  });
  return { index: { source: api.doc.source, specVersion: api.doc.specVersion, title: api.title, version: api.version, servers: api.servers, tags: [], operations, schemas: {} }, byInfo };
}

export interface SchemaStep {
  /** The property this step went through (undefined for `[*]` and the root). */
  entry?: PropertyEntry;
  view: SchemaView;
}

export class ReleaseIndex {
  private readonly bySite = new Map<string, SpecChange[]>();
  private readonly byOperation = new Map<string, SpecChange[]>();
  private readonly oldMatch: ReturnType<typeof matchIndex>;
  private readonly newMatch: ReturnType<typeof matchIndex>;
  readonly byId = new Map<string, SpecChange>();

  constructor(readonly pair: ReleasePair) {
    for (const change of pair.diff.changes) {
      this.byId.set(change.id, change);
      if (change.old) this.add(this.bySite, `${change.direction ?? ''}|${siteKey(change.old)}`, change);
      for (const o of change.occurrences) this.add(this.byOperation, opKey(o.operation.method, o.operation.path), change);
    }
    this.oldMatch = matchIndex(pair.before);
    this.newMatch = matchIndex(pair.after);
  }

  private add(map: Map<string, SpecChange[]>, key: string, change: SpecChange): void {
    const list = map.get(key);
    if (!list) map.set(key, [change]);
    else if (!list.includes(change)) list.push(change);
  }

  get oldDoc(): SpecDocument {
    return this.pair.before.doc;
  }

  /** The old release's operation a request path (after its base URL) and method address. */
  oldOperation(method: string, path: string, basePaths: string[] = []): OpModel | undefined {
    const match = matchOperation(this.oldMatch.index, method, path, { basePaths });
    return match ? this.oldMatch.byInfo.get(match.operation) : undefined;
  }

  newOperation(method: string, path: string, basePaths: string[] = []): OpModel | undefined {
    const match = matchOperation(this.newMatch.index, method, path, { basePaths });
    return match ? this.newMatch.byInfo.get(match.operation) : undefined;
  }

  oldOperationById(operationId: string): OpModel | undefined {
    return this.pair.before.operations.find((op) => op.operationId === operationId);
  }

  newOperationById(operationId: string): OpModel | undefined {
    return this.pair.after.operations.find((op) => op.operationId === operationId);
  }

  /** Operations whose path ends with the given segments (a URL that starts with another response's Location). */
  oldOperationsEndingWith(method: string, tail: string[]): OpModel[] {
    return this.pair.before.operations.filter((op) => {
      if (op.method !== method.toUpperCase()) return false;
      const segments = op.path.split('/').filter(Boolean);
      if (segments.length <= tail.length) return false;
      const end = segments.slice(segments.length - tail.length);
      return end.every((s, i) => s === tail[i] || (/^\{.*\}$/.test(s) && tail[i] !== undefined));
    });
  }

  changesOf(op: OpModel): SpecChange[] {
    return this.byOperation.get(opKey(op.method, op.path)) ?? [];
  }

  /** Changes at any of the given definition sites, for one direction. */
  changesAt(direction: Direction, sites: readonly Located[]): SpecChange[] {
    const out: SpecChange[] = [];
    for (const site of sites) for (const c of this.bySite.get(`${direction}|${siteKey(site)}`) ?? []) if (!out.includes(c)) out.push(c);
    return out;
  }

  view(schema: Located): SchemaView {
    return viewOf(this.oldDoc, schema);
  }

  /** The schema one step below `view`: a property, any array item, or a map value. */
  step(view: SchemaView, segment: string | number | '*'): SchemaStep | undefined {
    if (typeof segment === 'string' && segment !== '*') {
      const entry = view.properties.get(segment);
      if (entry) return { entry, view: viewOf(this.oldDoc, entry.decl) };
      if (view.additionalProperties && typeof view.additionalProperties !== 'boolean') return { view: viewOf(this.oldDoc, view.additionalProperties) };
      for (const variant of view.variants?.list ?? []) {
        const inner = this.step(viewOf(this.oldDoc, variant), segment);
        if (inner) return inner;
      }
      return undefined;
    }
    if (view.items) return { view: viewOf(this.oldDoc, view.items) };
    if (segment === '*' && view.additionalProperties && typeof view.additionalProperties !== 'boolean') return { view: viewOf(this.oldDoc, view.additionalProperties) };
    return undefined;
  }

  /** The request body schema of an operation for a content type (JSON first). */
  requestSchema(op: OpModel, contentType?: string): Located | undefined {
    return pickMedia(op.requestBody?.content, contentType);
  }

  /** The success response body schema of an operation (2XX first, then default). */
  responseSchema(op: OpModel): Located | undefined {
    const statuses = [...op.responses.keys()];
    const status = statuses.find((s) => /^2/.test(s)) ?? statuses.find((s) => s === 'default');
    return status ? pickMedia(op.responses.get(status)!.content, undefined) : undefined;
  }
}

function pickMedia(content: Map<string, Located | undefined> | undefined, contentType: string | undefined): Located | undefined {
  if (!content) return undefined;
  const wanted = contentType?.split(';')[0]?.trim().toLowerCase();
  const types = [...content.keys()];
  const pick = (wanted && types.find((t) => t === wanted)) || types.find((t) => t === 'application/json') || types.find((t) => /json/.test(t)) || types[0];
  return pick ? content.get(pick) : undefined;
}
