import type { JsonSchema, MediaTypeInfo, OpenApiIndex, OperationInfo, ResponseInfo, ValidationResult } from './types';
import { matchOperation, type MatchOptions } from './matchOperation';
import { validateSchema } from './schemaValidator';

// Request and response bodies checked against the operation's schemas: the media type is picked
// as a server would (exact, then wildcard, then any JSON type for a JSON body), the status as
// OpenAPI says (exact, then `4XX`, then `default`).

export type OperationRef = OperationInfo | { method: string; path: string };

function essence(contentType: string): string {
  return contentType.split(';')[0]?.trim().toLowerCase() ?? '';
}

function isJson(type: string): boolean {
  return /^application\/(?:[\w.+-]+\+)?json$/.test(type) || type.endsWith('+json') || type === 'text/json';
}

/** The media type entry of `content` that describes `contentType`. */
export function pickMediaType(content: Record<string, MediaTypeInfo>, contentType: string | undefined): [string, MediaTypeInfo] | undefined {
  const entries = Object.entries(content);
  if (entries.length === 0) return undefined;
  if (!contentType) return entries.find(([t]) => isJson(essence(t))) ?? entries[0];
  const wanted = essence(contentType);
  const [major] = wanted.split('/');
  return (
    entries.find(([t]) => essence(t) === wanted) ??
    entries.find(([t]) => essence(t) === `${major}/*`) ??
    entries.find(([t]) => essence(t) === '*/*') ??
    (isJson(wanted) ? entries.find(([t]) => isJson(essence(t))) : undefined)
  );
}

/** The documented response for a status: exact code, then `4XX`, then `default`. */
export function pickResponse(operation: OperationInfo, status: number | string): ResponseInfo | undefined {
  const code = String(status);
  const range = `${code[0]}XX`;
  return (
    operation.responses.find((r) => r.status === code) ??
    operation.responses.find((r) => r.status.toUpperCase() === range) ??
    operation.responses.find((r) => r.status === 'default')
  );
}

function resolveOperation(index: OpenApiIndex, ref: OperationRef, options?: MatchOptions): OperationInfo | undefined {
  if ('responses' in ref) return ref;
  return matchOperation(index, ref.method, ref.path, options)?.operation;
}

/** Body text or bytes as the value to validate: JSON media types are parsed. */
function bodyValue(body: unknown, mediaType: string): { value: unknown } | { error: string } {
  if (!isJson(essence(mediaType))) return { value: body };
  let text: string | undefined;
  if (typeof body === 'string') text = body;
  else if (body instanceof Uint8Array) text = new TextDecoder().decode(body);
  if (text === undefined) return { value: body };
  const trimmed = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { value: JSON.parse(trimmed) };
  } catch (error) {
    return { error: `body is not valid JSON: ${(error as Error).message}` };
  }
}

function describesText(schema: JsonSchema): boolean {
  if (typeof schema === 'boolean') return true;
  const type = schema.type;
  return type === undefined ? !('properties' in schema) : type === 'string' || (Array.isArray(type) && type.includes('string'));
}

function isEmpty(body: unknown): boolean {
  return body === undefined || body === null || body === '' || (body instanceof Uint8Array && body.length === 0);
}

export function validateRequestBody(
  index: OpenApiIndex,
  operation: OperationRef,
  contentType: string | undefined,
  value: unknown,
  options?: MatchOptions,
): ValidationResult {
  const op = resolveOperation(index, operation, options);
  if (!op) return noOperation(operation);
  const base = { operationId: op.id };
  const body = op.requestBody;
  if (!body) return { ...base, valid: true, against: 'no request body documented', errors: [] };
  if (isEmpty(value)) {
    return body.required
      ? { ...base, valid: false, against: 'request body', errors: [{ path: '$', keyword: 'required', message: 'a request body is required' }] }
      : { ...base, valid: true, against: 'request body (none sent)', errors: [] };
  }
  const picked = pickMediaType(body.content, contentType);
  if (!picked) {
    return {
      ...base,
      valid: false,
      against: 'request body',
      errors: [{ path: '$', keyword: 'content-type', message: `content type ${contentType} is not accepted; expected ${Object.keys(body.content).join(', ')}` }],
    };
  }
  return check(index, picked, value, 'request', `request body ${picked[0]}`, base.operationId);
}

export function validateResponse(
  index: OpenApiIndex,
  operation: OperationRef,
  status: number | string,
  contentType: string | undefined,
  body: unknown,
  options?: MatchOptions,
): ValidationResult {
  const op = resolveOperation(index, operation, options);
  if (!op) return noOperation(operation);
  const response = pickResponse(op, status);
  if (!response) {
    return {
      operationId: op.id,
      valid: false,
      against: `response ${status}`,
      errors: [{ path: '$', keyword: 'status', message: `status ${status} is not documented for ${op.id} (documented: ${op.responses.map((r) => r.status).join(', ')})` }],
    };
  }
  const against = `response ${response.status}`;
  if (Object.keys(response.content).length === 0 || isEmpty(body)) {
    return { operationId: op.id, valid: true, against: `${against} (no body schema)`, errors: [] };
  }
  const picked = pickMediaType(response.content, contentType);
  if (!picked) {
    return {
      operationId: op.id,
      valid: false,
      against,
      errors: [{ path: '$', keyword: 'content-type', message: `content type ${contentType} is not documented for ${against}; expected ${Object.keys(response.content).join(', ')}` }],
    };
  }
  return check(index, picked, body, 'response', `${against} ${picked[0]}`, op.id);
}

function check(
  index: OpenApiIndex,
  [mediaType, media]: [string, MediaTypeInfo],
  raw: unknown,
  direction: 'request' | 'response',
  against: string,
  operationId: string,
): ValidationResult {
  if (media.schema === undefined) return { operationId, valid: true, against: `${against} (no schema)`, errors: [] };
  if (!isJson(essence(mediaType)) && (typeof raw === 'string' || raw instanceof Uint8Array) && !describesText(media.schema)) {
    // form fields, XML, multipart: the text is not the object its schema describes, and a
    // "must be object" would be noise; the caller may pass the decoded object instead
    return { operationId, valid: true, against: `${against} (text body not checked against an object schema)`, errors: [] };
  }
  const parsed = bodyValue(raw, mediaType);
  if ('error' in parsed) return { operationId, valid: false, against, errors: [{ path: '$', keyword: 'json', message: parsed.error }] };
  const errors = validateSchema(index, media.schema, direction, parsed.value);
  return { operationId, valid: errors.length === 0, against, errors };
}

function noOperation(ref: OperationRef): ValidationResult {
  const name = 'responses' in ref ? ref.id : `${ref.method.toUpperCase()} ${ref.path}`;
  return { valid: false, errors: [{ path: '$', keyword: 'operation', message: `no operation for ${name} in the API description` }] };
}
