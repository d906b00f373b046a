// Is this a runnable Arazzo description? The JSON Schema for its version first, then what the
// specification says in prose: unique ids, exactly one target per step and goto, targets that
// exist, reusable references that resolve to the right kind, runtime expressions and conditions
// that parse, no dependsOn cycles. Every problem is placed at its node. A document with an error
// is not returned, so nothing runs on a half-understood flow.

import Ajv2020 from 'ajv/dist/2020';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { jsonpath } from 'json-p3';
import { arazzoSchema, type ArazzoMinor } from './arazzoSchema';
import type { ArazzoDocument, Criterion, ReusableObject, StepObject, WorkflowObject } from './arazzoTypes';
import { isReusable, isSelectorObject } from './arazzoTypes';
import { pointerOf, type FlowDiagnostic } from './flowDiagnostic';
import type { ParsedArazzo } from './parseArazzo';
import { ExpressionSyntaxError, looksLikeExpression, parseExpression, parseTemplate, hasEmbeddedExpression, type RuntimeExpression } from './runtimeExpression';
import { conditionExpressions } from './simpleCondition';
import { parseOperationPath } from './operationPath';

export interface CheckedArazzo {
  document?: ArazzoDocument;
  minor?: ArazzoMinor;
  diagnostics: FlowDiagnostic[];
}

type Path = (string | number)[];

// Compiled once per process: a pure function of a constant schema, holding no caller state.
const validators = new Map<ArazzoMinor, ValidateFunction>();
function validatorFor(minor: ArazzoMinor): ValidateFunction {
  let validate = validators.get(minor);
  if (!validate) {
    validate = new Ajv2020({ allErrors: true, strict: false, validateFormats: false }).compile(arazzoSchema(minor));
    validators.set(minor, validate);
  }
  return validate;
}

/** Fields 1.1 added: a 1.0 document using one is told which version it needs. */
const V11_FIELDS = new Set(['$self', 'channelPath', 'timeout', 'correlationId', 'action', 'dependsOn', 'targetSelectorType', 'parameters']);

function segmentsOf(instancePath: string): Path {
  return instancePath === '' ? [] : instancePath.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function schemaMessage(error: ErrorObject, minor: ArazzoMinor): { path: Path; key: boolean; message: string } | undefined {
  const path = segmentsOf(error.instancePath);
  const params = error.params as Record<string, unknown>;
  const where = error.instancePath || '/';
  switch (error.keyword) {
    case 'if':
    case 'anyOf':
      return undefined;
    case 'required':
      return { path, key: false, message: `${where}: missing required field '${String(params.missingProperty)}'` };
    case 'additionalProperties': {
      const field = String(params.additionalProperty);
      const hint = minor === '1.0' && V11_FIELDS.has(field) ? ` ('${field}' is Arazzo 1.1: write arazzo: 1.1.0)` : field.startsWith('X-') ? ' (extensions start with a lower-case x-)' : '';
      return { path: [...path, field], key: true, message: `${where}: unknown field '${field}'${hint}` };
    }
    case 'enum':
      return { path, key: false, message: `${where}: must be one of ${(params.allowedValues as unknown[]).map((v) => String(v)).join(', ')}` };
    case 'const':
      return { path, key: false, message: `${where}: must be ${JSON.stringify(params.allowedValue)}` };
    case 'type':
      return { path, key: false, message: `${where}: must be ${Array.isArray(params.type) ? (params.type as string[]).join(' or ') : String(params.type)}` };
    case 'pattern':
      if (path[path.length - 1] === 'arazzo') return { path, key: false, message: `${where}: Arazzo ${minor}.x is '${minor}.0', '${minor}.1', …` };
      return { path, key: false, message: `${where}: must match ${String(params.pattern)}` };
    case 'propertyNames':
      return undefined;
    case 'minItems':
      return { path, key: false, message: `${where}: needs at least ${String(params.limit)} entr${params.limit === 1 ? 'y' : 'ies'}` };
    case 'minimum':
      return { path, key: false, message: `${where}: must be ${String(params.limit)} or more` };
    case 'uniqueItems':
      return { path, key: false, message: `${where}: entries ${String(params.j)} and ${String(params.i)} are the same` };
    default:
      return { path, key: false, message: `${where}: ${error.message ?? error.keyword}` };
  }
}

export function checkArazzo(parsed: ParsedArazzo): CheckedArazzo {
  const diagnostics: FlowDiagnostic[] = [...parsed.diagnostics];
  const add = (severity: FlowDiagnostic['severity'], code: string, path: Path, message: string, key = false) => {
    diagnostics.push({ severity, code, message, pointer: pointerOf(path), range: parsed.locate(path, key) });
  };
  const value = parsed.value;
  if (value === undefined) return { diagnostics };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    add('error', 'arazzo/schema', [], 'an Arazzo description is a mapping with arazzo, info, sourceDescriptions and workflows');
    return { diagnostics };
  }
  const version = (value as Record<string, unknown>).arazzo;
  if (typeof version !== 'string') {
    add('error', 'arazzo/version', [], typeof version === 'number' ? `arazzo: ${version} is a number; quote the version, e.g. arazzo: '1.0.1'` : "missing 'arazzo': the first line names the version, e.g. arazzo: 1.0.1");
    return { diagnostics };
  }
  const minor: ArazzoMinor | undefined = /^1\.0\./.test(version) ? '1.0' : /^1\.1\./.test(version) ? '1.1' : undefined;
  if (!minor) {
    add('error', 'arazzo/version', ['arazzo'], `Arazzo ${version} is not supported: this tool reads 1.0.x and 1.1.x`);
    return { diagnostics };
  }
  const validate = validatorFor(minor);
  if (!validate(value)) {
    const seen = new Set<string>();
    for (const error of validate.errors ?? []) {
      const message = schemaMessage(error, minor);
      if (!message || seen.has(message.message)) continue;
      seen.add(message.message);
      add('error', 'arazzo/schema', message.path, message.message, message.key);
    }
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { minor, diagnostics: sorted(diagnostics) };
  const doc = value as ArazzoDocument;
  checkSemantics(doc, minor, add);
  const ok = !diagnostics.some((d) => d.severity === 'error');
  return { document: ok ? doc : undefined, minor, diagnostics: sorted(diagnostics) };
}

function sorted(diagnostics: FlowDiagnostic[]): FlowDiagnostic[] {
  return diagnostics.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column);
}

type Add = (severity: FlowDiagnostic['severity'], code: string, path: Path, message: string, key?: boolean) => void;

function duplicates<T>(items: readonly T[], keyOf: (item: T) => string | undefined): Map<number, string> {
  const seen = new Map<string, number>();
  const found = new Map<number, string>();
  items.forEach((item, index) => {
    const key = keyOf(item);
    if (key === undefined) return;
    if (seen.has(key)) found.set(index, key);
    else seen.set(key, index);
  });
  return found;
}

function checkSemantics(doc: ArazzoDocument, minor: ArazzoMinor, add: Add): void {
  const sourceNames = new Set(doc.sourceDescriptions.map((s) => s.name));
  const workflowIds = new Set(doc.workflows.map((w) => w.workflowId));
  const components = doc.components ?? {};
  for (const [index, name] of duplicates(doc.sourceDescriptions, (s) => s.name)) add('error', 'arazzo/duplicate', ['sourceDescriptions', index, 'name'], `source description '${name}' is named twice`);
  for (const [index, id] of duplicates(doc.workflows, (w) => w.workflowId)) add('error', 'arazzo/duplicate', ['workflows', index, 'workflowId'], `workflowId '${id}' is used twice`);

  /** A workflow reference: a local workflowId, or $sourceDescriptions.NAME.ID of an arazzo source. */
  const checkWorkflowRef = (ref: string, path: Path) => {
    if (ref.startsWith('$')) {
      let expression: RuntimeExpression;
      try {
        expression = parseExpression(ref);
      } catch (error) {
        add('error', 'arazzo/expression', path, (error as Error).message);
        return;
      }
      if (expression.kind !== 'sourceDescriptions') add('error', 'arazzo/unknown-workflow', path, `'${ref}' names no workflow: write a workflowId or $sourceDescriptions.NAME.WORKFLOW_ID`);
      else sourceKnown(expression.name, path);
      return;
    }
    if (!workflowIds.has(ref)) add('error', 'arazzo/unknown-workflow', path, `no workflow '${ref}' in this description (known: ${[...workflowIds].join(', ')})`);
  };

  const sourceKnown = (name: string, path: Path): boolean => {
    if (sourceNames.has(name)) return true;
    const other = [...sourceNames].find((known) => known.toLowerCase() === name.toLowerCase());
    if (other) {
      add('warning', 'arazzo/source-case', path, `source description '${name}' is written '${other}'; names are case-sensitive`);
      return true;
    }
    add('error', 'arazzo/unknown-source', path, `no source description named '${name}' (known: ${[...sourceNames].join(', ')})`);
    return false;
  };

  const checkExpressionRefs = (expression: RuntimeExpression, path: Path, workflow: WorkflowObject | undefined, stepIndex: number | undefined) => {
    if (expression.note) add('warning', 'arazzo/expression-form', path, `'${expression.text}' is outside the runtime-expression grammar: ${expression.note}`);
    if (expression.kind === 'steps' || expression.kind === 'step') {
      const steps = workflow?.steps ?? [];
      const target = steps.findIndex((s) => s.stepId === expression.stepId);
      if (!workflow) add('error', 'arazzo/unknown-step', path, `'${expression.text}' refers to steps outside a workflow`);
      else if (target < 0) add('error', 'arazzo/unknown-step', path, `workflow '${workflow.workflowId}' has no step '${expression.stepId}' (steps: ${steps.map((s) => s.stepId).join(', ')})`);
      else if (stepIndex !== undefined && target >= stepIndex && !(workflow.steps[stepIndex]?.dependsOn ?? []).length) {
        add('warning', 'arazzo/forward-reference', path, `step '${expression.stepId}' comes ${target === stepIndex ? 'at' : 'after'} this point: its outputs are not there yet when the steps run in order`);
      }
    } else if (expression.kind === 'workflows' || expression.kind === 'workflowStep') {
      if (!workflowIds.has(expression.workflowId)) add('error', 'arazzo/unknown-workflow', path, `no workflow '${expression.workflowId}' in this description`);
    } else if (expression.kind === 'sourceDescriptions') {
      sourceKnown(expression.name, path);
    } else if (expression.kind === 'components') {
      const group = (components as Record<string, Record<string, unknown> | undefined>)[expression.type];
      if (!group || !(expression.name in group)) add('error', 'arazzo/unknown-component', path, `components.${expression.type} has no '${expression.name}'`);
    } else if (expression.kind === 'inputs' && workflow) {
      const properties = typeof workflow.inputs === 'object' && workflow.inputs && typeof (workflow.inputs as { properties?: unknown }).properties === 'object' ? ((workflow.inputs as { properties: Record<string, unknown> }).properties) : undefined;
      const first = expression.name.split('.')[0]!;
      if (properties && !(expression.name in properties) && !(first in properties) && !('$ref' in (workflow.inputs as object))) {
        add('warning', 'arazzo/unknown-input', path, `workflow '${workflow.workflowId}' declares no input '${first}' (inputs: ${Object.keys(properties).join(', ') || 'none'})`);
      }
    }
  };

  /** A value that may be an expression, a `{$…}` template, a selector object, or a structure holding them. */
  const checkValue = (value: unknown, path: Path, workflow: WorkflowObject | undefined, stepIndex: number | undefined): void => {
    if (typeof value === 'string') {
      try {
        if (looksLikeExpression(value)) checkExpressionRefs(parseExpression(value), path, workflow, stepIndex);
        else if (/^\$[A-Za-z]+\.\S/.test(value)) {
          const head = value.slice(1, value.indexOf('.'));
          const near = ['url', 'method', 'statusCode', 'request', 'response', 'message', 'inputs', 'outputs', 'steps', 'workflows', 'sourceDescriptions', 'components'].find((h) => h.toLowerCase().startsWith(head.toLowerCase().slice(0, 4)));
          add('warning', 'arazzo/literal', path, `'${value}' is sent as text: '$${head}' starts no runtime expression${near ? ` (did you mean $${near}?)` : ''}`);
        }
        else if (hasEmbeddedExpression(value)) {
          for (const part of parseTemplate(value)) if ('expression' in part) checkExpressionRefs(part.expression, path, workflow, stepIndex);
        }
      } catch (error) {
        if (error instanceof ExpressionSyntaxError) add('error', 'arazzo/expression', path, `${error.message} in '${value.length > 80 ? `${value.slice(0, 80)}…` : value}'`);
        else throw error;
      }
    } else if (minor === '1.1' && isSelectorObject(value)) {
      checkValue(value.context, [...path, 'context'], workflow, stepIndex);
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => checkValue(item, [...path, i], workflow, stepIndex));
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) checkValue(item, [...path, key], workflow, stepIndex);
    }
  };

  const checkCriteria = (criteria: readonly Criterion[] | undefined, path: Path, workflow: WorkflowObject | undefined, stepIndex: number | undefined) => {
    (criteria ?? []).forEach((criterion, i) => {
      const at = [...path, i];
      const type = typeof criterion.type === 'object' ? criterion.type.type : (criterion.type ?? 'simple');
      if (criterion.context !== undefined) {
        if (!looksLikeExpression(criterion.context)) add('error', 'arazzo/expression', [...at, 'context'], `context '${criterion.context}' is not a runtime expression (e.g. $response.body)`);
        else checkValue(criterion.context, [...at, 'context'], workflow, stepIndex);
      }
      if (type === 'simple') {
        try {
          for (const expression of conditionExpressions(criterion.condition)) checkExpressionRefs(expression, [...at, 'condition'], workflow, stepIndex);
        } catch (error) {
          // Syntax errors in a condition make it fail when evaluated (the specification's rule), so the flow still runs.
          if (error instanceof ExpressionSyntaxError) add('warning', 'arazzo/condition', [...at, 'condition'], `${error.message} (at ${error.offset + 1} in '${criterion.condition}'); this criterion will always fail`);
          else throw error;
        }
        return;
      }
      checkValue(criterion.condition, [...at, 'condition'], workflow, stepIndex);
      if (hasEmbeddedExpression(criterion.condition)) return;
      if (type === 'regex') {
        try {
          new RegExp(criterion.condition);
        } catch (error) {
          add('warning', 'arazzo/condition', [...at, 'condition'], `not a valid regular expression: ${(error as Error).message}; this criterion will always fail`);
        }
      } else if (type === 'jsonpath' && !(typeof criterion.type === 'object' && criterion.type.version === 'draft-goessner-dispatch-jsonpath-00')) {
        try {
          jsonpath.compile(criterion.condition);
        } catch (error) {
          add('warning', 'arazzo/condition', [...at, 'condition'], `not an RFC 9535 JSONPath query: ${(error as Error).message}; this criterion will always fail`);
        }
      }
    });
  };

  /** A Reusable Object must point at the right kind of component, and the component must exist. */
  const checkReusable = (reusable: ReusableObject, kind: 'parameters' | 'successActions' | 'failureActions', path: Path) => {
    let expression: RuntimeExpression;
    try {
      expression = parseExpression(reusable.reference);
    } catch (error) {
      add('error', 'arazzo/expression', [...path, 'reference'], (error as Error).message);
      return;
    }
    if (expression.kind !== 'components' || expression.type !== kind) {
      add('error', 'arazzo/reference', [...path, 'reference'], `here a reference is $components.${kind}.NAME, not '${reusable.reference}'`);
      return;
    }
    const group = (components as Record<string, Record<string, unknown> | undefined>)[kind];
    if (!group || !(expression.name in group)) add('error', 'arazzo/unknown-component', [...path, 'reference'], `components.${kind} has no '${expression.name}'${group ? ` (known: ${Object.keys(group).join(', ')})` : ''}`);
    if (reusable.value !== undefined && kind !== 'parameters') add('warning', 'arazzo/reference', [...path, 'value'], 'value only applies to parameter references; it is ignored here');
  };

  const resolveComponent = <T>(item: T | ReusableObject, kind: 'parameters' | 'successActions' | 'failureActions'): T | undefined => {
    if (!isReusable(item)) return item as T;
    const name = /^\$components\.[A-Za-z]+\.(.+)$/.exec(item.reference)?.[1];
    return name ? ((components as Record<string, Record<string, T> | undefined>)[kind]?.[name]) : undefined;
  };

  const checkParameters = (list: readonly unknown[] | undefined, path: Path, workflow: WorkflowObject | undefined, stepIndex: number | undefined, needsIn: boolean) => {
    const resolved = (list ?? []).map((item, i) => {
      if (isReusable(item)) {
        checkReusable(item, 'parameters', [...path, i]);
        if (item.value !== undefined) checkValue(item.value, [...path, i, 'value'], workflow, stepIndex);
      } else checkValue((item as { value: unknown }).value, [...path, i, 'value'], workflow, stepIndex);
      return resolveComponent<{ name: string; in?: string }>(item as never, 'parameters');
    });
    resolved.forEach((parameter, i) => {
      if (parameter && needsIn && parameter.in === undefined) add('error', 'arazzo/parameter', [...path, i], `parameter '${parameter.name}' needs 'in' (path, query, header or cookie) on a step that calls an operation`);
    });
    for (const [i, key] of duplicates(resolved, (p) => (p ? `${p.in ?? ''}:${p.name}` : undefined))) add('error', 'arazzo/duplicate', [...path, i], `parameter ${key.replace(/^:/, '')} is listed twice`);
  };

  const checkActions = (list: readonly unknown[] | undefined, kind: 'successActions' | 'failureActions', path: Path, workflow: WorkflowObject, stepIndex: number | undefined) => {
    const resolved = (list ?? []).map((item, i) => {
      if (isReusable(item)) checkReusable(item, kind, [...path, i]);
      return resolveComponent<{ name: string; type: string; stepId?: string; workflowId?: string; criteria?: Criterion[]; parameters?: unknown[] }>(item as never, kind);
    });
    resolved.forEach((action, i) => {
      if (!action) return;
      const at = [...path, i];
      const local = !isReusable((list ?? [])[i]);
      if (action.stepId !== undefined && action.workflowId !== undefined) add('error', 'arazzo/action', at, `action '${action.name}' names both a stepId and a workflowId; give one`);
      if (action.type === 'goto' && action.stepId === undefined && action.workflowId === undefined) add('error', 'arazzo/action', at, `goto action '${action.name}' needs a stepId or a workflowId to go to`);
      if (action.type === 'end' && (action.stepId !== undefined || action.workflowId !== undefined)) add('warning', 'arazzo/action', at, `end action '${action.name}' ignores its ${action.stepId !== undefined ? 'stepId' : 'workflowId'}`);
      if (action.stepId !== undefined && !workflow.steps.some((s) => s.stepId === action.stepId)) {
        add('error', 'arazzo/unknown-step', local ? [...at, 'stepId'] : at, `workflow '${workflow.workflowId}' has no step '${action.stepId}' for action '${action.name}' (steps: ${workflow.steps.map((s) => s.stepId).join(', ')})`);
      }
      if (action.workflowId !== undefined) checkWorkflowRef(action.workflowId, local ? [...at, 'workflowId'] : at);
      if (local) {
        checkCriteria(action.criteria, [...at, 'criteria'], workflow, stepIndex);
        checkParameters(action.parameters, [...at, 'parameters'], workflow, stepIndex, false);
      }
    });
    for (const [i, name] of duplicates(resolved, (a) => a?.name)) add('error', 'arazzo/duplicate', [...path, i], `action '${name}' is listed twice`);
  };

  // Components are checked once, outside any workflow.
  for (const [name, parameter] of Object.entries(components.parameters ?? {})) checkValue(parameter.value, ['components', 'parameters', name, 'value'], undefined, undefined);
  for (const kind of ['successActions', 'failureActions'] as const) {
    for (const [name, action] of Object.entries(components[kind] ?? {})) {
      checkCriteria(action.criteria, ['components', kind, name, 'criteria'], undefined, undefined);
      if (action.workflowId !== undefined) checkWorkflowRef(action.workflowId, ['components', kind, name, 'workflowId']);
    }
  }

  doc.workflows.forEach((workflow, w) => {
    const wPath: Path = ['workflows', w];
    for (const [i, id] of duplicates(workflow.steps, (s) => s.stepId)) add('error', 'arazzo/duplicate', [...wPath, 'steps', i, 'stepId'], `stepId '${id}' is used twice in workflow '${workflow.workflowId}'`);
    (workflow.dependsOn ?? []).forEach((ref, i) => checkWorkflowRef(ref, [...wPath, 'dependsOn', i]));
    checkParameters(workflow.parameters, [...wPath, 'parameters'], workflow, undefined, false);
    checkActions(workflow.successActions, 'successActions', [...wPath, 'successActions'], workflow, undefined);
    checkActions(workflow.failureActions, 'failureActions', [...wPath, 'failureActions'], workflow, undefined);
    if (workflow.inputs && typeof workflow.inputs === 'object') checkInputsRef(workflow.inputs, [...wPath, 'inputs'], components, add);
    workflow.steps.forEach((step, s) => checkStep(step, s, workflow, [...wPath, 'steps', s]));
    for (const [name, output] of Object.entries(workflow.outputs ?? {})) checkValue(output, [...wPath, 'outputs', name], workflow, workflow.steps.length);
  });

  function checkStep(step: StepObject, index: number, workflow: WorkflowObject, path: Path): void {
    const targets = (['operationId', 'operationPath', 'workflowId', 'channelPath'] as const).filter((field) => step[field] !== undefined);
    if (targets.length !== 1) {
      add('error', 'arazzo/step-target', path, targets.length === 0 ? `step '${step.stepId}' needs one of operationId, operationPath or workflowId` : `step '${step.stepId}' has ${targets.join(' and ')}; give exactly one`);
    }
    if (step.workflowId !== undefined) {
      checkWorkflowRef(step.workflowId, [...path, 'workflowId']);
      if (step.workflowId === workflow.workflowId) add('error', 'arazzo/recursion', [...path, 'workflowId'], `step '${step.stepId}' calls its own workflow '${workflow.workflowId}'`);
      if (step.requestBody !== undefined) add('warning', 'arazzo/request-body', [...path, 'requestBody'], 'a step that calls a workflow sends no request body; pass values as parameters (they become the workflow inputs)');
    }
    if (step.operationId?.startsWith('$')) checkValue(step.operationId, [...path, 'operationId'], workflow, index);
    if (step.operationPath !== undefined) {
      const parsedPath = parseOperationPath(step.operationPath);
      if (parsedPath) sourceKnown(parsedPath.source, [...path, 'operationPath']);
      else add('error', 'arazzo/operation-path', [...path, 'operationPath'], `operationPath is '{$sourceDescriptions.NAME.url}#/paths/~1PATH/METHOD', not '${step.operationPath}'`);
    }
    if (step.channelPath !== undefined) add('warning', 'arazzo/asyncapi', [...path, 'channelPath'], 'AsyncAPI steps (channelPath) are not run by this tool: it sends HTTP requests');
    const async = step as StepObject & { action?: string; correlationId?: string };
    if (step.channelPath !== undefined) {
      if (async.action === undefined) add('error', 'arazzo/action-field', [...path, 'channelPath'], `a channelPath step needs 'action: send' or 'action: receive'`);
      const named = /^\{?\$sourceDescriptions\.([A-Za-z0-9_-]+)/.exec(step.channelPath)?.[1];
      const source = doc.sourceDescriptions.find((d) => d.name === named);
      if (source && source.type !== 'asyncapi') add('error', 'arazzo/asyncapi', [...path, 'channelPath'], `channelPath points into '${source.name}', which is ${source.type ?? 'not'} an AsyncAPI description`);
    }
    if (async.action !== undefined && step.workflowId !== undefined) add('error', 'arazzo/action-field', [...path, 'action'], `'action' is for AsyncAPI steps; step '${step.stepId}' calls a workflow`);
    if (async.correlationId !== undefined && async.action !== 'receive') add('error', 'arazzo/action-field', [...path, 'correlationId'], `'correlationId' is only for AsyncAPI steps with action: receive`);
    checkParameters(step.parameters, [...path, 'parameters'], workflow, index, step.workflowId === undefined);
    if (step.requestBody) {
      checkValue(step.requestBody.payload, [...path, 'requestBody', 'payload'], workflow, index);
      (step.requestBody.replacements ?? []).forEach((replacement, r) => checkValue(replacement.value, [...path, 'requestBody', 'replacements', r, 'value'], workflow, index));
    }
    checkCriteria(step.successCriteria, [...path, 'successCriteria'], workflow, index + 1);
    checkActions(step.onSuccess, 'successActions', [...path, 'onSuccess'], workflow, index + 1);
    checkActions(step.onFailure, 'failureActions', [...path, 'onFailure'], workflow, index + 1);
    // Outputs read this step's own response: references to the step itself are fine there.
    for (const [name, output] of Object.entries(step.outputs ?? {})) checkValue(output, [...path, 'outputs', name], workflow, index + 1);
    (step.dependsOn ?? []).forEach((ref, i) => {
      if (ref.startsWith('$steps.')) add('error', 'arazzo/depends-on', [...path, 'dependsOn', i], `a step's dependsOn names a stepId ('${ref.slice(7)}'), $workflows.ID.steps.STEP or $sourceDescriptions.NAME.ID.steps.STEP, not '${ref}'`);
      else if (ref.startsWith('$')) checkValue(ref, [...path, 'dependsOn', i], workflow, undefined);
      else if (!workflow.steps.some((s) => s.stepId === ref)) add('error', 'arazzo/unknown-step', [...path, 'dependsOn', i], `workflow '${workflow.workflowId}' has no step '${ref}'`);
    });
  }

  // dependsOn between local workflows must not go round in a circle.
  const byId = new Map(doc.workflows.map((w, i) => [w.workflowId, i]));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, trail: string[]): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      const index = byId.get(trail[trail.length - 1]!)!;
      add('error', 'arazzo/depends-on-cycle', ['workflows', index, 'dependsOn'], `workflows depend on each other in a circle: ${[...trail.slice(trail.indexOf(id)), id].join(' → ')}`);
      return;
    }
    state.set(id, 'visiting');
    const workflow = doc.workflows[byId.get(id)!];
    for (const dep of workflow?.dependsOn ?? []) if (byId.has(dep)) visit(dep, [...trail, id]);
    state.set(id, 'done');
  };
  for (const workflow of doc.workflows) visit(workflow.workflowId, []);
}

/** `$ref`s in workflow inputs point into components.inputs (the only JSON Schema references Arazzo defines). */
function checkInputsRef(schema: object, path: Path, components: NonNullable<ArazzoDocument['components']>, add: Add): void {
  const walk = (node: unknown, at: Path) => {
    if (Array.isArray(node)) node.forEach((item, i) => walk(item, [...at, i]));
    else if (node && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) {
        if (key === '$ref' && typeof child === 'string') {
          const match = /^#\/components\/inputs\/(.+)$/.exec(child);
          if (match && !(components.inputs && decodeURIComponent(match[1]!) in components.inputs)) add('error', 'arazzo/unknown-component', [...at, key], `components.inputs has no '${match[1]}'`);
          else if (!match && child.startsWith('#')) add('error', 'arazzo/reference', [...at, key], `an input $ref points into #/components/inputs/NAME, not '${child}'`);
        } else walk(child, [...at, key]);
      }
    }
  };
  walk(schema, path);
}
