// The send path's hook for response validation: after a response arrives, the body is checked
// against the documented response of the operation the request matched, and the result rides
// on the record (history, reports and the response view read it from there).

import type { OpenApiIndex } from '../openapi/types';
import type { ResponseRecord } from '../send/types';
import { validateResponse } from '../openapi/validateMessage';
import { matchOperation } from '../openapi/matchOperation';
import { pathOf } from './requestTarget';

export interface ValidateRecordOptions {
  /** The environment's base URL, whose path prefixes the document's templates. */
  baseUrl?: string;
}

export function validateRecord(record: ResponseRecord, index: OpenApiIndex, options: ValidateRecordOptions = {}): ResponseRecord {
  const response = record.response;
  if (!response) return record;
  try {
    const basePaths = options.baseUrl ? [pathOf(options.baseUrl)].filter(Boolean) : [];
    const match = matchOperation(index, record.request.method, record.request.url, { basePaths });
    if (!match) {
      return { ...record, validation: { valid: false, against: 'operation', errors: [{ path: '$', keyword: 'operation', message: `no operation for ${record.request.method} ${record.request.url} in ${index.title}` }] } };
    }
    const contentType = response.headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1];
    const body = response.body;
    if (body.encoding === 'text' && body.bytes === undefined && body.previewTruncated) {
      return { ...record, validation: { valid: true, operationId: match.operation.id, against: 'not checked: the body was too large to keep in memory', errors: [] } };
    }
    const value = body.bytes ?? (body.encoding === 'text' ? body.preview : undefined);
    return { ...record, validation: validateResponse(index, match.operation, response.status, contentType, value) };
  } catch (error) {
    return { ...record, validation: { valid: false, against: 'response', errors: [{ path: '$', keyword: 'schema', message: `could not validate: ${error instanceof Error ? error.message : String(error)}` }] } };
  }
}
