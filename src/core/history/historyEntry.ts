// Turns a finished exchange into the line history keeps: redacted, body bytes dropped and
// previews cut short, so a thousand records stay a file of a few megabytes.

import type { ResponseRecord } from '../send/types';
import type { HistoryEntry } from './historyStore';
import type { Redactor } from './redactor';

export const HISTORY_PREVIEW_CHARS = 8 * 1024;

export function historyEntry(record: ResponseRecord, redactor: Redactor, assertions: { text: string; outcome: 'passed' | 'failed' | 'skipped'; message?: string }[] = []): HistoryEntry {
  const safe = redactor.record(record);
  const cut = (text: string | undefined) => (text !== undefined && text.length > HISTORY_PREVIEW_CHARS ? text.slice(0, HISTORY_PREVIEW_CHARS) : text);
  const body = safe.response?.body;
  // Redaction rewrites only the URL, header values and the body preview of a request.
  const requestRedacted = safe.request.url !== record.request.url || safe.request.bodyPreview !== record.request.bodyPreview || safe.request.headers.some(([, value], i) => value !== record.request.headers[i]![1]);
  // Object.assign rather than spreads into literals that go on with more keys (microseconds each
  // in Node 20, test/bench/objectSpread.mjs); the same keys in the same order.
  return Object.assign({}, safe, requestRedacted ? { requestRedacted } : undefined, {
    request: Object.assign({}, safe.request, { bodyPreview: cut(safe.request.bodyPreview) }),
    response:
      safe.response &&
      body &&
      Object.assign({}, safe.response, {
        // A body file belongs to its run and is deleted with it: history keeps the preview only.
        body: Object.assign({}, body, { file: undefined, preview: cut(body.preview)!, previewTruncated: body.previewTruncated || body.preview.length > HISTORY_PREVIEW_CHARS }),
      }),
    assertions: assertions.map((a) => ({ text: redactor.text(a.text), passed: a.outcome !== 'failed', message: a.message && redactor.text(a.message) })),
  });
}
