// The operating system's trust store, as far as Node can read it. Node 20 has only the roots it
// was built with (`tls.rootCertificates`); a CA an administrator added to the system (a company
// proxy's root, a government private root installed by IT) is not among them. Node 22.15+ and
// 23.5+ read the system store themselves (`tls.getCACertificates('system')`, the editor's Node may
// have it); elsewhere this reads the bundle the system keeps as a file (OpenSSL's SSL_CERT_FILE /
// SSL_CERT_DIR first, then the paths Linux, the BSDs and macOS use, as curl and Go look for them).
// The result is added to Node's bundled roots, never instead of them. Windows' and macOS's
// keychains need a native module or Node 22; there NODE_EXTRA_CA_CERTS or a CA file setting does it.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeTls } from './nodeTls';

/** Where distributions keep the system bundle, most common first (Go's crypto/x509 list). */
export const SYSTEM_BUNDLES = [
  '/etc/ssl/certs/ca-certificates.crt', // Debian, Ubuntu, Gentoo, Arch
  '/etc/pki/tls/certs/ca-bundle.crt', // Fedora, RHEL 6
  '/etc/ssl/ca-bundle.pem', // openSUSE
  '/etc/pki/tls/cacert.pem', // OpenELEC
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem', // CentOS, RHEL 7
  '/etc/ssl/cert.pem', // Alpine, macOS, the BSDs
];

export interface SystemCertificates {
  /** PEM certificates, each once. */
  certificates: string[];
  /** Where they came from, for `regx doctor`-style messages and the log. */
  from: string[];
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Every PEM certificate in a text, each as its own string. */
export function pemCertificates(text: string): string[] {
  return (text.match(PEM_BLOCK) ?? []).map((block) => `${block}\n`);
}

export interface SystemCertificateSources {
  env: Record<string, string | undefined>;
  /** False: only NODE_EXTRA_CA_CERTS (the user turned the system store off). Default true. */
  system?: boolean;
  platform?: NodeJS.Platform;
  readText?(path: string): string | undefined;
  listDir?(path: string): string[];
  /** `tls.getCACertificates` where the Node in use has it. */
  getCACertificates?: ((type: 'system' | 'extra') => string[]) | undefined;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function listDir(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

/**
 * The system's roots and NODE_EXTRA_CA_CERTS (which Node drops as soon as a `ca` list is given,
 * so it is read again here). Never throws: what cannot be read is left out.
 */
export function readSystemCertificates(sources: SystemCertificateSources): SystemCertificates {
  const read = sources.readText ?? readText;
  const list = sources.listDir ?? listDir;
  const seen = new Set<string>();
  const certificates: string[] = [];
  const from: string[] = [];
  const add = (pems: string[], where: string) => {
    let added = 0;
    for (const pem of pems) {
      const normal = pem.replace(/\r/g, '');
      if (seen.has(normal)) continue;
      seen.add(normal);
      certificates.push(normal);
      added++;
    }
    if (added) from.push(`${where} (${added})`);
  };
  const getCA = 'getCACertificates' in sources ? sources.getCACertificates : nodeGetCACertificates();
  const system = sources.system ?? true;
  let native = false;
  if (system && getCA) {
    try {
      add(getCA('system'), "the system's trust store");
      native = true;
    } catch {
      // An older Node that knows only 'default' and 'bundled'.
    }
  }
  if (system && !native && sources.platform !== 'win32') {
    // The first bundle that reads, read once.
    let text: string | undefined;
    const file = sources.env.SSL_CERT_FILE || SYSTEM_BUNDLES.find((path) => (text = read(path)) !== undefined);
    if (file) add(pemCertificates((file === sources.env.SSL_CERT_FILE ? read(file) : text) ?? ''), file);
    for (const dir of (sources.env.SSL_CERT_DIR ?? '').split(':').filter(Boolean)) {
      for (const name of list(dir).filter((n) => /\.(pem|crt|cer)$/i.test(n)).sort()) add(pemCertificates(read(join(dir, name)) ?? ''), join(dir, name));
    }
  }
  const extra = sources.env.NODE_EXTRA_CA_CERTS;
  if (extra) add(pemCertificates(read(extra) ?? ''), `NODE_EXTRA_CA_CERTS=${extra}`);
  return { certificates, from };
}

function nodeGetCACertificates(): SystemCertificateSources['getCACertificates'] {
  const fn = (nodeTls() as unknown as { getCACertificates?: (type: string) => string[] }).getCACertificates;
  return fn ? (type) => fn(type) : undefined;
}

let cached: { key: string; roots: readonly string[] } | undefined;

/** What `defaultRoots` reads, as one string: the same key, the same roots (in one process). */
export function defaultRootsKey(options: { system: boolean; env: Record<string, string | undefined> }): string {
  return JSON.stringify([options.system, options.env.SSL_CERT_FILE, options.env.SSL_CERT_DIR, options.env.NODE_EXTRA_CA_CERTS]);
}

/**
 * The roots a send trusts before any CA file: Node's bundled ones, plus the system's unless
 * `system` is false. One array per process and environment, so the connection pool hashes it once.
 */
export function defaultRoots(options: { system: boolean; env: Record<string, string | undefined> }): readonly string[] {
  const key = defaultRootsKey(options);
  if (cached?.key === key) return cached.roots;
  const bundled = [...nodeTls().rootCertificates];
  const extra = readSystemCertificates({ env: options.env, system: options.system, platform: process.platform }).certificates;
  // Most of the system's roots are Node's own, wrapped at another width (Debian: 122 of 144):
  // compared without whitespace, each is added to a secure context once, not twice.
  // (split/join: the regular expression /\s+/g took 12 ms on 288 roots in a fresh process, this 3 ms;
  // a bundle written with CRLF keeps its \r in each line)
  const bare = (pem: string) => pem.split('\n').join('').split('\r').join('').split(' ').join('').split('\t').join('');
  const known = new Set(bundled.map(bare));
  const roots = Object.freeze([...bundled, ...extra.filter((pem) => !known.has(bare(pem)))]);
  cached = { key, roots };
  return roots;
}
