import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCertificates, startHttpServer, startHttpsServer, type TestServer } from '../../helpers/http-servers';
import { runCli, startCli } from './cli';

let secure: TestServer;
let plain: TestServer;
let dir: string;

before(async () => {
  const certificates = await makeCertificates({ caName: 'Staat der Tests Private Root CA' });
  secure = await startHttpsServer((_req, res) => res.end('{"ok":true}'), certificates);
  plain = await startHttpServer((req, res) => {
    if (req.url === '/hang') return; // answered never: the run waits until it is interrupted
    res.end('ok');
  });
  dir = mkdtempSync(join(tmpdir(), 'regx-tls-'));
  writeFileSync(join(dir, 'ca.pem'), certificates.caPem);
  writeFileSync(join(dir, 'secure.http'), `GET ${secure.url}/\n\n?? body $.ok == true\n`);
});
after(async () => {
  await secure.close();
  await plain.close();
});

test('TLS with an unknown CA fails with the issuer named and how to trust it', async () => {
  const result = await runCli(['run', 'secure.http', '--no-history'], { cwd: dir });
  assert.equal(result.code, 1);
  assert.match(result.stdout, /presented a certificate for CN=127\.0\.0\.1 issued by 'CN=Staat der Tests Private Root CA, O=Register Explorer Tests' that this machine does not trust/);
  assert.match(result.stdout, /hint: Trust 'Staat der Tests Private Root CA' \(CN=Staat der Tests Private Root CA, O=Register Explorer Tests\): pass '--ca FILE' \(PEM\) to regx, or list the file in 'registerExplorer\.tls\.caFiles' in \.vscode\/settings\.json/);
});

test('TLS with --ca passes; a --ca that is not a certificate is a usage error', async () => {
  const result = await runCli(['run', 'secure.http', '--ca', 'ca.pem', '--no-history'], { cwd: dir });
  assert.equal(result.code, 0, result.stdout + result.stderr);
  assert.match(result.stdout, /1 passed, 0 failed/);
  const insecure = await runCli(['run', 'secure.http', '--insecure', '--no-history'], { cwd: dir });
  assert.equal(insecure.code, 0, '--insecure skips the check');
  const bad = await runCli(['run', 'secure.http', '--ca', 'secure.http', '--no-history'], { cwd: dir });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--ca '\S*secure\.http': no certificate in it/);
});

test('SIGINT cancels the running request, still reports, and exits 130', async () => {
  writeFileSync(join(dir, 'hang.http'), `GET ${plain.url}/hang\n\n###\nGET ${plain.url}/after\n`);
  const cli = await startCli(['run', 'hang.http', '--timeout', '0', '--reporter', 'json', '--no-history'], { cwd: dir });
  await cli.waitForStderr(/→ GET .*\/hang/);
  // The request is on its way once the server has seen it.
  while (!plain.requests.some((r) => r.url === '/hang')) await new Promise((resolve) => setImmediate(resolve));
  cli.child.kill('SIGINT');
  const result = await cli.result;
  assert.equal(result.code, 130, result.stderr);
  const report = JSON.parse(result.stdout);
  assert.equal(report.requests.length, 1, 'nothing runs after the interruption');
  assert.equal(report.requests[0].error.code, 'aborted');
  assert.ok(!plain.requests.some((r) => r.url === '/after'));
});
