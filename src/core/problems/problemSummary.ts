// Problem details (issue 15): an error answer becomes one readable error — RFC 7807 / 9457
// `application/problem+json` with its common extension members (`errors`, `invalidParams` /
// `invalid-params`, `validationErrors`), and beside it the registry's own error shape as its
// registry.yaml `problems:` declares it (a list of messages at a pointer, a list or map of field
// messages). Field names are then found in the request body as it was sent (fieldPath.ts), so
// each field message can point at a JSON path there. Pure: no I/O, never throws.

import type { ProblemShape } from '../catalog/types';
import { fieldPath } from './fieldPath';

export interface ProblemField {
  /** The field as the server named it (`adressen.0.postcode`, `Contactgegevens[0].Waarde`). */
  name: string;
  message: string;
  code?: string;
  /** JSONPath into the request body as sent (`$.contactgegevens[0].waarde`); absent when the body has no such place. */
  path?: string;
  /** The same place as a JSON pointer (`/contactgegevens/0/waarde`). */
  pointer?: string;
  /** True when the body lacks the field itself: `path` is then the object that should hold it. */
  missing?: boolean;
}

export interface ProblemSummary {
  title: string;
  status: number;
  detail?: string;
  /** The problem type URI, or the registry's error code. */
  type?: string;
  /** Messages about the request as a whole beyond `detail` (KVK's `fout`, ZGW `nonFieldErrors`). */
  messages: { message: string; code?: string }[];
  fields: ProblemField[];
}

/** Field names that stand for the body as a whole (Django REST framework, ZGW). */
const NON_FIELD = new Set(['nonfielderrors', 'non_field_errors', '__all__', '']);
const NAME_MEMBERS = ['name', 'field', 'pointer', 'property', 'propertyName', 'path', 'param', 'parameter', 'location'];
const MESSAGE_MEMBERS = ['reason', 'message', 'detail', 'omschrijving', 'description', 'title', 'error', 'errorMessage'];
/** Bodies larger than this are not read for a problem (a problem is a few hundred bytes). */
const MAX_PROBLEM_CHARS = 1024 * 1024;

export interface ProblemInput {
  status: number;
  statusText?: string;
  contentType?: string;
  /** The response body as text. */
  body: string;
  /** The request body as sent, parsed (undefined when it was not JSON). */
  requestBody?: unknown;
  /** The registry's own error shape. */
  shape?: ProblemShape;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** The value at a JSON pointer (`/a/0/b`; `` is the whole document). */
export function atPointer(document: unknown, pointer: string): unknown {
  if (pointer === '' || pointer === '/') return document;
  let value = document;
  for (const raw of pointer.replace(/^\//, '').split('/')) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(value) && /^\d+$/.test(part)) value = value[Number(part)];
    else if (isRecord(value) && Object.hasOwn(value, part)) value = value[part];
    else return undefined;
  }
  return value;
}

function firstMember(item: Record<string, unknown>, names: readonly (string | undefined)[]): string | undefined {
  for (const name of names) {
    if (name === undefined) continue;
    const value = text(item[name]);
    if (value !== undefined) return value;
  }
  return undefined;
}

type RawField = { name: string; message: string; code?: string };

/** Every message a map value holds: `"text"`, `["a", "b"]`, `{reason}`, `[{code, reason}]`. */
function messagesOf(value: unknown, messageMember?: string, codeMember?: string): { message: string; code?: string }[] {
  if (Array.isArray(value)) return value.flatMap((item) => messagesOf(item, messageMember, codeMember));
  const plain = text(value);
  if (plain !== undefined) return [{ message: plain }];
  if (!isRecord(value)) return [];
  const message = firstMember(value, [messageMember, ...MESSAGE_MEMBERS]);
  if (message === undefined) return [];
  const code = firstMember(value, [codeMember, 'code']);
  return [{ message, ...(code !== undefined ? { code } : {}) }];
}

/** Field messages from a list of items that name their field, or a map from field name to messages. */
function readFields(value: unknown, members: { name?: string; message?: string; code?: string } = {}): RawField[] {
  if (Array.isArray(value)) {
    const out: RawField[] = [];
    for (const item of value) {
      if (!isRecord(item)) continue;
      const name = firstMember(item, [members.name, ...NAME_MEMBERS]) ?? '';
      for (const m of messagesOf(item, members.message, members.code)) out.push({ name, ...m });
    }
    return out;
  }
  if (isRecord(value)) {
    return Object.entries(value).flatMap(([name, messages]) => messagesOf(messages, members.message, members.code).map((m) => ({ name, ...m })));
  }
  return [];
}

/** Messages about the request as a whole, at a pointer: a list of objects, one object, or text. */
function readMessages(value: unknown, members: { message: string; code?: string }): { message: string; code?: string }[] {
  return messagesOf(value, members.message, members.code);
}

function parseBody(body: string): unknown {
  const trimmed = body.trim();
  if (!trimmed || trimmed.length > MAX_PROBLEM_CHARS || !/^[{[]/.test(trimmed)) return undefined;
  try {
    return JSON.parse(trimmed);
  } catch {
    return undefined;
  }
}

function isProblemType(contentType: string | undefined): boolean {
  return !!contentType && /^application\/problem\+json\b/i.test(contentType.trim());
}

/**
 * The readable error of an error answer (4xx/5xx), or undefined when the body says nothing the
 * status line does not (no JSON, no member this reads).
 */
export function summarizeProblem(input: ProblemInput): ProblemSummary | undefined {
  if (input.status < 400) return undefined;
  const body = parseBody(input.body);
  if (body === undefined) return undefined;
  const problem = isRecord(body) ? body : undefined;
  // RFC 7807 by its media type, or by its members (many servers answer problems as application/json).
  const rfc7807 = !!problem && (isProblemType(input.contentType) || (typeof problem.title === 'string' && (typeof problem.status === 'number' || typeof problem.type === 'string' || typeof problem.detail === 'string')));

  const raw: RawField[] = [];
  const messages: { message: string; code?: string }[] = [];
  if (input.shape?.fields) raw.push(...readFields(atPointer(body, input.shape.fields.pointer), input.shape.fields));
  if (input.shape?.messages) messages.push(...readMessages(atPointer(body, input.shape.messages.pointer), input.shape.messages));
  if (problem && raw.length === 0) {
    // The extension members problem answers use for field errors (RFC 9457 §3 `errors` with
    // `pointer`; ASP.NET's `errors` map; ZGW `invalidParams`; the Verenigingsregister's `validationErrors`).
    for (const member of ['invalidParams', 'invalid-params', 'validationErrors', 'errors']) {
      if (problem[member] !== undefined) raw.push(...readFields(problem[member]));
    }
  }
  if (problem && !rfc7807 && messages.length === 0 && raw.length === 0) {
    // A conventional error object: {"error": {"message", "code"}}, {"error": "text"}, {"message": "text"}.
    if (problem.error !== undefined) messages.push(...messagesOf(problem.error));
    else if (text(problem.message) !== undefined) messages.push({ message: text(problem.message)!, ...(text(problem.code) ? { code: text(problem.code)! } : {}) });
  }
  if (!rfc7807 && messages.length === 0 && raw.length === 0) return undefined;

  const fields: ProblemField[] = [];
  for (const field of raw) {
    if (NON_FIELD.has(field.name.toLowerCase())) {
      messages.push({ message: field.message, ...(field.code ? { code: field.code } : {}) });
      continue;
    }
    const place = input.requestBody === undefined ? undefined : fieldPath(field.name, input.requestBody);
    fields.push({ ...field, ...(place ? { path: place.path, pointer: place.pointer, ...(place.missing ? { missing: true } : {}) } : {}) });
  }
  const detail = rfc7807 ? text(problem!.detail) : undefined;
  const code = messages[0]?.code;
  const status = rfc7807 && typeof problem!.status === 'number' ? problem!.status : input.status;
  const title = (rfc7807 ? text(problem!.title) : undefined) ?? (messages.length === 1 && !detail ? messages.shift()!.message : undefined) ?? `${input.status} ${input.statusText ?? ''}`.trim();
  const type = (rfc7807 ? text(problem!.type) : undefined) ?? code;
  return {
    title,
    status,
    ...(detail !== undefined ? { detail } : {}),
    ...(type !== undefined && type !== 'about:blank' ? { type } : {}),
    // A message that only repeats the detail says nothing new.
    messages: messages.filter((m) => m.message !== detail && m.message !== title),
    fields,
  };
}

/** The lines a report prints for a problem: the error, then one line per field message. */
export function problemLines(problem: ProblemSummary): { headline: string; lines: string[] } {
  const headline = problem.detail && problem.detail !== problem.title ? `${problem.title} — ${problem.detail}` : problem.title;
  const lines = [
    ...problem.messages.map((m) => (m.code ? `${m.code}: ${m.message}` : m.message)),
    ...problem.fields.map((f) => `${f.path ? `${f.path}${f.missing ? ` (${f.name} missing)` : ''}` : f.name}: ${f.message}`),
  ];
  return { headline, lines };
}
