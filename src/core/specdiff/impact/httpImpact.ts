// Impacts in one request file: each request is tied to an operation of the old release by its
// method and path (a URL built on another response's `Location` is tied through the path it
// adds), then its path, query parameters, headers, JSON body, the `{{name.response…}}` references
// other requests make to it, and its own `??` assertions are checked against the changes.

import type { HttpFile, RequestBlock, ScriptBlock } from '../../http/ast';
import { TextLines } from '../../language/textLines';
import { requestTarget } from '../../language/requestTarget';
import { contentType, scanBody } from '../../language/jsonBody';
import type { Node as JsonNode } from 'jsonc-parser';
import type { OpModel } from '../operations';
import type { SpecChange } from '../types';
import type { ImpactElement, ImpactMap } from './types';
import type { ReleaseIndex } from './releaseIndex';
import { pathHits, valueHits, type Hit, type ValueNode } from './walkUses';
import { jsonPathTokens } from '../../json/pathTokens';
import { movedPath } from '../../openapi/movedPath';

const RESPONSE_REF = /^([\w-]+)\.response\.(body|headers)\.(.+)$/s;

function requestLabel(request: RequestBlock): string {
  return request.name ?? request.title ?? `request ${request.index + 1}`;
}

/** jsonc-parser's tree → the walker's; offsets made file offsets. */
export function jsonValueNode(node: JsonNode, base: number, masked: (start: number, end: number) => boolean): ValueNode {
  const start = base + node.offset;
  const end = start + node.length;
  if (node.type === 'object') {
    return {
      kind: 'object',
      start,
      end,
      entries: (node.children ?? []).flatMap((prop) => {
        const [key, value] = prop.children ?? [];
        if (!key || !value || typeof key.value !== 'string') return [];
        return [{ key: key.value, keyStart: base + key.offset, keyEnd: base + key.offset + key.length, keyText: '"', value: jsonValueNode(value, base, masked) }];
      }),
    };
  }
  if (node.type === 'array') return { kind: 'array', start, end, items: (node.children ?? []).map((c) => jsonValueNode(c, base, masked)) };
  return { kind: 'value', value: node.value, start, end, ...(masked(node.offset, node.offset + node.length) ? { dynamic: true } : {}) };
}

export class HttpImpactScan {
  private readonly lines: TextLines;
  private readonly operations = new Map<string, OpModel>();

  constructor(
    private readonly index: ReleaseIndex,
    private readonly file: string,
    private readonly text: string,
    private readonly tree: HttpFile,
    private readonly out: ImpactMap,
  ) {
    this.lines = new TextLines(text);
  }

  run(): void {
    for (const request of this.tree.requests) {
      try {
        this.request(request);
      } catch (error) {
        // one request no walker expected costs that request, never the file
        this.out.unmatched.push({ file: this.file, range: request.requestLine!.range, reason: `could not be checked: ${error instanceof Error ? error.message : String(error)}` });
      }
    }
    this.references();
  }

  private push(change: SpecChange, element: ImpactElement, start: number, end: number, request: RequestBlock | undefined, message: string, replacement?: string, severity = change.severity): void {
    const range = this.lines.range(start, end);
    this.out.impacts.push({
      changeId: change.id,
      severity,
      source: 'http',
      element,
      file: this.file,
      range,
      message,
      ...(request ? { where: requestLabel(request) } : {}),
      ...(replacement !== undefined ? { fix: { title: `Change '${this.text.slice(start, end)}' to '${replacement}'`, edits: [{ range, newText: replacement }] } } : {}),
    });
  }

  private hits(hits: Hit[], element: ImpactElement, request: RequestBlock | undefined, what: string): void {
    for (const hit of hits) this.push(hit.change, element, hit.start, hit.end, request, `${what} '${hit.used}': ${hit.change.message}`, hit.replacement);
  }

  private operationFor(request: RequestBlock): { op?: OpModel; pathStart?: number; pathEnd?: number; path?: string; query: { name: string; start: number; end: number }[] } {
    const line = request.requestLine!;
    const target = requestTarget(this.lines, request, {}, undefined);
    const query = (target?.query ?? []).map((q) => ({ name: decodeURIComponent(q.name.text), start: q.name.start, end: q.name.end }));
    if (!target) return { query };
    const method = line.method;
    if (!target.opaque && target.path) {
      const path = target.path.text.replace(/\{\{[^}]*\}\}/g, 'x') || '/';
      const op = this.index.oldOperation(method, path);
      if (op) return { op, pathStart: target.path.start, pathEnd: target.path.end, path: target.path.text, query };
      return { query };
    }
    // `{{registreer.response.headers.Location}}/contactgegevens`: the created resource, then a
    // sub-path. The operation is the one of that method whose path ends in `{id}` + the sub-path
    // and shares the most of its path with the request that made the Location.
    const lead = /^\{\{\s*([\w-]+)\.response\.headers\.location\s*\}\}/i.exec(target.url);
    if (!lead) return { query };
    const rest = target.url.slice(lead[0].length).split(/[?#]/)[0]!;
    const tail = rest.split('/').filter(Boolean);
    const candidates = this.index.oldOperationsEndingWith(method, tail).filter((op) => /^\{.*\}$/.test(op.path.split('/').filter(Boolean).at(-(tail.length + 1)) ?? ''));
    const creator = this.operations.get(lead[1]!);
    const shared = (op: OpModel) => (creator ? commonPrefix(creator.path, op.path) : 0) - op.path.split('/').length / 100;
    const best = candidates.sort((a, b) => shared(b) - shared(a))[0];
    if (!best || (candidates.length > 1 && !creator)) return { query };
    const restStart = target.offsets[lead[0].length] ?? 0;
    return { op: best, ...(rest ? { pathStart: restStart, pathEnd: restStart + rest.length, path: rest } : {}), query };
  }

  private request(request: RequestBlock): void {
    if (!request.requestLine) return;
    const found = this.operationFor(request);
    const op = found.op;
    if (!op) return;
    if (request.name) this.operations.set(request.name, op);
    const changes = this.index.changesOf(op);
    const lineRange = request.requestLine.range;
    const lineStart = this.lines.offsetAt(lineRange.start);
    const lineEnd = this.lines.offsetAt(lineRange.end);
    for (const change of changes) {
      if (change.kind === 'operation-removed') this.push(change, 'path', found.pathStart ?? lineStart, found.pathEnd ?? lineEnd, request, change.message);
      if (change.kind === 'operation-moved' && found.path !== undefined && found.pathStart !== undefined) {
        const to = movedPath(found.path, op.path, String(change.after));
        this.push(change, 'path', found.pathStart, found.pathEnd!, request, change.message, to);
      }
    }
    // query parameters and headers
    const params = changes.flatMap((c) => c.occurrences.filter((o) => o.area === 'parameter' && o.parameter && o.operation.method === op.method && o.operation.path === op.path).map((o) => ({ change: c, parameter: o.parameter! })));
    for (const q of found.query) {
      for (const { change, parameter } of params) {
        if (parameter.in !== 'query' || parameter.name !== q.name) continue;
        if (change.kind === 'parameter-renamed') this.push(change, 'query', q.start, q.end, request, `query parameter '${q.name}': ${change.message}`, change.rename!.to);
        else if (change.kind === 'parameter-removed' || change.kind === 'type-changed' || change.kind === 'enum-values-removed') this.push(change, 'query', q.start, q.end, request, `query parameter '${q.name}': ${change.message}`);
      }
    }
    for (const h of request.headers) {
      for (const { change, parameter } of params) {
        if (parameter.in !== 'header' || parameter.name.toLowerCase() !== h.name.toLowerCase()) continue;
        const start = this.lines.offsetAt(h.nameRange.start);
        const end = this.lines.offsetAt(h.nameRange.end);
        if (change.kind === 'parameter-renamed') this.push(change, 'header', start, end, request, `header '${h.name}': ${change.message}`, change.rename!.to);
        else if (change.kind === 'parameter-removed' || change.kind === 'enum-values-removed') this.push(change, 'header', start, end, request, `header '${h.name}': ${change.message}`);
      }
    }
    // what the new release requires and the request does not send
    for (const { change, parameter } of params) {
      if (change.kind !== 'parameter-added' && !(change.kind === 'parameter-required-changed' && change.severity === 'breaking')) continue;
      if (change.severity !== 'breaking') continue;
      const sent = parameter.in === 'header' ? request.headers.some((h) => h.name.toLowerCase() === parameter.name.toLowerCase()) : parameter.in === 'query' ? found.query.some((q) => q.name === parameter.name) : true;
      if (!sent) this.push(change, parameter.in === 'header' ? 'header' : 'query', lineStart, lineEnd, request, change.message);
    }
    // the JSON body
    const schema = this.index.requestSchema(op, contentType(request));
    const body = schema ? scanBody(this.lines, request) : undefined;
    if (schema && body?.root && !body.errors.length) {
      const masked = (s: number, e: number) => body.references.some(([a, b]) => a < e && b > s);
      this.hits(valueHits(this.index, this.index.view(schema), jsonValueNode(body.root, body.start, masked), 'request'), 'body', request, 'body property');
    }
    // its own `??` assertions
    for (const script of request.scripts) if (script.kind === 'assertion') this.assertion(request, op, script);
  }

  private assertion(request: RequestBlock, op: OpModel, script: ScriptBlock): void {
    const start = this.lines.offsetAt(script.range.start);
    const source = this.text.slice(start, this.lines.offsetAt(script.range.end));
    const status = /\?\?\s*status\s*(==|!=)?\s*(\d{3})/.exec(source);
    if (status) {
      for (const change of this.index.changesOf(op)) {
        if ((change.kind === 'response-status-changed' || change.kind === 'response-removed') && change.before === status[2]) {
          const at = start + status.index + status[0].length - 3;
          this.push(change, 'status', at, at + 3, request, `?? status ${status[2]}: ${change.message}`, change.kind === 'response-status-changed' ? String(change.after) : undefined);
        }
      }
    }
    const body = /\?\?\s*body\s+(\$\S*)/.exec(source);
    const schema = this.index.responseSchema(op);
    if (body && schema) {
      const at = start + body.index + body[0].length - body[1]!.length;
      this.hits(pathHits(this.index, this.index.view(schema), jsonPathTokens(body[1]!), 'response', at), 'assertion', request, 'asserted field');
    }
    const header = /\?\?\s*header\s+([\w-]+)/.exec(source);
    if (header) this.responseHeader(op, header[1]!, start + header.index + header[0].length - header[1]!.length, request, 'assertion');
  }

  private responseHeader(op: OpModel, name: string, at: number, request: RequestBlock | undefined, element: ImpactElement): void {
    for (const change of this.index.changesOf(op)) {
      if (change.kind !== 'response-header-removed') continue;
      if (change.occurrences.some((o) => o.parameter?.name.toLowerCase() === name.toLowerCase() && o.operation.path === op.path)) {
        this.push(change, element, at, at + name.length, request, `header '${name}': ${change.message}`);
      }
    }
  }

  /** `{{name.response.body.$.a.b}}` and `{{name.response.headers.X}}` anywhere in the file. */
  private references(): void {
    for (const ref of this.tree.references) {
      if (ref.kind !== 'response') continue;
      const m = RESPONSE_REF.exec(ref.expression);
      const op = m ? this.operations.get(m[1]!) : undefined;
      if (!m || !op) continue;
      const exprStart = this.lines.offsetAt(ref.innerRange.start);
      const partStart = exprStart + ref.expression.length - m[3]!.length;
      const request = this.tree.requests.find((r) => r.range.start.line <= ref.range.start.line && ref.range.start.line <= r.range.end.line);
      if (m[2] === 'headers') {
        this.responseHeader(op, m[3]!.trim(), partStart, request, 'response-reference');
        continue;
      }
      const schema = this.index.responseSchema(op);
      if (!schema || !m[3]!.startsWith('$')) continue;
      this.hits(pathHits(this.index, this.index.view(schema), jsonPathTokens(m[3]!), 'response', partStart), 'response-reference', request, `field of '${m[1]}' response`);
    }
  }
}

function commonPrefix(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  let n = 0;
  while (n < x.length && n < y.length && x[n] === y[n]) n++;
  return n;
}
