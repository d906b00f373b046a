// The OpenAPI index: what the editor and the runner need to know about one API description,
// whatever its dialect (Swagger 2.0, OpenAPI 3.0, 3.1). Built once per document version by the
// loader and shared read-only. Schemas are JSON Schema objects (draft 2020-12 style for 3.1,
// OpenAPI 3.0 schema objects otherwise); `$ref`s are resolved, and cycles are kept as shared
// object references, so walkers must track what they have visited.

export type JsonSchema = { [key: string]: unknown } | boolean;

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE' | 'OPTIONS' | 'HEAD' | 'PATCH' | 'TRACE';

export interface SourceLocation {
  /** File path or URL of the document the node came from. */
  source: string;
  /** JSON pointer inside that document, e.g. `/paths/~1v1~1verenigingen/get`. */
  pointer: string;
  /** One-based line in the source text, when known. */
  line?: number;
}

export interface ParameterInfo {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  deprecated: boolean;
  description?: string;
  schema?: JsonSchema;
  example?: unknown;
}

export interface MediaTypeInfo {
  schema?: JsonSchema;
  example?: unknown;
  examples?: Record<string, unknown>;
}

export interface ResponseInfo {
  /** `200`, `4XX`, `default`. */
  status: string;
  description?: string;
  headers: Record<string, { description?: string; schema?: JsonSchema; required: boolean }>;
  content: Record<string, MediaTypeInfo>;
}

export interface OperationInfo {
  /** `operationId`, or `METHOD path` when the document gives none. */
  id: string;
  method: HttpMethod;
  /** Path template as written, e.g. `/v1/verenigingen/{vCode}`, prefixed with the Swagger 2 basePath. */
  path: string;
  summary?: string;
  description?: string;
  tags: string[];
  deprecated: boolean;
  /** Path-level and operation-level parameters merged (operation wins). */
  parameters: ParameterInfo[];
  requestBody?: { required: boolean; description?: string; content: Record<string, MediaTypeInfo> };
  responses: ResponseInfo[];
  location: SourceLocation;
}

export interface OpenApiIndex {
  source: string;
  /** `2.0`, `3.0.x`, `3.1.x` as the document says. */
  specVersion: string;
  title: string;
  version: string;
  description?: string;
  servers: string[];
  tags: { name: string; description?: string }[];
  operations: OperationInfo[];
  /** Named schemas (`components/schemas` or `definitions`), resolved. */
  schemas: Record<string, JsonSchema>;
}

/** Result of matching a concrete request path against the index's templates. */
export interface OperationMatch {
  operation: OperationInfo;
  /** Values of the path parameters as they appear in the request path. */
  pathParams: Record<string, string>;
}

export interface SchemaError {
  /** JSON path of the offending value, e.g. `$.contactgegevens[0].waarde`. */
  path: string;
  message: string;
  keyword: string;
}

export interface ValidationResult {
  valid: boolean;
  operationId?: string;
  /** What was checked, e.g. `response 200 application/json`. */
  against?: string;
  errors: SchemaError[];
}
