// Impacts in one Arazzo document: per step, the operation it names (`operationId`, or
// `operationPath` `{$sourceDescriptions.x.url}#/paths/~1a~1b/get`), its parameters, its
// request body payload and replacement targets, and every runtime expression that reads the
// response (`$response.body#/a/b` in criteria and outputs, `$statusCode == 201`,
// `$response.header.ETag`). Only the fields this needs are read, with their ranges; the flow
// engine validates and runs the rest.

import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair } from 'yaml';
import type { SpecChange } from '../types';
import type { Impact, ImpactElement, ImpactMap } from './types';
import type { ReleaseIndex } from './releaseIndex';
import type { OpModel } from '../operations';
import { pathHits, valueHits, type Hit, type ValueNode } from './walkUses';
import { jsonPathTokens, pointerTokens } from '../../json/pathTokens';
import { movedPath } from '../../openapi/movedPath';
import { isUrl, normaliseSource } from '../../openapi/documentSource';
import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, sep } from 'node:path';

type YNode = Node | null | undefined;

/** The change id of a flow source that names the old release's description (no change of the diff: the move itself). */
export const RELEASE_SOURCE_CHANGE = 'release/source-description';

function sameDocument(a: string, b: string): boolean {
  if (a === b) return true;
  if (isUrl(a) || isUrl(b)) return false;
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

/** `target` written as `like` was: a URL, an absolute path, or a path relative to `from`'s folder (with forward slashes). */
function writtenLike(like: string, target: string, from: string): string {
  if (isUrl(target) || isAbsolute(like) || /^file:/i.test(like) || isUrl(like)) return target;
  const rel = relative(dirname(from), target).split(sep).join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

function get(node: YNode, key: string): YNode {
  if (!isMap(node)) return undefined;
  const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
  return pair?.value as YNode;
}

function items(node: YNode): YNode[] {
  return isSeq(node) ? (node.items as YNode[]) : [];
}

function text(node: YNode): string | undefined {
  return isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number') ? String(node.value) : undefined;
}

export class FlowImpactScan {
  private readonly lineCounter = new LineCounter();

  constructor(
    private readonly index: ReleaseIndex,
    private readonly file: string,
    private readonly source: string,
    private readonly out: ImpactMap,
  ) {}

  run(): void {
    const doc = parseDocument(this.source, { lineCounter: this.lineCounter, keepSourceTokens: false, uniqueKeys: false });
    if (doc.errors.length) return; // a broken flow is the flow checker's to report
    this.sources(doc.contents);
    for (const workflow of items(get(doc.contents, 'workflows'))) {
      const workflowId = text(get(workflow, 'workflowId')) ?? 'workflow';
      for (const step of items(get(workflow, 'steps'))) {
        const where = `${workflowId}/${text(get(step, 'stepId')) ?? 'step'}`;
        try {
          this.step(step, where);
        } catch (error) {
          this.out.unmatched.push({ file: this.file, range: this.range(step), reason: `${where} could not be checked: ${error instanceof Error ? error.message : String(error)}` });
        }
      }
    }
  }

  /**
   * A source description that names the old release's document: the flow runs against that
   * release (its environment, its stand-in) until it names the new one. The fix names the new
   * document, written as the old one was (relative to the flow, absolute, or a URL).
   */
  private sources(contents: YNode): void {
    const before = this.index.pair.before.doc.source;
    const after = this.index.pair.after.doc.source;
    if (before === after) return;
    for (const description of items(get(contents, 'sourceDescriptions'))) {
      const urlNode = get(description, 'url');
      const url = text(urlNode);
      const type = text(get(description, 'type'));
      if (!url || url.startsWith('registry:') || (type !== undefined && type !== 'openapi')) continue;
      if (!sameDocument(normaliseSource(url, this.file), before)) continue;
      const replacement = writtenLike(url, after, this.file);
      const start = this.contentStart(urlNode);
      const range = this.range(undefined, start, start + url.length);
      const name = text(get(description, 'name')) ?? 'source';
      this.out.impacts.push({
        changeId: RELEASE_SOURCE_CHANGE,
        severity: 'warning',
        source: 'flow',
        element: 'source',
        file: this.file,
        range,
        message: `source '${name}' names the old release's description: the flow runs against that release until it names the new one`,
        where: `sourceDescriptions/${name}`,
        fix: { title: `Change '${url}' to '${replacement}'`, edits: [{ range, newText: replacement }] },
      });
    }
  }

  private range(node: YNode, start?: number, end?: number): Impact['range'] {
    const from = start ?? node?.range?.[0] ?? 0;
    const to = end ?? node?.range?.[1] ?? from;
    const a = this.lineCounter.linePos(from);
    const b = this.lineCounter.linePos(to);
    return { start: { line: a.line - 1, character: a.col - 1 }, end: { line: b.line - 1, character: b.col - 1 } };
  }

  /** Offset of a scalar's first character of content (after an opening quote). */
  private contentStart(node: YNode): number {
    const start = node?.range?.[0] ?? 0;
    const first = this.source[start];
    return first === '"' || first === "'" ? start + 1 : start;
  }

  private push(change: SpecChange, element: ImpactElement, start: number, end: number, where: string, message: string, replacement?: string, severity = change.severity): void {
    const range = this.range(undefined, start, end);
    this.out.impacts.push({
      changeId: change.id,
      severity,
      source: 'flow',
      element,
      file: this.file,
      range,
      message,
      where,
      ...(replacement !== undefined ? { fix: { title: `Change '${this.source.slice(start, end)}' to '${replacement}'`, edits: [{ range, newText: replacement }] } } : {}),
    });
  }

  private hits(hits: Hit[], element: ImpactElement, where: string, what: string): void {
    for (const hit of hits) this.push(hit.change, element, hit.start, hit.end, where, `${what} '${hit.used}': ${hit.change.message}`, hit.replacement);
  }

  private operation(step: YNode, where: string): OpModel | undefined {
    const idNode = get(step, 'operationId');
    const id = text(idNode)?.replace(/^\$sourceDescriptions\.[^.]+\./, '');
    if (id) {
      const op = this.index.oldOperationById(id);
      if (!op) return undefined;
      const start = this.contentStart(idNode) + (text(idNode)!.length - id.length);
      for (const change of this.index.changesOf(op)) {
        if (change.kind === 'operation-removed') this.push(change, 'operation-id', start, start + id.length, where, change.message);
        // a flow finds its operation by this id: a new id breaks the step whatever it calls
        if (change.kind === 'operation-id-changed') this.push(change, 'operation-id', start, start + id.length, where, change.message, String(change.after), 'breaking');
      }
      return op;
    }
    const pathNode = get(step, 'operationPath');
    const path = text(pathNode);
    const m = path ? /#\/paths\/([^/]+)\/([a-z]+)$/.exec(path) : null;
    if (!m) return undefined;
    const template = m[1]!.replace(/~1/g, '/').replace(/~0/g, '~');
    const op = this.index.pair.before.operations.find((o) => o.method === m[2]!.toUpperCase() && (o.path === template || o.path.endsWith(template)));
    if (!op) return undefined;
    const start = this.contentStart(pathNode) + m.index + '#/paths/'.length;
    for (const change of this.index.changesOf(op)) {
      if (change.kind === 'operation-removed') this.push(change, 'operation-path', start, start + m[1]!.length, where, change.message);
      if (change.kind === 'operation-moved') {
        const to = movedPath(template, op.path, String(change.after)).replace(/~/g, '~0').replace(/\//g, '~1');
        this.push(change, 'operation-path', start, start + m[1]!.length, where, change.message, to);
      }
    }
    return op;
  }

  private step(step: YNode, where: string): void {
    const op = this.operation(step, where);
    if (!op) return;
    const changes = this.index.changesOf(op);
    const params = changes.flatMap((c) => c.occurrences.filter((o) => o.area === 'parameter' && o.parameter && o.operation.path === op.path && o.operation.method === op.method).map((o) => ({ change: c, parameter: o.parameter! })));
    const given = items(get(step, 'parameters')).map((p) => ({ node: get(p, 'name'), name: text(get(p, 'name')), in: text(get(p, 'in')) }));
    for (const p of given) {
      if (!p.name) continue;
      for (const { change, parameter } of params) {
        const same = parameter.in === 'header' ? parameter.name.toLowerCase() === p.name.toLowerCase() : parameter.name === p.name;
        if (!same || (p.in && p.in !== parameter.in)) continue;
        const start = this.contentStart(p.node);
        if (change.kind === 'parameter-renamed') this.push(change, 'parameter', start, start + p.name.length, where, `parameter '${p.name}': ${change.message}`, change.rename!.to);
        else if (change.kind === 'parameter-removed') this.push(change, 'parameter', start, start + p.name.length, where, `parameter '${p.name}': ${change.message}`);
      }
    }
    for (const { change, parameter } of params) {
      if (change.kind !== 'parameter-added' || change.severity !== 'breaking') continue;
      if (!given.some((p) => p.name?.toLowerCase() === parameter.name.toLowerCase())) this.push(change, 'parameter', step?.range?.[0] ?? 0, (step?.range?.[0] ?? 0) + 1, where, change.message);
    }
    const body = get(step, 'requestBody');
    const schema = this.index.requestSchema(op, text(get(body, 'contentType')));
    const payload = get(body, 'payload');
    if (schema && payload) {
      const view = this.index.view(schema);
      this.hits(valueHits(this.index, view, this.valueNode(payload), 'request'), 'payload', where, 'payload property');
      for (const replacement of items(get(body, 'replacements'))) {
        const targetNode = get(replacement, 'target');
        const target = text(targetNode);
        if (!target) continue;
        const tokens = target.startsWith('/') ? pointerTokens(target) : jsonPathTokens(target);
        this.hits(pathHits(this.index, view, tokens, 'request', this.contentStart(targetNode), target.startsWith('/')), 'payload', where, 'replacement target');
      }
    }
    const criteria = [get(step, 'successCriteria'), ...items(get(step, 'onSuccess')).map((a) => get(a, 'criteria')), ...items(get(step, 'onFailure')).map((a) => get(a, 'criteria'))];
    for (const list of criteria) for (const criterion of items(list)) this.criterion(op, criterion, where);
    const outputs = get(step, 'outputs');
    if (isMap(outputs)) for (const pair of outputs.items as Pair<Node, Node>[]) this.expression(op, pair.value, where, 'output');
  }

  private criterion(op: OpModel, criterion: YNode, where: string): void {
    const condition = get(criterion, 'condition');
    const context = text(get(criterion, 'context'));
    const type = get(criterion, 'type');
    const kind = text(type) ?? text(get(type, 'type'));
    if (context && /^\$response\.body/.test(context) && kind === 'jsonpath') {
      const path = text(condition);
      const schema = this.index.responseSchema(op);
      if (path && schema) {
        const expr = /\$[.[][^\s=!<>]*/.exec(path);
        if (expr) this.hits(pathHits(this.index, this.index.view(schema), jsonPathTokens(expr[0]), 'response', this.contentStart(condition) + expr.index), 'criterion', where, 'criterion field');
      }
      return;
    }
    this.expression(op, condition, where, 'criterion');
  }

  /** `$response.body#/a/b`, `$statusCode == 201` and `$response.header.X` inside a string. */
  private expression(op: OpModel, node: YNode, where: string, element: ImpactElement): void {
    const value = text(node);
    if (!value) return;
    const base = this.contentStart(node);
    const schema = this.index.responseSchema(op);
    for (const m of value.matchAll(/\$response\.body#(\/[^\s'"}=!<>&|)]*)/g)) {
      if (!schema) break;
      this.hits(pathHits(this.index, this.index.view(schema), pointerTokens(m[1]!), 'response', base + m.index! + '$response.body#'.length, true), element, where, 'response field');
    }
    for (const m of value.matchAll(/\$statusCode\s*==\s*(\d{3})/g)) {
      for (const change of this.index.changesOf(op)) {
        if ((change.kind === 'response-status-changed' || change.kind === 'response-removed') && change.before === m[1]) {
          const at = base + m.index! + m[0].length - 3;
          this.push(change, 'status', at, at + 3, where, `$statusCode == ${m[1]}: ${change.message}`, change.kind === 'response-status-changed' ? String(change.after) : undefined);
        }
      }
    }
    for (const m of value.matchAll(/\$response\.header\.([\w-]+)/g)) {
      for (const change of this.index.changesOf(op)) {
        if (change.kind === 'response-header-removed' && change.occurrences.some((o) => o.parameter?.name.toLowerCase() === m[1]!.toLowerCase())) {
          const at = base + m.index! + '$response.header.'.length;
          this.push(change, element, at, at + m[1]!.length, where, `header '${m[1]}': ${change.message}`);
        }
      }
    }
  }

  private valueNode(node: YNode): ValueNode {
    const start = node?.range?.[0] ?? 0;
    const end = node?.range?.[1] ?? start;
    if (isMap(node)) {
      return {
        kind: 'object',
        start,
        end,
        entries: (node.items as Pair<Node, Node>[]).flatMap((pair) => {
          if (!isScalar(pair.key) || !pair.key.range) return [];
          const [keyStart, keyEnd] = pair.key.range;
          return [{ key: String(pair.key.value), keyStart, keyEnd, keyText: this.source.slice(keyStart, keyEnd), value: this.valueNode(pair.value) }];
        }),
      };
    }
    if (isSeq(node)) return { kind: 'array', start, end, items: (node.items as YNode[]).map((n) => this.valueNode(n)) };
    const value = isScalar(node) ? node.value : undefined;
    return { kind: 'value', value, start, end, ...(typeof value === 'string' && /\$(inputs|steps|workflows|response|components)|\{\$/.test(value) ? { dynamic: true } : {}) };
  }
}
