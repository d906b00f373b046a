// Turns the files a TLS profile names into what a connection uses: the CA certificates as PEM
// and the client certificate with its key, its passphrase read from a secret. Every problem is a
// RegxError `certificate-file` that names the file, where it was set and what to do — checked
// before anything is sent, so a wrong passphrase is not a mysterious handshake failure later.

import { X509Certificate } from 'node:crypto';
import { basename } from 'node:path';
import type { SecureContext } from 'node:tls';
import { RegxError } from '../errors';
import type { ClientCertificate } from '../send/timedConnector';
import { nodeTls } from './nodeTls';
import { pemCertificates } from './systemCertificates';
import { DEFAULT_PASSPHRASE_SECRET, type ClientCertificateFiles } from './tlsProfiles';

export interface TlsMaterialPorts {
  readFile(path: string): Promise<Uint8Array>;
  /** A secret by name (SecretStorage, REGX_SECRET_<NAME>). */
  secret(name: string): Promise<string | undefined>;
}

/** How the adapter tells the user to store a secret (`regx`: REGX_SECRET_<NAME>; the editor: Set Secret…). */
export type SecretAdvice = (name: string) => string;

async function read(path: string, source: string, ports: TlsMaterialPorts): Promise<Uint8Array> {
  try {
    return await ports.readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new RegxError('certificate-file', `${source} '${path}': ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`, `Check the path in ${source}.`);
  }
}

/** The certificates of one CA file: PEM (one or more), or a single DER certificate (`.cer`). */
export async function loadCaFile(file: string, source: string, ports: TlsMaterialPorts): Promise<string[]> {
  const bytes = await read(file, source, ports);
  const pems = pemCertificates(Buffer.from(bytes).toString('utf8'));
  if (pems.length) {
    pems.forEach((pem, index) => {
      try {
        new X509Certificate(pem);
      } catch (error) {
        throw new RegxError('certificate-file', `${source} '${file}': certificate ${index + 1} of ${pems.length} cannot be read (${failure(error)})`, 'Export the CA again as PEM; the file may have been cut or edited.');
      }
    });
    return pems;
  }
  try {
    return [new X509Certificate(Buffer.from(bytes)).toString()];
  } catch {
    throw new RegxError('certificate-file', `${source} '${file}': no certificate in it`, 'A CA file is a PEM file ("-----BEGIN CERTIFICATE-----") or one DER certificate; export the root CA in one of those forms.');
  }
}

/** `CN=Acme BV, O=Acme` from Node's one-per-line form. */
export function distinguishedName(multiline: string): string {
  return multiline.split('\n').filter(Boolean).join(', ');
}

function failure(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/^error:[0-9A-F]+:[^:]*:[^:]*:/i, '').trim();
}

/**
 * Loads a client certificate and checks that it opens: PKCS#12 with its passphrase, or PEM
 * certificate and key (an encrypted key with its passphrase) that belong together.
 */
export async function loadClientCertificate(files: ClientCertificateFiles & { source: string }, ports: TlsMaterialPorts, secretAdvice: SecretAdvice): Promise<ClientCertificate> {
  const secretName = files.passphraseSecret ?? DEFAULT_PASSPHRASE_SECRET;
  const passphrase = await ports.secret(secretName);
  const where = `${files.pfx ?? files.cert} (${files.source})`;
  let certificate: ClientCertificate;
  if (files.pfx) {
    const pfx = await read(files.pfx, files.source, ports);
    certificate = { pfx, passphrase, label: basename(files.pfx) };
  } else {
    const cert = Buffer.from(await read(files.cert!, files.source, ports)).toString('utf8');
    const key = Buffer.from(await read(files.key!, files.source, ports)).toString('utf8');
    if (!pemCertificates(cert).length) throw new RegxError('certificate-file', `${files.source} '${files.cert}': no PEM certificate in it`, 'The client certificate is a PEM file ("-----BEGIN CERTIFICATE-----"); a .pfx/.p12 goes in "pfx" instead.');
    if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key)) throw new RegxError('certificate-file', `${files.source} '${files.key}': no PEM private key in it`, 'The key is a PEM file ("-----BEGIN PRIVATE KEY-----", or an encrypted one with its passphrase in a secret).');
    certificate = { cert, key, passphrase, label: basename(files.cert!) };
  }
  let context;
  try {
    context = nodeTls().createSecureContext({ cert: certificate.cert, key: certificate.key, pfx: certificate.pfx && Buffer.from(certificate.pfx), passphrase });
  } catch (error) {
    const reason = failure(error);
    const encrypted = certificate.pfx || /ENCRYPTED/.test(certificate.key ?? '');
    if (encrypted && /mac verify|bad decrypt|decrypt|password|passphrase|PKCS12|pkcs12/i.test(reason)) {
      throw new RegxError(
        'certificate-file',
        passphrase === undefined
          ? `the client certificate ${where} is protected by a passphrase, and the secret '${secretName}' holds none`
          : `the passphrase in the secret '${secretName}' does not open the client certificate ${where}`,
        `Store the passphrase as the secret '${secretName}': ${secretAdvice(secretName)}.${files.passphraseSecret ? '' : " Another secret name goes in the profile's 'passphraseSecret'."}`,
      );
    }
    if (/key values mismatch|KEY_VALUES_MISMATCH/i.test(reason)) {
      throw new RegxError('certificate-file', `the key ${files.key} does not belong to the certificate ${where}`, 'Give the private key that was issued with this certificate.');
    }
    throw new RegxError('certificate-file', `the client certificate ${where} cannot be used: ${reason}`, 'Check that the file is a PKCS#12 (.pfx/.p12) file, or a PEM certificate with its PEM key.');
  }
  const subject = subjectOf(context, certificate.cert);
  if (subject) certificate.label = `${subject} (${certificate.label})`;
  return certificate;
}

/** The subject of the certificate a context presents (PFX: read from the opened context). */
function subjectOf(context: SecureContext, pem: string | undefined): string | undefined {
  try {
    if (pem) return distinguishedName(new X509Certificate(pemCertificates(pem)[0]!).subject);
    const der = (context as unknown as { context?: { getCertificate?(): Buffer | null } }).context?.getCertificate?.();
    return der ? distinguishedName(new X509Certificate(der).subject) : undefined;
  } catch {
    return undefined;
  }
}
