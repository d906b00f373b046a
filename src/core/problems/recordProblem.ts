// The problem of one exchange: the response body read by `summarizeProblem`, its fields found in
// the request body as it went out. The send session puts it on the record (`record.problem`), so
// the reports, history, the response panel and the editor's diagnostics all read one summary.

import type { ProblemShape } from '../catalog/types';
import type { PreparedRequest, ResponseRecord } from '../send/types';
import { summarizeProblem, type ProblemSummary } from './problemSummary';
import { firstHeaderValue } from '../send/firstHeaderValue';

/** Request bodies larger than this are not parsed to place field messages. */
const MAX_REQUEST_BODY = 4 * 1024 * 1024;

/** The request body as sent, parsed as JSON; undefined for no body, a file, or anything but JSON. */
export function sentJson(body: PreparedRequest['body']): unknown {
  if (body === undefined || (typeof body === 'object' && !(body instanceof Uint8Array))) return undefined;
  if (body.length > MAX_REQUEST_BODY) return undefined;
  const text = typeof body === 'string' ? body : new TextDecoder().decode(body);
  if (!/^\s*[{[]/.test(text)) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function recordProblem(record: ResponseRecord, requestBody: PreparedRequest['body'], shape?: ProblemShape): ProblemSummary | undefined {
  const response = record.response;
  if (!response || response.status < 400 || response.body.encoding === 'binary') return undefined;
  const body = response.body.bytes && !response.body.previewTruncated ? new TextDecoder().decode(response.body.bytes) : response.body.previewTruncated ? '' : response.body.preview;
  if (!body) return undefined;
  return summarizeProblem({
    status: response.status,
    statusText: response.statusText,
    contentType: response.body.contentType ?? firstHeaderValue(response.headers, 'content-type'),
    body,
    requestBody: sentJson(requestBody),
    shape,
  });
}
