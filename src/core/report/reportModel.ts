// The redacted view of a run that every reporter prints: nothing here can hold a secret.

import { Redactor } from '../history/redactor';
import type { ValidationResult } from '../openapi/types';
import type { RunResult } from '../run/runTypes';

export interface ReportedRequest {
  index: number;
  name?: string;
  title?: string;
  line: number;
  method: string;
  url: string;
  outcome: 'passed' | 'failed';
  reason?: string;
  asDependency: boolean;
  status?: number;
  statusText?: string;
  durationMs?: number;
  timings?: { socketMs?: number; tlsMs?: number; firstByteMs?: number; totalMs: number };
  redirects: { status: number; url: string }[];
  error?: { code: string; message: string; hint?: string; /** One-based place in the request file (unresolved variable, missing body file). */ at?: { line: number; column: number } };
  response?: { headers: [string, string][]; contentType?: string; size: number; encoding: 'text' | 'binary'; preview: string; previewTruncated: boolean; file?: string };
  assertions: { text: string; outcome: 'passed' | 'failed' | 'skipped'; message?: string; line?: number }[];
  /** The response checked against its operation's documented response; absent when not validated. */
  validation?: ValidationResult;
}

export interface Report {
  file: string;
  environment?: string;
  passed: boolean;
  summary: { total: number; passed: number; failed: number };
  durationMs: number;
  notices: string[];
  requests: ReportedRequest[];
  /** Facts about the process that ran it (e.g. peak memory), added by the CLI. */
  runtime?: Record<string, number>;
}

export function buildReport(run: RunResult, redactor: Redactor = new Redactor(run.secrets), runtime?: Record<string, number>): Report {
  const requests = run.results.map((result): ReportedRequest => {
    const record = result.record && redactor.record(result.record);
    const response = record?.response;
    return {
      index: result.index,
      name: result.name,
      title: result.title,
      line: result.line,
      method: result.method,
      url: redactor.url(result.url),
      outcome: result.outcome,
      reason: result.reason && redactor.text(result.reason),
      asDependency: result.asDependency,
      status: response?.status,
      statusText: response?.statusText,
      durationMs: record ? Math.round(record.timings.totalMs) : undefined,
      timings: record?.timings,
      redirects: record?.redirects ?? [],
      error:
        record?.error ??
        (result.prepareError && {
          code: result.prepareError.code,
          message: redactor.text(result.prepareError.message),
          at: result.prepareError.range && { line: result.prepareError.range.start.line + 1, column: result.prepareError.range.start.character + 1 },
        }),
      response: response && {
        headers: response.headers,
        contentType: response.body.contentType,
        size: response.body.size,
        encoding: response.body.encoding,
        preview: response.body.preview,
        previewTruncated: response.body.previewTruncated,
        file: response.body.file,
      },
      assertions: result.assertions.map((a) => ({ text: redactor.text(a.text), outcome: a.outcome, message: a.message && redactor.text(a.message), line: a.line })),
      validation: record?.validation,
    };
  });
  const passed = requests.filter((r) => r.outcome === 'passed').length;
  return {
    file: run.file,
    environment: run.environment,
    passed: run.passed,
    summary: { total: requests.length, passed, failed: requests.length - passed },
    durationMs: Math.round(run.durationMs),
    notices: run.notices.map((n) => redactor.text(n)),
    requests,
    runtime,
  };
}
