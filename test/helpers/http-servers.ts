// Real HTTP(S) servers on 127.0.0.1 for the engine's tests, with a CA made per test run so
// TLS tests cover trusted, unknown-CA, wrong-host and expired certificates.

import { createServer as createHttp, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttps } from 'node:https';
import { webcrypto } from 'node:crypto';
import type { AddressInfo } from 'node:net';
// @peculiar/x509 resolves its services through tsyringe, which needs the Reflect metadata API first.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export type Handler = (request: IncomingMessage, response: ServerResponse, body: Buffer) => unknown;

export interface TestServer {
  url: string;
  port: number;
  /** Requests seen, in order. */
  requests: { method: string; url: string; headers: IncomingMessage['headers']; body: Buffer }[];
  /** TCP connections accepted so far, and those still open. */
  connections: { accepted: number; open: Set<import('node:net').Socket> };
  close(): Promise<void>;
}

export interface TestCertificates {
  caPem: string;
  certPem: string;
  keyPem: string;
}

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

function pem(label: string, der: ArrayBuffer): string {
  const base64 = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${base64}${base64.endsWith('\n') ? '' : '\n'}-----END ${label}-----\n`;
}

/**
 * A root CA and a server certificate under it for `hosts`; `expired` backdates the leaf;
 * `intermediate` puts an intermediate CA between them, which the server sends with its leaf.
 */
export async function makeCertificates(options: { hosts?: string[]; expired?: boolean; caName?: string; intermediate?: string } = {}): Promise<TestCertificates> {
  const caKeys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
  const now = Date.now();
  const day = 86_400_000;
  const caName = `CN=${options.caName ?? 'Register Explorer Test Root'}, O=Register Explorer Tests`;
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: caName,
    notBefore: new Date(now - day),
    notAfter: new Date(now + 30 * day),
    keys: caKeys,
    signingAlgorithm: ALGORITHM,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)],
  });
  let signer = { cert: ca, keys: caKeys };
  if (options.intermediate) {
    const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: '03',
      subject: `CN=${options.intermediate}`,
      issuer: ca.subject,
      notBefore: new Date(now - day),
      notAfter: new Date(now + 30 * day),
      signingKey: caKeys.privateKey,
      publicKey: keys.publicKey,
      signingAlgorithm: ALGORITHM,
      extensions: [new x509.BasicConstraintsExtension(true, 0, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)],
    });
    signer = { cert, keys };
  }
  const leafKeys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
  const hosts = options.hosts ?? ['127.0.0.1', 'localhost'];
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: '02',
    subject: `CN=${hosts[0]}`,
    issuer: signer.cert.subject,
    notBefore: new Date(now - (options.expired ? 10 : 1) * day),
    notAfter: new Date(now + (options.expired ? -2 : 30) * day),
    signingKey: signer.keys.privateKey,
    publicKey: leafKeys.publicKey,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(hosts.map((h) => (/^[\d.]+$/.test(h) ? { type: 'ip' as const, value: h } : { type: 'dns' as const, value: h }))),
    ],
  });
  const chain = options.intermediate ? `${leaf.toString('pem')}\n${signer.cert.toString('pem')}\n` : leaf.toString('pem');
  return { caPem: ca.toString('pem'), certPem: chain, keyPem: pem('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', leafKeys.privateKey)) };
}

async function listen(server: Server, scheme: 'http' | 'https', requests: TestServer['requests']): Promise<TestServer> {
  const sockets = new Set<import('node:net').Socket>();
  const connections = { accepted: 0, open: sockets };
  server.on('connection', (socket) => {
    connections.accepted++;
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    port,
    requests,
    connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function wrap(handler: Handler, requests: TestServer['requests']) {
  return (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
      Promise.resolve(handler(request, response, body)).catch((error: unknown) => {
        if (!response.headersSent) response.writeHead(500);
        response.end(String(error));
      });
    });
  };
}

export async function startHttpServer(handler: Handler): Promise<TestServer> {
  const requests: TestServer['requests'] = [];
  return listen(createHttp(wrap(handler, requests)), 'http', requests);
}

/** `tls` adds server options: `requestCert`, `ca` and `rejectUnauthorized` make it a mutual-TLS server. */
export async function startHttpsServer(handler: Handler, certificates: TestCertificates, tls: import('node:https').ServerOptions = {}): Promise<TestServer> {
  const requests: TestServer['requests'] = [];
  return listen(createHttps({ cert: certificates.certPem, key: certificates.keyPem, ...tls }, wrap(handler, requests)), 'https', requests);
}
