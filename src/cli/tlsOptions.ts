// TLS from a terminal, the same for `regx run`, `regx flow run` and `regx test`: the flags
// (`--ca`, `--cert`, `--key`, `--pfx`, each for every request or, as `REGISTRY[/ENV]=FILE`, for
// one registry or environment), REGX_CA, and the workspace's own `registerExplorer.tls.*`
// settings in .vscode/settings.json — the file the editor reads, so a team's per-registry CA
// works in CI as it does in the editor. A passphrase only ever comes from a secret
// (REGX_SECRET_<NAME>, default REGX_SECRET_certificatePassphrase).

import { readFileSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { parse } from 'jsonc-parser';
import { UsageError } from './errors';
import type { OptionSpec } from './options';
import { RegxError } from '../core/errors';
import type { SessionTls } from '../core/run/sessionTls';
import { defaultRoots, defaultRootsKey } from '../core/tls/systemCertificates';
import { loadCaFile, loadClientCertificate } from '../core/tls/tlsMaterial';
import { DEFAULT_PASSPHRASE_SECRET, profilesFromSetting, type ScopedTlsProfile } from '../core/tls/tlsProfiles';

export interface TlsFlags {
  /** `--ca [SCOPE=]FILE`, as given. */
  caFiles: string[];
  certs: string[];
  keys: string[];
  pfxs: string[];
  insecure: boolean;
  /** `--no-system-ca`: Node's bundled roots only (plus the CA files). */
  noSystemCa?: boolean;
}

export function tlsFlagDefaults(): TlsFlags {
  return { caFiles: [], certs: [], keys: [], pfxs: [], insecure: false };
}

/** The TLS options, one table for every command that sends. */
export function tlsOptionSpecs<T extends TlsFlags>(): OptionSpec<T>[] {
  return [
    { flag: '--ca', value: '[REG[/ENV]=]FILE', help: "also trust the CA certificates in this PEM file (REG=FILE: only for that registry, e.g. kvk=root.pem); repeat for more", set: (o, v) => void o.caFiles.push(v) },
    { flag: '--cert', value: '[REG[/ENV]=]FILE', help: 'client certificate (PEM) for mutual TLS, with --key; REG=FILE: only for that registry', set: (o, v) => void o.certs.push(v) },
    { flag: '--key', value: '[REG[/ENV]=]FILE', help: "the client certificate's PEM key (passphrase: REGX_SECRET_certificatePassphrase)", set: (o, v) => void o.keys.push(v) },
    { flag: '--pfx', value: '[REG[/ENV]=]FILE', help: 'client certificate and key as PKCS#12 (.pfx/.p12); passphrase: REGX_SECRET_certificatePassphrase', set: (o, v) => void o.pfxs.push(v) },
    { flag: '--no-system-ca', help: "trust only Node's bundled roots and the CA files, not the system's trust store", set: (o) => (o.noSystemCa = true) },
    { flag: '--insecure', help: 'do not verify TLS certificates (never for real credentials)', set: (o) => (o.insecure = true) },
  ];
}

export const TLS_ENVIRONMENT: readonly (readonly [string, string])[] = [
  ['REGX_CA', `CA files (PEM) to trust for every request, separated by '${delimiter}' (as --ca)`],
  ['REGX_SECRET_certificatePassphrase', "the passphrase of a --pfx or encrypted --key (another secret: 'passphraseSecret' in the settings)"],
  ['SSL_CERT_FILE, SSL_CERT_DIR', "where the system's trust store is, when not in the usual place"],
  ['NODE_EXTRA_CA_CERTS', 'more CA certificates to trust, as Node reads them'],
];

const SCOPE = /^(\*|[a-z][a-z0-9-]*(?:\/[A-Za-z0-9][\w.-]*)?)=(.+)$/;

/** `kvk/test=ca.pem` → scope `kvk/test`, file; a plain path → scope `*`. */
function scoped(value: string): { scope: string; file: string } {
  const match = SCOPE.exec(value);
  return match ? { scope: match[1]!, file: match[2]! } : { scope: '*', file: value };
}

const SETTINGS = 'registerExplorer.tls';

/** The workspace's `registerExplorer.tls.*` settings, paths made absolute against the workspace. */
function workspaceProfiles(workspaceRoot: string, warn: (message: string) => void): { profiles: ScopedTlsProfile[]; systemCertificates?: boolean } {
  const file = join(workspaceRoot, '.vscode', 'settings.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { profiles: [] };
  }
  const settings = parse(text, [], { allowTrailingComma: true }) as Record<string, unknown> | null;
  if (!settings || typeof settings !== 'object') return { profiles: [] };
  const at = (path: string) => (isAbsolute(path) ? path : resolve(workspaceRoot, path));
  const profiles: ScopedTlsProfile[] = [];
  const caFiles = settings[`${SETTINGS}.caFiles`];
  if (Array.isArray(caFiles)) {
    const files = caFiles.filter((f): f is string => typeof f === 'string' && f !== '');
    if (files.length) profiles.push({ scope: '*', profile: { caFiles: files.map(at), source: `'${SETTINGS}.caFiles' in ${file}` } });
  }
  const registries = profilesFromSetting(settings[`${SETTINGS}.registries`], (scope) => `'${SETTINGS}.registries' › '${scope}' in ${file}`, at);
  for (const problem of registries.problems) warn(`${file}: ${SETTINGS}.registries ${problem}`);
  profiles.push(...registries.profiles);
  const system = settings[`${SETTINGS}.systemCertificates`];
  return { profiles, systemCertificates: typeof system === 'boolean' ? system : undefined };
}

/** The flags as profiles, one per scope; a flag that cannot work alone is a usage error. */
function flagProfiles(flags: TlsFlags, cwd: string, env: Record<string, string | undefined>): ScopedTlsProfile[] {
  const profiles: ScopedTlsProfile[] = [];
  const at = (file: string) => resolve(cwd, file);
  const regxCa = (env.REGX_CA ?? '').split(delimiter).filter(Boolean).map(at);
  if (regxCa.length) profiles.push({ scope: '*', profile: { caFiles: regxCa, source: 'REGX_CA' } });
  for (const value of flags.caFiles) {
    const { scope, file } = scoped(value);
    profiles.push({ scope, profile: { caFiles: [at(file)], source: scope === '*' ? '--ca' : `--ca ${scope}=…` } });
  }
  const clients = new Map<string, { pfx?: string; cert?: string; key?: string }>();
  const put = (flag: 'pfx' | 'cert' | 'key', value: string) => {
    const { scope, file } = scoped(value);
    const client = clients.get(scope) ?? {};
    if (client[flag]) throw new UsageError(`--${flag} given twice for ${scope === '*' ? 'every request' : scope}`);
    client[flag] = at(file);
    clients.set(scope, client);
  };
  for (const v of flags.pfxs) put('pfx', v);
  for (const v of flags.certs) put('cert', v);
  for (const v of flags.keys) put('key', v);
  for (const [scope, client] of clients) {
    const what = scope === '*' ? '' : ` ${scope}=…`;
    if (client.pfx && (client.cert || client.key)) throw new UsageError(`--pfx${what} and --cert/--key${what} exclude each other: a PKCS#12 file holds both certificate and key`);
    if (!client.pfx && !(client.cert && client.key)) throw new UsageError(client.cert ? `--cert${what} needs --key${what} (the certificate's private key)` : `--key${what} needs --cert${what}`);
    profiles.push({ scope, profile: { clientCertificate: client, source: client.pfx ? `--pfx${what}` : `--cert${what}` } });
  }
  return profiles;
}

export interface CliTlsInput {
  flags: TlsFlags;
  cwd: string;
  env: Record<string, string | undefined>;
  workspaceRoot: string;
  /** PEM certificates trusted for every request (the sandbox's CA). */
  extraCa?: string[];
  secrets: Record<string, string>;
  warn(message: string): void;
}

/**
 * The session's TLS for a command. The files the flags name are checked here, before anything is
 * sent: one that cannot be read, holds no certificate or does not open with its passphrase is a
 * usage error (exit 2) naming the flag.
 */
export async function cliTls(input: CliTlsInput): Promise<SessionTls> {
  const workspace = workspaceProfiles(input.workspaceRoot, input.warn);
  const flags = flagProfiles(input.flags, input.cwd, input.env);
  const ports = { readFile: async (path: string) => new Uint8Array(readFileSync(path)), secret: async (name: string) => input.secrets[name] };
  try {
    for (const { profile } of flags) {
      for (const file of profile.caFiles ?? []) await loadCaFile(file, profile.source, ports);
      if (profile.clientCertificate) await loadClientCertificate({ ...profile.clientCertificate, source: profile.source }, ports, secretAdvice);
    }
  } catch (error) {
    if (RegxError.is(error)) throw new UsageError(`${error.message}${error.hint ? `\n  ${error.hint}` : ''}`);
    throw error;
  }
  return {
    // Read when a TLS connection needs them: a plain-HTTP run never reads the system's store.
    ...lazyRoots({ system: !input.flags.noSystemCa && workspace.systemCertificates !== false, env: input.env }),
    extraCa: input.extraCa,
    profiles: [...workspace.profiles, ...flags],
    insecure: input.flags.insecure,
    advice: {
      trust: (scope) =>
        scope === '*'
          ? "pass '--ca FILE' (PEM) to regx, or list the file in 'registerExplorer.tls.caFiles' in .vscode/settings.json. '--insecure' skips the check (never for real credentials)."
          : `pass '--ca ${scopeRegistry(scope)}=FILE' (PEM; '--ca FILE' for every request) to regx, or add it to 'registerExplorer.tls.registries' › '${scopeRegistry(scope)}' › caFiles in .vscode/settings.json. '--insecure' skips the check (never for real credentials).`,
      clientCertificate: (scope) => {
        const prefix = scope === '*' ? '' : `${scope}=`;
        return `Pass '--pfx ${prefix}FILE' (passphrase in REGX_SECRET_${DEFAULT_PASSPHRASE_SECRET}) or '--cert ${prefix}FILE --key ${prefix}FILE' to regx, or set 'clientCertificate' under 'registerExplorer.tls.registries' › '${scope === '*' ? 'REGISTRY' : scope}' in .vscode/settings.json.`;
      },
      secret: secretAdvice,
    },
  };
}

function lazyRoots(options: Parameters<typeof defaultRoots>[0]): Pick<SessionTls, 'roots' | 'rootsKey'> {
  return { roots: () => defaultRoots(options), rootsKey: defaultRootsKey(options) };
}

function secretAdvice(name: string): string {
  return `set the environment variable REGX_SECRET_${name}`;
}

/** A CA is trusted per registry (all its environments): the registry part of `kvk/test`. */
function scopeRegistry(scope: string): string {
  return scope.split('/')[0]!;
}
