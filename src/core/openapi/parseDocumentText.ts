import { load, CORE_SCHEMA, YAMLException } from 'js-yaml';
import { OpenApiError } from './OpenApiError';

/**
 * Text → plain JS value. JSON goes through `JSON.parse`; YAML through js-yaml with the YAML 1.2
 * core schema (no timestamps: `2024-01-01` stays a string, as in JSON), which parses big documents
 * several times faster than a parser that keeps a syntax tree. Its errors carry line and column.
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
  try {
    return load(body, { schema: CORE_SCHEMA, filename: source, json: true });
  } catch (error) {
    if (!(error instanceof YAMLException)) throw error;
    const line = error.mark ? error.mark.line + 1 : undefined;
    const column = error.mark ? error.mark.column + 1 : undefined;
    throw new OpenApiError(`${source}${line !== undefined ? `:${line}:${column}` : ''}: ${error.reason}`, {
      kind: 'syntax',
      source,
      line,
      column,
      cause: error,
    });
  }
}
