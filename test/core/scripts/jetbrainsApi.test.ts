// The JetBrains HTTP Client API members, each through a real request to a loopback server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { startHttpServer, type TestServer } from '../../helpers/http-servers';
import { env, runScripts } from './helpers';
import { ScriptValueStore } from '../../../src/core/scripts';

let server: TestServer;
before(async () => {
  server = await startHttpServer((req, res, body) => {
    const url = new URL(req.url!, 'http://x');
    if (url.pathname === '/text') {
      res.setHeader('content-type', 'text/plain; charset=utf-8');
      return void res.end('  plain token  ');
    }
    if (url.pathname === '/xml') {
      res.setHeader('content-type', 'application/xml');
      return void res.end('<a><b>1</b></a>');
    }
    if (url.pathname === '/created') res.statusCode = 201;
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.setHeader('x-multi', ['one', 'two']);
    res.end(JSON.stringify({ path: url.pathname, query: url.search, auth: req.headers.authorization ?? null, sig: req.headers['x-sig'] ?? null, body: body.toString(), data: { token: 'tok-1', items: [{ id: 1 }, { id: 2 }] } }));
  });
});
after(() => server.close());

const base = () => env({ base: server.url, secret: 's3cret-value', name: 'Vereniging' }, ['secret']);

test('client.global set/get/isEmpty/clear/clearAll, and a global feeds a later request as {{name}}', async () => {
  const { result, globals } = await runScripts(
    [
      'GET {{base}}/login',
      '',
      '> {%',
      '  client.log("empty before: " + client.global.isEmpty());',
      '  client.global.set("token", response.body.data.token);',
      '  client.global.set("count", 3);',
      '  client.global.set("object", { a: [1, 2] });',
      '  client.global.set("gone", "x");',
      '  client.global.clear("gone");',
      '  client.log(client.global.get("token"), typeof client.global.get("count"), client.global.get("object").a[1], client.global.get("gone"), client.global.isEmpty());',
      '%}',
      '',
      '###',
      'GET {{base}}/me?count={{count}}&object={{object}}',
      'Authorization: Bearer {{token}}',
      '',
      '> {%',
      '  client.global.clearAll();',
      '  client.log("empty after: " + client.global.isEmpty());',
      '%}',
      '',
    ].join('\n'),
    { environment: base() },
  );
  assert.deepEqual(result.results.map((r) => r.outcome), ['passed', 'passed']);
  assert.deepEqual(result.results[0]!.scriptLogs, ['empty before: true', 'tok-1 number 2 null false']);
  const echoed = JSON.parse(result.results[1]!.record!.response!.body.preview);
  assert.equal(echoed.auth, 'Bearer tok-1');
  assert.equal(decodeURIComponent(echoed.query), '?count=3&object={"a":[1,2]}');
  assert.deepEqual(result.results[1]!.scriptLogs, ['empty after: true']);
  assert.deepEqual(globals, {});
});

test('client.test and client.assert become the request\'s checks; a failed one fails the request with its message', async () => {
  const { result } = await runScripts(
    [
      'GET {{base}}/created',
      '',
      '> {%',
      '  client.test("status is 201", function () {',
      '    client.assert(response.status === 201, "expected 201");',
      '  });',
      '  client.test("fails", () => {',
      '    client.assert(response.status === 200, "Response status is not 200");',
      '  });',
      '  client.test("throws", () => { null.x; });',
      '%}',
      '',
    ].join('\n'),
    { environment: base() },
  );
  const r = result.results[0]!;
  assert.equal(r.outcome, 'failed');
  assert.equal(r.reason, "test 'fails' failed: Response status is not 200");
  assert.deepEqual(
    r.assertions.map((a) => [a.text, a.outcome, a.source, a.line]),
    [
      ['status is 201', 'passed', 'script', 3],
      ['fails', 'failed', 'script', 6],
      ['throws', 'failed', 'script', 9],
    ],
  );
  assert.match(r.assertions[2]!.message!, /null/);
});

test('client.assert outside a test is a failed check; client.exit ends the script but its tests still run', async () => {
  const { result } = await runScripts(
    ['GET {{base}}/x', '', '> {%', '  client.test("ran", () => {});', '  client.exit();', '  client.global.set("never", 1);', '%}', '', '###', 'GET {{base}}/y', '', '> {% client.assert(response.status === 404, "not found expected"); %}', ''].join('\n'),
    { environment: base() },
  );
  assert.equal(result.results[0]!.outcome, 'passed');
  assert.deepEqual(result.results[0]!.assertions.map((a) => [a.text, a.outcome]), [['ran', 'passed']]);
  assert.equal(result.results[1]!.outcome, 'failed');
  assert.deepEqual(result.results[1]!.assertions.map((a) => [a.text, a.outcome, a.message, a.line]), [['client.assert', 'failed', 'not found expected', 11]]);
});

test('response.body (JSON parsed, text as text), headers.valueOf/valuesOf, status, contentType', async () => {
  const { result } = await runScripts(
    [
      'GET {{base}}/json',
      '',
      '> {%',
      '  client.log(typeof response.body, response.body.data.items.length, response.status);',
      '  client.log(response.headers.valueOf("Content-Type"), response.headers.valueOf("x-none"));',
      '  client.log(JSON.stringify(response.headers.valuesOf("X-MULTI")), JSON.stringify(response.headers.valuesOf("nope")));',
      '  client.log(response.contentType.mimeType, response.contentType.charset);',
      '%}',
      '',
      '###',
      'GET {{base}}/text',
      '',
      '> {% client.global.set("bearer", response.body.trim()); client.log(typeof response.body, response.contentType.mimeType); %}',
      '',
      '###',
      'GET {{base}}/xml',
      '',
      '> {% client.log(typeof response.body, response.body); %}',
      '',
    ].join('\n'),
    { environment: base() },
  );
  assert.deepEqual(result.results[0]!.scriptLogs, ['object 2 200', 'application/json; charset=utf-8 null', '["one","two"] []', 'application/json utf-8']);
  assert.deepEqual(result.results[1]!.scriptLogs, ['string text/plain']);
  assert.deepEqual(result.results[2]!.scriptLogs, ['string <a><b>1</b></a>']);
});

test('pre-request scripts: request.variables feed only their request; url, headers, body raw and substituted; environment', async () => {
  const { result } = await runScripts(
    [
      '@who = Vereniging',
      '',
      '###',
      '< {%',
      '  request.variables.set("ts", 1700000000);',
      '  request.variables.set("sig", crypto.hmac.sha256().withTextSecret(request.environment.get("secret")).updateWithText(request.body.tryGetSubstituted()).digest().toHex());',
      '  client.log(request.method, request.url.getRaw(), request.url.tryGetSubstituted());',
      '  client.log(request.headers.all().map((h) => h.name).join(","), request.headers.findByName("x-who").getRawValue(), request.headers.findByName("X-WHO").tryGetSubstitutedValue(), request.headers.findByName("none"));',
      '  client.log(request.body.getRaw(), request.environment.get("missing"), request.variables.get("ts"), request.variables.isEmpty());',
      '  request.variables.set("tmp", 1); request.variables.clear("tmp"); client.log(request.variables.get("tmp"));',
      '%}',
      'POST {{base}}/sign?ts={{ts}}',
      'X-Who: {{who}}',
      'X-Sig: {{sig}}',
      '',
      'name={{who}}',
      '',
      '###',
      'GET {{base}}/next?ts={{ts}}',
      '',
    ].join('\n'),
    { environment: base() },
  );
  const first = result.results[0]!;
  assert.equal(first.outcome, 'passed', first.reason);
  const echoed = JSON.parse(first.record!.response!.body.preview);
  assert.equal(echoed.query, '?ts=1700000000');
  assert.equal(echoed.sig, createHmac('sha256', 's3cret-value').update('name=Vereniging').digest('hex'));
  assert.deepEqual(first.scriptLogs, [
    // What the script set a line earlier already substitutes.
    `POST {{base}}/sign?ts={{ts}} ${server.url}/sign?ts=1700000000`,
    'X-Who,X-Sig {{who}} Vereniging null',
    'name={{who}} null 1700000000 false',
    'null',
  ]);
  // Per-request variables do not leak into the next request.
  assert.equal(result.results[1]!.outcome, 'failed');
  assert.match(result.results[1]!.reason!, /'ts'/);
});

test('crypto: sha1/sha256/sha384/sha512/md5 and their hmac forms, hex and base64 input, hex and base64 output', async () => {
  const { result } = await runScripts(
    [
      'GET {{base}}/x',
      '',
      '> {%',
      '  client.log(crypto.sha1().updateWithText("abc").digest().toHex());',
      '  client.log(crypto.sha256().updateWithText("ab").updateWithText("c").digest().toBase64());',
      '  client.log(crypto.sha384().updateWithHex("616263").digest().toHex());',
      '  client.log(crypto.sha512().updateWithBase64("YWJj").digest().toBase64(true));',
      '  client.log(crypto.md5().updateWithText("é", "ISO-8859-1").digest().toHex());',
      '  client.log(crypto.hmac.sha256().withHexSecret("6b6579").updateWithText("abc").digest().toHex());',
      '  client.log(crypto.hmac.sha1().withBase64Secret("a2V5").updateWithText("abc").digest().toHex());',
      '  client.log(crypto.hmac.md5().withTextSecret("key").updateWithText("abc").digest().toHex());',
      '  try { crypto.hmac.sha512().updateWithText("x").digest(); } catch (e) { client.log(e.message); }',
      '%}',
      '',
    ].join('\n'),
    { environment: base() },
  );
  const h = (alg: string, data: Buffer | string) => createHash(alg).update(data).digest();
  const m = (alg: string, data: string) => createHmac(alg, 'key').update(data).digest('hex');
  assert.deepEqual(result.results[0]!.scriptLogs, [
    h('sha1', 'abc').toString('hex'),
    h('sha256', 'abc').toString('base64'),
    h('sha384', 'abc').toString('hex'),
    h('sha512', 'abc').toString('base64url'),
    h('md5', Buffer.from([0xe9])).toString('hex'),
    m('sha256', 'abc'),
    m('sha1', 'abc'),
    m('md5', 'abc'),
    'crypto.hmac: set the key first with withTextSecret, withHexSecret or withBase64Secret',
  ]);
});

test('$random, $uuid, $timestamp, $isoTimestamp, jsonPath, atob/btoa and console in scripts', async () => {
  const { result } = await runScripts(
    [
      'GET {{base}}/x',
      '',
      '> {%',
      '  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;',
      '  client.log(uuid.test($random.uuid), uuid.test($uuid), $random.uuid !== $random.uuid);',
      '  const n = $random.integer(5, 7); client.log(n >= 5 && n < 7, Number.isInteger(n));',
      '  const f = $random.float(1, 2); client.log(f >= 1 && f < 2);',
      '  client.log(/^[a-zA-Z]{4}$/.test($random.alphabetic(4)), /^\\w{6}$/.test($random.alphanumeric(6)), /^[0-9a-f]{8}$/.test($random.hexadecimal(8)), /@example\\.org$/.test($random.email));',
      '  client.log(Math.abs($timestamp - Date.now() / 1000) < 5, !isNaN(Date.parse($isoTimestamp)));',
      '  client.log(jsonPath(response.body, "$.data.items[1].id"), JSON.stringify(jsonPath(response.body, "$.data.items[*].id")), jsonPath(response.body, "$.none"));',
      '  client.log(btoa("ab\\u00ff"), atob("YWL/") === "ab\\u00ff");',
      '  console.log("from console", { a: 1 }, [2]);',
      '%}',
      '',
    ].join('\n'),
    { environment: base() },
  );
  assert.deepEqual(result.results[0]!.scriptLogs, ['true true true', 'true true', 'true', 'true true true true', 'true true', '2 [1,2] null', 'YWL/ true', 'from console {"a":1} [2]']);
});

test('globals live as long as the runner\'s store: a second run sees what the first set', async () => {
  const globals = new ScriptValueStore();
  await runScripts(['GET {{base}}/x', '', '> {% client.global.set("kept", "yes"); %}', ''].join('\n'), { environment: base(), globals });
  const { result } = await runScripts(['GET {{base}}/again?kept={{kept}}', ''].join('\n'), { environment: base(), globals });
  assert.equal(JSON.parse(result.results[0]!.record!.response!.body.preview).query, '?kept=yes');
});

test('the environment outranks a global of the same name, as in JetBrains', async () => {
  const { result } = await runScripts(['GET {{base}}/x', '', '> {% client.global.set("name", "from-script"); %}', '', '###', 'GET {{base}}/y?n={{name}}', ''].join('\n'), { environment: base() });
  assert.equal(JSON.parse(result.results[1]!.record!.response!.body.preview).query, '?n=Vereniging');
});

test('members that are not supported say so when called, instead of doing something else', async () => {
  const { result } = await runScripts(
    [
      'GET {{base}}/x',
      '',
      '> {%',
      '  try { client.global.headers.set("X-A", "1"); } catch (e) { client.log(e.message); }',
      '  try { xpath(response.body, "//a"); } catch (e) { client.log(e.message); }',
      '%}',
      '',
    ].join('\n'),
    { environment: base() },
  );
  assert.deepEqual(result.results[0]!.scriptLogs, [
    'client.global.headers is not supported: set the header in the request with a {{variable}}',
    'xpath() needs an XML DOM, which the sandbox does not have',
  ]);
});

test('client.variables: global, request, environment and file scopes through one access point', async () => {
  const { result, globals } = await runScripts(
    [
      '@host = {{base}}',
      '@greeting = hello {{name}}',
      '',
      '###',
      '< {%',
      '  client.variables.request.set("id", 7);',
      '  client.variables.global.set("seen", client.variables.file.get("greeting"));',
      '  client.log(client.variables.environment.get("name"), client.variables.file.get("greeting"), client.variables.file.get("name"), client.variables.request.get("id"));',
      '  client.log(client.variables.global === client.global, client.variables.request === request.variables, client.variables.environment === request.environment);',
      '%}',
      'GET {{host}}/v?id={{id}}',
      '',
      '> {% client.log(client.variables.global.get("seen"), client.variables.request.get("id")); %}',
      '',
    ].join('\n'),
    { environment: base() },
  );
  const r = result.results[0]!;
  assert.equal(r.outcome, 'passed', r.reason);
  assert.equal(JSON.parse(r.record!.response!.body.preview).query, '?id=7');
  // file.get reads only in-place (@name) variables: 'name' is an environment variable.
  assert.deepEqual(r.scriptLogs, ['Vereniging hello Vereniging null 7', 'true true true', 'hello Vereniging 7']);
  assert.deepEqual(globals, { seen: 'hello Vereniging' });
});

test('pre-request handler files (< ./pre.js) run before the request with their own lines', async () => {
  const { result } = await runScripts(['< ./pre.js', 'GET {{base}}/pre?stamp={{stamp}}', ''].join('\n'), {
    environment: base(),
    files: { 'pre.js': '// sets the stamp\nrequest.variables.set("stamp", "s-" + request.method);\n' },
  });
  const r = result.results[0]!;
  assert.equal(r.outcome, 'passed', r.reason);
  assert.equal(JSON.parse(r.record!.response!.body.preview).query, '?stamp=s-GET');
});

test('what the sandbox cannot do is said: import and require in handlers, request.iteration/templateValue', async () => {
  const { result, notices } = await runScripts(
    [
      'GET {{base}}/a',
      '',
      '> ./imports.js',
      '',
      '###',
      'GET {{base}}/b',
      '',
      '> {%',
      '  const fs = require("fs");',
      '%}',
      '',
      '###',
      'GET {{base}}/c',
      '',
      '> {%',
      '  for (const call of [() => request.iteration(), () => request.templateValue(0)]) { try { call(); } catch (e) { client.log(e.message); } }',
      '%}',
      '',
    ].join('\n'),
    { environment: base(), files: { 'imports.js': "import { helper } from './helper.js';\nhelper(response);\n" } },
  );
  assert.deepEqual(result.results.map((r) => [r.outcome, r.skippedScripts]), [['passed', 1], ['passed', 1], ['passed', 0]]);
  assert.deepEqual(notices, [
    'script at line 3 not run: it imports modules (import … from), which the sandbox does not load',
    "script at line 8 not run: it needs the Node module 'fs' (require), which the sandbox does not provide: no file system, network or Node built-ins",
  ]);
  assert.deepEqual(result.results[2]!.scriptLogs, [
    'request.iteration() is not supported: requests do not run as data-driven iterations here',
    'request.templateValue() is not supported: requests do not run as data-driven iterations here',
  ]);
});
