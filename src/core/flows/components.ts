// Reusable Objects resolved to what they point at, and the workflow/step merge rules: a step's
// parameters and actions override the workflow's of the same identity but never remove them
// (parameters are the same when name and `in` are; actions when their names are).

import type { ArazzoDocument, FailureActionObject, ParameterObject, ReusableObject, StepObject, SuccessActionObject, WorkflowObject } from './arazzoTypes';
import { isReusable } from './arazzoTypes';

function componentName(reference: string): string | undefined {
  return /^\$components\.[A-Za-z]+\.(.+)$/.exec(reference)?.[1];
}

export function resolveParameter(item: ParameterObject | ReusableObject, doc: ArazzoDocument): ParameterObject | undefined {
  if (!isReusable(item)) return item;
  const name = componentName(item.reference);
  const found = name ? doc.components?.parameters?.[name] : undefined;
  if (!found) return undefined;
  return item.value !== undefined ? { ...found, value: item.value } : found;
}

export function resolveAction<T extends SuccessActionObject | FailureActionObject>(item: T | ReusableObject, doc: ArazzoDocument, kind: 'successActions' | 'failureActions'): T | undefined {
  if (!isReusable(item)) return item;
  const name = componentName(item.reference);
  return name ? (doc.components?.[kind]?.[name] as T | undefined) : undefined;
}

function parameterKey(parameter: ParameterObject): string {
  // Header names are case-insensitive (RFC 9110); other names are not.
  return `${parameter.in ?? ''}:${parameter.in === 'header' ? parameter.name.toLowerCase() : parameter.name}`;
}

/** The workflow's parameters, then the step's: a step parameter replaces the workflow one it matches. */
export function effectiveParameters(step: StepObject, workflow: WorkflowObject, doc: ArazzoDocument): ParameterObject[] {
  const own = (step.parameters ?? []).map((p) => resolveParameter(p, doc)).filter((p): p is ParameterObject => p !== undefined);
  const ownKeys = new Set(own.map(parameterKey));
  // A workflow step's parameters are its inputs: workflow parameters with an `in` are for operations.
  const inherited = (workflow.parameters ?? [])
    .map((p) => resolveParameter(p, doc))
    .filter((p): p is ParameterObject => p !== undefined && !ownKeys.has(parameterKey(p)))
    .filter((p) => (step.workflowId !== undefined ? p.in === undefined : true));
  return [...inherited, ...own];
}

export interface EffectiveAction<T> {
  action: T;
  /** Where it was declared, for reports: the step, or inherited from the workflow. */
  from: 'step' | 'workflow';
}

/** The step's actions first (in order), then the workflow's not overridden by name. */
export function effectiveActions<T extends SuccessActionObject | FailureActionObject>(
  stepList: readonly (T | ReusableObject)[] | undefined,
  workflowList: readonly (T | ReusableObject)[] | undefined,
  doc: ArazzoDocument,
  kind: 'successActions' | 'failureActions',
): EffectiveAction<T>[] {
  const own = (stepList ?? []).map((a) => resolveAction(a, doc, kind)).filter((a): a is T => a !== undefined);
  const names = new Set(own.map((a) => a.name));
  const inherited = (workflowList ?? []).map((a) => resolveAction(a, doc, kind)).filter((a): a is T => a !== undefined && !names.has(a.name));
  return [...own.map((action) => ({ action, from: 'step' as const })), ...inherited.map((action) => ({ action, from: 'workflow' as const }))];
}
