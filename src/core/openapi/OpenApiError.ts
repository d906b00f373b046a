// Every way loading an API description can fail, as one typed error the edge can turn into a
// message that names the fix: the file and line of a YAML mistake, the pointer of a bad `$ref`.

export type OpenApiErrorKind =
  /** The text is not valid YAML/JSON. `line`/`column` point at it. */
  | 'syntax'
  /** A `$ref` points at a file or node that does not exist. `pointer` is where the `$ref` is. */
  | 'ref'
  /** The document could not be read or fetched. */
  | 'read'
  /** Parsed, but not an OpenAPI 3.x or Swagger 2.0 document. */
  | 'format'
  /** The caller's `AbortSignal` fired. */
  | 'aborted';

export interface OpenApiErrorDetails {
  kind: OpenApiErrorKind;
  source: string;
  line?: number;
  column?: number;
  pointer?: string;
  cause?: unknown;
}

export class OpenApiError extends Error {
  readonly kind: OpenApiErrorKind;
  readonly source: string;
  /** One-based. */
  readonly line?: number;
  /** One-based. */
  readonly column?: number;
  /** JSON pointer of the failing node inside `source`, e.g. the `$ref` that does not resolve. */
  readonly pointer?: string;

  constructor(message: string, details: OpenApiErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'OpenApiError';
    this.kind = details.kind;
    this.source = details.source;
    this.line = details.line;
    this.column = details.column;
    this.pointer = details.pointer;
  }

  /** `file.yaml:12:3`, `file.yaml#/paths/~1a/get`, or just the source. */
  get where(): string {
    if (this.line !== undefined) return `${this.source}:${this.line}${this.column !== undefined ? `:${this.column}` : ''}`;
    if (this.pointer !== undefined) return `${this.source}#${this.pointer}`;
    return this.source;
  }
}

export function isOpenApiError(value: unknown): value is OpenApiError {
  return value instanceof OpenApiError;
}

export function throwIfAborted(signal: AbortSignal | undefined, source: string): void {
  if (signal?.aborted) throw new OpenApiError(`loading ${source} was cancelled`, { kind: 'aborted', source });
}
