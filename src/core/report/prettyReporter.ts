// What a person reads in the terminal: per request the method, URL, status, time and each
// assertion; for a failure the reason and, for problem details or other error bodies, the body
// pretty-printed.

import type { Report, ReportedRequest } from './reportModel';
import { schemaViolationReason } from '../run/schemaViolation';
import { validationLines } from './validationLines';
import { terminalSafe } from './terminalText';
import { problemLines } from '../problems/problemSummary';

export interface PrettyOptions {
  color: boolean;
  /** Body lines shown for a failed request (default 40). */
  bodyLines?: number;
}

const CODES = { red: 31, green: 32, yellow: 33, dim: 2, bold: 1, cyan: 36 } as const;

function painter(color: boolean) {
  return (style: keyof typeof CODES, text: string) => (color ? `\x1b[${CODES[style]}m${text}\x1b[0m` : text);
}

/** Multi-line text made safe for a terminal (line breaks kept): `terminalSafe`, for callers that print blocks. */
export function printable(text: string): string {
  return terminalSafe(text, { multiline: true });
}

/**
 * One field of a line (a URL, a name, a message from a server or a description): every control
 * and bidi character shown, line breaks too, so a field can neither drive the terminal nor forge
 * a line of its own.
 */
function field(text: string): string {
  return terminalSafe(text);
}

function prettyBody(r: ReportedRequest): string | undefined {
  const response = r.response;
  if (!response || response.encoding === 'binary' || !response.preview.trim()) return undefined;
  if (/json/i.test(response.contentType ?? '') && !response.previewTruncated) {
    try {
      return JSON.stringify(JSON.parse(response.preview), null, 2);
    } catch {
      // shown as received
    }
  }
  return response.preview;
}

export function prettyReporter(report: Report, options: PrettyOptions): string {
  const paint = painter(options.color);
  const out: string[] = [];
  for (const notice of report.notices) out.push(paint('yellow', `! ${field(notice)}`));
  for (const r of report.requests) {
    const mark = r.outcome === 'passed' ? paint('green', '✔') : paint('red', '✘');
    const statusLine = field(`${r.status} ${r.statusText ?? ''}`.trim());
    const status = r.status !== undefined ? (r.status >= 400 ? paint('red', statusLine) : paint('green', statusLine)) : paint('red', field(r.error?.code ?? 'not sent'));
    const label = r.name ? paint('bold', field(r.name)) + ' ' : '';
    const time = (r.durationMs !== undefined ? paint('dim', `${r.durationMs} ms`) : '') + (r.cost ? paint('dim', ` · ${r.cost.amount} ${field(r.cost.unit)}${r.cost.balance !== undefined ? ` (${r.cost.balance} left)` : ''}`) : '');
    out.push(`${mark} ${label}${field(r.method)} ${field(r.url)} → ${status} ${time}${r.asDependency ? paint('dim', ' (needed by a later request)') : ''}`.trimEnd());
    for (const hop of r.redirects) {
      const left = [...(hop.dropped?.headers ?? []).map((h) => `header ${h}`), ...(hop.dropped?.parameters ?? []).map((p) => `parameter ${p}`), ...(hop.dropped?.clientCertificate ? ['the client certificate'] : [])];
      out.push(paint('dim', field(`    ↪ ${hop.status} ${hop.url}${left.length ? ` (another origin: not sent there: ${left.join(', ')})` : ''}`)));
    }
    if (r.policy) {
      if (r.policy.previous.length) out.push(paint('dim', field(`    ↺ ${[...r.policy.previous, r.status ?? '-'].join(' → ')} (sent again by a registry policy)`)));
      for (const a of r.policy.added) out.push(paint('dim', field(`    + ${a.header} added by ${a.by}${a.from ? ` (${a.from})` : ''}`)));
      for (const note of r.policy.notes) for (const line of note.split('\n')) out.push(paint('dim', `    ⓘ ${field(line)}`));
    }
    for (const a of r.assertions) {
      const sign = a.outcome === 'passed' ? paint('green', '✔') : a.outcome === 'skipped' ? paint('yellow', '–') : paint('red', '✘');
      const label = a.source === 'script' ? `test '${field(a.text)}'` : `?? ${field(a.text)}`;
      out.push(`    ${sign} ${label}${a.message ? paint('dim', ` — ${field(a.message)}`) : ''}`);
    }
    for (const line of r.scriptLogs ?? []) out.push(paint('dim', `    » ${field(line)}`));
    if (r.validation) {
      // Schema messages quote the response (a JSON-typed body that is not JSON, an enum miss).
      const lines = validationLines(r.validation);
      // Yellow under `--validate warn` (the request still passed), red when it failed the request.
      const sign = lines.outcome === 'valid' ? paint('green', '✓') : lines.outcome === 'invalid' ? paint(r.outcome === 'failed' ? 'red' : 'yellow', '✘') : paint('dim', '–');
      out.push(`    ${sign} ${lines.outcome === 'not-validated' ? paint('dim', field(lines.summary)) : field(lines.summary)}`);
      for (const line of lines.errors) out.push(`      ${field(line)}`);
    }
    if (r.problem) {
      // The error answer, readable: what went wrong, then each field at its place in the request body.
      const { headline, lines } = problemLines(r.problem);
      out.push(`    ${paint('red', '⚠')} ${field(headline)}`);
      for (const line of lines) out.push(`      ${paint('red', '•')} ${field(line)}`);
    }
    if (r.outcome === 'failed') {
      if (r.error) {
        out.push(paint('red', `    ${field(r.error.message)}`));
        if (r.error.at) out.push(paint('dim', `    at ${field(report.file)}:${r.error.at.line}:${r.error.at.column}`));
        if (r.error.hint) out.push(`    hint: ${field(r.error.hint)}`);
      } else if (r.reason && !r.assertions.some((a) => a.outcome === 'failed') && !(r.validation && r.reason === schemaViolationReason(r.validation))) out.push(paint('red', `    ${field(r.reason)}`));
    }
    // An error answer read as a problem above is not printed twice, unless the request failed.
    const showBody = r.outcome === 'failed' || (!r.problem && ((r.status !== undefined && r.status >= 400) || /problem\+/i.test(r.response?.contentType ?? '')));
    const shown = showBody ? prettyBody(r) : undefined;
    const body = shown === undefined ? undefined : printable(shown);
    if (body) {
      const lines = body.split('\n');
      const limit = options.bodyLines ?? 40;
      for (const line of lines.slice(0, limit)) out.push(paint('dim', '    │ ') + line);
      if (lines.length > limit) out.push(paint('dim', `    │ … ${lines.length - limit} more lines`));
    }
    if (r.response?.file) out.push(paint('dim', `    body (${r.response.size} bytes) saved to ${field(r.response.file)}`));
  }
  const { passed, failed } = report.summary;
  const spent = Object.entries(report.costs ?? {}).map(([unit, amount]) => `${amount} ${field(unit)}`);
  const summary = `${passed} passed, ${failed} failed (${report.durationMs} ms)${spent.length ? `; cost ${spent.join(', ')}` : ''}`;
  out.push('', failed ? paint('red', summary) : paint('green', summary));
  return `${out.join('\n')}\n`;
}
