// Completion in Arazzo files, as a pure function of the text, the cursor and the file's resolved
// sources: operationIds (with their method and path) after `operationId:`, pointers to them after
// `operationPath:`, the operation's parameters after `name:` in a step's parameters (with their
// `in`), and runtime expressions —
// `$` roots, `$steps.` ids, `$steps.x.outputs.` names, `$inputs.` fields of the workflow's inputs
// schema, `$workflows.` ids and outputs, `$sourceDescriptions.` names. The editor resolves the
// sources once per document version (they may be read from disk or fetched).

import type { ArazzoDocument, StepObject, WorkflowObject } from './arazzoTypes';
import type { ParsedArazzo } from './parseArazzo';
import type { ResolvedSource } from './sources';
import { inputFields, inputsSchema } from './workflowInputs';

export interface ArazzoCompletionItem {
  label: string;
  kind: 'operation' | 'parameter' | 'step' | 'output' | 'input' | 'workflow' | 'source' | 'expression' | 'keyword';
  detail?: string;
  documentation?: string;
  /** Text to insert (default: label). */
  insertText?: string;
  /** The column the inserted text replaces from (default: the word or expression being typed). */
  replaceFrom?: number;
}

export interface ArazzoCompletionRequest {
  parsed: ParsedArazzo;
  /** The line the cursor is on, and the cursor's column in it (0-based). */
  lineText: string;
  character: number;
  /** 1-based line of the cursor. */
  line: number;
  sources: ReadonlyMap<string, ResolvedSource>;
}

const ROOTS: [string, string][] = [
  ['$statusCode', 'the HTTP status of the response'],
  ['$response.body', 'the response body; add #/json/pointer'],
  ['$response.header.', 'a response header'],
  ['$request.body', 'the request body; add #/json/pointer'],
  ['$request.header.', 'a request header'],
  ['$request.query.', 'a query parameter of the request'],
  ['$request.path.', 'a path parameter of the request'],
  ['$inputs.', "the workflow's inputs"],
  ['$outputs.', "the workflow's outputs"],
  ['$steps.', 'outputs of a step of this workflow'],
  ['$workflows.', 'inputs and outputs of another workflow'],
  ['$sourceDescriptions.', 'a source description (operations, workflows)'],
  ['$components.', 'reusable parameters, actions and inputs'],
  ['$url', 'the URL of the request'],
  ['$method', 'the HTTP method of the request'],
];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The workflow and step the cursor is in, by the ranges of the parsed document. */
export function enclosing(request: Pick<ArazzoCompletionRequest, 'parsed' | 'line'>): { workflow?: WorkflowObject; step?: StepObject } {
  const doc = request.parsed.value as ArazzoDocument | undefined;
  if (!doc || !Array.isArray(doc.workflows)) return {};
  const inside = (path: (string | number)[]) => {
    const range = request.parsed.locate(path);
    return range.start.line <= request.line && request.line <= range.end.line;
  };
  for (const [w, workflow] of doc.workflows.entries()) {
    if (!isRecord(workflow) || !inside(['workflows', w])) continue;
    const steps = Array.isArray(workflow.steps) ? workflow.steps : [];
    for (const [s, step] of steps.entries()) if (isRecord(step) && inside(['workflows', w, 'steps', s])) return { workflow, step };
    return { workflow };
  }
  return {};
}

export function operations(sources: ReadonlyMap<string, ResolvedSource>): { source: string; id: string; method?: string; path?: string; summary?: string; count: number }[] {
  const openapi = [...sources.values()].filter((s) => s.kind === 'openapi' || s.kind === 'http');
  const list: { source: string; id: string; method?: string; path?: string; summary?: string; count: number }[] = [];
  for (const source of openapi) {
    if (source.kind === 'openapi') for (const o of source.index.operations) list.push({ source: source.name, id: o.id, method: o.method, path: o.path, summary: o.summary, count: openapi.length });
    if (source.kind === 'http') for (const r of source.file.requests) if (r.name) list.push({ source: source.name, id: r.name, method: r.requestLine?.method, count: openapi.length });
  }
  return list;
}

/** The operation a step names, found in the sources. */
export function stepOperation(step: StepObject | undefined, sources: ReadonlyMap<string, ResolvedSource>) {
  const id = typeof step?.operationId === 'string' ? step.operationId : undefined;
  if (!id) return undefined;
  const qualified = /^\$sourceDescriptions\.([^.]+)\.(.+)$/.exec(id);
  for (const source of sources.values()) {
    if (source.kind !== 'openapi' || (qualified && source.name !== qualified[1])) continue;
    const found = source.index.operations.find((o) => o.id === (qualified ? qualified[2] : id));
    if (found) return found;
  }
  return undefined;
}

export function completeArazzo(request: ArazzoCompletionRequest): ArazzoCompletionItem[] {
  const before = request.lineText.slice(0, request.character);
  const doc = request.parsed.value as ArazzoDocument | undefined;
  const { workflow, step } = enclosing(request);

  // operationId: <cursor>
  if (/^\s*(-\s+)?operationId:\s*["']?[\w$.\-]*$/.test(before)) {
    return operations(request.sources).map((o) => ({
      label: o.count > 1 ? `$sourceDescriptions.${o.source}.${o.id}` : o.id,
      kind: 'operation',
      detail: [o.method, o.path].filter(Boolean).join(' ') || undefined,
      documentation: o.summary,
    }));
  }
  // operationPath: <cursor> — a pointer to the operation in its source description, escaped as JSON Pointer says.
  const pathValue = /^(\s*(?:-\s+)?operationPath:\s*)["']?[^"']*$/.exec(before);
  if (pathValue) {
    const items: ArazzoCompletionItem[] = [];
    for (const source of request.sources.values()) {
      if (source.kind !== 'openapi') continue;
      for (const o of source.index.operations) {
        const pointer = `/paths/${o.path.replace(/~/g, '~0').replace(/\//g, '~1')}/${o.method.toLowerCase()}`;
        const path = `{$sourceDescriptions.${source.name}.url}#${pointer}`;
        items.push({ label: path, kind: 'operation', detail: `${o.method} ${o.path}${o.id ? ` (${o.id})` : ''}`, documentation: o.summary, insertText: `'${path}'`, replaceFrom: pathValue[1]!.length });
      }
    }
    return items;
  }
  // workflowId: <cursor> inside a step
  if (step && /^\s*(-\s+)?workflowId:\s*["']?[\w$.\-]*$/.test(before) && doc) {
    return (doc.workflows ?? []).filter((w) => w.workflowId !== workflow?.workflowId).map((w) => ({ label: w.workflowId, kind: 'workflow', detail: w.summary }));
  }
  // name: <cursor> in a step's parameters
  if (step && /^\s*(-\s+)?(\{\s*)?name:\s*["']?[\w\-.]*$/.test(before)) {
    const operation = stepOperation(step, request.sources);
    if (operation) {
      return operation.parameters.map((p) => ({ label: p.name, kind: 'parameter', detail: `${p.in}${p.required ? ', required' : ''}`, documentation: p.description }));
    }
  }

  // A runtime expression being typed: the `$…` run before the cursor.
  const expression = /\$[\w.\-#/]*$/.exec(before)?.[0];
  if (expression === undefined) return [];
  const parts = expression.split('.');
  if (parts.length === 1) return ROOTS.map(([label, detail]) => ({ label, kind: 'expression', detail, insertText: label }));
  const [root, second, third] = parts;
  if (root === '$steps' && workflow) {
    const steps = Array.isArray(workflow.steps) ? workflow.steps : [];
    if (parts.length === 2) return steps.filter((s) => isRecord(s) && s.stepId && s !== step).map((s) => ({ label: s.stepId, kind: 'step', detail: s.operationId ?? s.workflowId ?? s.operationPath, documentation: s.description }));
    if (parts.length === 3) return [{ label: 'outputs', kind: 'keyword' }];
    if (parts.length === 4 && third === 'outputs') {
      const target = steps.find((s) => isRecord(s) && s.stepId === second);
      return Object.entries(target?.outputs ?? {}).map(([name, value]) => ({ label: name, kind: 'output', detail: typeof value === 'string' ? value : undefined }));
    }
  }
  if (root === '$inputs' && parts.length === 2 && workflow && doc) {
    return inputFields(inputsSchema(workflow, doc)).map((f) => ({ label: f.name, kind: 'input', detail: [f.type, f.required ? 'required' : undefined].filter(Boolean).join(', ') || undefined, documentation: f.description }));
  }
  if (root === '$outputs' && parts.length === 2 && workflow) {
    return Object.keys(workflow.outputs ?? {}).map((name) => ({ label: name, kind: 'output' }));
  }
  if (root === '$workflows' && doc) {
    if (parts.length === 2) return (doc.workflows ?? []).map((w) => ({ label: w.workflowId, kind: 'workflow', detail: w.summary }));
    if (parts.length === 3) return [{ label: 'inputs', kind: 'keyword' }, { label: 'outputs', kind: 'keyword' }];
    const target = (doc.workflows ?? []).find((w) => w.workflowId === second);
    if (parts.length === 4 && target && third === 'outputs') return Object.keys(target.outputs ?? {}).map((name) => ({ label: name, kind: 'output' }));
    if (parts.length === 4 && target && third === 'inputs') return inputFields(inputsSchema(target, doc)).map((f) => ({ label: f.name, kind: 'input', detail: f.type }));
  }
  if (root === '$sourceDescriptions' && parts.length === 2 && doc) {
    return (doc.sourceDescriptions ?? []).map((s) => ({ label: s.name, kind: 'source', detail: s.url }));
  }
  if (root === '$sourceDescriptions' && parts.length === 3) {
    const source = request.sources.get(second!);
    if (source?.kind === 'openapi') return source.index.operations.map((o) => ({ label: o.id, kind: 'operation', detail: `${o.method} ${o.path}`, documentation: o.summary }));
  }
  return [];
}
