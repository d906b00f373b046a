import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHttp } from '../../../src/core/http/parser';
import { runHttpFile, UnknownRequestError, type RunHost } from '../../../src/core/run/runHttpFile';
import { parseTimeout } from '../../../src/core/run/prepareRequest';
import { sendRequest } from '../../../src/core/send/sendRequest';
import type { RunEvent } from '../../../src/core/run/runTypes';
import { startHttpServer, type TestServer } from '../../helpers/http-servers';

let server: TestServer;
const dir = mkdtempSync(join(tmpdir(), 'regx-run-'));

before(async () => {
  server = await startHttpServer((req, res, body) => {
    const url = new URL(req.url!, 'http://x');
    res.setHeader('content-type', 'application/json');
    if (url.pathname === '/login') return void res.end(JSON.stringify({ token: `tok-${body.toString().length}` }));
    if (url.pathname === '/boom') return void ((res.statusCode = 503), res.end('{"title":"down"}'));
    if (url.pathname === '/moved') return void ((res.statusCode = 302), res.setHeader('location', '/echo'), res.end());
    if (url.pathname === '/slow') return;
    if (url.pathname === '/big') return void res.end(JSON.stringify({ items: Array.from({ length: 100 }, (_, id) => ({ id, padding: 'x'.repeat(100) })) }));
    res.end(JSON.stringify({ path: url.pathname, query: url.search, auth: req.headers.authorization ?? null, type: req.headers['content-type'] ?? null, body: body.toString(), list: [1, 2, 3], name: 'Vereniging' }));
  });
});
after(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

const host: RunHost = {
  send: (request, signal) => sendRequest(request, { signal }),
  readFile: (p) => readFile(p),
  fileExists: (p) => stat(p).then(() => true, () => false),
};

async function run(text: string, extra: Partial<Parameters<typeof runHttpFile>[0]> = {}) {
  const filePath = join(dir, 'test.http');
  writeFileSync(filePath, text);
  const events: RunEvent[] = [];
  const result = await runHttpFile({ file: parseHttp(text), filePath, scope: { environment: new Map([['base', { value: server.url, source: 'environment', secret: false }]]) }, onEvent: (e) => events.push(e), ...extra }, host);
  return { result, events };
}

test('a request that refers to a later named request runs it first, once', async () => {
  const { result } = await run(
    ['GET {{base}}/me', 'Authorization: Bearer {{login.response.body.$.token}}', '', '###', '# @name login', 'POST {{base}}/login', '', 'abcd', ''].join('\n'),
  );
  assert.deepEqual(result.results.map((r) => [r.name ?? r.index, r.asDependency, r.outcome]), [['login', true, 'passed'], [0, false, 'passed']]);
  assert.equal(JSON.parse(result.results[1]!.record!.response!.body.preview).auth, 'Bearer tok-4');
  assert.equal(server.requests.filter((r) => r.url === '/login').length >= 1, true);
  assert.equal(result.passed, true);
});

test('--name runs the named request and what it depends on', async () => {
  const { result } = await run(['# @name login', 'POST {{base}}/login', '', 'x', '', '###', '# @name other', 'GET {{base}}/other', '', '###', '# @name me', 'GET {{base}}/me?t={{login.response.body.$.token}}', ''].join('\n'), { select: { names: ['me'] } });
  assert.deepEqual(result.results.map((r) => r.name), ['login', 'me']);
  await assert.rejects(run('# @name a\nGET {{base}}/a\n', { select: { names: ['zz'] } }), UnknownRequestError);
});

test('declarative assertions: every operator, failures explained, js skipped', async () => {
  const lines = [
    'GET {{base}}/echo?x=1',
    '',
    '?? status == 200',
    '?? status < 300',
    '?? header content-type includes json',
    '?? header content-type startsWith application',
    '?? body $.name == Vereniging',
    '?? body $.name != Other',
    '?? body $.list isArray',
    '?? body $.list contains 2',
    '?? body $.list[0] isNumber',
    '?? body $.name isString',
    '?? body $.name endsWith ing',
    '?? body $.name matches /^Ver.*g$/',
    '?? body $.query exists',
    '?? body $.nothing == 1',
    '?? duration >= 0',
    '?? duration < 60000',
    '?? js response.status == 200',
  ];
  const { result } = await run(lines.join('\n') + '\n');
  const outcomes = result.results[0]!.assertions.map((a) => `${a.outcome}:${a.text}`);
  assert.deepEqual(outcomes.filter((o) => !o.startsWith('passed')), ['failed:body $.nothing == 1', 'skipped:js response.status == 200']);
  assert.equal(outcomes.length, lines.length - 2);
  const failed = result.results[0]!.assertions.find((a) => a.outcome === 'failed')!;
  assert.equal(failed.message, "$.nothing is nothing, expected == '1'");
  assert.equal(result.results[0]!.outcome, 'failed');
  assert.match(result.results[0]!.reason!, /\$\.nothing/);
});

test('a 5xx fails unless the request asserts its status', async () => {
  const { result } = await run('GET {{base}}/boom\n\n###\nGET {{base}}/boom\n\n?? status == 503\n');
  assert.deepEqual(result.results.map((r) => r.outcome), ['failed', 'passed']);
  assert.match(result.results[0]!.reason!, /503/);
});

test('an unresolved variable fails the request before sending, with the reference range', async () => {
  const before = server.requests.length;
  const { result } = await run('GET {{base}}/x\n\n###\nGET {{base}}/y?k={{missing}}\n');
  const failed = result.results[1]!;
  assert.equal(failed.outcome, 'failed');
  assert.equal(failed.prepareError?.code, 'unresolved-variable');
  assert.deepEqual(failed.prepareError?.range?.start, { line: 3, character: 17 });
  assert.equal(server.requests.length, before + 1);
});

test('JS scripts are reported skipped once for the run', async () => {
  const { result, events } = await run('GET {{base}}/a\n\n> {%\nclient.global.set("a", 1);\n%}\n\n###\n< {%\nrequest.variables.set("x", 1)\n%}\nGET {{base}}/b\n');
  assert.equal(events.filter((e) => e.type === 'notice').length, 1);
  assert.match(result.notices[0]!, /2 script block/);
  assert.deepEqual(result.results.map((r) => r.skippedScripts), [1, 1]);
});

test('bodies: <@ processes variables in the included file, form bodies join their lines, directives apply', async () => {
  writeFileSync(join(dir, 'payload.json'), '{"who":"{{who}}"}');
  writeFileSync(join(dir, 'plain.txt'), 'as it is');
  const { result } = await run(
    [
      '@who = jan',
      'POST {{base}}/json',
      'Content-Type: application/json',
      '',
      '<@ ./payload.json',
      '',
      '###',
      'POST {{base}}/form',
      'Content-Type: application/x-www-form-urlencoded',
      '',
      'a=1',
      '&b=2',
      '',
      '###',
      '@name = plain',
      'POST {{base}}/plain',
      '',
      '< ./{{name}}.txt',
      '',
      '###',
      '# @no-redirect',
      'GET {{base}}/moved',
      '',
      '###',
      '# @timeout 100',
      'GET {{base}}/slow',
      '',
    ].join('\n'),
  );
  const [json, form, plain, moved, slow] = result.results;
  assert.equal(JSON.parse(plain!.record!.response!.body.preview).body, 'as it is', 'include paths resolve variables');
  assert.equal(JSON.parse(json!.record!.response!.body.preview).body, '{"who":"jan"}');
  assert.equal(JSON.parse(form!.record!.response!.body.preview).body, 'a=1&b=2');
  assert.equal(moved!.record!.response!.status, 302);
  assert.equal(slow!.record!.error?.code, 'timeout');
  assert.match(slow!.record!.error!.message, /100 ms/);
});

test('a missing body file fails the request with a clear message', async () => {
  const { result } = await run('POST {{base}}/x\n\n< ./nope.json\n');
  assert.equal(result.results[0]!.prepareError?.code, 'body-file');
  assert.match(result.results[0]!.reason!, /nope\.json': no such file/);
});

test('a # @timeout that is not a duration fails the request before sending, at the directive', async () => {
  const before = server.requests.length;
  const { result } = await run('# @timeout soon\nGET {{base}}/x\n');
  const failed = result.results[0]!;
  assert.equal(failed.outcome, 'failed');
  assert.equal(failed.prepareError?.code, 'invalid-timeout');
  assert.match(failed.reason!, /'# @timeout soon' is not a duration: write milliseconds \('# @timeout 5000'\)/);
  assert.equal(failed.prepareError?.range?.start.line, 0);
  assert.equal(server.requests.length, before);
});

test('parseTimeout reads ms, s and m', () => {
  assert.equal(parseTimeout('5000'), 5000);
  assert.equal(parseTimeout('5 s'), 5000);
  assert.equal(parseTimeout('2m'), 120000);
  assert.equal(parseTimeout('soon'), undefined);
});

test('multipart bodies: CRLF line breaks, binary includes byte for byte', async () => {
  const bytes = Buffer.from([0x00, 0xff, 0x0a, 0x0d, 0x80, 0x41]);
  writeFileSync(join(dir, 'logo.bin'), bytes);
  const text = ['POST {{base}}/upload', 'Content-Type: multipart/form-data; boundary=XYZ', '', '--XYZ', 'Content-Disposition: form-data; name="file"; filename="logo.bin"', '', '< ./logo.bin', '--XYZ--', ''].join('\n');
  const before = server.requests.length;
  await run(text);
  const received = server.requests[before]!.body;
  const expected = Buffer.concat([Buffer.from('--XYZ\r\nContent-Disposition: form-data; name="file"; filename="logo.bin"\r\n\r\n'), bytes, Buffer.from('\r\n--XYZ--')]);
  assert.deepEqual(received, expected);
});

test('a body that is one file streams from disk with its length', async () => {
  const payload = Buffer.alloc(300_000, 0x62);
  writeFileSync(join(dir, 'upload.bin'), payload);
  const before = server.requests.length;
  const { result } = await run('PUT {{base}}/file\nContent-Type: application/octet-stream\n\n< ./upload.bin\n');
  assert.equal(result.results[0]!.record!.request.bodyPreview, `<file ${join(dir, 'upload.bin')}>`);
  const received = server.requests[before]!;
  assert.equal(received.headers['content-length'], '300000');
  assert.deepEqual(received.body, payload);
});

test('a path-only URL takes its host from the Host header', async () => {
  const { result } = await run(`GET /relative?x=1\nHost: ${server.url.replace('http://', '')}\n`);
  assert.equal(result.results[0]!.url, `${server.url}/relative?x=1`);
  assert.equal(result.results[0]!.record!.response!.status, 200);
});

test('exchanges kept between runs: a dependency that ran before is not sent again', async () => {
  const exchanges = new Map();
  const text = '# @name login\nPOST {{base}}/login\n\nxy\n\n###\n# @name me\nGET {{base}}/me?t={{login.response.body.$.token}}\n';
  await run(text, { select: { names: ['login'] }, exchanges });
  const logins = server.requests.filter((r) => r.url === '/login').length;
  const { result } = await run(text, { select: { names: ['me'] }, exchanges });
  assert.equal(server.requests.filter((r) => r.url === '/login').length, logins);
  assert.deepEqual(result.results.map((r) => r.name), ['me']);
  assert.match(result.results[0]!.url, /\?t=tok-2$/);
});

test('a body spilled to a file is read back for assertions and named responses', async () => {
  // Spilled into the test's folder: the default one (the user's temp folder) would keep it for a day.
  const small: RunHost = { ...host, send: (request, signal) => sendRequest(request, { signal, maxMemoryBytes: 1000, spillDir: join(dir, 'bodies') }) };
  const text = '# @name big\nGET {{base}}/big\n\n?? body $.items[99].id == 99\n\n###\nGET {{base}}/echo?id={{big.response.body.$.items[50].id}}\n';
  const filePath = join(dir, 'big.http');
  writeFileSync(filePath, text);
  const result = await runHttpFile({ file: parseHttp(text), filePath, scope: { environment: new Map([['base', { value: server.url, source: 'environment', secret: false }]]) } }, small);
  assert.ok(result.results[0]!.record!.response!.body.file, 'the body went to a file');
  assert.deepEqual(result.results.map((r) => r.outcome), ['passed', 'passed']);
  assert.match(result.results[1]!.url, /\?id=50$/);
});
