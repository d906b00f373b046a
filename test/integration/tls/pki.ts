// A private PKI made per test run with the sandbox's own certificate library: a root CA, a server
// certificate for 127.0.0.1 under it, a client certificate under it (PEM, and PKCS#12 with a
// passphrase), and a client certificate from another root the server does not trust. Written to a
// folder as a user would keep them. The PKCS#12 file is made with the openssl command, which
// Node cannot do itself.

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCertificateAuthority, issueClientCertificate, issueServerCertificate } from '../../../src/sandbox/tls';
import type { TestCertificates } from '../../helpers/http-servers';

export const ROOT_NAME = 'Staat der Tests Private Root CA - G1';
export const CLIENT_NAME = 'Acme Integrations BV';
/** Planted: it must appear in no history entry, report, stdout or stderr. */
export const PFX_PASSPHRASE = 'pfx-passphrase-Zq8#unique-4471';

export interface Pki {
  dir: string;
  /** For startHttpsServer: the server's certificate under the root. */
  server: TestCertificates;
  caPem: string;
  files: { ca: string; clientCert: string; clientKey: string; clientPfx: string; rogueCert: string; rogueKey: string };
}

export async function makePki(dir: string): Promise<Pki> {
  const root = await createCertificateAuthority({ commonName: ROOT_NAME });
  const server = await issueServerCertificate(root, { hosts: ['127.0.0.1', 'localhost'] });
  const client = await issueClientCertificate(root, { commonName: CLIENT_NAME });
  const otherRoot = await createCertificateAuthority({ commonName: 'Somebody Else Root' });
  const rogue = await issueClientCertificate(otherRoot, { commonName: 'Rogue Client' });
  const files = {
    ca: join(dir, 'private-root.pem'),
    clientCert: join(dir, 'client.pem'),
    clientKey: join(dir, 'client.key'),
    clientPfx: join(dir, 'client.p12'),
    rogueCert: join(dir, 'rogue.pem'),
    rogueKey: join(dir, 'rogue.key'),
  };
  writeFileSync(files.ca, root.cert);
  writeFileSync(files.clientCert, client.cert);
  writeFileSync(files.clientKey, client.key, { mode: 0o600 });
  writeFileSync(files.rogueCert, rogue.cert);
  writeFileSync(files.rogueKey, rogue.key, { mode: 0o600 });
  try {
    // The passphrase through an environment variable, not the command line.
    execFileSync('openssl', ['pkcs12', '-export', '-in', files.clientCert, '-inkey', files.clientKey, '-out', files.clientPfx, '-passout', 'env:PFX_PASS', '-name', CLIENT_NAME], { env: { ...process.env, PFX_PASS: PFX_PASSPHRASE }, stdio: 'pipe' });
  } catch (error) {
    throw new Error(`the PKCS#12 test file needs the openssl command (apt-get install openssl): ${(error as Error).message}`);
  }
  return { dir, server: { caPem: root.cert, certPem: server.cert, keyPem: server.key }, caPem: root.cert, files };
}
