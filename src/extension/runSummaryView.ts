// RunResult → SummaryView: what the Send All summary lists for each request, decided in plain
// code (no `vscode`) and tested in Node. Every URL and reason goes through the run's redactor.
import { STATUS_CODES } from 'node:http';
import type { RunResult } from '../core/run/runTypes';
import type { SummaryRow, SummaryView } from '../../webview/summary/protocol';
import { pathOf, statusTone } from './responseView';

export interface Redact {
  url(value: string): string;
  text(value: string): string;
}

export function summaryRows(result: RunResult, redact: Redact): SummaryRow[] {
  return result.results.map((item, i): SummaryRow => {
    const record = item.record;
    const response = record?.response;
    const validation = record?.validation;
    const counted = { passed: 0, failed: 0, skipped: 0 };
    for (const assertion of item.assertions) counted[assertion.outcome]++;
    const total = item.assertions.length;
    const assertions = total === 0 ? '' : counted.failed ? `${counted.failed} of ${total} failed` : `${counted.passed} passed${counted.skipped ? `, ${counted.skipped} skipped` : ''}`;
    const errors = validation?.errors.length ?? 0;
    return {
      n: i + 1,
      label: item.name ?? item.title ?? `${item.method} ${pathOf(redact.url(item.url))}`,
      method: item.method,
      path: pathOf(redact.url(item.url)),
      status: response ? `${response.status} ${response.statusText || STATUS_CODES[response.status] || ''}`.trim() : `failed: ${item.prepareError?.code ?? record?.error?.code ?? 'no response'}`,
      tone: response ? statusTone(response.status) : 'failed',
      ms: record && response ? record.timings.totalMs : undefined,
      validation: !validation ? 'not validated' : validation.valid ? 'valid' : `${errors} schema error${errors === 1 ? '' : 's'}`,
      validationTone: !validation ? 'none' : validation.valid ? 'valid' : 'invalid',
      assertions,
      outcome: item.outcome,
      reason: item.reason === undefined ? undefined : redact.text(item.reason),
      asDependency: item.asDependency,
      recordId: record?.id,
    };
  });
}

export function summaryView(runId: string, result: RunResult, redact: Redact, finishedAt: Date): SummaryView {
  const rows = summaryRows(result, redact);
  return {
    runId,
    file: result.file,
    environment: result.environment,
    finishedAt: finishedAt.toISOString(),
    durationMs: result.durationMs,
    passed: rows.filter((row) => row.outcome === 'passed').length,
    failed: rows.filter((row) => row.outcome === 'failed').length,
    rows,
  };
}
