// A private root CA and server certificates under it, so the sandbox's kvk origin behaves like
// the real one: HTTPS with a chain the user has to choose to trust (KVK uses the "Staat der
// Nederlanden Private Root CA – G1"). ECDSA P-256 keeps generation in the low milliseconds.
// @peculiar/x509 resolves its services through tsyringe, which needs the Reflect metadata API first.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import { isIP } from 'node:net';
import * as x509 from '@peculiar/x509';

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A root CA as PEM text, so it can be written to disk and loaded again across restarts. */
export interface CertificateAuthority {
  /** PEM `CERTIFICATE`: what a user trusts (the `caFile`). */
  cert: string;
  /** PEM `PRIVATE KEY` (PKCS#8). */
  key: string;
}

export interface ServerCertificate {
  cert: string;
  key: string;
}

const crypto = webcrypto as unknown as Crypto;

function serial(): string {
  // Positive, non-zero 16-byte serial: a leading 0x01..0x7f byte keeps it positive in DER.
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  bytes[0] = (bytes[0]! % 0x7f) + 1;
  return Buffer.from(bytes).toString('hex');
}

async function exportKeyPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await crypto.subtle.exportKey('pkcs8', key));
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

async function generateKeys(): Promise<CryptoKeyPair> {
  return (await crypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
}

export async function createCertificateAuthority(options: { commonName: string; validDays?: number; now?: Date }): Promise<CertificateAuthority> {
  if (!options.commonName) throw new Error('createCertificateAuthority: commonName is required');
  const keys = await generateKeys();
  const now = options.now ?? new Date();
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serial(),
      name: new x509.Name([{ CN: [options.commonName] }, { O: ['Register Explorer sandbox'] }]),
      notBefore: new Date(now.getTime() - DAY_MS),
      notAfter: new Date(now.getTime() + (options.validDays ?? 3650) * DAY_MS),
      signingAlgorithm: ALGORITHM,
      keys,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  return { cert: cert.toString('pem'), key: await exportKeyPem(keys.privateKey) };
}

/**
 * A leaf certificate signed by `ca` for one use (server or client authentication); valid below
 * 398 days, the longest validity browsers accept for a server certificate.
 */
async function issueLeaf(
  ca: CertificateAuthority,
  options: { commonName: string; usage: x509.ExtendedKeyUsage; hosts?: string[]; validDays?: number; now?: Date },
): Promise<ServerCertificate> {
  const caCert = new x509.X509Certificate(ca.cert);
  const caKey = await crypto.subtle.importKey('pkcs8', x509.PemConverter.decodeFirst(ca.key), ALGORITHM, false, ['sign']);
  const keys = await generateKeys();
  const now = options.now ?? new Date();
  const names = options.hosts?.length
    ? [
        new x509.SubjectAlternativeNameExtension(options.hosts.map((host) => ({ type: (isIP(host) ? 'ip' : 'dns') as x509.GeneralNameType, value: host }))),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
      ]
    : [];
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: serial(),
      subject: new x509.Name([{ CN: [options.commonName] }]),
      issuer: caCert.subjectName,
      notBefore: new Date(now.getTime() - DAY_MS),
      notAfter: new Date(now.getTime() + (options.validDays ?? 397) * DAY_MS),
      signingAlgorithm: ALGORITHM,
      publicKey: keys.publicKey,
      signingKey: caKey,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([options.usage]),
        ...names,
        await x509.AuthorityKeyIdentifierExtension.create(caCert, false, crypto),
      ],
    },
    crypto,
  );
  return { cert: cert.toString('pem'), key: await exportKeyPem(keys.privateKey) };
}

/** Issues a leaf certificate for `hosts` (DNS names or IP addresses) signed by `ca`. */
export async function issueServerCertificate(ca: CertificateAuthority, options: { hosts: string[]; validDays?: number; now?: Date }): Promise<ServerCertificate> {
  if (options.hosts.length === 0) throw new Error('issueServerCertificate: at least one host is required');
  return issueLeaf(ca, { ...options, commonName: options.hosts[0]!, usage: x509.ExtendedKeyUsage.serverAuth });
}

/**
 * Issues a client certificate (extended key usage clientAuth) for `commonName`, signed by `ca`:
 * what a registry that wants mutual TLS checks, and what the TLS tests present.
 */
export async function issueClientCertificate(ca: CertificateAuthority, options: { commonName: string; validDays?: number; now?: Date }): Promise<ServerCertificate> {
  return issueLeaf(ca, { ...options, usage: x509.ExtendedKeyUsage.clientAuth });
}
