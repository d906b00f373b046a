// A parameter value, payload or replacement value → what is sent. A string that is one runtime
// expression keeps the referenced value's type; a string with `{$…}` parts is filled in as text;
// a 1.1 Selector Object selects from its context; structures are evaluated member by member.

import { isSelectorObject } from './arazzoTypes';
import { evaluateExpression, evaluateTemplate, type ExpressionContext } from './evaluateExpression';
import { hasEmbeddedExpression, looksLikeExpression, parseExpression } from './runtimeExpression';
import { selectValue } from './selectors';

export function evaluateValue(value: unknown, context: ExpressionContext, selectors: boolean): unknown {
  if (typeof value === 'string') {
    if (looksLikeExpression(value)) return evaluateExpression(parseExpression(value), context);
    if (hasEmbeddedExpression(value)) return evaluateTemplate(value, context);
    return value;
  }
  if (selectors && isSelectorObject(value)) {
    const type = typeof value.type === 'string' ? value.type : value.type.type;
    const version = typeof value.type === 'string' ? undefined : value.type.version;
    const contextValue = evaluateExpression(parseExpression(value.context), context);
    return selectValue(type, version, value.selector, contextValue);
  }
  if (Array.isArray(value)) return value.map((item) => evaluateValue(item, context, selectors));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, evaluateValue(item, context, selectors)]));
  }
  return value;
}
