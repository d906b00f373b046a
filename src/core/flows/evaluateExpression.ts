// Runtime expression → value, against what a workflow run knows at that moment. Values keep their
// type ("runtime expressions preserve the type of the referenced value"); what does not exist is
// `undefined`, never an exception, so a criterion on a missing field fails instead of crashing.

import { parseTemplate, type MessageSource, type RuntimeExpression } from './runtimeExpression';

/** A request or response as expressions see it. */
export interface MessageView {
  headers: readonly (readonly [string, string])[];
  query?: Readonly<Record<string, string | string[]>>;
  path?: Readonly<Record<string, string>>;
  /** Parsed JSON when the body was JSON, else its text; undefined when there was none. */
  body?: unknown;
}

export interface SourceDescriptionView {
  name: string;
  url: string;
  type?: string;
  /** operationIds (OpenAPI), request names (.http) or workflowIds (Arazzo) it offers. */
  ids: ReadonlySet<string>;
}

export interface ExpressionContext {
  url?: string;
  method?: string;
  statusCode?: number;
  request?: MessageView;
  response?: MessageView;
  inputs: Readonly<Record<string, unknown>>;
  /** The current workflow's outputs, or a workflow step's child outputs while its outputs are read. */
  outputs?: Readonly<Record<string, unknown>>;
  steps: Readonly<Record<string, { outputs: Readonly<Record<string, unknown>> }>>;
  workflows: Readonly<Record<string, { inputs?: Readonly<Record<string, unknown>>; outputs?: Readonly<Record<string, unknown>>; steps?: Readonly<Record<string, { outputs: Readonly<Record<string, unknown>> }>> }>>;
  sourceDescriptions: Readonly<Record<string, SourceDescriptionView>>;
  components?: Readonly<Record<string, unknown>>;
  self?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** RFC 6901 segments applied to a value; arrays take decimal indexes. */
export function resolvePointer(value: unknown, segments: readonly string[]): unknown {
  let current = value;
  for (const segment of segments) {
    if (Array.isArray(current)) {
      if (!/^(0|[1-9][0-9]*)$/.test(segment)) return undefined;
      current = current[Number(segment)];
    } else if (isRecord(current)) {
      if (!Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
      current = current[segment];
    } else {
      return undefined;
    }
  }
  return current;
}

/**
 * `a.b.c` in a map: the key `a.b.c` when it exists, else the longest key prefix followed by
 * property steps (`a.b` then `.c`, or `a` then `.b.c`). Names may contain dots (the 1.1 grammar's
 * `identifier`), and authors write `$inputs.company.id` meaning a property of an input.
 */
export function lookupDotted(map: Readonly<Record<string, unknown>> | undefined, name: string): unknown {
  if (!map) return undefined;
  if (Object.prototype.hasOwnProperty.call(map, name)) return map[name];
  const parts = name.split('.');
  for (let cut = parts.length - 1; cut >= 1; cut--) {
    const key = parts.slice(0, cut).join('.');
    if (!Object.prototype.hasOwnProperty.call(map, key)) continue;
    let value: unknown = map[key];
    for (const property of parts.slice(cut)) {
      if (Array.isArray(value) && /^\d+$/.test(property)) value = value[Number(property)];
      else if (isRecord(value) && Object.prototype.hasOwnProperty.call(value, property)) value = value[property];
      else return undefined;
    }
    return value;
  }
  return undefined;
}

/** Header value by case-insensitive name; repeated headers joined as HTTP joins them. */
export function headerValue(headers: MessageView['headers'], name: string): string | undefined {
  const lower = name.toLowerCase();
  const values = headers.filter(([key]) => key.toLowerCase() === lower).map(([, value]) => value);
  return values.length ? values.join(', ') : undefined;
}

function withPointer(value: unknown, pointer: string[] | undefined): unknown {
  if (pointer === undefined) return value;
  // A body kept as text (the server said JSON but sent a string) may still be JSON.
  if (typeof value === 'string' && pointer.length > 0) {
    try {
      return resolvePointer(JSON.parse(value), pointer);
    } catch {
      return undefined;
    }
  }
  return resolvePointer(value, pointer);
}

function messageValue(message: MessageView | undefined, source: MessageSource): unknown {
  if (!message) return undefined;
  switch (source.kind) {
    case 'header':
      return headerValue(message.headers, source.name);
    case 'query': {
      const value = message.query?.[source.name];
      return Array.isArray(value) ? value[0] : value;
    }
    case 'path':
      return message.path?.[source.name];
    case 'body':
    case 'payload':
      return withPointer(message.body, source.pointer);
  }
}

export function evaluateExpression(expression: RuntimeExpression, context: ExpressionContext): unknown {
  switch (expression.kind) {
    case 'url':
      return context.url;
    case 'method':
      return context.method;
    case 'statusCode':
      return context.statusCode;
    case 'self':
      return context.self;
    case 'request':
      return messageValue(context.request, expression.source);
    case 'response':
    case 'message':
      return messageValue(context.response, expression.source);
    case 'inputs':
      return withPointer(lookupDotted(context.inputs, expression.name), expression.pointer);
    case 'outputs':
      return withPointer(lookupDotted(context.outputs, expression.name), expression.pointer);
    case 'steps': {
      const outputs = context.steps[expression.stepId]?.outputs;
      return withPointer(expression.name === undefined ? outputs : lookupDotted(outputs, expression.name), expression.pointer);
    }
    case 'step':
      return context.steps[expression.stepId];
    case 'workflows': {
      const workflow = context.workflows[expression.workflowId];
      return withPointer(lookupDotted(expression.field === 'inputs' ? workflow?.inputs : workflow?.outputs, expression.name), expression.pointer);
    }
    case 'workflowStep': {
      const outputs = context.workflows[expression.workflowId]?.steps?.[expression.stepId]?.outputs;
      if (expression.name === undefined) return outputs ? { outputs } : undefined;
      return withPointer(lookupDotted(outputs, expression.name), expression.pointer);
    }
    case 'sourceDescriptions': {
      const source = context.sourceDescriptions[expression.name];
      if (!source) return undefined;
      // Priority per 1.1: an operationId/workflowId first, then a field of the Source Description Object.
      if (source.ids.has(expression.reference)) return { sourceDescription: source.name, id: expression.reference };
      const field = (source as unknown as Record<string, unknown>)[expression.reference];
      return typeof field === 'string' ? field : undefined;
    }
    case 'components': {
      const group = context.components?.[expression.type];
      return isRecord(group) ? group[expression.name] : undefined;
    }
  }
}

/**
 * How an embedded expression reads inside a string: scalars as text, parsed structures as JSON
 * (1.1 "Runtime Expressions"), an absent value as the empty string.
 */
export function embedValue(value: unknown): string {
  if (value === undefined) return '';
  if (value === null) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** A string with `{$…}` parts filled in; throws `ExpressionSyntaxError` for a malformed part. */
export function evaluateTemplate(text: string, context: ExpressionContext): string {
  return parseTemplate(text)
    .map((part) => ('literal' in part ? part.literal : embedValue(evaluateExpression(part.expression, context))))
    .join('');
}
