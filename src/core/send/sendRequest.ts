// Sends one PreparedRequest through undici and returns a ResponseRecord: every redirect hop
// recorded, timings measured, the body decoded with bounded memory. A failure is returned as
// the record's `error`, never thrown, so history and reports see it like any other result.

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'undici';
import { readBody, type BodyLimits } from './readBody';
import { toSendError } from './sendError';
import { timedConnector, type ConnectionTimings, type TlsTrust } from './timedConnector';
import { proxyAuthorization, proxyFor, type ProxySettings } from './proxyTunnel';
import type { PreparedRequest, ResponseRecord } from './types';

export interface SendOptions {
  signal?: AbortSignal;
  tls?: TlsTrust;
  /** Used when the request has no `timeoutMs`; 0 or undefined = no limit. */
  defaultTimeoutMs?: number;
  /** Where `defaultTimeoutMs` is set, for the hint (default: `'--timeout MS' on the command line`). */
  defaultTimeoutSource?: string;
  maxMemoryBytes?: number;
  previewBytes?: number;
  /** Where bodies over the cap go (default: the OS temp folder). */
  spillDir?: string;
  maxRedirects?: number;
  /** HTTP(S) proxies (see `proxyFromEnvironment`, which keeps loopback direct). */
  proxy?: ProxySettings;
  now?: () => Date;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const BODY_HEADERS = new Set(['content-type', 'content-length', 'content-encoding', 'transfer-encoding']);

function headerPairs(headers: Record<string, string | string[] | undefined>): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) pairs.push([name, v]);
  }
  return pairs;
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
  const now = options.now ?? (() => new Date());
  const started = performance.now();
  const record: ResponseRecord = {
    id: randomUUID(),
    startedAt: now().toISOString(),
    request: { method: request.method, url: request.url, headers: request.headers, bodyPreview: previewOf(request.body), source: request.source, registry: request.registry },
    redirects: [],
    timings: { totalMs: 0 },
  };
  const timeoutMs = request.timeoutMs ?? options.defaultTimeoutMs;
  const limits: BodyLimits = {
    maxMemoryBytes: options.maxMemoryBytes ?? 10 * 1024 * 1024,
    previewBytes: options.previewBytes ?? 64 * 1024,
    spillDir: options.spillDir ?? join(tmpdir(), 'register-explorer', 'bodies'),
  };
  const connection: ConnectionTimings = {};
  const agent = new Agent({
    connect: timedConnector(connection, options.tls ?? {}, timeoutMs || undefined, options.proxy),
    // Our own timer below is exact; undici's coarse timers would fire up to a second late.
    headersTimeout: 0,
    bodyTimeout: 0,
    // One connection per send, closed after it: the connect and TLS times are this request's.
    pipelining: 0,
  });
  // The limit covers connect + waiting for the head, then each gap between body chunks.
  const deadline = new AbortController();
  let timedOut: 'head' | 'body' | undefined;
  let phase: 'head' | 'body' = 'head';
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    if (!timeoutMs) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = phase;
      deadline.abort();
    }, timeoutMs);
  };
  const signal = options.signal ? AbortSignal.any([options.signal, deadline.signal]) : deadline.signal;
  arm();
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
      const target = new URL(url);
      const sentAt = performance.now();
      // Plain HTTP through a proxy is sent in absolute form, with the proxy's credentials.
      const viaProxy = target.protocol === 'http:' ? proxyFor('http:', target.hostname, Number(target.port) || 80, options.proxy) : undefined;
      const proxyAuth = viaProxy && proxyAuthorization(viaProxy);
      const response = await agent.request({
        origin: target.origin,
        path: viaProxy ? target.href.replace(/#.*$/, '') : `${target.pathname}${target.search}`,
        method,
        headers: proxyAuth ? [...headers.flat(), 'proxy-authorization', proxyAuth] : headers.flat(),
        body: body === undefined ? undefined : typeof body === 'string' || body instanceof Uint8Array ? body : createReadStream(body.file),
        signal,
      });
      const firstByteMs = performance.now() - sentAt;
      const location = first(response.headers, 'location');
      if (request.followRedirects && REDIRECTS.has(response.statusCode) && location) {
        await response.body.dump();
        if (hop >= (options.maxRedirects ?? 10)) throw new Error(`more than ${options.maxRedirects ?? 10} redirects, last to ${location}`);
        const next = new URL(location, url);
        record.redirects.push({ status: response.statusCode, url: next.href });
        if (response.statusCode === 303 || ((response.statusCode === 301 || response.statusCode === 302) && method === 'POST')) {
          if (method !== 'HEAD') method = 'GET';
          body = undefined;
          headers = headers.filter(([name]) => !BODY_HEADERS.has(name.toLowerCase()));
        }
        // Credentials stay with the origin they were written for.
        if (next.origin !== target.origin) headers = headers.filter(([name]) => !/^(authorization|cookie)$/i.test(name));
        url = next.href;
        continue;
      }
      phase = 'body';
      arm();
      const responseBody = await readBody(response.body, { contentType: first(response.headers, 'content-type'), contentEncoding: first(response.headers, 'content-encoding') }, limits, arm);
      record.response = {
        status: response.statusCode,
        statusText: statusText(response.statusCode),
        httpVersion: '1.1',
        headers: headerPairs(response.headers),
        body: responseBody,
      };
      record.timings = { socketMs: connection.socketMs, tlsMs: connection.tlsMs, firstByteMs, totalMs: performance.now() - started };
      return record;
    }
  } catch (error) {
    const code = timedOut === 'body' ? 'UND_ERR_BODY_TIMEOUT' : 'UND_ERR_HEADERS_TIMEOUT';
    record.error = toSendError(timedOut ? Object.assign(new Error('timeout'), { code }) : error, {
      url,
      timeoutMs,
      timeoutSource: request.timeoutMs !== undefined ? "the request's limit" : undefined,
      defaultTimeoutSource: options.defaultTimeoutSource,
      aborted: options.signal?.aborted ?? false,
    });
    record.timings = { socketMs: connection.socketMs, tlsMs: connection.tlsMs, totalMs: performance.now() - started };
    return record;
  } finally {
    clearTimeout(timer);
    agent.destroy().catch(() => undefined);
  }
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
