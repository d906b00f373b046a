// JUnit XML of flow runs: one testsuite per workflow, one testcase per step run (classname the
// workflow, name the step). A step that could not be sent is an <error>; one whose criteria or
// status did not hold a <failure> with the evaluated criteria and the response; recovered and
// handled steps pass with what happened in <system-out>.

import { basename } from 'node:path';
import { allSteps, type FlowReport, type ReportedStep, type ReportedWorkflow } from './flowReport';
import { describeCriterion } from './describeCriterion';

export function xmlText(text: string): string {
  return text
    .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

function details(step: ReportedStep): string {
  const lines: string[] = [];
  for (const attempt of step.attempts) {
    lines.push(`attempt ${attempt.attempt}: ${attempt.request ? `${attempt.request.method} ${attempt.request.url}` : ''}${attempt.response ? ` → ${attempt.response.status} ${attempt.response.statusText}` : ''}${attempt.error ? ` → ${attempt.error.code}: ${attempt.error.message}` : ''}`);
    for (const criterion of attempt.criteria) lines.push(`  ${describeCriterion(criterion)}`);
    if (attempt.reason && !attempt.criteria.length) lines.push(`  ${attempt.reason}`);
  }
  for (const action of step.actions) if (action.type !== 'next') lines.push(`${action.on} ${action.type}${action.name ? ` (${action.name})` : ''}${action.retry ? ` ${action.retry.number}/${action.retry.limit} after ${action.retry.delayMs} ms` : ''}${action.stepId ? ` → ${action.stepId}` : ''}${action.workflowId ? ` → ${action.workflowId}` : ''}`);
  const last = step.attempts[step.attempts.length - 1];
  if (step.status === 'failed' && last?.response) lines.push(`response body:\n${last.response.body}`);
  return lines.join('\n');
}

export function flowJunitReporter(report: FlowReport): string {
  const flatten = (w: ReportedWorkflow): ReportedWorkflow[] => [w, ...w.steps.flatMap((s) => (s.child ? flatten(s.child) : []))];
  const suites = report.workflows.flatMap(flatten);
  const all = allSteps(report.workflows);
  const isError = (s: ReportedStep) => s.status === 'failed' && !s.attempts[s.attempts.length - 1]?.response;
  const totalErrors = all.filter(isError).length;
  const totalFailures = all.filter((s) => s.status === 'failed').length - totalErrors;
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(`<testsuites name="${xmlText(report.title ?? basename(report.file))}" tests="${all.length}" failures="${totalFailures}" errors="${totalErrors}" time="${seconds(report.durationMs)}">`);
  for (const suite of suites) {
    const steps = suite.steps;
    const errors = steps.filter(isError).length;
    const failures = steps.filter((s) => s.status === 'failed').length - errors;
    const skipped = steps.filter((s) => s.status === 'cancelled').length;
    out.push(`  <testsuite name="${xmlText(suite.workflowId)}" tests="${steps.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${seconds(suite.durationMs)}" file="${xmlText(basename(suite.file))}">`);
    if (report.environment) out.push(`    <properties><property name="environment" value="${xmlText(report.environment)}"/></properties>`);
    for (const step of steps) {
      const call = step.target.kind === 'workflow' ? `workflow ${step.target.id}` : `${step.target.method ?? ''} ${step.target.path ?? step.target.id}`.trim();
      out.push(`    <testcase classname="${xmlText(suite.workflowId)}" name="${xmlText(`${step.stepId} — ${call}`)}" time="${seconds(step.durationMs)}">`);
      const last = step.attempts[step.attempts.length - 1];
      const reason = last?.reason ?? suite.failure?.reason ?? 'failed';
      if (step.status === 'cancelled') out.push('      <skipped message="cancelled"/>');
      else if (isError(step)) out.push(`      <error message="${xmlText(reason)}" type="${xmlText(last?.error?.code ?? 'request')}">${xmlText(details(step))}</error>`);
      else if (step.status === 'failed') out.push(`      <failure message="${xmlText(reason)}" type="criteria">${xmlText(details(step))}</failure>`);
      else if (step.status !== 'passed') out.push(`      <system-out>${xmlText(`${step.status}\n${details(step)}`)}</system-out>`);
      out.push('    </testcase>');
    }
    if (suite.failure && !suite.failure.stepId) out.push(`    <system-err>${xmlText(suite.failure.reason)}</system-err>`);
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}
