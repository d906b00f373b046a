// The flow run as Markdown: the documentation AllSolutions asks customers to keep for their test
// set — purpose, each call with what it does, the request and the (redacted) response — and a
// readable record of any run. Text from servers is fenced, so it cannot become Markdown.

import { allSteps, type FlowReport, type ReportedStep, type ReportedWorkflow } from './flowReport';
import { describeCriterion } from './describeCriterion';

const STATUS: Record<string, string> = { passed: '✅ passed', recovered: '↻ recovered', handled: '→ handled', failed: '❌ failed', cancelled: '■ cancelled' };
const MAX_BODY_LINES = 60;

/** A fence longer than any backtick run inside, so the content cannot close it. */
export function fence(text: string, language = ''): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const marks = '`'.repeat(longest + 1);
  return `${marks}${language}\n${text}\n${marks}`;
}

/** Inline text in a table or sentence: no pipes, no line breaks, no markup. */
export function inline(text: string): string {
  return text.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

function bodyLanguage(contentType: string | undefined): string {
  if (!contentType) return '';
  if (/json/i.test(contentType)) return 'json';
  if (/xml/i.test(contentType)) return 'xml';
  return '';
}

function prettyBody(body: string, contentType: string | undefined): string {
  if (/json/i.test(contentType ?? '')) {
    try {
      return JSON.stringify(JSON.parse(body), null, 2);
    } catch {
      // shown as it came
    }
  }
  return body;
}

function clip(text: string): string {
  const lines = text.split(/\r?\n/);
  return lines.length > MAX_BODY_LINES ? `${lines.slice(0, MAX_BODY_LINES).join('\n')}\n… (${lines.length - MAX_BODY_LINES} more lines)` : text;
}

function stepSection(step: ReportedStep, number: string, out: string[]): void {
  const call = step.target.kind === 'workflow' ? `workflow \`${step.target.id}\`` : `\`${step.target.method ?? ''} ${step.target.path ?? step.target.id}\``;
  out.push(`### ${number} ${inline(step.stepId)} — ${STATUS[step.status] ?? step.status}`, '');
  const purpose = step.description ?? step.target.summary;
  if (purpose) out.push(inline(purpose), '');
  out.push(`Calls ${call}${step.target.kind === 'operation' ? ` (operation \`${inline(step.target.id)}\`${step.target.registry ? ` of ${inline(step.target.registry)}` : ''})` : ''}; ${step.durationMs} ms${step.attempts.length > 1 ? `, ${step.attempts.length} attempts` : ''}.`, '');
  for (const attempt of step.attempts) {
    if (step.attempts.length > 1) out.push(`**Attempt ${attempt.attempt}**`, '');
    if (attempt.request) {
      const request = [`${attempt.request.method} ${attempt.request.url}`, ...attempt.request.headers.map(([k, v]) => `${k}: ${v}`)];
      if (attempt.request.body !== undefined) request.push('', attempt.request.body);
      out.push('Request:', '', fence(clip(request.join('\n')), 'http'), '');
    }
    if (attempt.response) {
      const head = [`HTTP ${attempt.response.status} ${attempt.response.statusText}`, ...attempt.response.headers.map(([k, v]) => `${k}: ${v}`)].join('\n');
      out.push('Response:', '', fence(head, 'http'), '');
      if (attempt.response.binary) out.push(`(${attempt.response.size} bytes of binary content)`, '');
      else if (attempt.response.body) out.push(fence(clip(prettyBody(attempt.response.body, attempt.response.contentType)) + (attempt.response.truncated ? '\n… (truncated)' : ''), bodyLanguage(attempt.response.contentType)), '');
    } else if (attempt.error) out.push(`No response: ${inline(attempt.error.message)}${attempt.error.hint ? ` — ${inline(attempt.error.hint)}` : ''}`, '');
    if (attempt.criteria.length) {
      out.push('Checks:', '');
      for (const criterion of attempt.criteria) out.push(`- ${inline(describeCriterion(criterion))}`);
      out.push('');
    }
    if (attempt.validation && !attempt.validation.valid) {
      out.push(`Schema: the response does not match ${inline(attempt.validation.against ?? 'its documented schema')}:`, '');
      for (const error of attempt.validation.errors.slice(0, 10)) out.push(`- \`${inline(error.path)}\` ${inline(error.message)}`);
      out.push('');
    }
    if (attempt.cost) out.push(`Cost: ${attempt.cost.amount} ${inline(attempt.cost.unit)}.`, '');
  }
  const actions = step.actions.filter((a) => a.type !== 'next');
  if (actions.length) {
    for (const action of actions) {
      if (action.type === 'stop') out.push('- No action handles the failure: the workflow stops.');
      else out.push(`- ${action.on === 'failure' ? 'On failure' : 'On success'}: ${action.type} \`${inline(action.name ?? '')}\`${action.retry ? ` (${action.retry.number}/${action.retry.limit}, after ${action.retry.delayMs / 1000} s)` : ''}${action.stepId ? ` → step \`${inline(action.stepId)}\`` : ''}${action.workflowId ? ` → workflow \`${inline(action.workflowId)}\`` : ''}`);
    }
    out.push('');
  }
  if (Object.keys(step.outputs).length) out.push('Outputs:', '', fence(JSON.stringify(step.outputs, null, 2), 'json'), '');
}

function workflowSection(workflow: ReportedWorkflow, out: string[], prefix: string): void {
  out.push(`## Workflow \`${inline(workflow.workflowId)}\` — ${STATUS[workflow.status] ?? workflow.status}`, '');
  if (workflow.summary) out.push(`**Purpose:** ${inline(workflow.summary)}`, '');
  if (workflow.description) out.push(workflow.description.trim(), '');
  if (Object.keys(workflow.inputs).length) out.push('Inputs:', '', fence(JSON.stringify(workflow.inputs, null, 2), 'json'), '');
  out.push('| # | step | call | status | time |', '|---|---|---|---|---|');
  workflow.steps.forEach((step, i) => {
    const call = step.target.kind === 'workflow' ? `workflow ${step.target.id}` : `${step.target.method ?? ''} ${step.target.path ?? step.target.id}`;
    out.push(`| ${prefix}${i + 1} | ${inline(step.stepId)} | ${inline(call)} | ${STATUS[step.status] ?? step.status} | ${step.durationMs} ms |`);
  });
  out.push('');
  if (workflow.failure) out.push(`**Failed${workflow.failure.stepId ? ` at step \`${inline(workflow.failure.stepId)}\`` : ''}:** ${inline(workflow.failure.reason)}`, '');
  workflow.steps.forEach((step, i) => {
    stepSection(step, `${prefix}${i + 1}.`, out);
    if (step.child) workflowSection(step.child, out, `${prefix}${i + 1}.`);
  });
  if (Object.keys(workflow.outputs).length) out.push('Workflow outputs:', '', fence(JSON.stringify(workflow.outputs, null, 2), 'json'), '');
}

export function flowMarkdownReporter(report: FlowReport): string {
  const out: string[] = [];
  out.push(`# ${inline(report.title ?? report.file)}`, '');
  if (report.description) out.push(report.description.trim(), '');
  const steps = allSteps(report.workflows);
  out.push(`- File: \`${inline(report.file)}\``);
  if (report.environment) out.push(`- Environment: \`${inline(report.environment)}\``);
  out.push(`- Result: ${report.cancelled ? 'cancelled' : report.passed ? 'passed' : 'failed'} — ${steps.length} steps, ${report.summary.failed} failed, ${report.durationMs} ms`);
  if (report.costs.length) out.push(`- Cost: ${report.costs.map((c) => `${c.amount} ${inline(c.unit)}`).join(', ')}`);
  out.push('');
  for (const workflow of report.workflows) workflowSection(workflow, out, '');
  if (report.notices.length) {
    out.push('## Notes', '');
    for (const notice of report.notices) out.push(`- ${inline(notice)}`);
    out.push('');
  }
  return out.join('\n');
}
