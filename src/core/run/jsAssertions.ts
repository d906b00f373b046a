// httpYac's `?? js EXPRESSION [OPERATOR EXPECTED]`: the expression is JavaScript, evaluated in
// the script sandbox against the response; the comparison is the one `??` lines use. Without an
// operator the expression must be truthy.

import type { ResponseRecord } from '../send/types';
import { compare, OPERATORS, show, UNARY, type AssertionResult, type Operator } from './assertions';

export function isJsAssertion(text: string): boolean {
  return /^\s*(\?\?\s*)?js\b/.test(text);
}

/** `response.parsedBody.n == 3` → the expression and the comparison after it. */
export function splitJsAssertion(text: string): { expression: string; operator?: Operator; expected?: string } {
  const body = text.replace(/^\s*(\?\?\s*)?js\s+/, '').trim();
  const words = OPERATORS.map((o) => o.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  // The first operator that stands as a word between spaces; `==` inside the JS would need spaces around it too.
  const match = new RegExp(`\\s(${words})(?:\\s+(.*))?$`).exec(body);
  if (!match || match.index === 0) return { expression: body };
  const operator = match[1] as Operator;
  if (!UNARY.has(operator) && match[2] === undefined) return { expression: body };
  const expected = match[2]?.trim().replace(/^(["'])(.*)\1$/s, '$2');
  return { expression: body.slice(0, match.index).trim(), operator, expected: UNARY.has(operator) ? undefined : expected };
}

export async function evaluateJsAssertion(
  source: string,
  line: number,
  record: ResponseRecord,
  evaluate: (expression: string) => Promise<{ value: unknown } | { error: string }>,
): Promise<AssertionResult> {
  const text = source.replace(/^\s*\?\?\s*/, '').trim();
  if (!record.response) return { text, line, outcome: 'failed', message: 'no response', isStatus: false };
  const { expression, operator, expected } = splitJsAssertion(text);
  const evaluated = await evaluate(expression);
  if ('error' in evaluated) return { text, line, outcome: 'failed', message: evaluated.error, isStatus: false };
  const actual = evaluated.value;
  let passed: boolean;
  try {
    passed = operator ? compare(operator, actual, expected) : Boolean(actual);
  } catch (error) {
    return { text, line, outcome: 'failed', message: (error as Error).message, isStatus: false };
  }
  if (passed) return { text, line, outcome: 'passed', isStatus: false };
  const message = !operator ? `${expression} is ${show(actual)}, expected it to be truthy` : UNARY.has(operator) ? `${expression} is ${show(actual)}, expected it to pass ${operator}` : `${expression} is ${show(actual)}, expected ${operator} ${show(expected)}`;
  return { text, line, outcome: 'failed', message, isStatus: false };
}
