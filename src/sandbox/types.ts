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
  /** Demo credentials, by the names the registry uses (printed by `regx sandbox --json`). */
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

/** Default port offsets from `--port BASE` (7400): fixed so the catalog's `sandbox` environment can point there. */
export const SANDBOX_PORT_OFFSETS: Record<string, number> = {
  kvk: 0,
  'vr-publiek': 1,
  'vr-beheer': 2,
  'vr-acm': 3,
  'vng-klanten': 4,
  'data-collectief': 5,
  allsolutions: 6,
};
export const SANDBOX_DEFAULT_BASE_PORT = 7400;
