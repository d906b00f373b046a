// Parameters (by `in`) and a built body → one request to an operation: path parameters into the
// template, query parameters appended (arrays repeated, as OpenAPI's default `form` style does),
// headers set, cookies joined into one Cookie header. A `.http` request is the starting point for
// steps on a request file: parameters then replace or add to what the file says.

import type { OperationInfo } from '../openapi/types';
import { embedValue } from './evaluateExpression';
import type { BuiltBody } from './requestBody';
import type { StepRequestSpec } from './stepSender';

export interface EvaluatedParameter {
  name: string;
  in?: string;
  value: unknown;
}

/** Values as text in a URL or header: scalars as written, structures as JSON. */
function text(value: unknown): string {
  return embedValue(value);
}

function setHeader(headers: [string, string][], name: string, value: string): void {
  const lower = name.toLowerCase();
  const kept = headers.filter(([key]) => key.toLowerCase() !== lower);
  headers.length = 0;
  headers.push(...kept, [name, value]);
}

/** Query, header and cookie parameters applied to a URL and headers (shared by both kinds of step). */
function applyParameters(url: URL, headers: [string, string][], parameters: readonly EvaluatedParameter[]): void {
  const cookies: string[] = [];
  const replacedQuery = new Set<string>();
  for (const parameter of parameters) {
    if (parameter.value === undefined) continue;
    switch (parameter.in) {
      case 'query': {
        if (!replacedQuery.has(parameter.name)) {
          url.searchParams.delete(parameter.name);
          replacedQuery.add(parameter.name);
        }
        const values = Array.isArray(parameter.value) ? parameter.value : [parameter.value];
        if (parameter.value === null) continue;
        if (typeof parameter.value === 'object' && !Array.isArray(parameter.value)) {
          for (const [key, item] of Object.entries(parameter.value as Record<string, unknown>)) url.searchParams.append(key, text(item));
        } else for (const one of values) url.searchParams.append(parameter.name, text(one));
        break;
      }
      case 'querystring':
        url.search = text(parameter.value).replace(/^\?/, '');
        break;
      case 'header':
        setHeader(headers, parameter.name, Array.isArray(parameter.value) ? parameter.value.map(text).join(', ') : text(parameter.value));
        break;
      case 'cookie':
        cookies.push(`${parameter.name}=${encodeURIComponent(text(parameter.value))}`);
        break;
      default:
        break;
    }
  }
  if (cookies.length) {
    const existing = headers.find(([key]) => key.toLowerCase() === 'cookie')?.[1];
    setHeader(headers, 'Cookie', [existing, ...cookies].filter(Boolean).join('; '));
  }
}

export class StepRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StepRequestError';
  }
}

export function operationRequest(baseUrl: string, operation: OperationInfo, parameters: readonly EvaluatedParameter[], body: BuiltBody | undefined): StepRequestSpec {
  const path = operation.path.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    const parameter = parameters.find((p) => p.in === 'path' && p.name === name);
    if (parameter === undefined || parameter.value === undefined || parameter.value === null) {
      throw new StepRequestError(`path parameter '${name}' of ${operation.method} ${operation.path} has no value`);
    }
    return encodeURIComponent(text(parameter.value));
  });
  let url: URL;
  try {
    url = new URL(baseUrl.replace(/\/+$/, '') + path);
  } catch {
    throw new StepRequestError(`'${baseUrl}${path}' is not a valid URL`);
  }
  const headers: [string, string][] = [];
  applyParameters(url, headers, parameters);
  if (body) {
    if (!headers.some(([key]) => key.toLowerCase() === 'content-type')) headers.push(['Content-Type', body.contentType]);
  }
  return { method: operation.method, url: url.toString(), headers, body: body?.text };
}

/** A request from a .http file with the step's parameters and body laid over it. */
export function overlayRequest(base: StepRequestSpec, parameters: readonly EvaluatedParameter[], body: BuiltBody | undefined): StepRequestSpec {
  const url = new URL(base.url);
  const headers = base.headers.map(([k, v]): [string, string] => [k, v]);
  applyParameters(url, headers, parameters);
  let sent = base.body;
  if (body) {
    sent = body.text;
    setHeader(headers, headers.find(([k]) => k.toLowerCase() === 'content-type')?.[0] ?? 'Content-Type', body.contentType);
  }
  return { ...base, url: url.toString(), headers, body: sent };
}
