// What the auth and header policies share: the catalog's templates (`{{klantenClientId}}`,
// `{{$guid}}`) filled from the policy context, and the request's headers and query read
// case-insensitively, so a policy can tell what the user already wrote.

import { randomUUID } from 'node:crypto';
import type { RegistryEntry } from '../catalog/types';
import type { PreparedRequest } from '../send/types';
import type { PolicyContext } from './types';
import { firstHeaderValue } from '../send/firstHeaderValue';

export interface Filled {
  value: string;
  /** Names in the template that had no value (the value then lacks them). */
  missing: string[];
  /** Values taken from credentials: they go into the request's secrets. */
  secrets: string[];
}

/** True when `name` is one of the registry's credential variables (or an old name of one). */
export function isCredential(registry: RegistryEntry | undefined, name: string): boolean {
  return Boolean(registry?.variables.some((v) => v.role === 'credential' && (v.name === name || v.aliases?.includes(name))));
}

/**
 * A credential by its catalog name: the secret store first (SecretStorage / REGX_SECRET_*), then
 * the environment's value (an env file, the sandbox's demo value).
 */
export async function credential(context: PolicyContext, name: string): Promise<string | undefined> {
  const secret = await context.secret(name);
  if (secret !== undefined && secret !== '') return secret;
  const plain = context.variable(name);
  return plain === undefined || plain === '' ? undefined : plain;
}

/** Fills `{{name}}` from settings or credentials and `{{$guid}}` / `{{$uuid}}` with a fresh one. */
export async function fill(template: string, context: PolicyContext): Promise<Filled> {
  const missing: string[] = [];
  const secrets: string[] = [];
  const parts: string[] = [];
  let at = 0;
  for (const match of template.matchAll(/\{\{\s*([^{}\s]+)\s*\}\}/g)) {
    parts.push(template.slice(at, match.index));
    at = match.index! + match[0].length;
    const name = match[1]!;
    if (name === '$guid' || name === '$uuid') {
      parts.push(randomUUID());
      continue;
    }
    const secret = isCredential(context.registry, name);
    const value = secret ? await credential(context, name) : (context.variable(name) ?? (await context.secret(name)));
    if (value === undefined || value === '') missing.push(name);
    else {
      parts.push(value);
      if (secret) secrets.push(value);
    }
  }
  parts.push(template.slice(at));
  return { value: parts.join(''), missing, secrets };
}

/** The first value of header `name` (any case), or undefined. */
export function headerValue(request: Pick<PreparedRequest, 'headers'>, name: string): string | undefined {
  return firstHeaderValue(request.headers, name);
}

export function hasHeader(request: Pick<PreparedRequest, 'headers'>, name: string): boolean {
  return headerValue(request, name) !== undefined;
}

/** True when the URL's query names `name` (any case: servers read `apikey` and `apiKey` alike). */
export function hasQueryParameter(url: string, name: string): boolean {
  try {
    const lower = name.toLowerCase();
    return [...new URL(url).searchParams.keys()].some((key) => key.toLowerCase() === lower);
  } catch {
    return false;
  }
}

export function withHeader(request: PreparedRequest, name: string, value: string, secret = false): PreparedRequest {
  return { ...request, headers: [...request.headers, [name, value]], secrets: secret ? [...request.secrets, value] : request.secrets };
}

/**
 * The base URL the registry's own paths (a token call, a sub-account call) hang under, for this
 * request: the environment's base path on the origin the request really goes to (the sandbox
 * moves origins, an env file may point elsewhere).
 */
export function baseUrlFor(request: Pick<PreparedRequest, 'url'>, context: Pick<PolicyContext, 'registry' | 'environment'>): string {
  const target = new URL(request.url);
  const environment = context.registry?.environments.find((e) => e.name === context.environment) ?? context.registry?.environments.find((e) => e.name === context.registry?.defaultEnvironment);
  let basePath = '';
  if (environment) {
    try {
      basePath = new URL(environment.baseUrl).pathname.replace(/\/+$/, '');
    } catch {
      basePath = '';
    }
  }
  // Only when the request lies under that path; else the origin is the base.
  if (basePath && !target.pathname.startsWith(`${basePath}/`) && target.pathname !== basePath) basePath = '';
  return `${target.origin}${basePath}`;
}

/** The path of `url` below `base` (`/api/v1/accounts`), or undefined when it is not under it. */
export function pathBelow(url: string, base: string): string | undefined {
  const target = new URL(url);
  const root = new URL(base);
  if (target.origin !== root.origin) return undefined;
  const prefix = root.pathname.replace(/\/+$/, '');
  if (prefix && !target.pathname.startsWith(`${prefix}/`)) return undefined;
  return target.pathname.slice(prefix.length) || '/';
}

/** A JSON pointer (`/data/access_token`) into a parsed body. */
export function atPointer(value: unknown, pointer: string): unknown {
  if (pointer === '' || pointer === '/') return value;
  let current = value;
  for (const raw of pointer.replace(/^\//, '').split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
