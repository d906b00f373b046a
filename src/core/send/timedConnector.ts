// An undici connector that measures what undici does not report: how long the TCP connect
// and the TLS handshake took. It also checks the server's certificate itself, so a failure
// names the certificate (issuer, subject, expiry) instead of only OpenSSL's error code.

import { connect as netConnect, isIP, type Socket } from 'node:net';
import { checkServerIdentity, connect as tlsConnect, type PeerCertificate, type TLSSocket } from 'node:tls';
import type { buildConnector } from 'undici';

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
    readonly certificate: { subject: string; issuer: string; validTo?: string; selfSigned: boolean } | undefined,
  ) {
    super(`TLS: ${reason}`);
    this.name = 'CertificateError';
  }
}

function distinguishedName(name: Record<string, string | string[]> | undefined): string {
  if (!name) return '(unknown)';
  return Object.entries(name).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : v}`).join(', ');
}

function describe(cert: PeerCertificate | undefined) {
  if (!cert || !cert.subject) return undefined;
  const issuer = distinguishedName(cert.issuer as unknown as Record<string, string>);
  const subject = distinguishedName(cert.subject as unknown as Record<string, string>);
  return { subject, issuer, validTo: cert.valid_to, selfSigned: issuer === subject };
}

export function timedConnector(timings: ConnectionTimings, trust: TlsTrust, connectTimeoutMs: number | undefined): buildConnector.connector {
  return (options, callback) => {
    const started = performance.now();
    const port = Number(options.port) || (options.protocol === 'https:' ? 443 : 80);
    const hostname = options.hostname.replace(/^\[|\]$/g, '');
    let done = false;
    const finish = (error: Error | null, socket?: Socket) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (error) callback(error, null);
      else callback(null, socket!);
    };
    const tcp = netConnect({ host: hostname, port });
    const timer = connectTimeoutMs
      ? setTimeout(() => {
          const error = Object.assign(new Error(`connect to ${hostname}:${port} timed out after ${connectTimeoutMs} ms`), { code: 'UND_ERR_CONNECT_TIMEOUT' });
          tcp.destroy();
          finish(error);
        }, connectTimeoutMs)
      : undefined;
    tcp.once('error', (error) => finish(error));
    tcp.once('connect', () => {
      timings.socketMs = performance.now() - started;
      if (options.protocol !== 'https:') return finish(null, tcp);
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
