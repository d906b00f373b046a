// What a person reads in the terminal: per request the method, URL, status, time and each
// assertion; for a failure the reason and, for problem details or other error bodies, the body
// pretty-printed.

import type { Report, ReportedRequest } from './reportModel';
import { schemaViolationReason } from '../run/schemaViolation';
import { validationLines } from './validationLines';

export interface PrettyOptions {
  color: boolean;
  /** Body lines shown for a failed request (default 40). */
  bodyLines?: number;
}

const CODES = { red: 31, green: 32, yellow: 33, dim: 2, bold: 1, cyan: 36 } as const;

function painter(color: boolean) {
  return (style: keyof typeof CODES, text: string) => (color ? `\x1b[${CODES[style]}m${text}\x1b[0m` : text);
}

/**
 * What the server sent, made safe for a terminal: control characters (ESC, BEL, CR, …) shown as
 * their Unicode pictures, so a response cannot recolour, retitle or clear the user's terminal.
 */
function printable(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(/[\x00-\x08\x0b-\x1f\x7f\x9b]/g, (c) => (c === '\x7f' ? '\u2421' : c === '\x9b' ? '\\x9b' : String.fromCharCode(0x2400 + c.charCodeAt(0))));
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
  for (const notice of report.notices) out.push(paint('yellow', `! ${notice}`));
  for (const r of report.requests) {
    const mark = r.outcome === 'passed' ? paint('green', '✔') : paint('red', '✘');
    const statusLine = printable(`${r.status} ${r.statusText ?? ''}`.trim());
    const status = r.status !== undefined ? (r.status >= 400 ? paint('red', statusLine) : paint('green', statusLine)) : paint('red', r.error?.code ?? 'not sent');
    const label = r.name ? paint('bold', r.name) + ' ' : '';
    const time = r.durationMs !== undefined ? paint('dim', `${r.durationMs} ms`) : '';
    out.push(`${mark} ${label}${r.method} ${r.url} → ${status} ${time}${r.asDependency ? paint('dim', ' (needed by a later request)') : ''}`.trimEnd());
    for (const hop of r.redirects) out.push(paint('dim', `    ↪ ${hop.status} ${hop.url}`));
    for (const a of r.assertions) {
      const sign = a.outcome === 'passed' ? paint('green', '✔') : a.outcome === 'skipped' ? paint('yellow', '–') : paint('red', '✘');
      out.push(`    ${sign} ?? ${a.text}${a.message ? paint('dim', ` — ${printable(a.message)}`) : ''}`);
    }
    if (r.validation) {
      const lines = validationLines(r.validation);
      // Yellow under `--validate warn` (the request still passed), red when it failed the request.
      const sign = lines.outcome === 'valid' ? paint('green', '✓') : lines.outcome === 'invalid' ? paint(r.outcome === 'failed' ? 'red' : 'yellow', '✘') : paint('dim', '–');
      out.push(`    ${sign} ${lines.outcome === 'not-validated' ? paint('dim', lines.summary) : lines.summary}`);
      for (const line of lines.errors) out.push(`      ${line}`);
    }
    if (r.outcome === 'failed') {
      if (r.error) {
        out.push(paint('red', `    ${printable(r.error.message)}`));
        if (r.error.at) out.push(paint('dim', `    at ${report.file}:${r.error.at.line}:${r.error.at.column}`));
        if (r.error.hint) out.push(`    hint: ${r.error.hint}`);
      } else if (r.reason && !r.assertions.some((a) => a.outcome === 'failed') && !(r.validation && r.reason === schemaViolationReason(r.validation))) out.push(paint('red', `    ${printable(r.reason)}`));
    }
    const showBody = r.outcome === 'failed' || (r.status !== undefined && r.status >= 400) || /problem\+/i.test(r.response?.contentType ?? '');
    const shown = showBody ? prettyBody(r) : undefined;
    const body = shown === undefined ? undefined : printable(shown);
    if (body) {
      const lines = body.split('\n');
      const limit = options.bodyLines ?? 40;
      for (const line of lines.slice(0, limit)) out.push(paint('dim', '    │ ') + line);
      if (lines.length > limit) out.push(paint('dim', `    │ … ${lines.length - limit} more lines`));
    }
    if (r.response?.file) out.push(paint('dim', `    body (${r.response.size} bytes) saved to ${r.response.file}`));
  }
  const { passed, failed } = report.summary;
  const summary = `${passed} passed, ${failed} failed (${report.durationMs} ms)`;
  out.push('', failed ? paint('red', summary) : paint('green', summary));
  return `${out.join('\n')}\n`;
}
