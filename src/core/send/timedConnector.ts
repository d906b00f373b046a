// An undici connector that measures what undici does not report: how long the TCP connect
// and the TLS handshake took. It also checks the server's certificate itself, so a failure
// names the certificate (issuer, subject, expiry) instead of only OpenSSL's error code.

import { connect as netConnect, isIP, type Socket } from 'node:net';
import { checkServerIdentity, connect as tlsConnect, type DetailedPeerCertificate, type TLSSocket } from 'node:tls';
import type { buildConnector } from 'undici';
import { openTunnel, proxyFor, ProxyError, type ProxySettings } from './proxyTunnel';

export interface ConnectionTimings {
  socketMs?: number;
  tlsMs?: number;
}

export interface TlsTrust {
  /** Extra trusted roots (PEM), added to Node's own. */
  ca?: string[];
  /** Accept any certificate (`--insecure`). */
  insecure?: boolean;
}

/** The server's certificate was not accepted; `certificate` is what it presented. */
export class CertificateError extends Error {
  constructor(
    readonly reason: string,
    readonly host: string,
    readonly certificate: { subject: string; issuer: string; validTo?: string; selfSigned: boolean; /** The top of the chain the server sent, when above the issuer. */ root?: string } | undefined,
  ) {
    super(`TLS: ${reason}`);
    this.name = 'CertificateError';
  }
}

function distinguishedName(name: Record<string, string | string[]> | undefined): string {
  if (!name) return '(unknown)';
  return Object.entries(name).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : v}`).join(', ');
}

function describe(cert: DetailedPeerCertificate | undefined) {
  if (!cert || !cert.subject) return undefined;
  const issuer = distinguishedName(cert.issuer as unknown as Record<string, string>);
  const subject = distinguishedName(cert.subject as unknown as Record<string, string>);
  // The root the user must trust is often not the leaf's issuer but the top of the chain
  // (KVK: an intermediate under "Staat der Nederlanden Private Root CA – G1").
  let top: DetailedPeerCertificate = cert;
  for (let depth = 0; depth < 10 && top.issuerCertificate && top.issuerCertificate !== top && top.issuerCertificate.fingerprint256 !== top.fingerprint256; depth++) top = top.issuerCertificate;
  const topIssuer = distinguishedName(top.issuer as unknown as Record<string, string>);
  return { subject, issuer, validTo: cert.valid_to, selfSigned: issuer === subject, root: topIssuer !== issuer ? topIssuer : undefined };
}

/**
 * undici 7 throws an uncatchable assertion, ending the process, when the server closes the
 * connection while the parser is paused because the body is read slower than it arrives
 * (nodejs/undici#5360, fixed only in undici 8, which needs Node 22). The socket is half-open, so
 * the FIN does not destroy it, and its `end` (and `close`) wait until the parser has resumed:
 * the response then completes normally. A body nobody reads would hold them forever, so they go
 * out after a minute regardless.
 */
export function holdEndWhileParserPaused(socket: Socket, maxHoldMs = 60_000): void {
  const emit = socket.emit.bind(socket);
  const held: [string | symbol, unknown[]][] = [];
  let since = 0;
  const parserPaused = () => {
    const key = Object.getOwnPropertySymbols(socket).find((symbol) => symbol.description === 'parser');
    const parser = key ? (socket as unknown as Record<symbol, { paused?: boolean } | null | undefined>)[key] : undefined;
    return Boolean(parser?.paused);
  };
  const flush = () => {
    // Destroyed by undici itself means it is done with the response; the events may go out.
    if (parserPaused() && !socket.destroyed && performance.now() - since < maxHoldMs) return void setTimeout(flush, 2);
    while (held.length) {
      const [event, args] = held.shift()!;
      emit(event, ...args);
    }
  };
  socket.emit = ((event: string | symbol, ...args: unknown[]): boolean => {
    if ((event === 'end' || event === 'close') && (held.length || parserPaused())) {
      if (!held.length) {
        since = performance.now();
        setTimeout(flush, 2);
      }
      held.push([event, args]);
      return true;
    }
    return emit(event, ...args);
  }) as typeof socket.emit;
}

export function timedConnector(timings: ConnectionTimings, trust: TlsTrust, connectTimeoutMs: number | undefined, proxies?: ProxySettings): buildConnector.connector {
  return (options, callback) => {
    const started = performance.now();
    const port = Number(options.port) || (options.protocol === 'https:' ? 443 : 80);
    const hostname = options.hostname.replace(/^\[|\]$/g, '');
    let proxy: URL | undefined;
    try {
      proxy = proxyFor(options.protocol, hostname, port, proxies);
    } catch (error) {
      return callback(error as Error, null);
    }
    let done = false;
    const finish = (error: Error | null, socket?: Socket) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (error) return callback(error, null);
      holdEndWhileParserPaused(socket!);
      callback(null, socket!);
    };
    // Half-open, so a server's FIN does not destroy the socket under a paused parser (see above).
    const tcp = proxy
      ? netConnect({ host: proxy.hostname.replace(/^\[|\]$/g, ''), port: Number(proxy.port) || 80, allowHalfOpen: true })
      : netConnect({ host: hostname, port, allowHalfOpen: true });
    const timer = connectTimeoutMs
      ? setTimeout(() => {
          const error = Object.assign(new Error(`connect to ${hostname}:${port} timed out after ${connectTimeoutMs} ms`), { code: 'UND_ERR_CONNECT_TIMEOUT' });
          tcp.destroy();
          finish(error);
        }, connectTimeoutMs)
      : undefined;
    tcp.once('error', (error) => finish(proxy ? new ProxyError(`the proxy ${proxy.host} failed: ${error.message}`, proxy.host) : error));
    tcp.once('connect', async () => {
      timings.socketMs = performance.now() - started;
      // Plain HTTP goes to the proxy as it is (the request carries the absolute URL).
      if (options.protocol !== 'https:') return finish(null, tcp);
      if (proxy) {
        try {
          await openTunnel(tcp, `${hostname.includes(':') ? `[${hostname}]` : hostname}:${port}`, proxy);
        } catch (error) {
          tcp.destroy();
          return finish(error as Error);
        }
      }
      const tlsStarted = performance.now();
      const servername = options.servername || (isIP(hostname) ? undefined : hostname);
      const secure: TLSSocket = tlsConnect({
        socket: tcp,
        servername,
        ALPNProtocols: ['http/1.1'],
        ca: trust.ca?.length ? trust.ca : undefined,
        // Verified below, so the error can describe the certificate.
        rejectUnauthorized: false,
      });
      secure.once('error', (error) => finish(error));
      secure.once('secureConnect', () => {
        timings.tlsMs = performance.now() - tlsStarted;
        if (!trust.insecure) {
          const cert = secure.getPeerCertificate(true);
          let reason = secure.authorized ? undefined : String(secure.authorizationError);
          if (!reason) reason = checkServerIdentity(hostname, cert)?.message;
          if (reason) {
            secure.destroy();
            return finish(new CertificateError(reason, `${hostname}:${port}`, describe(cert)));
          }
        }
        finish(null, secure);
      });
    });
  };
}
