import type { CompletionItem } from './types';
import type { OperationInfo } from '../openapi/types';
import type { Range } from '../http/ast';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/** Methods; those the path (when already written) accepts come first, with their summary. */
export function completeMethods(range: Range, atPath: readonly OperationInfo[]): CompletionItem[] {
  return METHODS.map((method, i) => {
    const op = atPath.find((o) => o.method === method);
    return {
      label: method,
      kind: 'method' as const,
      insertText: method,
      range,
      sortText: `${op || atPath.length === 0 ? 0 : 1}${i}`,
      ...(op ? { detail: op.summary ?? op.id, deprecated: op.deprecated } : {}),
    };
  });
}
