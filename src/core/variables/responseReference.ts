// `{{login.response.body.$.token}}`, `{{login.response.headers.ETag}}`,
// `{{login.request.body.*}}`, `{{login.response.body.//token}}` — REST Client's request
// variables, read from a request that has already run.

import { JSONPath } from 'jsonpath-plus';
import { selectXPath } from './xpathLite';
import { UnresolvedVariableError, type NamedExchange, type VariableValue } from './types';

const SHAPE = /^([\w.-]+?)\.(request|response)\.(body|headers)\.(.+)$/s;

export function isResponseReference(expression: string): boolean {
  return SHAPE.test(expression);
}

/** The request name of a `name.response…` expression. */
export function responseReferenceName(expression: string): string | undefined {
  return SHAPE.exec(expression)?.[1];
}

function header(headers: [string, string][], name: string): string | undefined {
  const values = headers.filter(([key]) => key.toLowerCase() === name.toLowerCase()).map(([, value]) => value);
  return values.length ? values.join(', ') : undefined;
}

function fromJson(expression: string, body: string, path: string): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new UnresolvedVariableError(expression, `'{{${expression}}}': the body is not JSON, so JSONPath '${path}' cannot apply`);
  }
  let found: unknown[] | undefined;
  try {
    found = JSONPath({ path, json: json as object, wrap: true }) as unknown[] | undefined;
  } catch (error) {
    throw new UnresolvedVariableError(expression, `'{{${expression}}}': JSONPath '${path}' cannot be evaluated: ${(error as Error).message}`);
  }
  // jsonpath-plus answers undefined, not [], for a body of `null` or a bare value.
  if (!found?.length) return undefined;
  const first = found[0];
  return typeof first === 'string' ? first : JSON.stringify(first);
}

export function resolveResponseReference(expression: string, exchange: NamedExchange): VariableValue {
  const [, name, part, kind, path] = SHAPE.exec(expression) ?? [];
  if (!name || !part || !kind || !path) throw new UnresolvedVariableError(expression, `'{{${expression}}}' is not name.(request|response).(body|headers).path`);
  const side = part === 'request' ? exchange.request : exchange.response;
  if (!side) throw new UnresolvedVariableError(expression, `'{{${expression}}}': request '${name}' got no response`);
  let value: string | undefined;
  if (kind === 'headers') {
    value = header(side.headers, path);
    if (value === undefined) throw new UnresolvedVariableError(expression, `'{{${expression}}}': the ${part} of '${name}' has no header '${path}'`);
  } else {
    const body = side.body ?? '';
    if (path === '*') value = body;
    else if (path.startsWith('$')) value = fromJson(expression, body, path);
    else if (path.startsWith('/')) {
      try {
        value = selectXPath(body, path);
      } catch (error) {
        throw new UnresolvedVariableError(expression, `'{{${expression}}}': ${(error as Error).message}`);
      }
    } else throw new UnresolvedVariableError(expression, `'{{${expression}}}': a body path is *, a JSONPath ($.x) or an XPath (//x)`);
    if (value === undefined) throw new UnresolvedVariableError(expression, `'{{${expression}}}': '${path}' matches nothing in the ${part} body of '${name}'`);
  }
  const secret = exchange.secrets.some((s) => s && value!.includes(s));
  return { value, source: 'response', secret };
}
