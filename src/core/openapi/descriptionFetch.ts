// How API descriptions are fetched, for every adapter: bounded like a response (a total deadline,
// a size cap — an endless body once took 890 MB in ten seconds), refused when the caller forbids
// fetching (`--offline`, a restricted workspace) or this URL, and reported (`onFetched`), so the
// CLI can list what a workspace made it fetch.

import { OpenApiError } from './OpenApiError';
import type { OpenApiHost } from './documentSource';

/** Larger than any real registry description (the biggest public ones are a few MB). */
export const MAX_DESCRIPTION_BYTES = 100 * 1024 * 1024;
export const DESCRIPTION_DEADLINE_MS = 30_000;

export interface DescriptionFetchOptions {
  maxBytes?: number;
  deadlineMs?: number;
  /** A reason to refuse `url`, or undefined to fetch it (`--offline`, workspace trust). */
  refuse?: (url: string) => string | undefined;
  /** Told of every description fetched, with its size. */
  onFetched?: (url: string, bytes: number) => void;
  /** The HTTP client; the global `fetch` by default. */
  fetch?: typeof fetch;
}

export function descriptionFetch(options: DescriptionFetchOptions = {}): NonNullable<OpenApiHost['fetch']> {
  const maxBytes = options.maxBytes ?? MAX_DESCRIPTION_BYTES;
  const deadlineMs = options.deadlineMs ?? DESCRIPTION_DEADLINE_MS;
  const client = options.fetch ?? fetch;
  return async (url, init) => {
    const refused = options.refuse?.(url);
    if (refused !== undefined) throw new OpenApiError(`${url} was not fetched: ${refused}`, { kind: 'read', source: url });
    const deadline = AbortSignal.timeout(deadlineMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    let response: Response;
    try {
      response = await client(url, { ...init, signal });
    } catch (error) {
      if (deadline.aborted) throw new OpenApiError(`${url} did not answer within ${deadlineMs} ms`, { kind: 'read', source: url, cause: error });
      throw error;
    }
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > maxBytes) {
      await response.body?.cancel().catch(() => undefined);
      throw tooLarge(url, maxBytes);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    if (response.body) {
      const reader = response.body.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          size += value.length;
          if (size > maxBytes) {
            await reader.cancel().catch(() => undefined);
            throw tooLarge(url, maxBytes);
          }
          chunks.push(value);
        }
      } catch (error) {
        if (error instanceof OpenApiError) throw error;
        if (deadline.aborted) throw new OpenApiError(`${url} did not finish within ${deadlineMs} ms (${size} bytes so far)`, { kind: 'read', source: url, cause: error });
        throw error;
      }
    }
    const body = Buffer.concat(chunks);
    if (response.ok) options.onFetched?.(url, body.length);
    return new Response(response.status === 204 || response.status === 304 ? null : body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

function tooLarge(url: string, maxBytes: number): OpenApiError {
  return new OpenApiError(`${url} is larger than ${maxBytes} bytes; not an API description this tool reads`, { kind: 'read', source: url });
}

/**
 * In a restricted workspace only the hosts of the tool's own catalog are fetched from: the URLs a
 * workspace names (a `.registries` entry, `# @openapi`, `$ref`) wait for trust.
 */
export function restrictedWorkspaceRefusal(url: string, trusted: boolean, ownOrigins: ReadonlySet<string>): string | undefined {
  if (trusted) return undefined;
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    return 'not a URL';
  }
  return ownOrigins.has(origin) ? undefined : 'this workspace is restricted; trust it to fetch the descriptions it names';
}

/** The origins of the description URLs of the bundled catalog entries (never a workspace's). */
export function bundledDescriptionOrigins(entries: readonly { origin: 'bundled' | 'workspace'; environments: readonly { openapi: string }[] }[]): Set<string> {
  const origins = new Set<string>();
  for (const entry of entries) {
    if (entry.origin !== 'bundled') continue;
    for (const env of entry.environments) if (/^https?:\/\//i.test(env.openapi)) origins.add(new URL(env.openapi).origin);
  }
  return origins;
}
