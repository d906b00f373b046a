// A criterion as one line a person reads: what was compared, with both sides' values.

import type { CriterionResult } from '../evaluateCriterion';

export function shortValue(value: unknown, max = 80): string {
  if (value === undefined) return 'nothing';
  const text = typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function describeCriterion(result: CriterionResult): string {
  const mark = result.passed ? 'ok' : 'FAILED';
  if (result.error) return `${mark} ${result.condition} — ${result.error}`;
  if (result.type === 'simple') {
    const parts = result.comparisons.map((c) =>
      c.operator === 'is true' ? `${c.left} = ${shortValue(c.leftValue)}` : `${c.left} = ${shortValue(c.leftValue)} ${c.operator} ${c.right} = ${shortValue(c.rightValue)}`,
    );
    return `${mark} ${result.condition}${parts.length ? `  [${parts.join('; ')}]` : ''}`;
  }
  const condition = result.evaluatedCondition ?? result.condition;
  if (result.type === 'regex') return `${mark} ${result.context} = ${shortValue(result.contextValue)} ${result.passed ? 'matches' : 'does not match'} /${condition}/`;
  const found = result.matches?.length ?? 0;
  return `${mark} ${result.type} ${condition} on ${result.context}: ${found ? `${found} match${found === 1 ? '' : 'es'} ${shortValue(result.matches)}` : 'no match'}`;
}
