// Which CA files and which client certificate a request uses, by the registry and environment it
// talks to. Profiles come from several places — the registry's catalog entry, the editor's
// `registerExplorer.tls.*` settings (the CLI reads the same from .vscode/settings.json), the
// command line (`--ca`, `--cert`, `--pfx`, …) — each with a scope:
//   `*`                    every request
//   `<registry>`           every environment of one registry (`kvk`)
//   `<registry>/<env>`     one environment (`kvk/production`)
// CA files add up from the widest scope to the narrowest; the narrowest client certificate wins.
// Paths are absolute here: each adapter resolves them against what they are relative to.

export interface ClientCertificateFiles {
  /** A PKCS#12 file (`.pfx`, `.p12`) holding the certificate and its key. */
  pfx?: string;
  /** A PEM certificate (chain), with `key`. */
  cert?: string;
  /** The PEM private key of `cert`. */
  key?: string;
  /**
   * The secret that holds the PFX's or the key's passphrase (editor: SecretStorage via Set
   * Secret; CLI: `REGX_SECRET_<NAME>`); default `DEFAULT_PASSPHRASE_SECRET`. Never a value.
   */
  passphraseSecret?: string;
}

export interface TlsProfile {
  /** PEM files of CAs to trust on top of Node's and the system's roots. */
  caFiles?: string[];
  clientCertificate?: ClientCertificateFiles;
  /** Where it is set, for messages: `--ca`, `the setting registerExplorer.tls.registries › kvk`. */
  source: string;
}

export interface ScopedTlsProfile {
  /** `*`, `<registry>` or `<registry>/<environment>`. */
  scope: string;
  profile: TlsProfile;
}

/** The secret a passphrase is read from when the profile names none. */
export const DEFAULT_PASSPHRASE_SECRET = 'certificatePassphrase';

/** What applies to one request, with where each part was set. */
export interface EffectiveTls {
  /** In order, widest scope first; each file once. */
  caFiles: { file: string; source: string }[];
  clientCertificate?: ClientCertificateFiles & { source: string };
  /** A key that differs whenever the files differ (the session caches loaded material by it). */
  key: string;
}

/** 0 for `*`, 1 for a registry, 2 for a registry's environment; -1 when the scope does not cover the request. */
export function scopeRank(scope: string, registry: string | undefined, environment: string | undefined): number {
  if (scope === '*') return 0;
  const [id, env, ...rest] = scope.split('/');
  if (rest.length || !id || id !== registry) return -1;
  if (env === undefined) return 1;
  return env === environment ? 2 : -1;
}

/** The profiles that cover a request to `registry` in `environment`, merged. */
export function effectiveTls(profiles: readonly ScopedTlsProfile[], registry: string | undefined, environment: string | undefined): EffectiveTls {
  const applying = profiles
    .map((entry, order) => ({ ...entry, order, rank: scopeRank(entry.scope, registry, environment) }))
    .filter((entry) => entry.rank >= 0)
    // Stable: within one rank, the order the adapter gave (settings, then the command line).
    .sort((a, b) => a.rank - b.rank || a.order - b.order);
  const caFiles: EffectiveTls['caFiles'] = [];
  let clientCertificate: EffectiveTls['clientCertificate'];
  for (const { profile } of applying) {
    for (const file of profile.caFiles ?? []) if (!caFiles.some((seen) => seen.file === file)) caFiles.push({ file, source: profile.source });
    const client = profile.clientCertificate;
    if (client && (client.pfx || client.cert || client.key)) clientCertificate = { ...client, source: profile.source };
  }
  const key = JSON.stringify([caFiles.map((c) => c.file), clientCertificate ? [clientCertificate.pfx, clientCertificate.cert, clientCertificate.key, clientCertificate.passphraseSecret] : null]);
  return { caFiles, clientCertificate, key };
}

/** `kvk/production`, `kvk`, or `*`: the narrowest scope a request has, as settings and flags spell it. */
export function scopeOf(registry: string | undefined, environment: string | undefined): string {
  if (!registry) return '*';
  return environment ? `${registry}/${environment}` : registry;
}

/**
 * Reads a `registerExplorer.tls.registries`-shaped object (`{ "kvk": { caFiles, clientCertificate }, "kvk/test": … }`)
 * into scoped profiles; `resolvePath` makes each path absolute. Bad entries are skipped with a
 * problem each, so one typo does not take the others with it.
 */
export function profilesFromSetting(
  value: unknown,
  source: (scope: string) => string,
  resolvePath: (path: string) => string,
): { profiles: ScopedTlsProfile[]; problems: string[] } {
  const profiles: ScopedTlsProfile[] = [];
  const problems: string[] = [];
  if (value === undefined || value === null) return { profiles, problems };
  if (typeof value !== 'object' || Array.isArray(value)) return { profiles, problems: ['must be an object keyed by registry id or registry/environment'] };
  for (const [scope, raw] of Object.entries(value as Record<string, unknown>)) {
    if (!/^(\*|[A-Za-z0-9][\w.-]*(\/[\w.-]+)?)$/.test(scope)) {
      problems.push(`'${scope}': a key is a registry id or a registry and its environment ('REGISTRY/ENVIRONMENT')`);
      continue;
    }
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      problems.push(`'${scope}': must be an object with caFiles and/or clientCertificate`);
      continue;
    }
    const entry = raw as { caFiles?: unknown; clientCertificate?: unknown };
    const profile: TlsProfile = { source: source(scope) };
    if (entry.caFiles !== undefined) {
      if (!Array.isArray(entry.caFiles) || entry.caFiles.some((f) => typeof f !== 'string' || !f)) problems.push(`'${scope}'.caFiles: must be a list of file paths`);
      else profile.caFiles = (entry.caFiles as string[]).map(resolvePath);
    }
    if (entry.clientCertificate !== undefined) {
      const client = clientCertificateFrom(entry.clientCertificate, resolvePath);
      if (typeof client === 'string') problems.push(`'${scope}'.clientCertificate: ${client}`);
      else profile.clientCertificate = client;
    }
    profiles.push({ scope, profile });
  }
  return { profiles, problems };
}

/** A `{ pfx }` or `{ cert, key }` object with an optional `passphraseSecret`; a string says what is wrong. */
export function clientCertificateFrom(value: unknown, resolvePath: (path: string) => string): ClientCertificateFiles | string {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'must be an object: { "pfx": FILE } or { "cert": FILE, "key": FILE }';
  const raw = value as Record<string, unknown>;
  for (const name of ['pfx', 'cert', 'key', 'passphraseSecret']) {
    if (raw[name] !== undefined && (typeof raw[name] !== 'string' || !raw[name])) return `${name} must be a non-empty string`;
  }
  if ('passphrase' in raw) return "a passphrase is never written in settings: name the secret that holds it with 'passphraseSecret' and set it with Set Secret… (CLI: REGX_SECRET_<NAME>)";
  const pfx = raw.pfx as string | undefined;
  const cert = raw.cert as string | undefined;
  const key = raw.key as string | undefined;
  if (pfx && (cert || key)) return 'either pfx, or cert and key — not both';
  if (!pfx && !(cert && key)) return cert || key ? 'cert and key go together' : 'give pfx, or cert and key';
  return {
    ...(pfx ? { pfx: resolvePath(pfx) } : { cert: resolvePath(cert!), key: resolvePath(key!) }),
    ...(raw.passphraseSecret ? { passphraseSecret: raw.passphraseSecret as string } : {}),
  };
}

/** The JetBrains HTTP client's name for an environment's TLS in http-client(.private).env.json. */
export const SSL_CONFIGURATION = 'SSLConfiguration';

/**
 * An environment's `SSLConfiguration`, as the JetBrains HTTP client writes it in its env files
 * (`{ "clientCertificate": "dev.pem", "clientCertificateKey": "dev.key", "hasCertificatePassphrase":
 * true }`; a file may also be `{ "path": …, "format": … }`), as a profile for every request of the
 * environment. Paths are relative to the env file. `.p12`/`.pfx` (or format PKCS12/PFX) is read as
 * PKCS#12. The passphrase is the secret `certificatePassphrase`, as everywhere; JetBrains' own prompt
 * has no counterpart. `verifyHostCertificate: false` is not honoured: a file in the repository must
 * not turn certificate checks off (say `--insecure` for one run).
 */
export function sslConfigurationProfile(value: string, envFile: string | undefined, resolvePath: (path: string, envFile: string | undefined) => string): { profile?: ScopedTlsProfile; problems: string[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(value);
  } catch {
    return { problems: [`${SSL_CONFIGURATION} must be an object`] };
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { problems: [`${SSL_CONFIGURATION} must be an object`] };
  const config = raw as Record<string, unknown>;
  const problems: string[] = [];
  const fileOf = (name: string): { path?: string; format?: string } | undefined => {
    const entry = config[name];
    if (entry === undefined) return undefined;
    if (typeof entry === 'string' && entry) return { path: entry };
    if (entry && typeof entry === 'object' && typeof (entry as { path?: unknown }).path === 'string') return entry as { path: string; format?: string };
    problems.push(`${SSL_CONFIGURATION}.${name} must be a file path or { "path": FILE }`);
    return undefined;
  };
  if (config.verifyHostCertificate === false) problems.push(`${SSL_CONFIGURATION}.verifyHostCertificate false is not honoured (certificates are still checked); trust the server's CA instead, or pass --insecure for one run`);
  const cert = fileOf('clientCertificate');
  const key = fileOf('clientCertificateKey');
  if (!cert?.path) {
    if (key) problems.push(`${SSL_CONFIGURATION}.clientCertificateKey needs clientCertificate`);
    return { problems };
  }
  const source = `${SSL_CONFIGURATION} in ${envFile ?? 'the environment'}`;
  const pkcs12 = /\.(p12|pfx)$/i.test(cert.path) || /^(pkcs12|pfx|p12)$/i.test(cert.format ?? '');
  if (!pkcs12 && !key?.path) return { problems: [...problems, `${SSL_CONFIGURATION}.clientCertificate ${cert.path} is PEM and needs clientCertificateKey`] };
  const clientCertificate: ClientCertificateFiles = pkcs12 ? { pfx: resolvePath(cert.path, envFile) } : { cert: resolvePath(cert.path, envFile), key: resolvePath(key!.path!, envFile) };
  return { profile: { scope: '*', profile: { clientCertificate, source } }, problems };
}
