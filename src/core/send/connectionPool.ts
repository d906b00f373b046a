// Keep-alive connections shared by the sends of one run (CLI) or one editor session, so a
// thousand requests to one registry pay one TCP + TLS handshake instead of a thousand. HTTP/1.1
// without pipelining (a slow answer must not hold up the next request on its socket), HTTP/2
// when the server offers it in ALPN. Timings stay honest: each send learns which connection
// carried it, so a reused one reports connect and TLS as 0 and `reused`, as browsers' devtools do.

import { subscribe } from 'node:diagnostics_channel';
import { createHash } from 'node:crypto';
import type { Socket } from 'node:net';
import type { Dispatcher } from 'undici';
import { Agent } from './undiciAgent';
import { connectionOf, timedConnector, type ConnectionFacts, type TlsTrust } from './timedConnector';
import type { ProxySettings } from './proxyTunnel';

export interface ConnectionPoolOptions {
  /**
   * Close every connection after this long without a request (the editor's session pool);
   * undefined = only on `close()` (the CLI closes its pool when the run ends).
   */
  idleCloseMs?: number;
  /** Offer HTTP/2 to TLS servers (ALPN `h2`); default true. Plain HTTP stays HTTP/1.1. */
  allowH2?: boolean;
  /** Limit for TCP connect + proxy tunnel + TLS handshake of a new connection; default 30 s, 0 = none. */
  connectTimeoutMs?: number;
  /**
   * At most this many connections per origin; further requests wait for one to be free. Set it
   * to the run's parallelism: undici marks a connection free a moment after its response
   * ended, so without a bound a request sent right after another opens a second connection.
   * Undefined = no bound.
   */
  connectionsPerOrigin?: number;
}

/** How one send used its connection; filled in when the request is written to a socket. */
export interface ConnectionUse {
  /** True from the second request a connection carries on. */
  reused?: boolean;
  /** The connection's TCP (and proxy) connect time; 0 when reused. */
  socketMs?: number;
  /** The connection's TLS handshake; 0 when reused, undefined for plain HTTP. */
  tlsMs?: number;
  /** `1.1` or `2` (ALPN). */
  httpVersion?: string;
  /** The connection that carried it (what the connector learnt: a TLS alert after the handshake). */
  connection?: ConnectionFacts;
}

/** The connection settings a dispatcher is keyed by: requests with different trust never share a socket. */
export interface ConnectionSettings {
  tls?: TlsTrust;
  proxy?: ProxySettings;
}

// undici calls a request's `onRequestStart` and publishes `undici:client:sendHeaders` (with the
// socket) in the same synchronous step when it writes the request to a connection (HTTP/1.1 and
// HTTP/2 alike). The send's handler marks which send is being written (`markWriting`); the
// subscriber pairs it with the socket. Nothing else runs between the two. A request undici
// starts but does not write (aborted) ends in the handler's error callback, which clears the
// mark (`clearWriting`); the next request's start overwrites it in any case. (A wrapping handler
// per send and a microtask to clear the mark cost more than the rest of the tracking.)
let writing: ConnectionUse | undefined;
let subscribed = false;

/** The send whose request undici is writing to a connection right now. */
export function markWriting(use: ConnectionUse): void {
  writing = use;
}

/** Forgets the mark of a send that ended without being written. */
export function clearWriting(use: ConnectionUse): void {
  if (writing === use) writing = undefined;
}

function track(message: unknown): void {
  const use = writing;
  writing = undefined;
  const socket = (message as { socket?: Socket }).socket;
  if (!use || !socket) return;
  const connection = connectionOf(socket);
  if (!connection) return;
  const reused = connection.requests++ > 0;
  use.connection = connection;
  use.reused = reused;
  use.socketMs = reused ? 0 : connection.socketMs;
  use.tlsMs = connection.tlsMs === undefined ? undefined : reused ? 0 : connection.tlsMs;
  use.httpVersion = (socket as Socket & { alpnProtocol?: string | false }).alpnProtocol === 'h2' ? '2' : '1.1';
}

const digests = new WeakMap<object, string>();

/** A digest per object, computed once: the same loaded roots or certificate are not hashed again per send. */
export function digestOf(value: object, parts: () => (string | Uint8Array | undefined)[]): string {
  let digest = digests.get(value);
  if (!digest) {
    const hash = createHash('sha256');
    for (const part of parts()) hash.update(part === undefined ? '\0-' : part).update('\0');
    digest = hash.digest('hex');
    digests.set(value, digest);
  }
  return digest;
}

/**
 * The dispatcher key: trusted roots, insecure, the client certificate (its passphrase too, as a
 * digest: a key decrypted with another passphrase is another identity) and the proxy. Two sends
 * that differ in any of them never share a connection.
 */
export function settingsKey(settings: ConnectionSettings): string {
  const tls = settings.tls;
  const client = tls?.client;
  // `caKey` first: reading `ca` may load the roots (sessionTls makes it lazy).
  const ca = tls?.caKey === undefined ? tls?.ca : undefined;
  const caKey = tls?.caKey ?? (ca?.length ? digestOf(ca, () => [...ca]) : '');
  const clientKey = client ? digestOf(client, () => [client.cert, client.key, client.pfx, client.passphrase]) : '';
  return JSON.stringify([settings.tls?.insecure ?? false, caKey, clientKey, settings.proxy ?? null]);
}

export class ConnectionPool {
  private readonly dispatchers = new Map<string, Agent>();
  // The settings objects of the last acquire and their agent: a run's sends pass the same ones.
  private last: { tls?: TlsTrust; proxy?: ProxySettings; agent: Agent } | undefined;
  private active = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly options: ConnectionPoolOptions = {}) {
    if (!subscribed) {
      subscribed = true;
      subscribe('undici:client:sendHeaders', track);
    }
  }

  /**
   * The dispatcher for these settings, created on first use; `release` when the send is done
   * (its body read or abandoned), so the idle timer knows when the pool is unused.
   */
  acquire(settings: ConnectionSettings): { dispatcher: Dispatcher; release(): void } {
    if (this.closed) throw new Error('the connection pool is closed');
    clearTimeout(this.idleTimer);
    this.active++;
    let agent = this.last && this.last.tls === settings.tls && this.last.proxy === settings.proxy ? this.last.agent : undefined;
    if (!agent) agent = this.agentFor(settings);
    let released = false;
    return {
      dispatcher: agent,
      release: () => {
        if (released) return;
        released = true;
        if (--this.active === 0 && this.options.idleCloseMs !== undefined && !this.closed) {
          this.idleTimer = setTimeout(() => void this.closeConnections(), this.options.idleCloseMs);
          this.idleTimer.unref();
        }
      },
    };
  }

  private agentFor(settings: ConnectionSettings): Agent {
    const key = settingsKey(settings);
    let agent = this.dispatchers.get(key);
    if (!agent) {
      agent = new Agent({
        connect: timedConnector(settings.tls ?? {}, (this.options.connectTimeoutMs ?? 30_000) || undefined, settings.proxy, { allowH2: this.options.allowH2 ?? true }),
        allowH2: this.options.allowH2 ?? true,
        // One request at a time per connection: keep-alive without pipelining.
        pipelining: 1,
        connections: this.options.connectionsPerOrigin ?? null,
        // The sender's own timer is exact; undici's coarse timers would fire up to a second late.
        headersTimeout: 0,
        bodyTimeout: 0,
      });
      this.dispatchers.set(key, agent);
    }
    this.last = { tls: settings.tls, proxy: settings.proxy, agent };
    return agent;
  }

  /** Lets sends in flight finish, then closes every connection. The pool cannot be used after. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.idleTimer);
    await this.closeConnections();
  }

  /** Aborts sends in flight and closes every connection at once. */
  async destroy(): Promise<void> {
    this.closed = true;
    clearTimeout(this.idleTimer);
    const agents = [...this.dispatchers.values()];
    this.dispatchers.clear();
    this.last = undefined;
    await Promise.all(agents.map((agent) => agent.destroy().catch(() => undefined)));
  }

  private async closeConnections(): Promise<void> {
    const agents = [...this.dispatchers.values()];
    this.dispatchers.clear();
    this.last = undefined;
    await Promise.all(agents.map((agent) => agent.close().catch(() => undefined)));
  }
}
