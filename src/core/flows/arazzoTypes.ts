// The shape of an Arazzo 1.0.x / 1.1.x document as this tool reads it, once it has passed the
// schema check (checkArazzo.ts). Field names are the specification's; `x-` extensions are kept
// but not typed.

export interface ExpressionTypeObject {
  type: string;
  version: string;
}

export interface Criterion {
  context?: string;
  condition: string;
  type?: 'simple' | 'regex' | 'jsonpath' | 'xpath' | ExpressionTypeObject;
}

export interface SelectorObject {
  context: string;
  selector: string;
  type: string | ExpressionTypeObject;
}

export interface ReusableObject {
  reference: string;
  value?: unknown;
}

export interface ParameterObject {
  name: string;
  in?: 'path' | 'query' | 'querystring' | 'header' | 'cookie';
  value: unknown;
}

export interface SuccessActionObject {
  name: string;
  type: 'end' | 'goto';
  workflowId?: string;
  stepId?: string;
  parameters?: (ParameterObject | ReusableObject)[];
  criteria?: Criterion[];
}

export interface FailureActionObject {
  name: string;
  type: 'end' | 'goto' | 'retry';
  workflowId?: string;
  stepId?: string;
  parameters?: (ParameterObject | ReusableObject)[];
  retryAfter?: number;
  retryLimit?: number;
  criteria?: Criterion[];
}

export interface PayloadReplacement {
  target: string;
  targetSelectorType?: string | ExpressionTypeObject;
  value: unknown;
}

export interface RequestBodyObject {
  contentType?: string;
  payload?: unknown;
  replacements?: PayloadReplacement[];
}

export interface StepObject {
  stepId: string;
  description?: string;
  operationId?: string;
  operationPath?: string;
  workflowId?: string;
  channelPath?: string;
  parameters?: (ParameterObject | ReusableObject)[];
  requestBody?: RequestBodyObject;
  successCriteria?: Criterion[];
  onSuccess?: (SuccessActionObject | ReusableObject)[];
  onFailure?: (FailureActionObject | ReusableObject)[];
  outputs?: Record<string, string | SelectorObject>;
  /** 1.1: milliseconds before the step is aborted and failed. */
  timeout?: number;
  dependsOn?: string[];
  [extension: `x-${string}`]: unknown;
}

export interface WorkflowObject {
  workflowId: string;
  summary?: string;
  description?: string;
  inputs?: Record<string, unknown>;
  dependsOn?: string[];
  steps: StepObject[];
  successActions?: (SuccessActionObject | ReusableObject)[];
  failureActions?: (FailureActionObject | ReusableObject)[];
  outputs?: Record<string, string | SelectorObject>;
  parameters?: (ParameterObject | ReusableObject)[];
  [extension: `x-${string}`]: unknown;
}

export interface SourceDescriptionObject {
  name: string;
  url: string;
  type?: 'openapi' | 'arazzo' | 'asyncapi';
  [extension: `x-${string}`]: unknown;
}

export interface ComponentsObject {
  inputs?: Record<string, unknown>;
  parameters?: Record<string, ParameterObject>;
  successActions?: Record<string, SuccessActionObject>;
  failureActions?: Record<string, FailureActionObject>;
}

export interface ArazzoDocument {
  arazzo: string;
  $self?: string;
  info: { title: string; summary?: string; description?: string; version: string };
  sourceDescriptions: SourceDescriptionObject[];
  workflows: WorkflowObject[];
  components?: ComponentsObject;
  [extension: `x-${string}`]: unknown;
}

export function isReusable(value: unknown): value is ReusableObject {
  return typeof value === 'object' && value !== null && typeof (value as ReusableObject).reference === 'string';
}

export function isSelectorObject(value: unknown): value is SelectorObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as SelectorObject).selector === 'string' && typeof (value as SelectorObject).context === 'string' && 'type' in value;
}
