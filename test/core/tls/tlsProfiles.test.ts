import { test } from 'node:test';
import assert from 'node:assert/strict';
import { effectiveTls, profilesFromSetting, scopeRank, sslConfigurationProfile, type ScopedTlsProfile } from '../../../src/core/tls/tlsProfiles';
import { readSystemCertificates, SYSTEM_BUNDLES } from '../../../src/core/tls/systemCertificates';
import { toSendError } from '../../../src/core/send/sendError';
import { loadCaFile } from '../../../src/core/tls/tlsMaterial';
import { RegxError } from '../../../src/core/errors';

test('scopes: * covers all, a registry all its environments, registry/env only that one', () => {
  assert.equal(scopeRank('*', undefined, undefined), 0);
  assert.equal(scopeRank('acme', 'acme', 'test'), 1);
  assert.equal(scopeRank('acme/test', 'acme', 'test'), 2);
  assert.equal(scopeRank('acme/production', 'acme', 'test'), -1);
  assert.equal(scopeRank('acme', 'bolt', 'test'), -1);
  assert.equal(scopeRank('acme', undefined, undefined), -1);
});

test('CA files add up from the widest scope to the narrowest; the narrowest client certificate wins', () => {
  const profiles: ScopedTlsProfile[] = [
    { scope: 'acme/test', profile: { caFiles: ['/env.pem'], clientCertificate: { pfx: '/env.p12' }, source: 'env' } },
    { scope: '*', profile: { caFiles: ['/all.pem'], source: 'all' } },
    { scope: 'acme', profile: { caFiles: ['/acme.pem', '/all.pem'], clientCertificate: { cert: '/a.pem', key: '/a.key' }, source: 'acme' } },
  ];
  const test = effectiveTls(profiles, 'acme', 'test');
  assert.deepEqual(test.caFiles.map((c) => c.file), ['/all.pem', '/acme.pem', '/env.pem']);
  assert.deepEqual(test.clientCertificate, { pfx: '/env.p12', source: 'env' });
  const production = effectiveTls(profiles, 'acme', 'production');
  assert.deepEqual(production.caFiles.map((c) => c.file), ['/all.pem', '/acme.pem']);
  assert.equal(production.clientCertificate?.cert, '/a.pem');
  assert.notEqual(test.key, production.key);
  const none = effectiveTls(profiles, undefined, undefined);
  assert.deepEqual(none.caFiles.map((c) => c.file), ['/all.pem']);
  assert.equal(none.clientCertificate, undefined);
});

test('the setting is read entry by entry: a bad one is a problem, the rest still count; a passphrase is refused', () => {
  const { profiles, problems } = profilesFromSetting(
    {
      acme: { caFiles: ['ca.pem'] },
      'acme/test': { clientCertificate: { pfx: 'c.p12', passphraseSecret: 'acmePass' } },
      bolt: { clientCertificate: { cert: 'c.pem' } },
      cleo: { clientCertificate: { pfx: 'c.p12', passphrase: 'hunter2' } },
      'a/b/c': {},
      dora: { caFiles: 'ca.pem' },
    },
    (scope) => `setting › ${scope}`,
    (path) => `/ws/${path}`,
  );
  assert.deepEqual(profiles.map((p) => p.scope), ['acme', 'acme/test', 'bolt', 'cleo', 'dora']);
  assert.deepEqual(profiles[0]!.profile, { caFiles: ['/ws/ca.pem'], source: 'setting › acme' });
  assert.deepEqual(profiles[1]!.profile.clientCertificate, { pfx: '/ws/c.p12', passphraseSecret: 'acmePass' });
  assert.equal(problems.length, 4);
  assert.match(problems.join('\n'), /'bolt'.clientCertificate: cert and key go together/);
  assert.match(problems.join('\n'), /'cleo'.clientCertificate: a passphrase is never written in settings/);
  assert.match(problems.join('\n'), /'a\/b\/c': a key is a registry id/);
  assert.match(problems.join('\n'), /'dora'.caFiles: must be a list of file paths/);
});

test("the system store: Node's own where it has one, else SSL_CERT_FILE, else the first bundle that exists; NODE_EXTRA_CA_CERTS too; each certificate once", () => {
  const pem = (n: number) => `-----BEGIN CERTIFICATE-----\nQ${n}==\n-----END CERTIFICATE-----\n`;
  const files: Record<string, string> = { [SYSTEM_BUNDLES[1]!]: pem(1) + pem(2), '/custom.pem': pem(3), '/extra.pem': pem(2) + pem(4), '/dir/a.crt': pem(5), '/dir/readme.txt': pem(6) };
  const readText = (path: string) => files[path];
  const listDir = (path: string) => (path === '/dir' ? ['readme.txt', 'a.crt'] : []);
  const fromBundle = readSystemCertificates({ env: { NODE_EXTRA_CA_CERTS: '/extra.pem', SSL_CERT_DIR: '/dir' }, readText, listDir, getCACertificates: undefined, platform: 'linux' });
  assert.deepEqual(fromBundle.certificates, [pem(1), pem(2), pem(5), pem(4)]);
  assert.deepEqual(fromBundle.from, [`${SYSTEM_BUNDLES[1]} (2)`, '/dir/a.crt (1)', 'NODE_EXTRA_CA_CERTS=/extra.pem (1)']);
  const override = readSystemCertificates({ env: { SSL_CERT_FILE: '/custom.pem' }, readText, listDir, getCACertificates: undefined, platform: 'linux' });
  assert.deepEqual(override.certificates, [pem(3)]);
  const native = readSystemCertificates({ env: {}, readText, listDir, getCACertificates: (type) => (type === 'system' ? [pem(7)] : []), platform: 'darwin' });
  assert.deepEqual(native.certificates, [pem(7)]);
  const off = readSystemCertificates({ env: { NODE_EXTRA_CA_CERTS: '/extra.pem' }, system: false, readText, listDir, getCACertificates: () => [pem(7)] });
  assert.deepEqual(off.certificates, [pem(2), pem(4)]);
});

test('TLS alerts about the client certificate become client-certificate errors that name it', () => {
  const alert = (code: string, message: string) => Object.assign(new Error(message), { code });
  const context = { url: 'https://registry.example/x', aborted: false };
  const unknownCa = toSendError(alert('ERR_SSL_TLSV1_ALERT_UNKNOWN_CA', 'tlsv1 alert unknown ca'), { ...context, tls: { client: 'CN=Acme (acme.p12)', clientCertificate: 'use --pfx acme=FILE' } });
  assert.equal(unknownCa.code, 'client-certificate');
  assert.equal(unknownCa.message, 'registry.example:443 rejected the client certificate CN=Acme (acme.p12) (TLS alert: unknown ca)');
  assert.match(unknownCa.hint!, /use --pfx acme=FILE$/);
  const required = toSendError(alert('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', 'tlsv13 alert certificate required'), context);
  assert.equal(required.code, 'client-certificate');
  assert.match(required.message, /requires a client certificate \(mutual TLS\) and none is configured/);
  const handshake = toSendError(alert('ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', 'sslv3 alert handshake failure'), context);
  assert.equal(handshake.code, 'client-certificate', 'TLS 1.2 servers answer a missing certificate with handshake_failure');
  const other = toSendError(alert('ERR_SSL_WRONG_VERSION_NUMBER', 'wrong version number'), context);
  assert.equal(other.code, 'tls');
});

test("a JetBrains SSLConfiguration: PEM pair or PKCS#12, paths relative to the env file; what is not honoured is said", () => {
  const at = (path: string, file: string | undefined) => `${file ? file.replace(/\/[^/]*$/, '') : ''}/${path}`;
  const pem = sslConfigurationProfile(JSON.stringify({ clientCertificate: 'dev.pem', clientCertificateKey: { path: 'dev.key', format: 'PEM' }, hasCertificatePassphrase: true }), '/ws/http-client.private.env.json', at);
  assert.deepEqual(pem.profile, { scope: '*', profile: { clientCertificate: { cert: '/ws/dev.pem', key: '/ws/dev.key' }, source: 'SSLConfiguration in /ws/http-client.private.env.json' } });
  assert.deepEqual(pem.problems, []);
  const pfx = sslConfigurationProfile(JSON.stringify({ clientCertificate: { path: 'dev.p12' }, verifyHostCertificate: false }), '/ws/e.json', at);
  assert.deepEqual(pfx.profile?.profile.clientCertificate, { pfx: '/ws/dev.p12' });
  assert.match(pfx.problems[0]!, /verifyHostCertificate false is not honoured/);
  assert.match(sslConfigurationProfile(JSON.stringify({ clientCertificate: 'dev.pem' }), '/ws/e.json', at).problems[0]!, /is PEM and needs clientCertificateKey/);
  assert.match(sslConfigurationProfile('"text"', undefined, at).problems[0]!, /must be an object/);
});

test('a CA file that is cut or edited is named, with which certificate in it cannot be read', async () => {
  const broken = '-----BEGIN CERTIFICATE-----\nnot base64 at all!!\n-----END CERTIFICATE-----\n';
  const ports = { readFile: async () => new TextEncoder().encode(broken), secret: async () => undefined };
  await assert.rejects(loadCaFile('/ws/root.pem', '--ca', ports), (error: unknown) => RegxError.is(error, 'certificate-file') && /^--ca '\/ws\/root\.pem': certificate 1 of 1 cannot be read/.test((error as Error).message));
  const missing = { readFile: async () => Promise.reject(Object.assign(new Error('nope'), { code: 'ENOENT' })), secret: async () => undefined };
  await assert.rejects(loadCaFile('/ws/gone.pem', "the setting 'registerExplorer.tls.caFiles'", missing), /the setting 'registerExplorer\.tls\.caFiles' '\/ws\/gone\.pem': no such file/);
});
