// The send session's TLS, through both adapters' words (the CLI's cliTls, the editor's
// editorTls): an untrusted root named with the fix for *every* registry of the catalog; the
// editor's per-registry setting; a PFX whose passphrase comes from SecretStorage and is in no
// history entry; connections never shared between registries whose trust differs; and a client
// certificate that stays with its origin on a redirect.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { loadCatalog, type Catalog } from '../../../src/core/catalog/loadCatalog';
import type { HistoryEntry } from '../../../src/core/history/historyStore';
import { parseHttp } from '../../../src/core/http/parser';
import { registriesDir } from '../../../src/core/paths';
import { SendSession } from '../../../src/core/run/session';
import { buildReport } from '../../../src/core/report/reportModel';
import { jsonReporter } from '../../../src/core/report/jsonReporter';
import type { SessionTls } from '../../../src/core/run/sessionTls';
import { ConnectionPool } from '../../../src/core/send/connectionPool';
import type { PreparedRequest } from '../../../src/core/send/types';
import { cliTls } from '../../../src/cli/tlsOptions';
import { editorTls } from '../../../src/extension/editorTls';
import { startHttpsServer, type TestServer } from '../../helpers/http-servers';
import { CLIENT_NAME, makePki, PFX_PASSPHRASE, ROOT_NAME, type Pki } from './pki';

let dir: string;
let pki: Pki;
let plain: TestServer;
let mutual: TestServer;
let catalog: Catalog;

const EDITOR_SETTINGS = { tlsCaFiles: [] as string[], tlsRegistries: {} as unknown, tlsSystemCertificates: true };

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'regx-tls-session-'));
  pki = await makePki(dir);
  plain = await startHttpsServer((req, res) => {
    if (req.url?.endsWith('/redirect')) {
      res.writeHead(307, { location: `${mutual.url}/who` });
      return res.end();
    }
    res.end('{"ok":true}');
  }, pki.server);
  mutual = await startHttpsServer(
    (req, res) => res.end(JSON.stringify({ client: (req.socket as TLSSocket).getPeerCertificate().subject?.CN })),
    pki.server,
    { requestCert: true, rejectUnauthorized: true, ca: [pki.caPem] },
  );
  for (const [id, url] of [['acme', `${plain.url}/acme`], ['bolt', `${plain.url}/bolt`], ['cleo', `${plain.url}/cleo`], ['mtls', mutual.url]] as const) {
    mkdirSync(join(dir, '.registries', id), { recursive: true });
    writeFileSync(join(dir, '.registries', id, 'registry.yaml'), `id: ${id}\nname: ${id}\ndefaultEnvironment: test\nenvironments:\n  - name: test\n    baseUrl: ${url}\n    openapi: openapi.yaml\nauth:\n  type: none\nmandatoryHeaders: []\n`);
  }
  writeFileSync(join(dir, 'other-root.pem'), readFileSync(pki.files.rogueCert));
  catalog = await loadCatalog({ bundledDir: registriesDir(), workspaceDirs: [dir], readFile: (p) => readFile(p), listDir: (p) => readdir(p) });
});

after(async () => {
  await plain.close();
  await mutual.close();
  rmSync(dir, { recursive: true, force: true });
});

function session(tls: SessionTls, options: { pool?: ConnectionPool; secrets?: Record<string, string>; history?: HistoryEntry[] } = {}): SendSession {
  return new SendSession({
    catalog,
    variables: { environment: new Map() },
    secrets: options.secrets ?? {},
    tls,
    send: { pool: options.pool },
    validation: 'off',
    // TLS only: no auth or other policy asks for credentials first.
    policies: [],
    history: options.history && { append: async (entry) => void options.history!.push(entry) },
    stateDir: join(dir, 'state'),
    ports: { decide: async () => false, notice: () => undefined, warn: () => undefined, readFile: (path) => readFile(path) },
  });
}

function request(url: string): PreparedRequest {
  return { method: 'GET', url, headers: [], followRedirects: true, secrets: [] };
}

const signal = new AbortController().signal;

test('every registry: an untrusted root is named, with the fix for that registry in the CLI and the editor, and its own note', async () => {
  const cli = session(await cliTls({ flags: { caFiles: [], certs: [], keys: [], pfxs: [], insecure: false }, cwd: dir, env: {}, workspaceRoot: dir, secrets: {}, warn: () => undefined }));
  const editor = session(editorTls({ settings: EDITOR_SETTINGS, folder: dir, env: {}, warn: () => undefined }));
  assert.ok(catalog.entries.some((entry) => entry.tls?.privateRoot), 'a registry with a private root (KVK) is in the catalog');
  for (const entry of catalog.entries) {
    for (const [host, fix] of [[cli, `pass '--ca ${entry.id}=FILE'`], [editor, `pick '${entry.id}' (the setting 'registerExplorer.tls.registries' › '${entry.id}' › caFiles)`]] as const) {
      const record = await host.send(request(`${plain.url}/x`), signal, { registry: entry.id });
      assert.equal(record.request.registry?.id, entry.id);
      assert.equal(record.error?.code, 'tls', `${entry.id}: ${record.error?.message}`);
      assert.match(record.error!.message, new RegExp(`issued by 'CN=${ROOT_NAME}, O=Register Explorer sandbox' that this machine does not trust`));
      assert.ok(record.error!.hint!.startsWith(`Trust '${ROOT_NAME}' (CN=${ROOT_NAME}, O=Register Explorer sandbox): `), record.error!.hint);
      assert.ok(record.error!.hint!.includes(fix), `${entry.id}: ${record.error!.hint}`);
      if (entry.tls?.privateRoot) assert.ok(record.error!.hint!.includes(`${entry.name}: ${entry.tls.note}`), `${entry.id} says its own note`);
    }
  }
});

test('the editor: a CA in registerExplorer.tls.registries for one registry is trusted for that registry only', async () => {
  const editor = session(editorTls({ settings: { ...EDITOR_SETTINGS, tlsRegistries: { acme: { caFiles: ['private-root.pem'] } } }, folder: dir, env: {}, warn: () => undefined }));
  const acme = await editor.send(request(`${plain.url}/acme/x`), signal);
  assert.equal(acme.error, undefined);
  assert.equal(acme.response?.status, 200);
  const bolt = await editor.send(request(`${plain.url}/bolt/x`), signal);
  assert.equal(bolt.error?.code, 'tls');
  const problems: string[] = [];
  editorTls({ settings: { ...EDITOR_SETTINGS, tlsRegistries: { acme: { clientCertificate: { pfx: 'a.p12', passphrase: 'x' } }, 'a/b/c': {} } }, folder: dir, env: {}, warn: (m) => problems.push(m) });
  assert.equal(problems.length, 2);
  assert.match(problems[0]!, /a passphrase is never written in settings: name the secret that holds it with 'passphraseSecret'/);
});

test('the editor: a PFX opens with its passphrase from SecretStorage, which is in no history entry; a wrong one is a certificate-file error naming the secret', async () => {
  const history: HistoryEntry[] = [];
  const settings = { ...EDITOR_SETTINGS, tlsRegistries: { '*': { caFiles: ['private-root.pem'] }, mtls: { clientCertificate: { pfx: 'client.p12', passphraseSecret: 'mtlsPassphrase' } } } };
  const editor = session(editorTls({ settings, folder: dir, env: {}, warn: () => undefined }), { secrets: { mtlsPassphrase: PFX_PASSPHRASE }, history });
  const file = parseHttp(`GET ${mutual.url}/who\n\n?? body $.client == ${CLIENT_NAME}\n`);
  const result = await editor.run({ file, filePath: join(dir, 'mtls.http') });
  assert.equal(result.passed, true, JSON.stringify(result.results[0]?.record?.error));
  assert.ok(history.length > 0);
  assert.ok(!JSON.stringify(history).includes(PFX_PASSPHRASE), 'the passphrase is in a history entry');
  assert.ok(result.secrets.includes(PFX_PASSPHRASE), 'the passphrase is one of the run secrets the reports redact');
  const report = jsonReporter(buildReport({ ...result, file: 'mtls.http' }, editor.redactor(result.secrets)));
  assert.ok(!report.includes(PFX_PASSPHRASE), 'the passphrase is in the report');
  const wrong = session(editorTls({ settings, folder: dir, env: {}, warn: () => undefined }), { secrets: { mtlsPassphrase: 'not-it-at-all' } });
  const record = await wrong.send(request(`${mutual.url}/who`), signal);
  assert.equal(record.error?.code, 'certificate-file');
  assert.match(record.error!.message, /the passphrase in the secret 'mtlsPassphrase' does not open the client certificate \S*client\.p12 \(the setting 'registerExplorer\.tls\.registries' › 'mtls'\)/);
  assert.match(record.error!.hint!, /run Set Secret… and store it as 'mtlsPassphrase'/);
});

test('two registries with different CA settings never share a pooled connection; the same settings do', async () => {
  const pool = new ConnectionPool();
  const settings = {
    ...EDITOR_SETTINGS,
    tlsRegistries: { acme: { caFiles: ['private-root.pem'] }, bolt: { caFiles: ['private-root.pem', 'other-root.pem'] }, cleo: { caFiles: ['private-root.pem'] } },
  };
  const editor = session(editorTls({ settings, folder: dir, env: {}, warn: () => undefined }), { pool });
  try {
    const before = plain.connections.accepted;
    for (const path of ['acme', 'bolt', 'acme', 'bolt']) {
      const record = await editor.send(request(`${plain.url}/${path}/x`), signal);
      assert.equal(record.response?.status, 200, record.error?.message);
    }
    assert.equal(plain.connections.accepted - before, 2, 'one connection per trust, each reused');
    const cleo = await editor.send(request(`${plain.url}/cleo/x`), signal);
    assert.equal(cleo.timings.reused, true, 'cleo trusts what acme trusts: it may use acme’s connection');
    assert.equal(plain.connections.accepted - before, 2);
  } finally {
    await pool.destroy();
  }
});

test('a client certificate is offered to its own origin only, never on a redirect to another', async () => {
  const settings = {
    ...EDITOR_SETTINGS,
    tlsCaFiles: ['private-root.pem'],
    tlsRegistries: { acme: { clientCertificate: { cert: 'client.pem', key: 'client.key' } }, mtls: { clientCertificate: { cert: 'client.pem', key: 'client.key' } } },
  };
  const editor = session(editorTls({ settings, folder: dir, env: {}, warn: () => undefined }));
  const direct = await editor.send(request(`${mutual.url}/who`), signal);
  assert.equal(direct.response?.body.preview, JSON.stringify({ client: CLIENT_NAME }));
  const hop = await editor.send(request(`${plain.url}/acme/redirect`), signal);
  assert.equal(hop.redirects[0]?.dropped?.clientCertificate, true);
  assert.equal(hop.error?.code, 'client-certificate', hop.error?.message);
  assert.match(hop.error!.message, /requires a client certificate \(mutual TLS\) and none is configured/);
});
