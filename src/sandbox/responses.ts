// Small builders for the answers registries give, so every registry spells a JSON body,
// an RFC 7807 problem and an empty answer the same way.
import type { SandboxResponse } from './types';

export function json(status: number, body: unknown, headers: Record<string, string | string[]> = {}): SandboxResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body };
}

export function empty(status: number, headers: Record<string, string | string[]> = {}): SandboxResponse {
  return { status, headers };
}

export interface ProblemFields {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

export function problem(fields: ProblemFields, headers: Record<string, string | string[]> = {}): SandboxResponse {
  return { status: fields.status, headers: { 'content-type': 'application/problem+json', ...headers }, body: fields };
}

/** Parses a JSON request body; `undefined` for an empty body, an `Error` for malformed JSON. */
export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (error) {
    return new Error(`request body is not valid JSON: ${(error as Error).message}`);
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
