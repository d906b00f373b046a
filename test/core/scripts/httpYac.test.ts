// httpYac script blocks and `?? js` in the same sandbox; those that need Node are reported.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHttpServer, type TestServer } from '../../helpers/http-servers';
import { env, runScripts } from './helpers';

let server: TestServer;
before(async () => {
  server = await startHttpServer((req, res, body) => {
    res.setHeader('content-type', 'application/json');
    res.setHeader('x-trace', 't-1');
    res.statusCode = req.url === '/created' ? 201 : 200;
    res.end(JSON.stringify({ id: 17, path: req.url, method: req.method, auth: req.headers.authorization ?? null, body: body.toString(), items: [1, 2, 3] }));
  });
});
after(() => server.close());

const base = () => env({ base: server.url, host: 'example.org' });

test('exports feed later requests as {{name}} and later scripts as plain names; variables are names too', async () => {
  const { result } = await runScripts(
    [
      '@prefix = feat',
      '',
      '###',
      'POST {{base}}/created',
      '',
      '?? status == 201',
      '{{',
      '  exports.createdId = response.parsedBody.id;',
      '  exports.label = prefix + "-" + host;',
      '}}',
      '',
      '###',
      'GET {{base}}/things/{{createdId}}?label={{label}}',
      '',
      '{{',
      '  test("sees the export as a name", () => {',
      '    if (createdId !== 17) throw new Error("createdId is " + createdId);',
      '  });',
      '}}',
      '',
    ].join('\n'),
    { environment: base() },
  );
  assert.deepEqual(result.results.map((r) => r.outcome), ['passed', 'passed'], result.results.map((r) => r.reason).join());
  assert.equal(JSON.parse(result.results[1]!.record!.response!.body.preview).path, '/things/17?label=feat-example.org');
  assert.deepEqual(result.results[1]!.assertions.map((a) => [a.text, a.outcome, a.source]), [['sees the export as a name', 'passed', 'script']]);
});

test('a pre-request block, a global block before every request, $global and {{$global.x}}, await', async () => {
  const { result } = await runScripts(
    [
      '{{',
      '  exports.stamp = "s-" + (($global.count = ($global.count || 0) + 1));',
      '}}',
      '',
      '###',
      '{{',
      '  const wait = await Promise.resolve(5);',
      '  exports.pre = "pre" + wait;',
      '}}',
      'GET {{base}}/a?pre={{pre}}&stamp={{stamp}}',
      '',
      '{{@response',
      '  $global.seen = response.statusCode;',
      '}}',
      '',
      '###',
      'GET {{base}}/b?seen={{$global.seen}}&stamp={{stamp}}',
      '',
    ].join('\n'),
    { environment: base() },
  );
  assert.deepEqual(result.results.map((r) => r.outcome), ['passed', 'passed'], result.results.map((r) => r.reason).join());
  assert.equal(JSON.parse(result.results[0]!.record!.response!.body.preview).path, '/a?pre=pre5&stamp=s-1');
  assert.equal(JSON.parse(result.results[1]!.record!.response!.body.preview).path, '/b?seen=200&stamp=s-2');
});

test('response and request objects as httpYac has them', async () => {
  const { result } = await runScripts(
    [
      'POST {{base}}/echo',
      'Authorization: Bearer abc',
      '',
      'hello',
      '',
      '{{',
      '  console.log(response.statusCode, response.statusMessage, response.headers["x-trace"], typeof response.body, response.parsedBody.items.length);',
      '  console.log(response.contentType.mimeType, request.method, request.url.endsWith("/echo"), request.headers.Authorization, request.body);',
      '}}',
      '',
    ].join('\n'),
    { environment: base() },
  );
  assert.deepEqual(result.results[0]!.scriptLogs, ['200 OK t-1 string 3', 'application/json POST true Bearer abc hello']);
});

test('?? js evaluates its expression in the sandbox and compares like ?? lines', async () => {
  const { result } = await runScripts(
    [
      'GET {{base}}/x',
      '',
      '?? js response.parsedBody.id == 17',
      '?? js response.parsedBody.items.length > 2',
      '?? js response.parsedBody.items isArray',
      '?? js Number.isInteger(response.parsedBody.id)',
      '?? js response.parsedBody.path == /nope',
      '?? js nothing.here == 1',
      '',
    ].join('\n'),
    { environment: base() },
  );
  const r = result.results[0]!;
  assert.deepEqual(
    r.assertions.map((a) => [a.text, a.outcome]),
    [
      ['js response.parsedBody.id == 17', 'passed'],
      ['js response.parsedBody.items.length > 2', 'passed'],
      ['js response.parsedBody.items isArray', 'passed'],
      ['js Number.isInteger(response.parsedBody.id)', 'passed'],
      ['js response.parsedBody.path == /nope', 'failed'],
      ['js nothing.here == 1', 'failed'],
    ],
  );
  assert.equal(r.assertions[4]!.message, "response.parsedBody.path is '/x', expected == '/nope'");
  assert.match(r.assertions[5]!.message!, /ReferenceError: 'nothing' is not defined/);
});

test('blocks that need Node modules are not run, and the run says why; the request still runs', async () => {
  const { result, notices } = await runScripts(
    [
      'GET {{base}}/x',
      '',
      '{{',
      "  const { expect } = require('chai');",
      '  test("status", () => expect(response.statusCode).to.equal(200));',
      '}}',
      '',
      '###',
      'GET {{base}}/y',
      '',
      '{{',
      "  // require('commented') does not count",
      "  const fs = require('node:fs/promises');",
      "  await fs.writeFile('.env', 'x');",
      '}}',
      '',
      '###',
      'GET {{base}}/z',
      '',
      '{{@streaming',
      '  exports.x = 1;',
      '}}',
      '',
    ].join('\n'),
    { environment: base() },
  );
  assert.deepEqual(result.results.map((r) => [r.outcome, r.skippedScripts, r.assertions.length]), [['passed', 1, 0], ['passed', 1, 0], ['passed', 1, 0]]);
  assert.deepEqual(notices, [
    "script at line 3 not run: it needs the Node module 'chai' (require), which the sandbox does not provide: no file system, network or Node built-ins",
    "script at line 11 not run: it needs the Node module 'node:fs/promises' (require), which the sandbox does not provide: no file system, network or Node built-ins",
    "script at line 20 not run: httpYac '{{@streaming' scripts are not supported",
  ]);
});

test('# @ref runs the named request first, so its exports are there; each request runs once', async () => {
  const before = server.requests.length;
  const { result } = await runScripts(
    [
      '# @name create',
      'POST {{base}}/created',
      '',
      '{{',
      '  exports.createdId = response.parsedBody.id;',
      '}}',
      '',
      '###',
      '# @name page',
      '# @ref create',
      'GET {{base}}/page',
      '',
      '{{',
      '  test("sees the referenced export", () => { if (createdId !== 17) throw new Error(String(createdId)); });',
      '}}',
      '',
      '###',
      '# @forceRef missing',
      'GET {{base}}/never',
      '',
    ].join('\n'),
    { environment: base(), extra: { select: { names: ['page'] } } },
  );
  assert.deepEqual(result.results.map((r) => [r.name, r.asDependency, r.outcome]), [['create', true, 'passed'], ['page', false, 'passed']]);
  assert.deepEqual(result.results[1]!.assertions.map((a) => a.outcome), ['passed']);
  assert.equal(server.requests.length - before, 2);
  const { result: missing } = await runScripts(['# @forceRef missing', 'GET {{base}}/never', ''].join('\n'), { environment: base() });
  assert.equal(missing.results[0]!.reason, "'# @forceRef missing': no request is named 'missing'");
});
