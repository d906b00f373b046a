// Keeps the sandbox's root CA on disk and reuses it, so trust granted once survives restarts.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { atomicWrite } from './atomicWrite';
import { createCertificateAuthority, isUsableAuthority, type CertificateAuthority } from './tls';

export const CA_FILE_NAME = 'sandbox-ca.pem';
const CA_KEY_FILE_NAME = 'sandbox-ca-key.pem';

export interface StoredAuthority {
  authority: CertificateAuthority;
  /** The PEM file a user (or a client's `ca` option) trusts. */
  caFile: string;
}

export async function loadOrCreateAuthority(dir: string, now: Date = new Date()): Promise<StoredAuthority> {
  const caFile = join(dir, CA_FILE_NAME);
  const keyFile = join(dir, CA_KEY_FILE_NAME);
  try {
    const authority = { cert: await readFile(caFile, 'utf8'), key: await readFile(keyFile, 'utf8') };
    if (isUsableAuthority(authority, now)) return { authority, caFile };
  } catch {
    // missing or unreadable: make a new one below
  }
  const authority = await createCertificateAuthority({ commonName: 'Register Explorer Sandbox Private Root CA', now });
  await atomicWrite(keyFile, authority.key, 0o600);
  await atomicWrite(caFile, authority.cert);
  return { authority, caFile };
}
