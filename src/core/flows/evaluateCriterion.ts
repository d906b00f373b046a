// One Criterion Object → passed or failed, with what was compared. `simple` conditions are
// expressions; `regex`, `jsonpath` and `xpath` are applied to the value of `context`, with any
// `{$…}` in the condition filled in first (1.1 "Runtime Expressions in Conditions"). A condition
// that cannot be evaluated (bad syntax, no context, JSON where XML is needed) fails and says why —
// the specification's "MUST evaluate to fail", never an exception out of the runner.

import { evaluateExpression, evaluateTemplate, type ExpressionContext } from './evaluateExpression';
import { ExpressionSyntaxError, looksLikeExpression, parseExpression } from './runtimeExpression';
import { evaluateSimpleCondition, type Comparison } from './simpleCondition';
import { MAX_QUERY_INPUT, queryJsonPath, queryXPath, QueryError, xpathContext } from './selectors';
import type { Criterion } from './arazzoTypes';

export type CriterionType = 'simple' | 'regex' | 'jsonpath' | 'xpath';

export interface CriterionResult {
  type: CriterionType;
  /** Expression Type Object version, when the criterion names one. */
  version?: string;
  condition: string;
  /** The condition after `{$…}` parts were filled in, when it had any. */
  evaluatedCondition?: string;
  context?: string;
  contextValue?: unknown;
  passed: boolean;
  /** `simple`: every comparison made, with both sides evaluated. */
  comparisons: Comparison[];
  /** `jsonpath` / `xpath`: what the query selected (capped). */
  matches?: unknown[];
  /** Why it could not be evaluated. */
  error?: string;
}

const MAX_MATCHES = 20;

export function criterionType(criterion: Criterion): { type: CriterionType; version?: string } {
  const raw = criterion.type;
  if (raw === undefined) return { type: 'simple' };
  if (typeof raw === 'string') return { type: raw as CriterionType };
  return { type: raw.type as CriterionType, version: raw.version };
}

function describeError(error: unknown): string {
  if (error instanceof ExpressionSyntaxError || error instanceof QueryError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

/** Text a regex is applied to: strings as they are, numbers and booleans as written, structures as JSON. */
function regexSubject(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function contextOf(criterion: Criterion, context: ExpressionContext): unknown {
  const text = criterion.context!;
  if (!looksLikeExpression(text)) throw new ExpressionSyntaxError(`context '${text}' is not a runtime expression (e.g. $response.body)`, 0);
  return evaluateExpression(parseExpression(text), context);
}

export function evaluateCriterion(criterion: Criterion, context: ExpressionContext): CriterionResult {
  const { type, version } = criterionType(criterion);
  const base: CriterionResult = { type, condition: criterion.condition, passed: false, comparisons: [] };
  if (version) base.version = version;
  if (criterion.context !== undefined) base.context = criterion.context;
  try {
    if (type === 'simple') {
      const result = evaluateSimpleCondition(criterion.condition, context);
      // A simple criterion with a context: conditions may then read it as a lone value (rare).
      if (criterion.context !== undefined) base.contextValue = contextOf(criterion, context);
      return { ...base, passed: result.passed, comparisons: result.comparisons };
    }
    if (criterion.context === undefined) return { ...base, error: `a ${type} criterion needs a context, e.g. context: $response.body` };
    const contextValue = contextOf(criterion, context);
    base.contextValue = contextValue;
    const condition = evaluateTemplate(criterion.condition, context);
    if (condition !== criterion.condition) base.evaluatedCondition = condition;
    if (contextValue === null || contextValue === undefined) return { ...base, error: `the context ${criterion.context} has no value` };
    if (type === 'regex') {
      const subject = regexSubject(contextValue);
      if (subject.length > MAX_QUERY_INPUT) return { ...base, error: `the context is ${subject.length} characters, more than the ${MAX_QUERY_INPUT} this tool matches` };
      let pattern: RegExp;
      try {
        pattern = new RegExp(condition, 'u');
      } catch {
        try {
          pattern = new RegExp(condition);
        } catch (error) {
          return { ...base, error: `'${condition}' is not a valid regular expression: ${(error as Error).message}` };
        }
      }
      return { ...base, passed: pattern.test(subject) };
    }
    if (type === 'jsonpath') {
      const matches = queryJsonPath(condition, contextValue, version);
      return { ...base, passed: matches.length > 0, matches: matches.slice(0, MAX_MATCHES) };
    }
    if (type === 'xpath') {
      const result = queryXPath(condition, xpathContext(contextValue));
      return { ...base, passed: result.value, matches: result.items.slice(0, MAX_MATCHES) };
    }
    return { ...base, error: `unknown criterion type '${String(type)}' (simple, regex, jsonpath, xpath)` };
  } catch (error) {
    return { ...base, passed: false, error: describeError(error) };
  }
}

/** Every criterion passes (an empty list passes: "all criteria assertions MUST be satisfied"). */
export function evaluateCriteria(criteria: readonly Criterion[] | undefined, context: ExpressionContext): { passed: boolean; results: CriterionResult[] } {
  const results = (criteria ?? []).map((criterion) => evaluateCriterion(criterion, context));
  return { passed: results.every((r) => r.passed), results };
}
