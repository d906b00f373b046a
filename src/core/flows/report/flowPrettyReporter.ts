// The terminal report of a flow run: each step with its status, call, answer and time; for a
// step that did not simply pass, every attempt with its criteria (both sides evaluated), the
// actions taken (retries with their waits, gotos) and, when it failed, the response.

import { printable } from '../../report/prettyReporter';
import type { FlowReport, ReportedStep, ReportedWorkflow } from './flowReport';
import { describeCriterion } from './describeCriterion';

const MARK: Record<string, string> = { passed: '✓', recovered: '↻', handled: '→', failed: '✗', cancelled: '■' };
const COLOR: Record<string, string> = { passed: '32', recovered: '33', handled: '33', failed: '31', cancelled: '90' };

export function flowPrettyReporter(report: FlowReport, options: { color: boolean }): string {
  const paint = (code: string, text: string) => (options.color ? `\x1b[${code}m${text}\x1b[0m` : text);
  const lines: string[] = [];
  const line = (indent: number, text: string) => lines.push(`${'  '.repeat(indent)}${printable(text)}`);
  lines.push(`${printable(report.title ?? report.file)} — workflow ${printable(report.workflowId)}${report.environment ? ` (${printable(report.environment)})` : ''}`);
  const step = (s: ReportedStep, indent: number) => {
    const last = s.attempts[s.attempts.length - 1];
    const call = s.target.kind === 'workflow' ? `workflow ${s.target.id}` : `${s.target.method ?? ''} ${last?.request?.url ?? s.target.path ?? s.target.id}`.trim();
    const answer = last?.response ? ` → ${last.response.status}` : last?.error ? ` → ${last.error.code}` : '';
    const cost = s.attempts.some((a) => a.cost) ? `, ${s.attempts.reduce((sum, a) => sum + (a.cost?.amount ?? 0), 0)} ${s.attempts.find((a) => a.cost)!.cost!.unit}` : '';
    lines.push(`${'  '.repeat(indent)}${paint(COLOR[s.status] ?? '0', MARK[s.status] ?? '?')} ${printable(s.stepId)}  ${printable(call)}${answer}  (${s.durationMs} ms${cost}${s.attempts.length > 1 ? `, ${s.attempts.length} attempts` : ''})`);
    if (s.status !== 'passed') {
      for (const attempt of s.attempts) {
        if (s.attempts.length > 1) line(indent + 2, `attempt ${attempt.attempt}: ${attempt.response ? `${attempt.response.status} ${attempt.response.statusText}` : (attempt.error?.message ?? attempt.reason ?? '')}`.trim());
        for (const criterion of attempt.criteria) line(indent + 3, describeCriterion(criterion));
        if (!attempt.criteria.length && attempt.reason && !attempt.passed) line(indent + 3, attempt.reason);
      }
      for (const action of s.actions) {
        if (action.type === 'next') continue;
        if (action.type === 'stop') line(indent + 2, 'no action handles the failure: the workflow stops');
        else if (action.type === 'retry') line(indent + 2, `retry ${action.retry!.number}/${action.retry!.limit} (${action.name}) after ${action.retry!.delayMs / 1000} s${action.retry!.delaySource === 'Retry-After header' ? ' (Retry-After)' : ''}${action.stepId ? `, running ${action.stepId} first` : ''}`);
        else line(indent + 2, `${action.on === 'failure' ? 'onFailure' : 'onSuccess'} ${action.type} (${action.name})${action.stepId ? ` → step ${action.stepId}` : action.workflowId ? ` → workflow ${action.workflowId}` : ''}`);
      }
      if (s.status === 'failed' && last?.response) {
        line(indent + 2, `response ${last.response.status} ${last.response.statusText}${last.response.contentType ? ` (${last.response.contentType})` : ''}:`);
        for (const bodyLine of last.response.body.split(/\r?\n/).slice(0, 20)) line(indent + 3, bodyLine);
        if (last.response.truncated || last.response.body.split(/\r?\n/).length > 20) line(indent + 3, '…');
      }
      if (s.status === 'failed' && last?.error?.hint) line(indent + 2, last.error.hint);
    } else {
      for (const action of s.actions) if (action.type === 'goto' || action.type === 'end') line(indent + 2, `onSuccess ${action.type} (${action.name})${action.stepId ? ` → step ${action.stepId}` : action.workflowId ? ` → workflow ${action.workflowId}` : ''}`);
    }
    if (s.child) workflow(s.child, indent + 1);
  };
  const workflow = (w: ReportedWorkflow, indent: number) => {
    if (indent > 0) line(indent, `workflow ${w.workflowId}: ${w.status}`);
    for (const s of w.steps) step(s, indent);
    if (w.failure && !w.failure.stepId) line(indent, paint('31', `✗ ${w.failure.reason}`));
    if (w.endedBy) line(indent, `ended by ${w.endedBy.on === 'failure' ? 'onFailure' : 'onSuccess'} action '${w.endedBy.action}' of step ${w.endedBy.stepId}`);
  };
  for (const w of report.workflows) {
    if (report.workflows.length > 1) lines.push(`workflow ${printable(w.workflowId)}`);
    workflow(w, 0);
    if (Object.keys(w.outputs).length) line(1, `outputs: ${JSON.stringify(w.outputs)}`);
  }
  for (const notice of report.notices) lines.push(`note: ${printable(notice)}`);
  const { summary } = report;
  const parts = [`${summary.passed} passed`, summary.recovered ? `${summary.recovered} recovered` : '', summary.handled ? `${summary.handled} handled` : '', summary.failed ? `${summary.failed} failed` : ''].filter(Boolean);
  const costs = report.costs.length ? `; cost ${report.costs.map((c) => `${c.amount} ${c.unit}`).join(', ')}` : '';
  const verdict = report.cancelled ? paint('90', 'CANCELLED') : report.passed ? paint('32', 'PASSED') : paint('31', 'FAILED');
  lines.push(`${verdict} — ${summary.steps} step${summary.steps === 1 ? '' : 's'}: ${parts.join(', ')} in ${report.durationMs} ms${costs}`);
  return lines.join('\n') + '\n';
}
