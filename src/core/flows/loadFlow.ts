// An Arazzo file → a flow ready to run: checked (checkArazzo), its sources read, and every step
// tied to what it calls — an operation of an OpenAPI description, a named request of a .http
// file, or a workflow (local or in another Arazzo file). All of it happens before the first
// request, and every problem is placed at its line; a flow with an error is not returned.

import type { OperationInfo } from '../openapi/types';
import type { RequestBlock } from '../http/ast';
import { closest } from '../language/closest';
import type { ArazzoMinor } from './arazzoSchema';
import type { ArazzoDocument, StepObject, WorkflowObject } from './arazzoTypes';
import { checkArazzo } from './checkArazzo';
import { effectiveParameters } from './components';
import { pointerOf, type FlowDiagnostic } from './flowDiagnostic';
import { parseOperationPath } from './operationPath';
import { parseArazzo, type ParsedArazzo } from './parseArazzo';
import { parseExpression } from './runtimeExpression';
import { resolveSource, sourceKind, sourceLocation, SourceError, type FlowSourceHost, type ResolvedSource } from './sources';

export type OpenApiSource = Extract<ResolvedSource, { kind: 'openapi' }>;
export type HttpSource = Extract<ResolvedSource, { kind: 'http' }>;

export type StepTarget =
  | { kind: 'operation'; source: OpenApiSource; operation: OperationInfo }
  | { kind: 'http'; source: HttpSource; request: RequestBlock }
  | { kind: 'workflow'; flow: LoadedFlow; workflowId: string };

export interface LoadedFlow {
  file: string;
  text: string;
  document: ArazzoDocument;
  minor: ArazzoMinor;
  parsed: ParsedArazzo;
  sources: Map<string, ResolvedSource>;
  /** workflowId → stepId → what the step calls. */
  targets: Map<string, Map<string, StepTarget>>;
  /** Arazzo sources, by source name, loaded as flows of their own. */
  externals: Map<string, LoadedFlow>;
  /** Warnings (a flow with errors is not loaded). */
  diagnostics: FlowDiagnostic[];
  /** Things worth saying once, e.g. an environment a registry lacks. */
  notices: string[];
}

export interface LoadFlowOptions {
  /** Environment name for registry sources (`--env`). */
  environment?: string;
  /** Files already being loaded (Arazzo sources that refer back). */
  loading?: Set<string>;
}

export interface LoadFlowResult {
  flow?: LoadedFlow;
  diagnostics: FlowDiagnostic[];
  notices: string[];
}

export async function loadFlow(text: string, file: string, host: FlowSourceHost, options: LoadFlowOptions = {}): Promise<LoadFlowResult> {
  const parsed = parseArazzo(text);
  const checked = checkArazzo(parsed);
  const diagnostics = [...checked.diagnostics];
  const notices: string[] = [];
  if (!checked.document || !checked.minor) return { diagnostics, notices };
  const doc = checked.document;
  const add = (severity: FlowDiagnostic['severity'], code: string, path: (string | number)[], message: string) => {
    diagnostics.push({ severity, code, message, pointer: pointerOf(path), range: parsed.locate(path) });
  };

  const loading = new Set(options.loading ?? []);
  loading.add(file);
  const sources = new Map<string, ResolvedSource>();
  const externals = new Map<string, LoadedFlow>();
  for (const [i, description] of doc.sourceDescriptions.entries()) {
    // An unused source that does not load is only a warning: the steps that need one say so.
    const used = JSON.stringify(doc.workflows).includes(`$sourceDescriptions.${description.name}`) || doc.sourceDescriptions.filter((s) => sourceKind(s, sourceLocation(s.url, file)) !== 'arazzo').length === 1;
    try {
      const source = await resolveSource(description, host, { flowFile: file, environment: options.environment, notice: (m) => notices.push(m) });
      sources.set(description.name, source);
      if (source.kind === 'arazzo') {
        if (loading.has(source.location)) {
          add('error', 'arazzo/source-cycle', ['sourceDescriptions', i, 'url'], `source '${description.name}' leads back to ${source.location}: Arazzo files refer to each other in a circle`);
          continue;
        }
        const nested = await loadFlow(source.text, source.location, host, { environment: options.environment, loading });
        for (const d of nested.diagnostics) diagnostics.push({ ...d, file: d.file ?? source.location });
        notices.push(...nested.notices);
        if (nested.flow) externals.set(description.name, nested.flow);
        else add('error', 'arazzo/source', ['sourceDescriptions', i, 'url'], `source '${description.name}' (${source.location}) has errors`);
      }
    } catch (error) {
      if (!(error instanceof SourceError)) throw error;
      add(used ? 'error' : 'warning', 'arazzo/source', ['sourceDescriptions', i, 'url'], error.message);
    }
  }

  const flowWithoutTargets: Omit<LoadedFlow, 'targets'> = { file, text, document: doc, minor: checked.minor, parsed, sources, externals, diagnostics, notices };
  const targets = new Map<string, Map<string, StepTarget>>();
  const self = flowWithoutTargets as LoadedFlow;
  self.targets = targets;

  doc.workflows.forEach((workflow, w) => {
    const byStep = new Map<string, StepTarget>();
    targets.set(workflow.workflowId, byStep);
    workflow.steps.forEach((step, s) => {
      const path = ['workflows', w, 'steps', s];
      const target = resolveTarget(step, self, (code, field, message) => add('error', code, [...path, field], message));
      if (!target) return;
      byStep.set(step.stepId, target);
      if (target.kind === 'operation') checkOperationParameters(step, workflow, doc, target.operation, (severity, message, i) => add(severity, 'arazzo/parameter', i === undefined ? path : [...path, 'parameters', i], message));
    });
  });
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics, notices };
  return { flow: self, diagnostics, notices };
}

type Report = (code: string, field: string, message: string) => void;

function operationsOf(source: ResolvedSource): string[] {
  if (source.kind === 'openapi') return source.index.operations.map((o) => o.id);
  if (source.kind === 'http') return source.file.requests.flatMap((r) => (r.name ? [r.name] : []));
  return [];
}

function findInSource(source: ResolvedSource, id: string): StepTarget | undefined {
  if (source.kind === 'openapi') {
    const operation = source.index.operations.find((o) => o.id === id);
    return operation ? { kind: 'operation', source, operation } : undefined;
  }
  if (source.kind === 'http') {
    // `#3` is the third request of the file, for files whose requests have no names.
    const index = /^#(\d+)$/.exec(id);
    const request = index ? source.file.requests[Number(index[1]) - 1] : source.file.requests.find((r) => r.name === id);
    return request ? { kind: 'http', source, request } : undefined;
  }
  return undefined;
}

function resolveTarget(step: StepObject, flow: LoadedFlow, report: Report): StepTarget | undefined {
  const callable = [...flow.sources.values()].filter((s) => s.kind !== 'arazzo');
  if (step.operationId !== undefined) {
    if (step.operationId.startsWith('$sourceDescriptions.')) {
      const expression = parseExpression(step.operationId);
      if (expression.kind !== 'sourceDescriptions') return undefined;
      const source = flow.sources.get(expression.name) ?? [...flow.sources.values()].find((s) => s.name.toLowerCase() === expression.name.toLowerCase());
      if (!source) return undefined; // the source did not load: reported there
      if (source.kind === 'arazzo') {
        report('arazzo/operation', 'operationId', `'${source.name}' is an Arazzo description: call its workflows with workflowId, not operationId`);
        return undefined;
      }
      const found = findInSource(source, expression.reference);
      if (!found) report('arazzo/operation', 'operationId', notFound(expression.reference, [source]));
      return found;
    }
    const found = callable.map((s) => findInSource(s, step.operationId!)).filter((t): t is StepTarget => t !== undefined);
    if (found.length > 1) {
      report('arazzo/ambiguous-operation', 'operationId', `operationId '${step.operationId}' is in ${found.map((t) => `'${(t as { source: ResolvedSource }).source.name}'`).join(' and ')}: write $sourceDescriptions.NAME.${step.operationId}`);
      return undefined;
    }
    if (found.length === 0) {
      if (callable.length) report('arazzo/operation', 'operationId', notFound(step.operationId, callable));
      return undefined;
    }
    return found[0];
  }
  if (step.operationPath !== undefined) {
    const parsed = parseOperationPath(step.operationPath);
    if (!parsed) return undefined;
    const source = flow.sources.get(parsed.source);
    if (!source) return undefined;
    if (source.kind !== 'openapi') {
      report('arazzo/operation', 'operationPath', `operationPath points into '${source.name}', which is no OpenAPI description`);
      return undefined;
    }
    const [root, template, method] = parsed.pointer;
    const operation = root === 'paths' && template && method ? source.index.operations.find((o) => o.method === method.toUpperCase() && (o.path === template || o.path.endsWith(template))) : undefined;
    if (!operation) {
      const paths = [...new Set(source.index.operations.map((o) => o.path))];
      const near = template ? closest(template, paths) : undefined;
      report('arazzo/operation', 'operationPath', `'${source.name}' has no operation at #/${parsed.pointer.map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}${near ? ` (did you mean ${near}?)` : ''}`);
      return undefined;
    }
    return { kind: 'operation', source, operation };
  }
  if (step.workflowId !== undefined) {
    if (!step.workflowId.startsWith('$')) return { kind: 'workflow', flow, workflowId: step.workflowId };
    const expression = parseExpression(step.workflowId);
    if (expression.kind !== 'sourceDescriptions') return undefined;
    const external = flow.externals.get(expression.name);
    if (!external) {
      if (flow.sources.get(expression.name)?.kind !== 'arazzo') report('arazzo/workflow', 'workflowId', `source '${expression.name}' is no Arazzo description (give it type: arazzo)`);
      return undefined;
    }
    if (!external.document.workflows.some((w) => w.workflowId === expression.reference)) {
      report('arazzo/workflow', 'workflowId', `${external.file} has no workflow '${expression.reference}' (workflows: ${external.document.workflows.map((w) => w.workflowId).join(', ')})`);
      return undefined;
    }
    return { kind: 'workflow', flow: external, workflowId: expression.reference };
  }
  return undefined;
}

function notFound(id: string, sources: ResolvedSource[]): string {
  const all = sources.flatMap(operationsOf);
  const near = closest(id, all);
  const names = sources.map((s) => `'${s.name}'`).join(', ');
  return `no operation '${id}' in ${names}${near ? ` — did you mean '${near}'?` : all.length && all.length <= 12 ? ` (operations: ${all.join(', ')})` : ''}`;
}

/** Parameters the operation does not declare are sent anyway (a warning); a path parameter nobody fills is an error. */
function checkOperationParameters(step: StepObject, workflow: WorkflowObject, doc: ArazzoDocument, operation: OperationInfo, report: (severity: 'error' | 'warning', message: string, index?: number) => void): void {
  const given = effectiveParameters(step, workflow, doc);
  const own = step.parameters ?? [];
  given.forEach((parameter) => {
    if (!parameter.in || parameter.in === 'querystring') return;
    const declared = operation.parameters.some((p) => p.in === parameter.in && (parameter.in === 'header' ? p.name.toLowerCase() === parameter.name.toLowerCase() : p.name === parameter.name));
    const index = own.findIndex((p) => (p as { name?: string }).name === parameter.name);
    if (!declared && parameter.in === 'path') report('error', `${operation.method} ${operation.path} has no path parameter '${parameter.name}'`, index >= 0 ? index : undefined);
    else if (!declared && parameter.in !== 'header') {
      const near = closest(parameter.name, operation.parameters.filter((p) => p.in === parameter.in).map((p) => p.name));
      report('warning', `operation ${operation.id} declares no ${parameter.in} parameter '${parameter.name}'${near ? ` (did you mean '${near}'?)` : ''}; it is sent anyway`, index >= 0 ? index : undefined);
    }
  });
  for (const name of operation.path.match(/\{([^}]+)\}/g)?.map((m) => m.slice(1, -1)) ?? []) {
    if (!given.some((p) => p.in === 'path' && p.name === name)) report('error', `step '${step.stepId}' gives no value for path parameter '${name}' of ${operation.method} ${operation.path}`);
  }
  for (const p of operation.parameters) {
    if (p.required && p.in !== 'path' && p.in !== 'header' && !given.some((g) => g.in === p.in && g.name === p.name) && !given.some((g) => g.in === 'querystring')) {
      report('warning', `step '${step.stepId}' gives no value for the required ${p.in} parameter '${p.name}' of ${operation.id}`);
    }
  }
}
