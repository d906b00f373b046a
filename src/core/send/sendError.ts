// Turns what Node and undici throw into a `SendError` that says what happened and what to do.

import { CertificateError } from './timedConnector';
import { ProxyError } from './proxyTunnel';
import type { SendError } from './types';

export const TRUST_HINT =
  "Trust the issuing CA: pass '--ca FILE' (PEM) to regx, set NODE_EXTRA_CA_CERTS=FILE, or add the file to the 'registerExplorer.tls.caFiles' setting. '--insecure' skips the check (never for real credentials).";

function codeOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export interface FailureContext {
  url: string;
  timeoutMs?: number;
  /** Set when the request's own `@timeout` gave the limit. */
  timeoutSource?: string;
  /** Where the default limit is set (default: the command line's `--timeout`). */
  defaultTimeoutSource?: string;
  /** The caller's own signal was aborted (Ctrl+C, Cancel). */
  aborted: boolean;
}

export function toSendError(error: unknown, context: FailureContext): SendError {
  const url = new URL(context.url);
  const hostPort = `${url.hostname}:${url.port || (url.protocol === 'https:' ? 443 : 80)}`;
  if (context.aborted) return { code: 'aborted', message: 'the request was cancelled' };
  if (error instanceof ProxyError) {
    return { code: 'proxy', message: error.message, hint: 'Check HTTPS_PROXY / HTTP_PROXY (or --proxy), and NO_PROXY for hosts that must be reached directly.' };
  }
  if (error instanceof CertificateError) {
    const cert = error.certificate;
    const reason = error.reason;
    if (/ALTNAME|Hostname\/IP does not match/i.test(reason)) {
      return {
        code: 'tls',
        message: `the certificate of ${error.host} is not valid for '${url.hostname}' (${reason}); it was issued to ${cert?.subject ?? 'an unknown subject'} by ${cert?.issuer ?? 'an unknown issuer'}`,
        hint: 'Use the host name the certificate names, or ask the server owner for a certificate that covers this name.',
      };
    }
    if (/EXPIRED/i.test(reason)) {
      return { code: 'tls', message: `the certificate of ${error.host} expired on ${cert?.validTo ?? '(unknown date)'} (issuer ${cert?.issuer ?? 'unknown'})`, hint: 'The server must renew its certificate; check the machine clock too.' };
    }
    if (/NOT_YET_VALID/i.test(reason)) {
      return { code: 'tls', message: `the certificate of ${error.host} is not valid yet (issuer ${cert?.issuer ?? 'unknown'})`, hint: 'Check the machine clock.' };
    }
    const what = cert?.selfSigned
      ? `a self-signed certificate (${cert.subject})`
      : `a certificate issued by '${cert?.issuer ?? 'an unknown issuer'}'${cert?.root ? ` under '${cert.root}'` : ''}`;
    return { code: 'tls', message: `${error.host} presented ${what} that this machine does not trust (${reason})`, hint: TRUST_HINT };
  }
  const code = codeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'ETIMEDOUT': {
      const phase = code === 'UND_ERR_BODY_TIMEOUT' ? 'the body stalled for' : code === 'UND_ERR_HEADERS_TIMEOUT' ? 'no response within' : 'no connection within';
      const setting = context.defaultTimeoutSource ?? "'--timeout 60000' on the command line";
      return {
        code: 'timeout',
        message: `${phase} ${context.timeoutMs ?? '?'} ms (${context.timeoutSource ?? (context.defaultTimeoutSource ? 'the default limit' : '--timeout')}) from ${hostPort}`,
        hint: `Raise the limit with '# @timeout 60000' above the request or ${setting}.`,
      };
    }
    case 'ECONNREFUSED':
      return { code: 'connect', message: `connection refused by ${hostPort}: nothing listens there`, hint: `Start the server on ${hostPort}, or check the host and port (for the offline registries: 'regx sandbox').` };
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return { code: 'connect', message: `${hostPort} closed the connection (${message})` };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { code: 'dns', message: `the host name '${url.hostname}' does not resolve`, hint: 'Check the spelling and your network or VPN.' };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return { code: 'connect', message: `${hostPort} is unreachable (${code})`, hint: 'Check your network or VPN.' };
    default:
      if (code?.startsWith('ERR_TLS') || code?.startsWith('ERR_SSL') || /SSL|TLS/.test(message)) return { code: 'tls', message: `TLS with ${hostPort} failed: ${message}`, hint: TRUST_HINT };
      if (code === 'Z_DATA_ERROR' || code === 'ERR_PADDING_1' || code?.startsWith('Z_')) return { code: 'protocol', message: `the body of ${context.url} could not be decoded: ${message}` };
      return { code: 'protocol', message: `${context.url}: ${message}${code ? ` (${code})` : ''}` };
  }
}
