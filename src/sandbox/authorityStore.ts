// Keeps the sandbox's root CA, and the server certificate issued under it, on disk and reuses
// them: trust granted once survives restarts, and a warm start needs no key generation (nor
// the certificate library) at all.
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { atomicWrite } from './atomicWrite';
import type { CertificateAuthority, ServerCertificate } from './tls';

export const CA_FILE_NAME = 'sandbox-ca.pem';
const CA_KEY_FILE_NAME = 'sandbox-ca-key.pem';
const SERVER_FILE_NAME = 'sandbox-server.pem';
const SERVER_KEY_FILE_NAME = 'sandbox-server-key.pem';
const DAY_MS = 24 * 60 * 60 * 1000;
export const SERVER_HOSTS = ['127.0.0.1', 'localhost'];

export interface StoredAuthority {
  authority: CertificateAuthority;
  /** The PEM file a user (or a client's `ca` option) trusts. */
  caFile: string;
  server: ServerCertificate;
}

async function readPair(certFile: string, keyFile: string): Promise<{ cert: string; key: string } | undefined> {
  try {
    return { cert: await readFile(certFile, 'utf8'), key: await readFile(keyFile, 'utf8') };
  } catch {
    return undefined;
  }
}

/** Parses, key matches, and still valid for a month at `now`. */
function usable(pair: { cert: string; key: string }, now: Date): X509Certificate | undefined {
  try {
    const cert = new X509Certificate(pair.cert);
    if (new Date(cert.validTo).getTime() < now.getTime() + 30 * DAY_MS) return undefined;
    if (new Date(cert.validFrom).getTime() > now.getTime()) return undefined;
    return cert.checkPrivateKey(createPrivateKey(pair.key)) ? cert : undefined;
  } catch {
    return undefined;
  }
}

export async function loadOrCreateAuthority(dir: string, now: Date = new Date()): Promise<StoredAuthority> {
  const caFile = join(dir, CA_FILE_NAME);
  const serverFile = join(dir, SERVER_FILE_NAME);
  const serverKeyFile = join(dir, SERVER_KEY_FILE_NAME);
  let authority = await readPair(caFile, join(dir, CA_KEY_FILE_NAME));
  const caCert = authority && usable(authority, now);
  if (!authority || !caCert?.ca) {
    const tls = await import('./tls');
    authority = await tls.createCertificateAuthority({ commonName: 'Register Explorer Sandbox Private Root CA', now });
    await atomicWrite(join(dir, CA_KEY_FILE_NAME), authority.key, 0o600);
    await atomicWrite(caFile, authority.cert);
  } else {
    const server = await readPair(serverFile, serverKeyFile);
    const serverCert = server && usable(server, now);
    if (server && serverCert && serverCert.checkIssued(caCert) && serverCert.verify(caCert.publicKey) && SERVER_HOSTS.every((host) => serverCert.checkHost(host) || serverCert.checkIP(host))) {
      return { authority, caFile, server };
    }
  }
  const tls = await import('./tls');
  const server = await tls.issueServerCertificate(authority, { hosts: SERVER_HOSTS, now });
  await atomicWrite(serverKeyFile, server.key, 0o600);
  await atomicWrite(serverFile, server.cert);
  return { authority, caFile, server };
}
