import { parseDocument } from 'yaml';
import { OpenApiError } from './OpenApiError';

/**
 * Text → plain JS value. JSON goes through `JSON.parse` (an order of magnitude faster than a YAML
 * parser on big documents); anything else through `yaml`, whose errors carry line and column.
 */
export function parseDocumentText(text: string, source: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const first = body.trimStart()[0];
  if (first === '{' || first === '[') {
    try {
      return JSON.parse(body);
    } catch {
      // JSON with a mistake, or YAML flow style: the YAML parser says where
    }
  }
  const doc = parseDocument(body, { uniqueKeys: false, prettyErrors: true });
  const error = doc.errors[0];
  if (error) {
    const pos = error.linePos?.[0];
    const message = error.message.split('\n')[0] ?? error.message;
    throw new OpenApiError(`${source}${pos ? `:${pos.line}:${pos.col}` : ''}: ${message}`, {
      kind: 'syntax',
      source,
      line: pos?.line,
      column: pos?.col,
      cause: error,
    });
  }
  return doc.toJS({ maxAliasCount: 10_000 });
}
