// The contract between the sandbox host (one Node process, one loopback origin per registry)
// and each registry's implementation. A registry is a plain request → response function over
// in-memory state, so it can be tested without sockets and persisted with `--data DIR`.

export interface SandboxRequest {
  method: string;
  /** Path without the query string, percent-decoded segments untouched. */
  path: string;
  query: URLSearchParams;
  /** Header names lower-cased; repeated headers joined with `, `. */
  headers: Record<string, string>;
  body: Buffer;
  /** This registry's own base URL (scheme, host, port), for `Location` headers and links. */
  origin: string;
}

export interface SandboxResponse {
  status: number;
  headers?: Record<string, string | string[]>;
  /** Objects are sent as JSON (`application/json` unless a content-type is given). */
  body?: unknown;
}

export interface SandboxContext {
  /** Current time; a fixed clock in tests. */
  now(): Date;
  /** Base URLs of every registry in this sandbox, by id (vng-klanten's kla-002 calls others). */
  origins: Record<string, string>;
  /** Sends a real HTTP request (vng-klanten resolves `subject` URLs with it). */
  fetch: typeof fetch;
  /** Other registries of this process, for cross-registry state (vr-acm reads vr-beheer). */
  registry<T extends SandboxRegistry>(id: string): T | undefined;
}

export interface SandboxRegistry {
  id: string;
  /** Served over HTTPS with a certificate under the sandbox's private root CA (kvk). */
  tls?: boolean;
  /** Absolute path of the registry's `openapi.yaml`, served as `GET /openapi.json`. */
  openapiFile: string;
  /**
   * Demo values under the catalog's variable names (`kvkApiKey`, `vrInitiator`), printed by
   * `regx sandbox --json`: in a sandbox environment they fill those variables.
   */
  credentials: Record<string, unknown>;
  handle(request: SandboxRequest, context: SandboxContext): Promise<SandboxResponse> | SandboxResponse;
  /** JSON-serialisable state for `--data DIR`; restored before the first request. */
  snapshot(): unknown;
  restore(state: unknown): void;
  /**
   * This registry's own error shape, for the answers the host gives on its behalf (500 when
   * `handle` throws, 413 for an oversized body). Without it the host answers RFC 7807 JSON.
   */
  errorResponse?(status: number, message: string): SandboxResponse;
}

export interface SandboxRegistryOptions {
  /** Extra latency in ms before each answer (`--latency kvk=650`); the host applies it, registries need not. */
  latencyMs?: number;
}

/** Every registry module default-exports one of these. */
export type SandboxRegistryFactory = (options: SandboxRegistryOptions) => SandboxRegistry;

/** The sandbox's default first port: each registry listens on its catalog `sandboxPort`, moved by `--port BASE` as much as BASE differs from this. */
export const SANDBOX_DEFAULT_BASE_PORT = 7400;

/** Every sandbox registry answers GET here with `{ caFile }`: where the CA it serves under lives. */
export const SANDBOX_ABOUT_PATH = '/.well-known/regx-sandbox';
