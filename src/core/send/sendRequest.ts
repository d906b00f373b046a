// Sends one PreparedRequest through undici and returns a ResponseRecord: every redirect hop
// recorded, timings measured, the body decoded with bounded memory. A failure is returned as
// the record's `error`, never thrown, so history and reports see it like any other result.

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import type { Dispatcher } from 'undici';
import { ResponseExchange } from './responseExchange';
import { readBody, type BodyLimits } from './readBody';
import { toSendError, type TlsAdvice } from './sendError';
import type { TlsTrust } from './timedConnector';
import { ConnectionPool, type ConnectionUse } from './connectionPool';
import { proxyAuthorization, proxyFor, type ProxySettings } from './proxyTunnel';
import { crossOriginHop } from './crossOriginHop';
import { onAbort } from './abortWatch';
import { watchLimit } from './limitTimer';
import { targetOf } from './targetOf';
import type { PreparedRequest, ResponseRecord } from './types';

export interface SendOptions {
  signal?: AbortSignal;
  tls?: TlsTrust;
  /** How to fix a TLS failure of this send, in the adapter's words (the session fills it per registry). */
  tlsAdvice?: TlsAdvice;
  /** Used when the request has no `timeoutMs`; 0 or undefined = no limit. */
  defaultTimeoutMs?: number;
  /** Where `defaultTimeoutMs` is set, for the hint (default: `'--timeout MS' on the command line`). */
  defaultTimeoutSource?: string;
  /**
   * The whole exchange (connect, redirects, head and body) must end within this many ms, however
   * steadily a slow server drips; default `DEFAULT_DEADLINE_MS`, 0 = none.
   */
  deadlineMs?: number;
  /** Where the deadline is set, for the hint (default: `'--deadline MS' on the command line`). */
  deadlineSource?: string;
  /** Decoded bytes beyond which the download stops and the request fails; default `DEFAULT_MAX_BODY_BYTES`, 0 = none. */
  maxBodyBytes?: number;
  /** Where that limit is set, for the hint (default: `'--max-body-bytes N' on the command line`). */
  maxBodySource?: string;
  /** Decoded bytes per received byte beyond which a body is a decompression bomb (default 200). */
  maxDecompressionRatio?: number;
  /** Bodies over this stay on disk instead of in memory (default 10 MB). */
  maxMemoryBytes?: number;
  previewBytes?: number;
  /** Where bodies over the memory cap go (default: `defaultSpillDir()`, private to this user). */
  spillDir?: string;
  maxRedirects?: number;
  /** Credential header names besides HTTP's own (the registries' `auth`, the user's): never sent to another origin. */
  credentialHeaders?: readonly string[];
  /** `--redirect-body`: a 307/308 to another origin may re-send the body (else it is not followed). */
  redirectBody?: boolean;
  /** HTTP(S) proxies (see `proxyFromEnvironment`, which keeps loopback direct). */
  proxy?: ProxySettings;
  /**
   * Keep-alive connections shared with the other sends of the run or editor session. Without
   * one, the send opens its own connection and closes it after.
   */
  pool?: ConnectionPool;
  now?: () => Date;
}

export const DEFAULT_DEADLINE_MS = 5 * 60_000;
export const DEFAULT_MAX_BODY_BYTES = 512 * 1024 * 1024;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const BODY_HEADERS = new Set(['content-type', 'content-length', 'content-encoding', 'transfer-encoding']);

function headerPairs(headers: Record<string, string | string[] | undefined>): [string, string][] {
  const pairs: [string, string][] = [];
  // for-in, not Object.entries: no [name, value] array per header of every response.
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    if (typeof value === 'string') pairs.push([name, value]);
    else for (const v of value) pairs.push([name, v]);
  }
  return pairs;
}

/** undici's flat form, `[name, value, name, value, …]`; a loop, as Array.prototype.flat is slow in V8 (3 us a send here). */
function flatHeaders(headers: readonly [string, string][], proxyAuth: string | undefined): string[] {
  const flat: string[] = [];
  for (let i = 0; i < headers.length; i++) flat.push(headers[i]![0], headers[i]![1]);
  if (proxyAuth) flat.push('proxy-authorization', proxyAuth);
  return flat;
}

// Date#toISOString costs ~2.5 us; the part up to the second changes once a second.
// NaN equals no second, so the first call formats its own (-1 was a real one: 1969-12-31T23:59:59).
let isoSecond = Number.NaN;
let isoPrefix = '';

/** `new Date().toISOString()`, the date and time up to the second formatted once per second. */
export function isoNow(ms = Date.now()): string {
  const second = Math.floor(ms / 1000);
  if (second !== isoSecond) {
    isoSecond = second;
    isoPrefix = new Date(second * 1000).toISOString().slice(0, -4);
  }
  const milli = ms - second * 1000;
  return `${isoPrefix}${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
}

function first(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function previewOf(body: PreparedRequest['body']): string | undefined {
  if (body === undefined) return undefined;
  if (typeof body === 'string') return body.slice(0, 64 * 1024);
  if (body instanceof Uint8Array) return `<${body.length} bytes>`;
  return `<file ${body.file}>`;
}

export async function sendRequest(request: PreparedRequest, options: SendOptions = {}): Promise<ResponseRecord> {
  const started = performance.now();
  const record: ResponseRecord = {
    id: randomUUID(),
    startedAt: options.now ? options.now().toISOString() : isoNow(),
    request: { method: request.method, url: request.url, headers: request.headers, bodyPreview: previewOf(request.body), source: request.source, registry: request.registry },
    redirects: [],
    timings: { totalMs: 0 },
  };
  const timeoutMs = request.timeoutMs ?? options.defaultTimeoutMs;
  const limits: BodyLimits = {
    maxMemoryBytes: options.maxMemoryBytes ?? 10 * 1024 * 1024,
    previewBytes: options.previewBytes ?? 64 * 1024,
    // os.tmpdir() reads TMPDIR/TMP/TEMP through Node's secure getenv: 12 syscalls per send.
    spillDir: options.spillDir,
    maxBodyBytes: options.maxBodyBytes === 0 ? undefined : (options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES),
    maxDecompressionRatio: options.maxDecompressionRatio ?? 200,
  };
  const deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const pool = options.pool ?? new ConnectionPool({ connectTimeoutMs: timeoutMs || 0 });
  let lease = pool.acquire({ tls: options.tls, proxy: options.proxy });
  // The client certificate is offered on the request's own origin only (see the redirect below).
  let client = options.tls?.client;
  // Filled in by the pool when the request is written to a connection (last hop's).
  let connection: ConnectionUse = {};
  // The exchange under way: one whose body is left unread (a stopped download) is aborted, so its
  // connection closes instead of going back to the pool with a response still streaming in.
  let exchange: ResponseExchange | undefined;
  // Two limits: `timeoutMs` covers connect + waiting for the head, then each gap between body
  // chunks (a chunk only notes the time); `deadlineMs` the whole exchange, so a drip-fed body
  // ends too. Watched by the one timer of limitTimer.ts, asked again when an idle limit it was
  // set for moved on with a chunk.
  let timedOut: 'head' | 'body' | 'deadline' | undefined;
  let phase: 'head' | 'body' = 'head';
  let activeAt = started;
  const deadlineAt = deadlineMs ? started + deadlineMs : Infinity;
  const arm = () => {
    activeAt = performance.now();
  };
  const check = (at: number): number | undefined => {
    const idleAt = timeoutMs ? activeAt + timeoutMs : Infinity;
    if (deadlineAt - at < 1) timedOut = 'deadline';
    else if (idleAt - at < 1) timedOut = phase;
    else return Math.min(idleAt, deadlineAt);
    abort(new Error('timeout'));
    return undefined;
  };
  // The exchange under way ends with the abort's reason as its error (as request() did with a
  // `signal`); a timeout's reason is replaced by the timeout error below. A plain function, not
  // an AbortController: its signal and listeners cost microseconds per send.
  let aborted: Error | undefined;
  const abort = (reason: Error) => {
    aborted ??= reason;
    exchange?.abort(aborted);
  };
  const callerReason = () => (options.signal?.reason as Error | undefined) ?? Object.assign(new Error('This operation was aborted'), { name: 'AbortError' });
  let unwatchCaller: (() => void) | undefined;
  if (options.signal?.aborted) abort(callerReason());
  else if (options.signal) unwatchCaller = onAbort(options.signal, () => abort(callerReason()));
  const unwatchLimit = timeoutMs || deadlineMs ? watchLimit(Math.min(timeoutMs ? started + timeoutMs : Infinity, deadlineAt), check) : undefined;
  let method = request.method;
  let url = request.url;
  let headers = request.headers;
  let body = request.body;
  if (body !== undefined && typeof body === 'object' && !(body instanceof Uint8Array) && !headers.some(([name]) => /^(content-length|transfer-encoding)$/i.test(name))) {
    // A streamed file is sent with its length, as servers expect of an upload, not chunked.
    try {
      headers = [...headers, ['content-length', String((await stat(body.file)).size)]];
    } catch {
      // The read stream reports the missing file below.
    }
  }
  try {
    for (let hop = 0; ; hop++) {
      const target = targetOf(url);
      const sentAt = performance.now();
      connection = {};
      // Plain HTTP through a proxy is sent in absolute form, with the proxy's credentials.
      const viaProxy = target.protocol === 'http:' ? proxyFor('http:', target.hostname, Number(target.port) || 80, options.proxy) : undefined;
      const proxyAuth = viaProxy && proxyAuthorization(viaProxy);
      exchange = new ResponseExchange(connection);
      if (aborted) exchange.abort(aborted);
      lease.dispatcher.dispatch(
        {
          origin: target.origin,
          path: viaProxy ? target.href : target.path,
          method,
          headers: flatHeaders(headers, proxyAuth),
          body: body === undefined ? undefined : typeof body === 'string' || body instanceof Uint8Array ? body : createReadStream(body.file),
        } as Dispatcher.DispatchOptions,
        exchange,
      );
      const head = await exchange.head;
      const response = { statusCode: head.statusCode, headers: head.headers, body: exchange };
      const firstByteMs = performance.now() - sentAt;
      const location = first(response.headers, 'location');
      let refused: ResponseRecord['error'];
      if (request.followRedirects && REDIRECTS.has(response.statusCode) && location) {
        if (hop >= (options.maxRedirects ?? 10)) throw new Error(`more than ${options.maxRedirects ?? 10} redirects, last to ${location}`);
        let next = new URL(location, url);
        const dropsBody = response.statusCode === 303 || ((response.statusCode === 301 || response.statusCode === 302) && method === 'POST');
        const crossOrigin = next.origin !== target.origin;
        if (crossOrigin && !dropsBody && body !== undefined && !(request.redirectBody || options.redirectBody)) {
          // Answered with the redirect itself: following would hand the body to a server the user never named.
          refused = {
            code: 'redirect-refused',
            message: `the ${response.statusCode} redirect to ${next.origin} was not followed: it would re-send the request body to another origin`,
            hint: "If that server may have the body, add '# @redirect-body' above the request (regx run: --redirect-body).",
          };
        } else {
          await response.body.dump();
          let dropped: NonNullable<ResponseRecord['redirects'][number]['dropped']> = {};
          if (crossOrigin) {
            // Credentials stay with the origin they were written for.
            const safe = crossOriginHop({ headers, next, secrets: request.secrets, credentialHeaders: options.credentialHeaders });
            headers = safe.headers;
            next = safe.url;
            dropped = safe.dropped;
            if (client) {
              // A client certificate is an identity for the origin it was configured for.
              lease.release();
              lease = pool.acquire({ tls: { ...options.tls, client: undefined, context: undefined }, proxy: options.proxy });
              client = undefined;
              dropped = { ...dropped, clientCertificate: true };
            }
          }
          record.redirects.push({ status: response.statusCode, url: next.href, ...(dropped.headers || dropped.parameters || dropped.clientCertificate ? { dropped } : {}) });
          if (dropsBody) {
            if (method !== 'HEAD') method = 'GET';
            body = undefined;
            headers = headers.filter(([name]) => !BODY_HEADERS.has(name.toLowerCase()));
          }
          url = next.href;
          continue;
        }
      }
      phase = 'body';
      arm();
      const responseBody = await readBody(response.body, { contentType: first(response.headers, 'content-type'), contentEncoding: first(response.headers, 'content-encoding') }, limits, arm);
      record.response = {
        status: response.statusCode,
        statusText: statusText(response.statusCode),
        httpVersion: connection.httpVersion ?? '1.1',
        headers: headerPairs(response.headers),
        body: responseBody,
      };
      record.timings = timingsOf(connection, firstByteMs, performance.now() - started);
      if (refused) record.error = refused;
      return record;
    }
  } catch (error) {
    // A request never written to a connection timed out connecting.
    const code = timedOut === 'deadline' ? 'REGX_DEADLINE' : timedOut === 'body' ? 'UND_ERR_BODY_TIMEOUT' : connection.httpVersion ? 'UND_ERR_HEADERS_TIMEOUT' : 'UND_ERR_CONNECT_TIMEOUT';
    // A TLS alert after the handshake (TLS 1.3: client certificate required or rejected) reaches
    // undici as 'other side closed'; the connection knows the real reason.
    const tlsAlert = connection.connection?.tlsError ?? closedOnClientCertificate(error, connection, client);
    const cause = timedOut ? Object.assign(new Error('timeout'), { code }) : tlsAlert && !options.signal?.aborted ? tlsAlert : error;
    record.error = toSendError(cause, {
      deadlineMs,
      deadlineSource: options.deadlineSource,
      maxBodySource: options.maxBodySource,
      url,
      timeoutMs,
      timeoutSource: request.timeoutMs !== undefined ? "the request's limit" : undefined,
      defaultTimeoutSource: options.defaultTimeoutSource,
      aborted: options.signal?.aborted ?? false,
      tls: { ...options.tlsAdvice, client: client?.label },
    });
    record.timings = timingsOf(connection, undefined, performance.now() - started);
    return record;
  } finally {
    unwatchCaller?.();
    unwatchLimit?.();
    if (exchange && !exchange.finished) exchange.abort(new Error('the response body was not read to its end'));
    lease.release();
    if (!options.pool) pool.destroy().catch(() => undefined);
  }
}

/**
 * A server that rejects a client certificate may just close the new connection after the
 * handshake, with no alert (Node's own servers do): nothing read on the first request of a
 * connection that offered a certificate. Said as what it most likely is.
 */
function closedOnClientCertificate(error: unknown, use: ConnectionUse, client: TlsTrust['client']): Error | undefined {
  const socketError = error as { code?: string; socket?: { bytesRead?: number } };
  if (!client || !use.connection || use.reused || socketError?.code !== 'UND_ERR_SOCKET' || socketError.socket?.bytesRead !== 0) return undefined;
  return Object.assign(new Error('the server closed the connection right after the TLS handshake, before any answer'), { code: 'REGX_CLIENT_CERTIFICATE_CLOSED' });
}

/**
 * The record's timings, written out rather than spread: in Node 20's V8 an object made by a
 * spread that then gains properties (`{ ...a, b }`) costs 3-13 us against 0.3 us for a literal
 * (node --interrupt-budget=540672 test/bench/objectSpread.mjs).
 */
function timingsOf(use: ConnectionUse, firstByteMs: number | undefined, totalMs: number): ResponseRecord['timings'] {
  if (firstByteMs === undefined) return use.reused ? { socketMs: use.socketMs, tlsMs: use.tlsMs, reused: true, totalMs } : { socketMs: use.socketMs, tlsMs: use.tlsMs, totalMs };
  return use.reused ? { socketMs: use.socketMs, tlsMs: use.tlsMs, reused: true, firstByteMs, totalMs } : { socketMs: use.socketMs, tlsMs: use.tlsMs, firstByteMs, totalMs };
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content', 206: 'Partial Content', 301: 'Moved Permanently', 302: 'Found', 303: 'See Other',
  304: 'Not Modified', 307: 'Temporary Redirect', 308: 'Permanent Redirect', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found',
  405: 'Method Not Allowed', 406: 'Not Acceptable', 409: 'Conflict', 410: 'Gone', 412: 'Precondition Failed', 415: 'Unsupported Media Type', 422: 'Unprocessable Entity',
  428: 'Precondition Required', 429: 'Too Many Requests', 500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

function statusText(status: number): string {
  return STATUS_TEXT[status] ?? '';
}
