// Turns what Node and undici throw into a `SendError` that says what happened and what to do.

import { CertificateError } from './timedConnector';
import { ProxyError } from './proxyTunnel';
import { BodyLimitError } from './readBody';
import { SpillFolderError } from './spillFolder';
import type { SendError } from './types';

export const TRUST_HINT =
  "pass '--ca FILE' (PEM) to regx (or '--ca REGISTRY=FILE' for one registry), set NODE_EXTRA_CA_CERTS=FILE, or add the file to the 'registerExplorer.tls.caFiles' setting (one registry: 'registerExplorer.tls.registries'). '--insecure' skips the check (never for real credentials).";

export const CLIENT_CERTIFICATE_HINT =
  "Give the client certificate: '--pfx FILE' (passphrase in REGX_SECRET_certificatePassphrase) or '--cert FILE --key FILE' to regx, or 'clientCertificate' in the 'registerExplorer.tls.registries' setting.";

/** What the session knows about a send's TLS, for the messages: how to fix it, in the adapter's words, for this request's registry. */
export interface TlsAdvice {
  /** How to trust a CA for this request (`pass '--ca kvk=FILE'…`, `Trust Certificate… for kvk (test)`). */
  trust?: string;
  /** How to give this request a client certificate. */
  clientCertificate?: string;
  /** The registry's own word on its certificates (the catalog's `tls.note`: KVK's private root). */
  note?: string;
  /** The client certificate the send offered (its label), when one was configured. */
  client?: string;
}

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
  /** The total limit on the exchange, and where it is set (default: the command line's `--deadline`). */
  deadlineMs?: number;
  deadlineSource?: string;
  /** Where the body size limit is set (default: the command line's `--max-body-bytes`). */
  maxBodySource?: string;
  tls?: TlsAdvice;
}

/** The common name of a distinguished name (`CN=Staat der Nederlanden Private Root CA - G1, O=…`), else the whole. */
function cn(name: string | undefined): string | undefined {
  if (!name) return undefined;
  return /(?:^|,\s*)CN=([^,]+)/.exec(name)?.[1]?.trim() ?? name;
}

// TLS alerts a server sends about the client's certificate (OpenSSL's names, as Node's codes end).
const CLIENT_REQUIRED = /CERTIFICATE_REQUIRED$/;
const CLIENT_REJECTED = /ALERT_(UNKNOWN_CA|BAD_CERTIFICATE|CERTIFICATE_UNKNOWN|CERTIFICATE_EXPIRED|CERTIFICATE_REVOKED|UNSUPPORTED_CERTIFICATE|ACCESS_DENIED|DECRYPT_ERROR)$/;
const HANDSHAKE_FAILURE = /ALERT_HANDSHAKE_FAILURE$/;

function clientCertificateFailure(code: string, message: string, hostPort: string, advice: TlsAdvice | undefined): SendError | undefined {
  const alert = /alert ([a-z ]+)/i.exec(message)?.[1]?.trim() ?? code.replace(/^ERR_SSL_(TLSV13_|TLSV1_|SSLV3_)?ALERT_/, '').toLowerCase().replace(/_/g, ' ');
  const how = advice?.clientCertificate ?? CLIENT_CERTIFICATE_HINT;
  if (code === 'REGX_CLIENT_CERTIFICATE_CLOSED') {
    return {
      code: 'client-certificate',
      message: `${hostPort} closed the connection right after the TLS handshake, before answering: it most likely rejected the client certificate ${advice?.client ?? '(configured)'}`,
      hint: `Check that this is the certificate registered with the server, not expired, and issued by a CA the server trusts. ${how}`,
    };
  }
  if (advice?.client && (CLIENT_REJECTED.test(code) || CLIENT_REQUIRED.test(code) || HANDSHAKE_FAILURE.test(code))) {
    return {
      code: 'client-certificate',
      message: `${hostPort} rejected the client certificate ${advice.client} (TLS alert: ${alert})`,
      hint: `The server does not accept this certificate: check that it is the one registered with the server, not expired, and issued by a CA the server trusts. ${how}`,
    };
  }
  if (CLIENT_REQUIRED.test(code) || (HANDSHAKE_FAILURE.test(code) && !advice?.client)) {
    return {
      code: 'client-certificate',
      message: `${hostPort} requires a client certificate (mutual TLS) and none is configured for this request (TLS alert: ${alert})`,
      hint: how,
    };
  }
  if (CLIENT_REJECTED.test(code)) {
    return { code: 'client-certificate', message: `${hostPort} refused the TLS handshake (alert: ${alert}); it may require a client certificate`, hint: how };
  }
  return undefined;
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
    const advice = context.tls;
    if (/ALTNAME|Hostname\/IP does not match/i.test(reason)) {
      return {
        code: 'tls-hostname',
        message: `the certificate of ${error.host} is not valid for '${url.hostname}' (${reason}); it was issued to ${cert?.subject ?? 'an unknown subject'} by ${cert?.issuer ?? 'an unknown issuer'}`,
        hint: 'Use the host name the certificate names, or ask the server owner for a certificate that covers this name.',
      };
    }
    if (/EXPIRED/i.test(reason)) {
      return { code: 'tls-expired', message: `the certificate of ${error.host} (${cert?.subject ?? 'unknown subject'}) expired on ${cert?.validTo ?? '(unknown date)'} (issuer ${cert?.issuer ?? 'unknown'})`, hint: 'The server must renew its certificate; check the machine clock too.' };
    }
    if (/NOT_YET_VALID/i.test(reason)) {
      return { code: 'tls-expired', message: `the certificate of ${error.host} (${cert?.subject ?? 'unknown subject'}) is not valid yet (issuer ${cert?.issuer ?? 'unknown'})`, hint: 'Check the machine clock.' };
    }
    // The root to trust: the top of the chain the server sent, else the leaf's issuer (or the leaf, self-signed).
    const root = cert?.selfSigned ? cert.subject : (cert?.root ?? cert?.issuer);
    const what = cert?.selfSigned
      ? `a self-signed certificate (${cert.subject})`
      : `a certificate for ${cert?.subject ?? 'an unknown subject'} issued by '${cert?.issuer ?? 'an unknown issuer'}'${cert?.root ? ` under '${cert.root}'` : ''}`;
    const trust = advice?.trust ?? TRUST_HINT;
    return {
      code: 'tls',
      message: `${error.host} presented ${what} that this machine does not trust (${reason})`,
      hint: `${root ? `Trust '${cn(root)}' (${root}): ` : 'Trust the issuing CA: '}${trust}${advice?.note ? ` ${advice.note}` : ''}`,
    };
  }
  if (error instanceof SpillFolderError) return { code: 'body-folder', message: error.message };
  if (error instanceof BodyLimitError) {
    if (error.code === 'too-large') {
      return { code: 'too-large', message: `${context.url}: ${error.message}`, hint: `If the body is meant to be this big, raise the limit with ${context.maxBodySource ?? "'--max-body-bytes N' on the command line"}.` };
    }
    return { code: 'decompression-bomb', message: `${context.url}: ${error.message}` };
  }
  const code = codeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'REGX_DEADLINE') {
    return {
      code: 'timeout',
      message: `${hostPort} did not finish within the ${context.deadlineMs} ms deadline for the whole exchange (the body was still arriving or never came)`,
      hint: `Raise the deadline with ${context.deadlineSource ?? "'--deadline MS' on the command line"} (0 = none); '# @timeout' and --timeout limit each wait, not the whole.`,
    };
  }
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
    default: {
      const client = code ? clientCertificateFailure(code, message, hostPort, context.tls) : undefined;
      if (client) return client;
      if (code?.startsWith('ERR_TLS') || code?.startsWith('ERR_SSL') || /SSL|TLS/.test(message)) return { code: 'tls', message: `TLS with ${hostPort} failed: ${message}`, hint: `Trust the issuing CA: ${context.tls?.trust ?? TRUST_HINT}` };
      if (code === 'Z_DATA_ERROR' || code === 'ERR_PADDING_1' || code?.startsWith('Z_')) return { code: 'protocol', message: `the body of ${context.url} could not be decoded: ${message}` };
      return { code: 'protocol', message: `${context.url}: ${message}${code ? ` (${code})` : ''}` };
    }
  }
}
