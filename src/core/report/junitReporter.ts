// JUnit XML as CI servers read it: one testsuite per file, one testcase per request.

import { basename } from 'node:path';
import type { Report } from './reportModel';
import { schemaViolationReason } from '../run/schemaViolation';
import { validationLines } from './validationLines';
import { problemLines } from '../problems/problemSummary';

function xml(text: string): string {
  // Characters XML 1.0 cannot hold at all are dropped, the rest escaped.
  return text
    .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** A `??` line as written; a script's test by its name. */
const checkLabel = (a: Report['requests'][number]['assertions'][number]) => (a.source === 'script' ? `test '${a.text}'` : `?? ${a.text}`);

const seconds = (ms: number | undefined) => ((ms ?? 0) / 1000).toFixed(3);

export function junitReporter(report: Report): string {
  const suite = basename(report.file);
  // JUnit's distinction: a failure is a check that did not hold, an error is a request that could not be made.
  const isError = (r: Report['requests'][number]) => r.outcome === 'failed' && r.error !== undefined;
  const errors = report.requests.filter(isError).length;
  const failures = report.summary.failed - errors;
  const counts = `tests="${report.summary.total}" failures="${failures}" errors="${errors}"`;
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  lines.push(`<testsuites name="regx" ${counts} time="${seconds(report.durationMs)}">`);
  lines.push(`  <testsuite name="${xml(suite)}" ${counts} skipped="0" time="${seconds(report.durationMs)}">`);
  if (report.environment) lines.push(`    <properties><property name="environment" value="${xml(report.environment)}"/></properties>`);
  for (const r of report.requests) {
    const label = `${r.name ?? r.title ?? `request ${r.index + 1}`} — ${r.method} ${r.url}`;
    lines.push(`    <testcase classname="${xml(suite)}" name="${xml(label)}" time="${seconds(r.durationMs)}">`);
    const validation = r.validation && validationLines(r.validation);
    const schemaErrors = validation?.outcome === 'invalid' ? [validation.summary, ...validation.errors.map((e) => `  ${e}`)] : [];
    if (r.outcome === 'failed') {
      const details = [
        r.status !== undefined ? `status ${r.status} ${r.statusText ?? ''}`.trim() : undefined,
        r.error?.at ? `at ${report.file}:${r.error.at.line}:${r.error.at.column}` : undefined,
        r.error?.hint ? `hint: ${r.error.hint}` : undefined,
        ...r.assertions.map((a) => `${a.outcome.padEnd(7)} ${checkLabel(a)}${a.message ? ` — ${a.message}` : ''}`),
        ...schemaErrors,
        // The error answer, readable, before its raw body: each field at its place in the request body.
        ...(r.problem ? ((p) => [`problem: ${p.headline}`, ...p.lines.map((line) => `  ${line}`)])(problemLines(r.problem)) : []),
        r.response && r.response.encoding === 'text' ? `\n${r.response.preview.slice(0, 4000)}` : undefined,
      ].filter(Boolean);
      const element = isError(r) ? 'error' : 'failure';
      const type = r.error?.code ?? (r.validation && r.reason === schemaViolationReason(r.validation) ? 'schema' : 'assertion');
      lines.push(`      <${element} message="${xml(r.reason ?? 'failed')}" type="${xml(type)}">${xml(details.join('\n'))}</${element}>`);
    }
    // Under `--validate warn` a violation does not fail the test case; CI readers find it here.
    const validationOut = !validation ? [] : validation.outcome !== 'invalid' ? [validation.summary] : r.outcome === 'failed' ? [] : schemaErrors;
    const out = [`line ${r.line + 1}`, ...r.assertions.filter((a) => a.outcome !== 'failed').map((a) => `${a.outcome} ${checkLabel(a)}`), ...validationOut, ...(r.scriptLogs ?? []).map((line) => `log: ${line}`)];
    lines.push(`      <system-out>${xml(out.join('\n'))}</system-out>`);
    lines.push('    </testcase>');
  }
  lines.push('  </testsuite>', '</testsuites>');
  return `${lines.join('\n')}\n`;
}
