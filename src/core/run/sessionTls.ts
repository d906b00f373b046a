// The TLS of each send in a session: which roots it trusts and which client certificate it
// offers, by the registry and environment the request resolved to (core/tls/tlsProfiles.ts), and
// how a failure tells the user to fix it for that registry. Loaded once per distinct profile and
// session; the same trust object goes to every send that shares it, so the connection pool keys
// them alike — and sends whose trust or client certificate differ never share a connection.

import { dirname, isAbsolute, resolve } from 'node:path';
import type { Catalog } from '../catalog/loadCatalog';
import { findRegistry } from '../catalog/loadCatalog';
import { RegxError } from '../errors';
import type { TlsAdvice } from '../send/sendError';
import { digestOf } from '../send/connectionPool';
import { secureContextOf, type TlsTrust } from '../send/timedConnector';
import { loadCaFile, loadClientCertificate, type TlsMaterialPorts } from '../tls/tlsMaterial';
import { effectiveTls, scopeOf, SSL_CONFIGURATION, sslConfigurationProfile, type ScopedTlsProfile } from '../tls/tlsProfiles';
import type { VariableValue } from '../variables/types';

/** The adapter's words for the fixes, for a scope (`kvk/test`, `kvk`, `*`). */
export interface TlsAdviceWords {
  /** How to trust a CA for requests of this scope. */
  trust(scope: string): string;
  /** How to give requests of this scope a client certificate. */
  clientCertificate(scope: string): string;
  /** How to store a secret (a passphrase) under this name. */
  secret(name: string): string;
}

export interface SessionTls {
  /**
   * The roots trusted before any CA file: `defaultRoots()` (Node's bundled ones and the system's).
   * A function is called only when a TLS connection or its pool key needs them (reading the
   * system's store can take 30 ms with SSL_CERT_DIR set); then `rootsKey` must name them.
   */
  roots: readonly string[] | (() => readonly string[]);
  /** Which roots the function gives (e.g. the inputs of `defaultRoots`), for the pool key. */
  rootsKey?: string;
  /** PEM certificates trusted for every request that have no file to name (the sandbox's CA). */
  extraCa?: readonly string[];
  /** Profiles from settings and the command line, paths absolute; the catalog's own are added. */
  profiles: readonly ScopedTlsProfile[];
  /** `--insecure`: no certificate is checked (client certificates are still offered). */
  insecure?: boolean;
  advice: TlsAdviceWords;
}

export interface SendTls {
  trust: TlsTrust;
  advice: TlsAdvice;
}

export class SessionTlsResolver {
  private readonly loaded = new Map<string, Promise<SendTls>>();
  /** The profile the last send got (a run's sends mostly ask for the same one). */
  private last: { id: string | undefined; environment: string | undefined; secure: boolean; tls: SendTls } | undefined;
  private readonly profiles: ScopedTlsProfile[];
  /** The merged profiles per scope: fixed once the resolver is made, and merging them cost every send ~10 us. */
  private readonly effective = new Map<string, ReturnType<typeof effectiveTls>>();

  constructor(
    private readonly tls: SessionTls,
    private readonly catalog: Catalog,
    private readonly ports: TlsMaterialPorts,
    /** The selected environment's variables: a JetBrains `SSLConfiguration` there is a profile too. */
    environment?: Map<string, VariableValue>,
    warn?: (message: string) => void,
  ) {
    // The catalog's CA files first: the widest the user sets adds to them, the narrowest too.
    const fromCatalog: ScopedTlsProfile[] = [];
    for (const entry of catalog.entries) {
      const source = `${entry.folder}/registry.yaml`;
      if (entry.tls?.caFiles?.length) fromCatalog.push({ scope: entry.id, profile: { caFiles: entry.tls.caFiles, source } });
      for (const env of entry.environments) if (env.caFiles?.length) fromCatalog.push({ scope: `${entry.id}/${env.name}`, profile: { caFiles: env.caFiles, source } });
    }
    // The environment file's client certificate, then settings and flags (narrower scopes win anyway).
    const fromEnvironment: ScopedTlsProfile[] = [];
    const ssl = environment?.get(SSL_CONFIGURATION);
    if (ssl) {
      const read = sslConfigurationProfile(ssl.value, ssl.origin, (path, file) => (isAbsolute(path) || !file ? path : resolve(dirname(file), path)));
      for (const problem of read.problems) warn?.(`${ssl.origin ?? 'environment'}: ${problem}`);
      if (read.profile) fromEnvironment.push(read.profile);
    }
    this.profiles = [...fromCatalog, ...fromEnvironment, ...tls.profiles];
  }

  /**
   * What `forRequest` gave the last send when this one asks the same: a run's sends mostly do,
   * and the session then sends without a promise and an await more per request.
   */
  known(registry: { id: string; environment: string } | undefined, secure = true): SendTls | undefined {
    const last = this.last;
    return last && last.id === registry?.id && last.environment === registry?.environment && last.secure === secure ? last.tls : undefined;
  }

  /**
   * The trust and advice of a send to `registry` (`{ id, environment }`), loaded once; throws a
   * `certificate-file` RegxError. `secure` = the send may need TLS (https, or a proxy): only then
   * are the roots parsed into a secure context (40 ms of CPU for a few hundred roots), here, so a
   * bad root fails naming where it came from. A plain-HTTP send that is redirected to https
   * builds it in the connector instead.
   */
  async forRequest(registry: { id: string; environment: string } | undefined, secure = true): Promise<SendTls> {
    const known = this.known(registry, secure);
    if (known) return known;
    const scope = scopeOf(registry?.id, registry?.environment);
    const profileKey = `${registry?.id ?? ''}\0${registry?.environment ?? ''}`;
    let effective = this.effective.get(profileKey);
    if (!effective) this.effective.set(profileKey, (effective = effectiveTls(this.profiles, registry?.id, registry?.environment)));
    const key = `${scope}\n${effective.key}`;
    let load = this.loaded.get(key);
    if (!load) {
      load = (async (): Promise<SendTls> => {
        const added = [...(this.tls.extraCa ?? [])];
        for (const { file, source } of effective.caFiles) added.push(...(await loadCaFile(file, source, this.ports)));
        const client = effective.clientCertificate && (await loadClientCertificate(effective.clientCertificate, this.ports, this.tls.advice.secret));
        const entry = registry && findRegistry(this.catalog, registry.id);
        const note = entry?.tls?.privateRoot ? `${entry.name}: ${entry.tls.note}` : undefined;
        const roots = this.tls.roots;
        const trust: TlsTrust = { insecure: this.tls.insecure, client };
        if (typeof roots === 'function') {
          // Loaded on first read (a TLS connection's secure context); the pool keys by name.
          let ca: readonly string[] | undefined;
          Object.defineProperty(trust, 'ca', { enumerable: true, configurable: true, get: () => (ca ??= added.length ? [...roots(), ...added] : roots()) });
          trust.caKey = `${this.tls.rootsKey ?? 'roots'}\n${added.length ? digestOf(added, () => added) : ''}`;
        } else {
          // Nothing added: the roots themselves, so every such send shares one pool key computed once.
          trust.ca = added.length ? [...roots, ...added] : roots;
        }
        return {
          trust,
          advice: { trust: this.tls.advice.trust(scope), clientCertificate: this.tls.advice.clientCertificate(scope), note },
        };
      })();
      // A file fixed on disk is read again on the next send rather than failing for the session.
      load.catch(() => this.loaded.delete(key));
      this.loaded.set(key, load);
    }
    const tls = await load;
    if (secure && !tls.trust.context) {
      try {
        // Parsed once, handed to the pool's connector: a bad root fails now, naming where it came from.
        tls.trust.context = secureContextOf(tls.trust);
      } catch (error) {
        // Not kept: the files are read again on the next send, as when one could not be read.
        if (this.loaded.get(key) === load) this.loaded.delete(key);
        const files = effective.caFiles.map((c) => `${c.file} (${c.source})`);
        throw new RegxError('certificate-file', `the trusted certificates cannot be used: ${error instanceof Error ? error.message : String(error)}`, files.length ? `One of these is not a usable CA certificate: ${files.join(', ')}.` : undefined);
      }
    }
    this.last = { id: registry?.id, environment: registry?.environment, secure, tls };
    return tls;
  }
}
