// Hover in Arazzo files, as a pure function of the text, the cursor and the file's resolved
// sources: what a step's target is (the operation behind an operationId or operationPath, with its
// method, path, summary and parameters; the workflow behind a workflowId) and what a runtime
// expression refers to ($steps.x and its outputs, $inputs fields, $workflows.x).

import type { ArazzoDocument, StepObject, WorkflowObject } from './arazzoTypes';
import { enclosing, stepOperation, type ArazzoCompletionRequest } from './arazzoCompletion';
import { parseOperationPath } from './operationPath';
import type { ResolvedSource } from './sources';
import { inputFields, inputsSchema } from './workflowInputs';
import type { OperationInfo } from '../openapi/types';

export interface ArazzoHover {
  /** Markdown. */
  markdown: string;
  /** The columns (0-based, end exclusive) on the line the hover is about. */
  start: number;
  end: number;
}

export type ArazzoHoverRequest = ArazzoCompletionRequest;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Markdown code that cannot be broken out of by backticks in the text. */
function code(text: string): string {
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}

function operationMarkdown(operation: OperationInfo, source?: string): string {
  const lines = [`**${operation.method} ${operation.path}** — ${code(operation.id)}${source ? ` in ${code(source)}` : ''}`];
  if (operation.deprecated) lines.push('', '*Deprecated.*');
  if (operation.summary) lines.push('', operation.summary);
  if (operation.parameters.length) {
    lines.push('', 'Parameters:');
    for (const p of operation.parameters) lines.push(`- ${code(p.name)} (${p.in}${p.required ? ', required' : ''})${p.description ? ` — ${p.description}` : ''}`);
  }
  if (operation.requestBody) lines.push('', `Body: ${Object.keys(operation.requestBody.content).join(', ') || 'any'}${operation.requestBody.required ? ', required' : ''}`);
  return lines.join('\n');
}

function pathOperation(text: string, sources: ReadonlyMap<string, ResolvedSource>): { operation: OperationInfo; source: string } | undefined {
  const parsed = parseOperationPath(text);
  if (!parsed || parsed.pointer[0] !== 'paths' || parsed.pointer.length !== 3) return undefined;
  const source = sources.get(parsed.source);
  if (source?.kind !== 'openapi') return undefined;
  const [, path, method] = parsed.pointer;
  // A Swagger 2 basePath is part of the index's path, not of the document's `paths` key.
  const operation = source.index.operations.find((o) => o.method.toLowerCase() === method!.toLowerCase() && (o.path === path || o.path.endsWith(path!)));
  return operation ? { operation, source: source.name } : undefined;
}

function workflowMarkdown(workflow: WorkflowObject, doc: ArazzoDocument): string {
  const lines = [`**Workflow ${code(workflow.workflowId)}**`];
  if (workflow.summary) lines.push('', workflow.summary);
  const fields = inputFields(inputsSchema(workflow, doc));
  if (fields.length) {
    lines.push('', 'Inputs:');
    for (const f of fields) lines.push(`- ${code(f.name)}${f.type ? ` (${f.type}${f.required ? ', required' : ''})` : f.required ? ' (required)' : ''}${f.description ? ` — ${f.description}` : ''}`);
  }
  const outputs = Object.keys(workflow.outputs ?? {});
  if (outputs.length) lines.push('', `Outputs: ${outputs.map(code).join(', ')}`);
  return lines.join('\n');
}

function stepTarget(step: StepObject, sources: ReadonlyMap<string, ResolvedSource>): string {
  const operation = stepOperation(step, sources);
  if (operation) return `${operation.method} ${operation.path}`;
  if (typeof step.operationPath === 'string') {
    const found = pathOperation(step.operationPath, sources);
    if (found) return `${found.operation.method} ${found.operation.path}`;
  }
  return step.operationId ?? step.workflowId ?? step.operationPath ?? '';
}

/** The value after `key:` on the line (quoted, or plain up to a ` #` comment), with its columns, when the cursor is on it. */
function valueAt(lineText: string, character: number, key: string): { value: string; start: number; end: number } | undefined {
  const prefix = new RegExp(`^\\s*(?:-\\s+)?${key}:\\s*`).exec(lineText);
  if (!prefix) return undefined;
  let start = prefix[0].length;
  let end: number;
  const quote = lineText[start];
  if (quote === '"' || quote === "'") {
    start++;
    end = lineText.indexOf(quote, start);
    if (end < 0) end = lineText.length;
  } else {
    const comment = lineText.indexOf(' #', start);
    end = comment < 0 ? lineText.length : comment;
    while (end > start && /\s/.test(lineText[end - 1]!)) end--;
  }
  if (end <= start || character < start || character > end) return undefined;
  return { value: lineText.slice(start, end), start, end };
}

/** The runtime expression around the cursor: `$` and the run of name, dot, pointer characters. */
function expressionAt(lineText: string, character: number): { text: string; start: number; end: number } | undefined {
  const pattern = /\$[\w.\-#/]*/g;
  for (let match = pattern.exec(lineText); match; match = pattern.exec(lineText)) {
    const end = match.index + match[0].length;
    if (character >= match.index && character <= end) return { text: match[0], start: match.index, end };
  }
  return undefined;
}

export function hoverArazzo(request: ArazzoHoverRequest): ArazzoHover | undefined {
  const { lineText, character, sources } = request;
  const doc = request.parsed.value as ArazzoDocument | undefined;
  const { workflow } = enclosing(request);

  const operationId = valueAt(lineText, character, 'operationId');
  if (operationId) {
    const operation = stepOperation({ operationId: operationId.value } as StepObject, sources);
    const qualified = /^\$sourceDescriptions\.([^.]+)\./.exec(operationId.value)?.[1];
    const source = qualified ?? [...sources.values()].find((s) => s.kind === 'openapi' && s.index.operations.includes(operation!))?.name;
    return operation ? { markdown: operationMarkdown(operation, source), start: operationId.start, end: operationId.end } : undefined;
  }
  const operationPath = valueAt(lineText, character, 'operationPath');
  if (operationPath) {
    const found = pathOperation(operationPath.value, sources);
    return found ? { markdown: operationMarkdown(found.operation, found.source), start: operationPath.start, end: operationPath.end } : undefined;
  }
  const workflowId = valueAt(lineText, character, 'workflowId');
  if (workflowId && doc) {
    const target = (doc.workflows ?? []).find((w) => isRecord(w) && w.workflowId === workflowId.value);
    return target ? { markdown: workflowMarkdown(target, doc), start: workflowId.start, end: workflowId.end } : undefined;
  }

  const expression = expressionAt(lineText, character);
  if (!expression) return undefined;
  const [root, second, third, fourth] = expression.text.split('#')[0]!.split('.');
  const at = { start: expression.start, end: expression.end };
  // Which dot-separated part the cursor is on: `$steps.read` tells of the step, `.outputs.etag` of the output.
  const part = expression.text.slice(0, character - expression.start).split('.').length - 1;
  if (root === '$steps' && second && workflow) {
    const step = (Array.isArray(workflow.steps) ? workflow.steps : []).find((s) => isRecord(s) && s.stepId === second);
    if (!step) return undefined;
    if (third === 'outputs' && fourth && part >= 2) {
      const output = step.outputs?.[fourth];
      return output === undefined ? undefined : { markdown: `Output ${code(fourth)} of step ${code(second)}: ${code(typeof output === 'string' ? output : JSON.stringify(output))}`, ...at };
    }
    const lines = [`**Step ${code(second)}** — ${code(stepTarget(step, sources))}`];
    if (step.description) lines.push('', step.description);
    const outputs = Object.keys(step.outputs ?? {});
    if (outputs.length) lines.push('', `Outputs: ${outputs.map(code).join(', ')}`);
    return { markdown: lines.join('\n'), start: expression.start, end: expression.start + `${root}.${second}`.length };
  }
  if (root === '$inputs' && second && workflow && doc) {
    const field = inputFields(inputsSchema(workflow, doc)).find((f) => f.name === second);
    if (!field) return undefined;
    const kind = [field.type, field.required ? 'required' : undefined, field.secret ? 'secret' : undefined].filter(Boolean).join(', ');
    return { markdown: `Input ${code(second)}${kind ? ` (${kind})` : ''} of workflow ${code(workflow.workflowId)}${field.description ? `\n\n${field.description}` : ''}`, ...at };
  }
  if (root === '$workflows' && second && doc) {
    const target = (doc.workflows ?? []).find((w) => isRecord(w) && w.workflowId === second);
    return target ? { markdown: workflowMarkdown(target, doc), ...at } : undefined;
  }
  return undefined;
}
