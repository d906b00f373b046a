import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OpenApiError, throwIfAborted } from './OpenApiError';

/** What the loader needs from its caller: files, and optionally HTTP and cancellation. */
export interface OpenApiHost {
  readFile(path: string): Promise<string | Uint8Array>;
  /** Needed only for URL sources; the global `fetch` is not used silently so tests stay offline. */
  fetch?: (url: string, init?: { signal?: AbortSignal; headers?: Record<string, string> }) => Promise<Response>;
  signal?: AbortSignal;
}

export function isUrl(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

/** A path or URL as the loader keys it: absolute, `file:` URLs turned into paths. */
export function normaliseSource(source: string, base?: string): string {
  if (isUrl(source)) return source;
  if (/^file:\/\//i.test(source)) return fileURLToPath(source);
  if (base && isUrl(base)) return new URL(source, base).href;
  if (isAbsolute(source)) return source;
  return base ? resolve(dirname(base), source) : resolve(source);
}

export function decodeText(data: string | Uint8Array): string {
  if (typeof data === 'string') return data;
  // Buffer's decoder, not TextDecoder: on a 50 MB description it is many times faster. Both turn
  // bad bytes into U+FFFD; the byte order mark TextDecoder drops is dropped here too.
  const text = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** undici's fetch says only 'fetch failed'; what went wrong (ECONNREFUSED, a DNS miss) is its cause. */
function fetchFailure(error: unknown): string {
  const cause = (error as { cause?: unknown }).cause;
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ECONNREFUSED') return `connection refused (${(cause as Error).message.replace(/^connect ECONNREFUSED /, 'nothing listens on ')})`;
  return cause instanceof Error ? cause.message : (error as Error).message;
}

export async function readSourceText(source: string, host: OpenApiHost): Promise<string> {
  throwIfAborted(host.signal, source);
  if (isUrl(source)) {
    if (!host.fetch) {
      throw new OpenApiError(`cannot fetch ${source}: no HTTP client was given to the loader`, { kind: 'read', source });
    }
    let response: Response;
    try {
      response = await host.fetch(source, { signal: host.signal, headers: { accept: 'application/yaml, application/json;q=0.9, */*;q=0.5' } });
    } catch (cause) {
      throwIfAborted(host.signal, source);
      // Already says what happened (refused, too large, too slow).
      if (cause instanceof OpenApiError) throw cause;
      throw new OpenApiError(`cannot fetch ${source}: ${fetchFailure(cause)}`, { kind: 'read', source, cause });
    }
    if (!response.ok) {
      throw new OpenApiError(`cannot fetch ${source}: HTTP ${response.status}`, { kind: 'read', source });
    }
    return await response.text();
  }
  try {
    return decodeText(await host.readFile(source));
  } catch (cause) {
    throwIfAborted(host.signal, source);
    throw new OpenApiError(`cannot read ${source}: ${(cause as Error).message}`, { kind: 'read', source, cause });
  }
}

/** Gives the event loop a turn so a big document does not freeze the editor between phases. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((done) => setImmediate(done));
}
