// `regx run` against real HTTPS servers on loopback under a private root made for the run: a
// server the machine does not trust, and a mutual-TLS server that asks for a client certificate
// issued under that root. Trust per registry (the workspace's settings, `--ca REG=FILE`), client
// certificates as PEM and as PKCS#12 with a passphrase from REGX_SECRET_*, and every failure as a
// typed error that names the certificate and the fix — the passphrase never written anywhere.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { startHttpsServer, type TestServer } from '../../helpers/http-servers';
import { runCli } from '../engine/cli';
import { CLIENT_NAME, makePki, PFX_PASSPHRASE, ROOT_NAME, type Pki } from './pki';

let dir: string;
let pki: Pki;
let plain: TestServer;
let mutual: TestServer;

function registryYaml(id: string, url: string, note: string): string {
  return `id: ${id}
name: ${id} registry
defaultEnvironment: test
environments:
  - name: test
    baseUrl: ${url}
    openapi: openapi.yaml
auth:
  type: none
mandatoryHeaders: []
tls:
  note: ${note}
  privateRoot: true
`;
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'regx-tls-cli-'));
  pki = await makePki(dir);
  plain = await startHttpsServer((_req, res) => res.end('{"ok":true}'), pki.server);
  mutual = await startHttpsServer(
    (req, res) => {
      const peer = (req.socket as TLSSocket).getPeerCertificate();
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ client: peer.subject?.CN }));
    },
    pki.server,
    { requestCert: true, rejectUnauthorized: true, ca: [pki.caPem] },
  );
  for (const [id, url] of [['acme', plain.url], ['bolt', mutual.url]] as const) {
    mkdirSync(join(dir, '.registries', id), { recursive: true });
    writeFileSync(join(dir, '.registries', id, 'registry.yaml'), registryYaml(id, url, `${id} serves its API under "${ROOT_NAME}", which machines do not trust by default.`));
    writeFileSync(join(dir, '.registries', id, 'openapi.yaml'), 'openapi: 3.0.3\ninfo: { title: t, version: "1" }\npaths: {}\n');
  }
  writeFileSync(join(dir, 'acme.http'), `GET ${plain.url}/hello\n\n?? status == 200\n`);
  writeFileSync(join(dir, 'bolt.http'), `GET ${mutual.url}/who\n\n?? body $.client == ${CLIENT_NAME}\n`);
});

after(async () => {
  await plain.close();
  await mutual.close();
  rmSync(dir, { recursive: true, force: true });
});

function settings(value: Record<string, unknown> | undefined): void {
  const file = join(dir, '.vscode', 'settings.json');
  if (!value) return void rmSync(file, { force: true });
  mkdirSync(join(dir, '.vscode'), { recursive: true });
  writeFileSync(file, JSON.stringify(value, null, 2));
}

test('no CA: the run fails naming the private root, the registry and how to trust it for that registry', async () => {
  settings(undefined);
  const result = await runCli(['run', 'acme.http', '--reporter', 'json', '--no-history'], { cwd: dir });
  assert.equal(result.code, 1, result.stderr);
  const error = JSON.parse(result.stdout).requests[0].error;
  assert.equal(error.code, 'tls');
  assert.match(error.message, new RegExp(`issued by 'CN=${ROOT_NAME}, O=Register Explorer sandbox' that this machine does not trust`));
  assert.match(error.hint, new RegExp(`^Trust '${ROOT_NAME}' \\(CN=${ROOT_NAME}, O=Register Explorer sandbox\\): pass '--ca acme=FILE'`));
  assert.match(error.hint, /'registerExplorer\.tls\.registries' › 'acme' › caFiles in \.vscode\/settings\.json/);
  // The registry's own note, as the catalog says it (KVK's private root, for kvk).
  assert.match(error.hint, /acme registry: acme serves its API under/);
});

test('the per-registry CA setting in .vscode/settings.json is what the editor reads, and the CLI honours it', async () => {
  settings({ 'registerExplorer.tls.registries': { acme: { caFiles: ['private-root.pem'] } } });
  try {
    const passed = await runCli(['run', 'acme.http', '--no-history'], { cwd: dir });
    assert.equal(passed.code, 0, passed.stdout + passed.stderr);
    // Scoped to acme: another registry's environment does not get it.
    settings({ 'registerExplorer.tls.registries': { 'acme/production': { caFiles: ['private-root.pem'] } } });
    const elsewhere = await runCli(['run', 'acme.http', '--no-history'], { cwd: dir });
    assert.equal(elsewhere.code, 1);
    assert.match(elsewhere.stdout, /does not trust/);
  } finally {
    settings(undefined);
  }
});

test('--ca FILE and --ca REGISTRY=FILE pass; --ca for another registry does not', async () => {
  assert.equal((await runCli(['run', 'acme.http', '--ca', 'private-root.pem', '--no-history'], { cwd: dir })).code, 0);
  assert.equal((await runCli(['run', 'acme.http', '--ca', 'acme=private-root.pem', '--no-history'], { cwd: dir })).code, 0);
  assert.equal((await runCli(['run', 'acme.http', '--no-history'], { cwd: dir, env: { REGX_CA: 'private-root.pem' } })).code, 0, 'REGX_CA');
  const other = await runCli(['run', 'acme.http', '--ca', 'bolt=private-root.pem', '--no-history'], { cwd: dir });
  assert.equal(other.code, 1);
  assert.match(other.stdout, /does not trust/);
  const missing = await runCli(['run', 'acme.http', '--ca', 'acme=nowhere.pem', '--no-history'], { cwd: dir });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /--ca acme=… '\S*nowhere\.pem': no such file/);
});

test('mutual TLS: without a client certificate the failure says the server requires one and how to give it', async () => {
  const result = await runCli(['run', 'bolt.http', '--ca', 'private-root.pem', '--reporter', 'json', '--no-history'], { cwd: dir });
  assert.equal(result.code, 1, result.stderr);
  const error = JSON.parse(result.stdout).requests[0].error;
  assert.equal(error.code, 'client-certificate');
  assert.match(error.message, new RegExp(`127\\.0\\.0\\.1:${mutual.port} requires a client certificate \\(mutual TLS\\) and none is configured`));
  assert.match(error.hint, /--pfx bolt\/test=FILE' \(passphrase in REGX_SECRET_certificatePassphrase\) or '--cert bolt\/test=FILE --key bolt\/test=FILE'/);
});

test('mutual TLS: a PEM certificate and key are accepted; one from another root is rejected by name', async () => {
  const pem = await runCli(['run', 'bolt.http', '--ca', 'private-root.pem', '--cert', 'client.pem', '--key', 'client.key', '--no-history'], { cwd: dir });
  assert.equal(pem.code, 0, pem.stdout + pem.stderr);
  const rogue = await runCli(['run', 'bolt.http', '--ca', 'private-root.pem', '--cert', 'rogue.pem', '--key', 'rogue.key', '--reporter', 'json', '--no-history'], { cwd: dir });
  assert.equal(rogue.code, 1);
  const error = JSON.parse(rogue.stdout).requests[0].error;
  assert.equal(error.code, 'client-certificate');
  // Node's server closes the connection without an alert; a server that sends one ('unknown ca') is named by it (sendError.test.ts).
  assert.match(error.message, /closed the connection right after the TLS handshake, before answering: it most likely rejected the client certificate CN=Rogue Client \(rogue\.pem\)/);
  const half = await runCli(['run', 'bolt.http', '--cert', 'client.pem', '--no-history'], { cwd: dir });
  assert.equal(half.code, 2);
  assert.match(half.stderr, /--cert needs --key/);
});

test('mutual TLS: a PFX opens with its passphrase from REGX_SECRET_*, which appears in no history, report or output', async () => {
  const historyFile = join(dir, 'history.jsonl');
  rmSync(historyFile, { force: true });
  const env = { REGX_SECRET_certificatePassphrase: PFX_PASSPHRASE };
  const json = await runCli(['run', 'bolt.http', '--ca', 'private-root.pem', '--pfx', 'bolt=client.p12', '--reporter', 'json'], { cwd: dir, env });
  assert.equal(json.code, 0, json.stdout + json.stderr);
  assert.equal(JSON.parse(json.stdout).requests[0].status, 200);
  const pretty = await runCli(['run', 'bolt.http', '--ca', 'private-root.pem', '--pfx', 'client.p12'], { cwd: dir, env });
  assert.equal(pretty.code, 0);
  const wrong = await runCli(['run', 'bolt.http', '--pfx', 'client.p12', '--no-history'], { cwd: dir, env: { REGX_SECRET_certificatePassphrase: `${PFX_PASSPHRASE}-wrong` } });
  assert.equal(wrong.code, 2);
  assert.match(wrong.stderr, /the passphrase in the secret 'certificatePassphrase' does not open the client certificate \S*client\.p12 \(--pfx\)/);
  const none = await runCli(['run', 'bolt.http', '--pfx', 'client.p12', '--no-history'], { cwd: dir });
  assert.equal(none.code, 2);
  assert.match(none.stderr, /is protected by a passphrase, and the secret 'certificatePassphrase' holds none/);
  assert.match(none.stderr, /set the environment variable REGX_SECRET_certificatePassphrase/);
  assert.ok(existsSync(historyFile), 'history was written');
  for (const [what, text] of [['history', readFileSync(historyFile, 'utf8')], ['json stdout', json.stdout], ['json stderr', json.stderr], ['pretty stdout', pretty.stdout], ['pretty stderr', pretty.stderr], ['wrong stderr', wrong.stderr], ['wrong stdout', wrong.stdout]]) {
    assert.ok(!text.includes(PFX_PASSPHRASE), `the passphrase is in the ${what}`);
  }
});

test("mutual TLS: a JetBrains SSLConfiguration in the environment file gives the environment's client certificate", async () => {
  const envFile = join(dir, 'http-client.private.env.json');
  try {
    writeFileSync(envFile, JSON.stringify({ test: { SSLConfiguration: { clientCertificate: 'client.pem', clientCertificateKey: { path: 'client.key', format: 'PEM' }, hasCertificatePassphrase: false } } }));
    const pem = await runCli(['run', 'bolt.http', '--env', 'test', '--ca', 'private-root.pem', '--no-history'], { cwd: dir });
    assert.equal(pem.code, 0, pem.stdout + pem.stderr);
    writeFileSync(envFile, JSON.stringify({ test: { SSLConfiguration: { clientCertificate: 'client.p12', verifyHostCertificate: false } } }));
    const pfx = await runCli(['run', 'bolt.http', '--env', 'test', '--ca', 'private-root.pem', '--no-history'], { cwd: dir, env: { REGX_SECRET_certificatePassphrase: PFX_PASSPHRASE } });
    assert.equal(pfx.code, 0, pfx.stdout + pfx.stderr);
    assert.match(pfx.stderr, /SSLConfiguration\.verifyHostCertificate false is not honoured/);
    assert.ok(!(pfx.stdout + pfx.stderr).includes(PFX_PASSPHRASE));
  } finally {
    rmSync(envFile, { force: true });
  }
});
