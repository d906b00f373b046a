// An undici connector that measures what undici does not report: how long the TCP connect
// and the TLS handshake took. It also checks the server's certificate itself, so a failure
// names the certificate (issuer, subject, expiry) instead of only OpenSSL's error code.

import { connect as netConnect, isIP, type Socket } from 'node:net';
import type { DetailedPeerCertificate, SecureContext, TLSSocket } from 'node:tls';
import type { buildConnector } from 'undici';
import { nodeTls } from '../tls/nodeTls';
import { openTunnel, proxyFor, ProxyError, type ProxySettings } from './proxyTunnel';

/** What the connector learnt about a connection it opened; kept with the socket. */
export interface ConnectionFacts {
  /** TCP connect (and proxy tunnel) time. */
  socketMs: number;
  /** TLS handshake time; undefined for plain HTTP. */
  tlsMs?: number;
  /** Requests written to it so far (counted by the connection pool). */
  requests: number;
  /**
   * A TLS error after the handshake: under TLS 1.3 a server that wants a client certificate (or
   * rejects ours) says so with an alert after the client thinks the handshake is done, and
   * undici then reports only 'other side closed'. The send reads the real reason here.
   */
  tlsError?: Error;
}

const connections = new WeakMap<Socket, ConnectionFacts>();

/** The facts of a connection `timedConnector` opened, or undefined for any other socket. */
export function connectionOf(socket: Socket): ConnectionFacts | undefined {
  return connections.get(socket);
}

export interface TlsTrust {
  /**
   * Every trusted root (PEM): Node's bundled ones, the system's, the CA files. Undefined =
   * Node's defaults. A list replaces Node's roots in a TLS connection, so it must hold them too
   * (`defaultRoots()` gives them).
   */
  ca?: readonly string[];
  /**
   * Names `ca` for the connection pool's key when the caller can (the session: which default
   * roots, plus a digest of what it added), so a plain-HTTP send need not load the roots that
   * only a TLS connection reads. Two trusts with the same `caKey` must hold the same roots.
   */
  caKey?: string;
  /** Accept any certificate (`--insecure`). */
  insecure?: boolean;
  /** Presented when a server asks for a client certificate (mutual TLS); only on the request's own origin. */
  client?: ClientCertificate;
  /** `secureContextOf(this)`, when the caller built it already (the session does, once per profile). */
  context?: SecureContext;
}

/** A client certificate as loaded: PEM certificate and key, or a PKCS#12 file, with its passphrase. */
export interface ClientCertificate {
  cert?: string;
  key?: string;
  pfx?: Uint8Array;
  /** Never written anywhere: it is one of the run's secrets. */
  passphrase?: string;
  /** What messages call it: its subject and file (`CN=Acme BV (client.p12)`). */
  label: string;
}

/** The TLS options one connector uses for every connection: one secure context, built once. */
export function secureContextOf(trust: TlsTrust): SecureContext {
  const client = trust.client;
  return nodeTls().createSecureContext({
    ca: trust.ca?.length ? [...trust.ca] : undefined,
    cert: client?.cert,
    key: client?.key,
    pfx: client?.pfx ? Buffer.from(client.pfx) : undefined,
    passphrase: client?.passphrase,
  });
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

/**
 * Every connection it opens is remembered with its connect and TLS times (`connectionOf`).
 * `allowH2` offers HTTP/2 in ALPN; undici then speaks whichever the server picked.
 */
export function timedConnector(trust: TlsTrust, connectTimeoutMs: number | undefined, proxies?: ProxySettings, protocols: { allowH2?: boolean } = {}): buildConnector.connector {
  // Built on the first TLS connection and shared by the rest: parsing a few hundred roots per
  // connection would cost more than the handshake.
  let context: SecureContext | undefined;
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
    const facts: ConnectionFacts = { socketMs: 0, requests: 0 };
    const finish = (error: Error | null, socket?: Socket) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (error) return callback(error, null);
      connections.set(socket!, facts);
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
    // As undici's own connector: a request goes out in one segment now, not after Nagle's wait
    // for the previous segment's ACK.
    tcp.setNoDelay(true);
    tcp.once('error', (error) => finish(proxy ? new ProxyError(`the proxy ${proxy.host} failed: ${error.message}`, proxy.host) : error));
    tcp.once('connect', async () => {
      facts.socketMs = performance.now() - started;
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
      try {
        context ??= trust.context ?? secureContextOf(trust);
      } catch (error) {
        tcp.destroy();
        return finish(error as Error);
      }
      const secure: TLSSocket = nodeTls().connect({
        socket: tcp,
        servername,
        ALPNProtocols: protocols.allowH2 ? ['h2', 'http/1.1'] : ['http/1.1'],
        secureContext: context,
        // Verified below, so the error can describe the certificate.
        rejectUnauthorized: false,
      });
      secure.once('error', (error) => finish(error));
      secure.prependListener('error', (error: NodeJS.ErrnoException) => {
        if (done && /^ERR_(SSL|TLS)_/.test(error.code ?? '')) facts.tlsError ??= error;
      });
      secure.once('secureConnect', () => {
        facts.tlsMs = performance.now() - tlsStarted;
        if (!trust.insecure) {
          const cert = secure.getPeerCertificate(true);
          let reason = secure.authorized ? undefined : String(secure.authorizationError);
          if (!reason) reason = nodeTls().checkServerIdentity(hostname, cert)?.message;
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
