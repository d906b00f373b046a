import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHttpServer, type TestServer } from '../../helpers/http-servers';
import { runCli } from './cli';

let server: TestServer;
let dir: string;
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);

before(async () => {
  server = await startHttpServer((req, res, body) => {
    const url = new URL(req.url!, 'http://x');
    switch (url.pathname) {
      case '/token':
        res.setHeader('content-type', 'application/json');
        return void res.end(JSON.stringify({ token: `t-${body.toString('utf8').length}`, env: url.searchParams.get('env') }));
      case '/protected':
        res.setHeader('content-type', 'application/json');
        return void res.end(JSON.stringify({ auth: req.headers.authorization ?? null }));
      case '/problem':
        res.writeHead(404, { 'content-type': 'application/problem+json' });
        return void res.end('{"type":"urn:problem:not-found","title":"Vereniging niet gevonden","status":404,"detail":"V0000001 bestaat niet"}');
      case '/logo.png':
        res.writeHead(200, { 'content-type': 'image/png' });
        return void res.end(png);
      case '/hop1':
        res.writeHead(301, { location: '/hop2' });
        return void res.end();
      case '/hop2':
        res.writeHead(302, { location: '/final' });
        return void res.end();
      case '/final':
        return void res.end('arrived');
      case '/hang':
        return; // never answers
      default:
        res.writeHead(200);
        return void res.end('ok');
    }
  });
  dir = mkdtempSync(join(tmpdir(), 'regx-run-cli-'));
  writeFileSync(join(dir, 'http-client.env.json'), JSON.stringify({ dev: { base: server.url, who: 'dev' }, test: { base: server.url, who: 'test' } }));
});
after(() => server.close());

function file(name: string, text: string): string {
  writeFileSync(join(dir, name), text);
  return name;
}

test('chaining by named responses and environment selection', async () => {
  const name = file(
    'chain.http',
    ['GET {{base}}/protected', 'Authorization: Bearer {{login.response.body.$.token}}', '', '?? body $.auth == Bearer t-3', '', '###', '# @name login', 'POST {{base}}/token?env={{who}}', '', 'abc', '', '?? body $.env == test', ''].join('\n'),
  );
  const ok = await runCli(['run', name, '--env', 'test', '--reporter', 'json', '--no-history'], { cwd: dir });
  assert.equal(ok.code, 0, ok.stderr);
  const report = JSON.parse(ok.stdout);
  assert.deepEqual(report.requests.map((r: { name?: string; asDependency: boolean }) => [r.name ?? null, r.asDependency]), [['login', true], [null, false]]);
  assert.equal(report.environment, 'test');
  const wrongEnv = await runCli(['run', name, '--env', 'dev', '--reporter', 'json', '--no-history'], { cwd: dir });
  assert.equal(wrongEnv.code, 1);
  assert.match(JSON.parse(wrongEnv.stdout).requests[0].reason, /\$\.env is 'dev', expected == 'test'/);
  const noEnv = await runCli(['run', name, '--reporter', 'json', '--no-history'], { cwd: dir });
  assert.equal(noEnv.code, 1);
  assert.match(JSON.parse(noEnv.stdout).requests[0].reason, /variable 'base' comes from an environment and none is selected; 'dev', 'test' define it/);
  const unknownEnv = await runCli(['run', name, '--env', 'prod'], { cwd: dir });
  assert.equal(unknownEnv.code, 2);
  assert.match(unknownEnv.stderr, /no environment 'prod' \(known: dev, test\)/);
});

test('no silent writes: --name of a request whose dependency is a POST fails and names --with-dependencies; with it both run', async () => {
  const name = file('write-dependency.http', ['# @name login', 'POST {{base}}/token?env={{who}}', '', 'abc', '', '###', '# @name me', 'GET {{base}}/protected', 'Authorization: Bearer {{login.response.body.$.token}}', ''].join('\n'));
  const before = server.requests.filter((r) => r.url.startsWith('/token')).length;
  const refused = await runCli(['run', name, '--env', 'test', '--name', 'me', '--reporter', 'json', '--no-history'], { cwd: dir });
  assert.equal(refused.code, 1, refused.stderr);
  assert.equal(server.requests.filter((r) => r.url.startsWith('/token')).length, before, 'the POST was not sent');
  const report = JSON.parse(refused.stdout);
  assert.match(report.requests[0].reason, /request 'login' \(POST \{\{base\}\}\/token\?env=\{\{who\}\}\) is a write that a later request depends on; it was not sent again — pass --with-dependencies/);
  assert.match(report.requests[1].reason, /request 'login', whose response this one uses, failed/);
  const allowed = await runCli(['run', name, '--env', 'test', '--name', 'me', '--with-dependencies', '--reporter', 'json', '--no-history'], { cwd: dir });
  assert.equal(allowed.code, 0, allowed.stderr);
  assert.deepEqual(JSON.parse(allowed.stdout).requests.map((r: { name: string; asDependency: boolean }) => [r.name, r.asDependency]), [['login', true], ['me', false]]);
});

test('a 4xx with problem details is shown pretty-printed and fails the run', async () => {
  const name = file('problem.http', 'GET {{base}}/problem\n\n?? status == 200\n');
  const result = await runCli(['run', name, '--env', 'dev', '--no-history'], { cwd: dir });
  assert.equal(result.code, 1);
  assert.match(result.stdout, /✘ GET http:\/\/127\.0\.0\.1:\d+\/problem → 404 Not Found/);
  assert.match(result.stdout, /✘ \?\? status == 200 — status is 404, expected == '200'/);
  assert.match(result.stdout, /│ {\n\s+│ {3}"type": "urn:problem:not-found",\n\s+│ {3}"title": "Vereniging niet gevonden",/);
  assert.match(result.stdout, /0 passed, 1 failed/);
});

test('a binary response stays bytes: reported as binary with its size, never as text', async () => {
  const name = file('binary.http', 'GET {{base}}/logo.png\n\n?? header content-type == image/png\n');
  const result = await runCli(['run', name, '--env', 'dev', '--reporter', 'json', '--no-history'], { cwd: dir });
  assert.equal(result.code, 0, result.stderr);
  const response = JSON.parse(result.stdout).requests[0].response;
  assert.equal(response.encoding, 'binary');
  assert.equal(response.size, png.length);
  assert.equal(response.preview, '<binary, 16 bytes, starts 89 50 4e 47 0d 0a 1a 0a 00 00 00 0d 49 48 44 52>');
});

test('redirects are followed hop by hop, or not at all with @no-redirect', async () => {
  const name = file('redirect.http', 'GET {{base}}/hop1\n\n?? body == arrived\n\n###\n# @no-redirect\nGET {{base}}/hop1\n\n?? status == 301\n?? header location == /hop2\n');
  const result = await runCli(['run', name, '--env', 'dev', '--reporter', 'json', '--no-history'], { cwd: dir });
  assert.equal(result.code, 0, result.stdout);
  const [followed, stopped] = JSON.parse(result.stdout).requests;
  assert.deepEqual(followed.redirects, [{ status: 301, url: `${server.url}/hop2` }, { status: 302, url: `${server.url}/final` }]);
  assert.deepEqual(stopped.redirects, []);
  assert.equal(stopped.status, 301);
});

test('timeouts: --timeout and @timeout name the limit and how to raise it', async () => {
  const name = file('timeout.http', 'GET {{base}}/hang\n\n###\n# @timeout 150\nGET {{base}}/hang\n');
  const result = await runCli(['run', name, '--env', 'dev', '--timeout', '200', '--no-history'], { cwd: dir });
  assert.equal(result.code, 1);
  assert.match(result.stdout, /no response within 200 ms \(--timeout\)/);
  assert.match(result.stdout, /no response within 150 ms \(the request's limit\)/);
  assert.match(result.stdout, /hint: Raise the limit with '# @timeout 60000' above the request or '--timeout 60000'/);
});

test('junit report: one testcase per request, failures carry the reason', async () => {
  const name = file('junit.http', '# @name fine\nGET {{base}}/ok\n\n###\n# @name broken\nGET {{base}}/problem\n');
  const result = await runCli(['run', name, '--env', 'dev', '--reporter', 'junit', '--out', 'report.xml', '--no-history'], { cwd: dir });
  assert.equal(result.code, 0, 'a 4xx without assertions passes');
  const xml = readFileSync(join(dir, 'report.xml'), 'utf8');
  assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="regx" tests="2" failures="0"/);
  assert.equal(xml.match(/<testcase /g)?.length, 2);
  assert.match(xml, /name="fine — GET http:\/\/127\.0\.0\.1:\d+\/ok"/);
  assert.equal(result.stdout, '');
});

test('an --out that cannot be written is a usage error before anything is sent', async () => {
  const name = file('out.http', 'GET {{base}}/ok\n');
  const before = server.requests.length;
  const noFolder = await runCli(['run', name, '--env', 'dev', '--out', 'reports/run.xml', '--no-history'], { cwd: dir });
  assert.equal(noFolder.code, 2);
  assert.match(noFolder.stderr, /^regx run: --out 'reports\/run\.xml': there is no folder '.*reports'; create it first$/m);
  assert.doesNotMatch(noFolder.stderr, /\n\s+at /, 'no stack trace');
  const folder = await runCli(['run', name, '--env', 'dev', '--out', '.', '--no-history'], { cwd: dir });
  assert.equal(folder.code, 2);
  assert.match(folder.stderr, /--out '\.' is a folder; give a file name in it, e\.g\. 'report\.xml'/);
  assert.equal(server.requests.length, before);
});

test('usage and parse errors exit 2', async () => {
  assert.equal((await runCli(['run'], { cwd: dir })).code, 2);
  assert.equal((await runCli(['run', 'x.http', '--reporter', 'html'], { cwd: dir })).code, 2);
  const missing = await runCli(['run', 'nope.http'], { cwd: dir });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read 'nope\.http': no such file/);
  const broken = file('broken.http', 'GET {{base}}/ok\n\n> {%\nclient.log(1)\n');
  const parse = await runCli(['run', broken, '--env', 'dev'], { cwd: dir });
  assert.equal(parse.code, 2);
  assert.match(parse.stderr, /^broken\.http:3:1: error parse\/unterminated-script: /m);
  const name = file('named.http', '# @name a\nGET {{base}}/ok\n');
  const unknown = await runCli(['run', name, '--env', 'dev', '--name', 'b'], { cwd: dir });
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /no request named 'b'/);
});

test('an unresolved variable is reported with its place, nothing is sent', async () => {
  const before = server.requests.length;
  const name = file('unresolved.http', 'GET {{base}}/ok?q={{nope}}\n');
  const result = await runCli(['run', name, '--env', 'dev', '--no-history'], { cwd: dir });
  assert.equal(result.code, 1);
  assert.match(result.stdout, /variable 'nope' is not defined.*\n {4}at unresolved\.http:1:19\n/);
  assert.equal(server.requests.length, before);
});

test('regx env list names each environment and its files', async () => {
  writeFileSync(join(dir, 'http-client.private.env.json'), JSON.stringify({ dev: { key: 'k' } }));
  writeFileSync(join(dir, '.env'), 'A=1\n');
  const result = await runCli(['env', 'list', '--dir', dir], { cwd: dir });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, new RegExp(`^dev  \\(3 variables, 1 private\\)\\n    ${join(dir, 'http-client.env.json')}\\n    ${join(dir, 'http-client.private.env.json')}\\ntest  \\(2 variables\\)\\n`));
  assert.match(result.stdout, /\.env {2}\(1 variables, for every environment\)/);
  assert.ok(!result.stdout.includes("'k'"));
  const json = await runCli(['env', 'list', '--dir', dir, '--json'], { cwd: dir });
  const listed = JSON.parse(json.stdout);
  assert.deepEqual(listed.environments.find((e: { name: string }) => e.name === 'dev').variables.find((v: { name: string }) => v.name === 'key'), { name: 'key', secret: true, origin: join(dir, 'http-client.private.env.json') });
  assert.ok(!json.stdout.includes('"k"'), 'values are not listed');
  assert.deepEqual(listed.dotenv, [join(dir, '.env')]);
});
