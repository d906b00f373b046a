// Corporate and government networks often reach the registries only through an HTTP proxy.
// HTTPS goes through a CONNECT tunnel (the certificate is still checked end to end); plain HTTP
// is sent to the proxy in absolute form.

import type { Socket } from 'node:net';

export interface ProxySettings {
  /** Proxy for https:// targets (HTTPS_PROXY). */
  https?: string;
  /** Proxy for http:// targets (HTTP_PROXY). */
  http?: string;
  /** NO_PROXY: comma-separated hosts or domain suffixes (`.example.org`), `*` for all. */
  noProxy?: string;
}

/** The proxy refused or failed the tunnel. */
export class ProxyError extends Error {
  constructor(
    message: string,
    readonly proxy: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ProxyError';
  }
}

/** What hosts add to NO_PROXY: a proxy cannot reach this machine's loopback (the sandbox). */
export const LOOPBACK_NO_PROXY = 'localhost,127.0.0.1,::1';

/** From the usual environment variables; undefined when none is set. */
export function proxyFromEnvironment(env: Record<string, string | undefined>, override?: string): ProxySettings | undefined {
  const https = override ?? env.HTTPS_PROXY ?? env.https_proxy;
  const http = override ?? env.HTTP_PROXY ?? env.http_proxy;
  if (!https && !http) return undefined;
  const noProxy = [env.NO_PROXY ?? env.no_proxy, LOOPBACK_NO_PROXY].filter(Boolean).join(',');
  return { https, http, noProxy };
}

/** The proxy URL to use for a target, or undefined to connect directly. */
export function proxyFor(protocol: string, hostname: string, port: number, settings: ProxySettings | undefined): URL | undefined {
  if (!settings) return undefined;
  const raw = protocol === 'https:' ? settings.https : settings.http;
  if (!raw) return undefined;
  for (const entry of (settings.noProxy ?? '').split(/[,\s]+/).map((e) => e.trim().toLowerCase()).filter(Boolean)) {
    if (entry === '*') return undefined;
    const [host, entryPort] = entry.split(':');
    if (entryPort && Number(entryPort) !== port) continue;
    const suffix = host!.replace(/^\*?\./, '');
    const name = hostname.toLowerCase().replace(/^\[|\]$/g, '');
    if (name === suffix || name.endsWith(`.${suffix}`)) return undefined;
  }
  try {
    return new URL(/^[a-z]+:\/\//i.test(raw) ? raw : `http://${raw}`);
  } catch {
    throw new ProxyError(`the proxy setting '${raw}' is not a URL`, raw);
  }
}

export function proxyAuthorization(proxy: URL): string | undefined {
  if (!proxy.username) return undefined;
  return `Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}`;
}

/** Sends CONNECT over a socket connected to the proxy and resolves when the tunnel is open. */
export function openTunnel(socket: Socket, target: string, proxy: URL): Promise<void> {
  const where = `${proxy.hostname}:${proxy.port || 80}`;
  return new Promise((resolve, reject) => {
    let head = Buffer.alloc(0);
    const cleanup = () => {
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('end', onEnd);
    };
    const onError = (error: Error) => {
      cleanup();
      reject(new ProxyError(`the proxy ${where} failed: ${error.message}`, where));
    };
    const onEnd = () => {
      cleanup();
      reject(new ProxyError(`the proxy ${where} closed the connection instead of opening a tunnel to ${target}`, where));
    };
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) {
        if (head.length > 16 * 1024) onError(new Error('answer to CONNECT too long'));
        return;
      }
      cleanup();
      socket.pause();
      const rest = head.subarray(end + 4);
      if (rest.length) socket.unshift(rest);
      const status = Number(/^HTTP\/\d(?:\.\d)?\s+(\d{3})/.exec(head.subarray(0, end).toString('latin1'))?.[1]);
      if (status >= 200 && status < 300) return resolve();
      const hint = status === 407 ? ' (proxy authentication required: put the credentials in the proxy URL, http://user:password@host:port)' : '';
      reject(new ProxyError(`the proxy ${where} answered ${Number.isNaN(status) ? 'something that is not HTTP' : status} to CONNECT ${target}${hint}`, where, status));
    };
    socket.on('data', onData);
    socket.once('error', onError);
    socket.once('end', onEnd);
    const auth = proxyAuthorization(proxy);
    socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n${auth ? `Proxy-Authorization: ${auth}\r\n` : ''}\r\n`);
  });
}
