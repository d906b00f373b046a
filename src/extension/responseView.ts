// ResponseRecord → ResponseView: everything the response panel shows, decided here in plain
// code (no `vscode`), so it is tested without a workbench and the webview only lays it out.
import { STATUS_CODES } from 'node:http';
import type { ResponseRecord, SendError } from '../core/send/types';
import type { BodyView, ErrorView, ProblemSummaryView, ResponseView, StatusTone } from '../../webview/response/protocol';
import type { ProblemSummary } from '../core/problems/problemSummary';
import { actionsFor } from './errorActions';

/** Bodies longer than this are shown up to here, with a note; the rest is one click away. */
export const BODY_DISPLAY_LIMIT = 512 * 1024;

export function responseTitle(method: string, url: string): string {
  return `${method} ${pathOf(url)}`;
}

/** Path and query of a URL; the text itself when it is not a URL (an unresolved template). */
export function pathOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return url;
  }
}

export function statusTone(code: number): StatusTone {
  if (code >= 500) return 'server-error';
  if (code >= 400) return 'client-error';
  if (code >= 300) return 'redirect';
  if (code >= 200) return 'success';
  return 'info';
}

export function sizeLabel(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function headerValue(headers: [string, string][], name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find(([key]) => key.toLowerCase() === lower)?.[1];
}

function isJsonType(contentType: string | undefined): boolean {
  return !!contentType && /[/+]json\b/i.test(contentType);
}

/** Pretty-prints JSON text; returns undefined when it is not (complete) JSON. */
export function prettyJson(text: string): string | undefined {
  const trimmed = text.trim();
  if (!trimmed || !/^[[{"\d\-tfn]/.test(trimmed)) return undefined;
  try {
    return JSON.stringify(JSON.parse(trimmed), null, 2);
  } catch {
    return undefined;
  }
}

export function bodyView(record: ResponseRecord): BodyView {
  const response = record.response;
  if (!response) return { kind: 'empty', text: '', size: 0, sizeLabel: '0 B', truncated: false };
  const body = response.body;
  const contentType = body.contentType ?? headerValue(response.headers, 'content-type');
  const base = { size: body.size, sizeLabel: sizeLabel(body.size), contentType, file: body.file, fetchable: !!body.bytes || !!body.file };
  if (body.encoding === 'binary') return { ...base, kind: body.file ? 'file' : 'binary', text: '', truncated: false };
  if (body.size === 0 && !body.preview) return { ...base, kind: 'empty', text: '', truncated: false };
  const full = body.bytes && !body.previewTruncated ? new TextDecoder().decode(body.bytes) : body.preview;
  const truncated = body.previewTruncated || full.length > BODY_DISPLAY_LIMIT;
  const text = full.length > BODY_DISPLAY_LIMIT ? full.slice(0, BODY_DISPLAY_LIMIT) : full;
  if (!truncated && (isJsonType(contentType) || !contentType)) {
    const pretty = prettyJson(text);
    if (pretty !== undefined) return { ...base, kind: 'json', text: pretty, truncated };
  }
  return { ...base, kind: body.file && truncated ? 'file' : 'text', text, truncated };
}

export function errorView(error: SendError): ErrorView {
  return {
    code: error.code,
    message: error.message,
    hint: error.hint,
    actions: actionsFor(error.code, ['showOutput']),
  };
}

export function problemSummaryView(problem: ProblemSummary): ProblemSummaryView {
  return {
    title: `${problem.status} ${problem.title}`,
    ...(problem.detail && problem.detail !== problem.title ? { detail: problem.detail } : {}),
    messages: problem.messages.map((m) => (m.code ? `${m.code}: ${m.message}` : m.message)),
    fields: problem.fields.map((f) => ({ place: f.path ? (f.missing ? `${f.path} (${f.name} missing)` : f.path) : f.name, message: f.message })),
  };
}

/** What a run knows of a response beyond its record: its checks and its scripts' log. */
export interface ResponseExtras {
  checks?: { text: string; outcome: 'passed' | 'failed' | 'skipped'; message?: string; source?: 'script' }[];
  logs?: string[];
}

export function toResponseView(record: ResponseRecord, extras: ResponseExtras = {}): ResponseView {
  const { timings } = record;
  const phases: { label: string; ms: number }[] = [];
  if (timings.socketMs !== undefined) phases.push({ label: 'Socket', ms: timings.socketMs });
  if (timings.tlsMs !== undefined) phases.push({ label: 'TLS', ms: timings.tlsMs });
  if (timings.firstByteMs !== undefined) phases.push({ label: 'First byte', ms: timings.firstByteMs });
  phases.push({ label: 'Total', ms: timings.totalMs });
  const response = record.response;
  return {
    id: record.id,
    title: responseTitle(record.request.method, record.request.url),
    startedAt: record.startedAt,
    request: {
      method: record.request.method,
      url: record.request.url,
      headers: record.request.headers,
      registry: record.request.registry?.id,
      environment: record.request.registry?.environment,
      ...(record.added?.length ? { added: record.added.map((a) => ({ header: a.header, by: a.by, ...(a.from ? { from: a.from } : {}) })) } : {}),
    },
    ...(record.notes?.length ? { notes: record.notes.map((n) => `${n.policy}: ${n.message}`) } : {}),
    status: response ? { code: response.status, text: `${response.status} ${response.statusText || STATUS_CODES[response.status] || ''}`.trim(), tone: statusTone(response.status) } : undefined,
    timings: phases,
    totalMs: timings.totalMs,
    headers: response?.headers ?? [],
    body: bodyView(record),
    validation: record.validation
      ? {
          valid: record.validation.valid,
          against: record.validation.against,
          operationId: record.validation.operationId,
          errors: record.validation.errors.map(({ path, message }) => ({ path, message })),
        }
      : undefined,
    ...(record.problem ? { problem: problemSummaryView(record.problem) } : {}),
    ...(extras.checks?.length ? { checks: extras.checks.map((c) => ({ kind: c.source === 'script' ? ('test' as const) : ('assertion' as const), text: c.text, outcome: c.outcome, ...(c.message ? { message: c.message } : {}) })) } : {}),
    ...(extras.logs?.length ? { logs: extras.logs } : {}),
    error: record.error ? errorView(record.error) : undefined,
    redirects: record.redirects,
  };
}
