// What the flow-run panel writes for each piece of a run, as plain data (no DOM), so it is
// tested in Node: a step's status word and mark, its one-line target, each criterion as rows of
// left value / operator / right value, each action taken (retry n of m after s, goto, end), the
// cost lines before and after the run.
import type { ActionTaken } from '../../src/core/flows/flowRunTypes';
import type { CriterionResult } from '../../src/core/flows/evaluateCriterion';
import type { FlowRunView, StepView, StepViewStatus } from '../../src/core/flows/runView';
import type { CostNote } from '../../src/core/flows/stepSender';

export const STATUS: Record<StepViewStatus, { mark: string; word: string; tone: 'ok' | 'bad' | 'warn' | 'idle' | 'busy' }> = {
  passed: { mark: '✓', word: 'passed', tone: 'ok' },
  recovered: { mark: '✓', word: 'recovered', tone: 'ok' },
  handled: { mark: '↷', word: 'handled', tone: 'warn' },
  failed: { mark: '✗', word: 'failed', tone: 'bad' },
  cancelled: { mark: '■', word: 'cancelled', tone: 'warn' },
  pending: { mark: '○', word: 'pending', tone: 'idle' },
  running: { mark: '…', word: 'running', tone: 'busy' },
  waiting: { mark: '⏱', word: 'waiting', tone: 'busy' },
  skipped: { mark: '–', word: 'not run', tone: 'idle' },
};

/** `GET /companies/{companyNumber}` or `workflow other` or `request login`. */
export function targetLine(step: Pick<StepView, 'target'>): string {
  const t = step.target;
  if (t.kind === 'workflow') return `workflow ${t.id}`;
  if (t.kind === 'http') return `${t.method ? `${t.method} ` : ''}request ${t.id}`;
  return [t.method, t.path ?? t.id].filter(Boolean).join(' ');
}

/** A value as a person reads it in one line: strings quoted, nothing as "nothing". */
export function valueText(value: unknown, max = 200): string {
  if (value === undefined) return 'nothing';
  const text = typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export interface CriterionRow {
  passed: boolean;
  /** The condition as written (with `{$…}` filled in, when it had any). */
  condition: string;
  type: string;
  /** Each comparison with its evaluated sides; for regex/jsonpath/xpath the context and what matched. */
  lines: { left: string; leftValue: string; operator?: string; right?: string; rightValue?: string; passed: boolean }[];
  error?: string;
}

export function criterionRow(result: CriterionResult): CriterionRow {
  const row: CriterionRow = { passed: result.passed, condition: result.evaluatedCondition ?? result.condition, type: result.version ? `${result.type} ${result.version}` : result.type, lines: [] };
  if (result.error) row.error = result.error;
  if (result.type === 'simple') {
    for (const c of result.comparisons) {
      if (c.operator === 'is true') row.lines.push({ left: c.left, leftValue: valueText(c.leftValue), operator: 'is true', passed: c.passed });
      else row.lines.push({ left: c.left, leftValue: valueText(c.leftValue), operator: c.operator, right: c.right ?? '', rightValue: valueText(c.rightValue), passed: c.passed });
    }
    return row;
  }
  const context = result.context ?? '(no context)';
  if (result.type === 'regex') {
    row.lines.push({ left: context, leftValue: valueText(result.contextValue), operator: result.passed ? 'matches' : 'does not match', right: 'pattern', rightValue: `/${row.condition}/`, passed: result.passed });
    return row;
  }
  const found = result.matches?.length ?? 0;
  row.lines.push({ left: context, leftValue: valueText(result.contextValue), operator: 'selects', right: row.condition, rightValue: found ? valueText(result.matches) : 'nothing', passed: result.passed });
  return row;
}

/** One action as a sentence: `onFailure retry 1 of 3 after 2 s (retryAfter)`, `onSuccess goto step done`. */
export function actionText(action: ActionTaken): string {
  const on = action.on === 'success' ? 'onSuccess' : 'onFailure';
  const named = action.name ? ` '${action.name}'` : '';
  const from = action.from === 'workflow' ? ' (workflow action)' : '';
  switch (action.type) {
    case 'next':
      return `${on}: next step`;
    case 'stop':
      return `${on}: no action handles the failure, the workflow stops`;
    case 'end':
      return `${on}${named}: end the workflow${from}`;
    case 'goto':
      return `${on}${named}: goto ${action.stepId ? `step ${action.stepId}` : `workflow ${action.workflowId}`}${from}`;
    case 'retry': {
      const r = action.retry;
      const wait = r ? (r.delayMs ? ` after ${r.delayMs / 1000} s (${r.delaySource})` : ' at once') : '';
      const first = action.stepId ? `, step ${action.stepId} first` : action.workflowId ? `, workflow ${action.workflowId} first` : '';
      return `${on}${named}: retry${r ? ` ${r.number} of ${r.limit}` : ''}${wait}${first}${from}`;
    }
  }
}

export function costText(costs: readonly CostNote[]): string {
  return costs.map((c) => `${c.amount} ${c.unit}`).join(', ');
}

/** The header's one-line outcome: `3 steps: 3 passed · 2 credits · 412 ms`. */
export function summaryLine(view: FlowRunView): string {
  const ran = view.steps.filter((s) => s.run);
  const count = (status: StepViewStatus) => ran.filter((s) => s.status === status).length;
  const parts = [`${ran.length} of ${view.steps.length} step${view.steps.length === 1 ? '' : 's'} run`];
  for (const status of ['passed', 'recovered', 'handled', 'failed'] as const) if (count(status)) parts.push(`${count(status)} ${STATUS[status].word}`);
  if (view.costs.length) parts.push(`spent ${costText(view.costs)}`);
  if (view.durationMs !== undefined) parts.push(`${view.durationMs} ms`);
  return parts.join(' · ');
}

/** Steps a rerun may start from: those that ran in the run's own workflow, once each. */
export function rerunPoints(view: FlowRunView): string[] {
  const points: string[] = [];
  for (const step of view.steps) if (step.workflowId === view.workflowId && step.run && !points.includes(step.stepId)) points.push(step.stepId);
  return points;
}
