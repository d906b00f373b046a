// The redacted view of a run that every reporter prints: nothing here can hold a secret.

import type { ResponseRecord } from '../send/types';
import { Redactor } from '../history/redactor';
import type { ValidationResult } from '../openapi/types';
import type { ProblemSummary } from '../problems/problemSummary';
import type { RunResult } from '../run/runTypes';
import type { RedirectHop } from '../send/types';

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
  redirects: RedirectHop[];
  error?: { code: string; message: string; hint?: string; /** One-based place in the request file (unresolved variable, missing body file). */ at?: { line: number; column: number } };
  response?: { headers: [string, string][]; contentType?: string; size: number; encoding: 'text' | 'binary'; preview: string; previewTruncated: boolean; file?: string };
  /** `??` lines and, with `source: 'script'`, the tests scripts ran (`text` is the test's name). */
  assertions: { text: string; outcome: 'passed' | 'failed' | 'skipped'; message?: string; line?: number; source?: 'script' }[];
  /** What the request's scripts logged, redacted. */
  scriptLogs?: string[];
  /** The response checked against its operation's documented response; absent when not validated. */
  validation?: ValidationResult;
  /** The error answer as one readable error, each field message with its JSON path in the request body. */
  problem?: ProblemSummary;
  /**
   * What the registry policies did: the statuses of the records a policy replaced (a 412 or 409
   * sent again), the headers the tool added and where from, and what the policies noted (the
   * gebeurtenissen a 412 reports, a 202 followed). Absent when they did nothing.
   */
  policy?: { previous: number[]; added: { header: string; by: string; from?: string }[]; notes: string[] };
  /** What the request cost by its registry's costs (the cost meter), a resend's included. */
  cost?: { amount: number; unit: string; balance?: number };
}

export interface Report {
  file: string;
  environment?: string;
  passed: boolean;
  summary: { total: number; passed: number; failed: number };
  durationMs: number;
  notices: string[];
  requests: ReportedRequest[];
  /** What the run cost, per unit (`credits`, `calls`), when a request had a cost. */
  costs?: Record<string, number>;
  /** Facts about the process that ran it (e.g. peak memory), added by the CLI. */
  runtime?: Record<string, number>;
}

export function buildReport(run: RunResult, redactor: Redactor = new Redactor(run.secrets), runtime?: Record<string, number>): Report {
  const requests = run.results.map((result): ReportedRequest => {
    const record = result.record && redactor.record(result.record);
    const response = record?.response;
    // Optional keys added by assignment, in the order the report has always had: a spread into
    // an object literal that goes on with more keys costs microseconds per request in Node 20
    // (test/bench/objectSpread.mjs), and a report has a thousand of them.
    const reported: ReportedRequest = {
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
        // From the record, not its redacted copy: `regx run` deletes a spilled body's file, and its
        // name from the record, after the history line (which shares the copy) was made.
        file: result.record?.response?.body.file,
      },
      assertions: result.assertions.map((a) => ({ text: redactor.text(a.text), outcome: a.outcome, message: a.message && redactor.text(a.message), line: a.line, ...(a.source ? { source: a.source } : {}) })),
    };
    if (result.scriptLogs?.length) reported.scriptLogs = result.scriptLogs.map((line) => redactor.text(line));
    reported.validation = record?.validation;
    if (record?.problem) reported.problem = record.problem;
    const policy = policyFacts(result.record, redactor);
    if (policy) reported.policy = policy;
    const cost = costOf(result.record);
    if (cost) reported.cost = cost;
    return reported;
  });
  const costs: Record<string, number> = {};
  for (const r of requests) if (r.cost) costs[r.cost.unit] = (costs[r.cost.unit] ?? 0) + r.cost.amount;
  const passed = requests.filter((r) => r.outcome === 'passed').length;
  return {
    file: run.file,
    environment: run.environment,
    passed: run.passed,
    summary: { total: requests.length, passed, failed: requests.length - passed },
    ...(Object.keys(costs).length ? { costs } : {}),
    durationMs: Math.round(run.durationMs),
    notices: run.notices.map((n) => redactor.text(n)),
    requests,
    runtime,
  };
}

function policyFacts(record: RunResult['results'][number]['record'], redactor: Redactor): ReportedRequest['policy'] {
  // Most records: no policy touched them (nothing replaced, added or noted).
  if (!record || (!record.previous && !record.added?.length && !record.notes?.length)) return undefined;
  const chain: NonNullable<typeof record>[] = [];
  for (let r: typeof record | undefined = record; r && chain.length < 32; r = r.previous) chain.unshift(r);
  const previous = chain.slice(0, -1).map((r) => r.response?.status ?? 0);
  const added = (record.added ?? []).map((a) => ({ header: a.header, by: a.by, ...(a.from ? { from: redactor.text(a.from) } : {}) }));
  const notes = chain.flatMap((r) => r.notes ?? []).map((n) => redactor.text(`${n.policy}: ${n.message}`));
  if (previous.length === 0 && added.length === 0 && notes.length === 0) return undefined;
  return { previous, added, notes };
}

/** The cost of a record and the records a policy replaced with it (same unit: one registry). */
function costOf(record: ResponseRecord | undefined): ReportedRequest['cost'] {
  let cost: ReportedRequest['cost'];
  for (let r = record, depth = 0; r && depth < 32; r = r.previous, depth++) {
    if (!r.cost) continue;
    cost = cost ? { ...cost, amount: cost.amount + r.cost.amount } : { ...r.cost };
  }
  return cost;
}
