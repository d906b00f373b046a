// Reports of a test-set run: per request what changed since the baseline, and the flows' own
// redacted reports. Markdown is the documentation AllSolutions asks for (purpose, each call with
// what it does, request and response); JUnit has one testcase per request, failed when the step
// failed or the request changed.

import { printable } from '../../report/prettyReporter';
import type { FlowReport } from '../report/flowReport';
import { allSteps } from '../report/flowReport';
import { flowMarkdownReporter, inline } from '../report/flowMarkdownReporter';
import { xmlText } from '../report/flowJunitReporter';
import type { ObservedRequest, RequestChange, RequestComparison } from './baseline';
import { describeChange } from './responseShape';

export interface SuiteReport {
  name: string;
  purpose?: string;
  file: string;
  environment?: string;
  passed: boolean;
  /** Absent when no baseline was compared. */
  baseline?: { file: string; environment?: string; recordedAt: string; updated: boolean };
  changed: boolean;
  requests: (ObservedRequest & { changes: RequestChange[]; failed: boolean })[];
  /** Requests of the baseline this run did not make. */
  missing: RequestComparison[];
  flows: FlowReport[];
  /** Items that did not load, with their problems. */
  problems: string[];
}

export function describeRequestChange(change: RequestChange): string {
  switch (change.kind) {
    case 'status':
      return `status ${change.from ?? 'none'} → ${change.to ?? 'none'}`;
    case 'validity':
      return `schema: ${change.from === null ? 'not checked' : change.from ? 'valid' : 'invalid'} → ${change.to === null ? 'not checked' : change.to ? 'valid' : 'invalid'}`;
    case 'shape':
      return describeChange(change.change);
    case 'new-request':
      return 'new request (not in the baseline)';
    case 'missing-request':
      return 'in the baseline, not made in this run';
  }
}

export function suitePrettyReporter(report: SuiteReport, options: { color: boolean }): string {
  const paint = (code: string, text: string) => (options.color ? `\x1b[${code}m${text}\x1b[0m` : text);
  const lines: string[] = [`${printable(report.name)}${report.environment ? ` (${printable(report.environment)})` : ''}`];
  if (report.baseline) lines.push(`baseline: ${printable(report.baseline.file)}${report.baseline.updated ? ' (recorded now)' : `, recorded ${report.baseline.recordedAt}${report.baseline.environment ? ` on ${printable(report.baseline.environment)}` : ''}`}`);
  for (const problem of report.problems) lines.push(paint('31', `✗ ${printable(problem)}`));
  for (const request of report.requests) {
    const mark = request.failed ? paint('31', '✗') : request.changes.length ? paint('33', 'Δ') : paint('32', '✓');
    const validity = request.valid === null ? '' : request.valid ? ', schema valid' : ', schema INVALID';
    lines.push(`${mark} ${printable(request.id)}  ${request.method} ${printable(request.path)} → ${request.status ?? 'no response'}${validity}`);
    for (const change of request.changes) lines.push(`    ${printable(describeRequestChange(change))}`);
  }
  for (const missing of report.missing) lines.push(`${paint('33', 'Δ')} ${printable(missing.id)}  ${missing.method} ${printable(missing.path)}\n    ${describeRequestChange(missing.changes[0]!)}`);
  // Why a step failed, sent or not (a request that could not be built made no request to list).
  for (const flow of report.flows) {
    for (const workflow of flow.workflows) {
      for (const step of allSteps([workflow])) {
        if (step.status !== 'failed') continue;
        const reason = step.attempts.at(-1)?.reason ?? workflow.failure?.reason ?? 'failed';
        lines.push(`${paint('31', '✗')} ${printable(flow.file)} ${printable(workflow.workflowId)}/${printable(step.stepId)}: ${printable(reason)}`);
      }
    }
  }
  const failed = report.requests.filter((r) => r.failed).length;
  const changed = report.requests.filter((r) => r.changes.length).length + report.missing.length;
  const verdict = !report.passed ? paint('31', 'FAILED') : report.changed ? paint('33', 'CHANGED') : paint('32', 'PASSED');
  lines.push(`${verdict} — ${report.requests.length} requests: ${failed} failed${report.baseline && !report.baseline.updated ? `, ${changed} changed since the baseline` : ''}`);
  return lines.join('\n') + '\n';
}

export function suiteJsonReporter(report: SuiteReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

export function suiteJunitReporter(report: SuiteReport): string {
  const cases = report.requests.map((r) => {
    const name = `${r.id} — ${r.method} ${r.path}`;
    const body = r.failed
      ? `<failure message="${xmlText(`the step failed (status ${r.status ?? 'none'})`)}" type="step">${xmlText(r.changes.map(describeRequestChange).join('\n'))}</failure>`
      : r.changes.length
        ? `<failure message="${xmlText(`changed since the baseline: ${r.changes.map(describeRequestChange).join('; ')}`)}" type="baseline">${xmlText(r.changes.map(describeRequestChange).join('\n'))}</failure>`
        : '';
    return `    <testcase classname="${xmlText(report.name)}" name="${xmlText(name)}" time="0">${body ? `\n      ${body}\n    ` : ''}</testcase>`;
  });
  for (const m of report.missing) cases.push(`    <testcase classname="${xmlText(report.name)}" name="${xmlText(`${m.id} — ${m.method} ${m.path}`)}" time="0">\n      <failure message="in the baseline, not made in this run" type="baseline"/>\n    </testcase>`);
  const failures = report.requests.filter((r) => r.failed || r.changes.length).length + report.missing.length;
  const total = report.requests.length + report.missing.length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlText(report.name)}" tests="${total}" failures="${failures}" errors="0">`,
    `  <testsuite name="${xmlText(report.name)}" tests="${total}" failures="${failures}" errors="0" skipped="0">`,
    ...(report.environment ? [`    <properties><property name="environment" value="${xmlText(report.environment)}"/></properties>`] : []),
    ...cases,
    ...report.problems.map((p) => `    <system-err>${xmlText(p)}</system-err>`),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

/** The test set as documentation: purpose, the calls and what changed, then each flow in full. */
export function suiteMarkdownReporter(report: SuiteReport): string {
  const out: string[] = [`# ${inline(report.name)}`, ''];
  if (report.purpose) out.push('## Purpose', '', report.purpose.trim(), '');
  out.push(`- Test set: \`${inline(report.file)}\``);
  if (report.environment) out.push(`- Environment: \`${inline(report.environment)}\``);
  if (report.baseline) out.push(`- Baseline: \`${inline(report.baseline.file)}\`${report.baseline.updated ? ' (recorded by this run)' : `, recorded ${report.baseline.recordedAt}${report.baseline.environment ? ` on \`${inline(report.baseline.environment)}\`` : ''}`}`);
  out.push(`- Result: ${report.passed ? (report.changed ? 'every call answered, some changed since the baseline' : 'passed') : 'failed'}`, '');
  out.push('## The calls', '', '| call | request | status | schema | since the baseline |', '|---|---|---|---|---|');
  for (const r of report.requests) {
    const validity = r.valid === null ? '—' : r.valid ? 'valid' : '**invalid**';
    out.push(`| ${inline(r.id)} | ${inline(`${r.method} ${r.path}`)} | ${r.status ?? '—'}${r.failed ? ' ❌' : ''} | ${validity} | ${r.changes.length ? r.changes.map((c) => inline(describeRequestChange(c))).join('<br>') : report.baseline && !report.baseline.updated ? 'unchanged' : '—'} |`);
  }
  for (const m of report.missing) out.push(`| ${inline(m.id)} | ${inline(`${m.method} ${m.path}`)} | — | — | not made in this run |`);
  out.push('');
  for (const problem of report.problems) out.push(`> ${inline(problem)}`, '');
  for (const flow of report.flows) {
    const steps = allSteps(flow.workflows).length;
    if (!steps) continue;
    // Each flow's own report, one heading level down.
    out.push(demoteHeadings(flowMarkdownReporter(flow)));
  }
  return out.join('\n');
}

/** Headings one level down, outside code fences only (a response body may hold lines starting with #). */
function demoteHeadings(markdown: string): string {
  let fence: string | undefined;
  return markdown
    .split('\n')
    .map((line) => {
      const marks = /^(`{3,})/.exec(line)?.[1];
      if (marks && (!fence || marks.length >= fence.length)) {
        fence = fence ? undefined : marks;
        return line;
      }
      return !fence && /^#+ /.test(line) ? `#${line}` : line;
    })
    .join('\n');
}
