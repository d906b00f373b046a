import { OpenApiError } from './OpenApiError';
import { NOT_HANDLED, readBlockYaml } from './blockYaml';

/**
 * Text → plain JS value. JSON goes through `JSON.parse`; YAML through js-yaml with the YAML 1.2
 * core schema (no timestamps: `2024-01-01` stays a string, as in JSON), which parses big documents
 * several times faster than a parser that keeps a syntax tree. Its errors carry line and column.
 * js-yaml 4, not 5: 5 first turns the text into an array of events, which on a 50 MB description
 * took 1.6x the CPU and twice the memory (test/bench/bigDescription.bench.ts). Block-style YAML, the
 * form descriptions are written in, goes through blockYaml.ts first (same values, a fraction of the
 * time and memory); whatever it does not read goes to js-yaml.
 */
/** Where a document breaks YAML 1.2 in a way js-yaml reads anyway (e.g. deficient indentation). */
export interface YamlWarning {
  line?: number;
  column?: number;
  message: string;
}

/**
 * `warnings`, when given, receives what js-yaml reads with only a warning: the loader is as lenient
 * as js-yaml and Swagger UI (published descriptions have such lines), validation reports them.
 */
export function parseDocumentText(text: string, source: string, warnings?: YamlWarning[]): unknown {
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
    return readBlockYaml(body);
  } catch (error) {
    if (error !== NOT_HANDLED) throw error;
  }
  // Required here, not imported: a `regx run` that reads no YAML description does not initialise js-yaml.
  const { load, CORE_SCHEMA, YAMLException } = require('js-yaml') as typeof import('js-yaml');
  try {
    return load(body, {
      schema: CORE_SCHEMA,
      filename: source,
      json: true,
      onWarning: warnings
        ? (warning) => warnings.push({ line: warning.mark ? warning.mark.line + 1 : undefined, column: warning.mark ? warning.mark.column + 1 : undefined, message: warning.reason })
        : undefined,
    });
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
