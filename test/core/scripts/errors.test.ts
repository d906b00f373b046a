// A script's error points at its line in the .http file, never ends the run; handler files;
// a run without a script runner says once why scripts did not run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHttpServer, type TestServer } from '../../helpers/http-servers';
import { env, host, runScripts } from './helpers';
import { parseHttp } from '../../../src/core/http/parser';
import { runHttpFile } from '../../../src/core/run/runHttpFile';
import type { RunEvent } from '../../../src/core/run/runTypes';

let server: TestServer;
before(async () => {
  server = await startHttpServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ path: req.url, token: 't' }));
  });
});
after(() => server.close());

const base = () => env({ base: server.url });

test('runtime and syntax errors point at the .http line; the run goes on with the next request', async () => {
  const { result } = await runScripts(
    [
      'GET {{base}}/one', //          line 1
      '', //                          line 2
      '> {%', //                      line 3
      '  const ok = 1;', //           line 4
      '  response.body.missing.x;', // line 5
      '%}', //                        line 6
      '', //                          line 7
      '###', //                       line 8
      'GET {{base}}/two', //          line 9
      '', //                          line 10
      '> {%', //                      line 11
      '  if (response.status === 200 {', // line 12
      '%}',
      '',
      '###',
      'GET {{base}}/three',
      '',
      '> {% client.global.set("after", "yes"); %}',
      '',
    ].join('\n'),
    { environment: base(), name: 'api.http' },
  );
  assert.deepEqual(result.results.map((r) => r.outcome), ['failed', 'failed', 'passed']);
  assert.equal(result.results[0]!.reason, "script error at api.http:5: TypeError: cannot read property 'x' of undefined");
  assert.match(result.results[1]!.reason!, /^script syntax error at api\.http:12: /);
  // The response is kept: a failing handler does not lose what the server said.
  assert.equal(result.results[0]!.record!.response!.status, 200);
});

test('a failing pre-request script keeps its request from being sent, and says where', async () => {
  const before = server.requests.length;
  const { result } = await runScripts(['< {%', '  request.variables.set("x", undefinedName);', '%}', 'GET {{base}}/never', ''].join('\n'), { environment: base(), name: 'pre.http' });
  const r = result.results[0]!;
  assert.equal(r.outcome, 'failed');
  assert.equal(r.record, undefined);
  assert.equal(r.reason, "script error at pre.http:2: ReferenceError: 'undefinedName' is not defined");
  assert.deepEqual(r.prepareError?.range?.start, { line: 1, character: 0 });
  assert.equal(server.requests.length, before);
});

test('a runaway handler is stopped at its time limit and the next request still runs', async () => {
  const { result } = await runScripts(['GET {{base}}/spin', '', '> {% while (true) {} %}', '', '###', 'GET {{base}}/next', '', '> {% client.global.set("next", "ran"); %}', ''].join('\n'), { environment: base(), timeoutMs: 150, name: 'spin.http' });
  assert.deepEqual(result.results.map((r) => r.outcome), ['failed', 'passed']);
  assert.equal(result.results[0]!.reason, 'script at spin.http:3 was stopped: it ran longer than 150 ms (an endless loop?)');
});

test('handler files: > ./handler.js runs with its own lines, a missing file or a non-.js file is said', async () => {
  const { result, globals, notices } = await runScripts(
    ['GET {{base}}/a', '', '> ./handler.js', '', '###', 'GET {{base}}/b', '', '> ./broken.js', '', '###', 'GET {{base}}/c', '', '> ./missing.js', '', '###', 'GET {{base}}/d', '', '> ./out.json', ''].join('\n'),
    {
      environment: base(),
      files: {
        'handler.js': '// a handler file\nclient.global.set("fromFile", response.body.token);\nclient.test("from file", () => client.assert(true));\n',
        'broken.js': '\n\nnull.boom;\n',
      },
    },
  );
  assert.deepEqual(result.results.map((r) => r.outcome), ['passed', 'failed', 'failed', 'passed']);
  assert.deepEqual(globals, { fromFile: 't' });
  // Results of a handler file sit on its `>` line in the .http file.
  assert.deepEqual(result.results[0]!.assertions.map((a) => [a.text, a.line]), [['from file', 2]]);
  assert.match(result.results[1]!.reason!, /^script error at broken\.js:3: TypeError/);
  assert.equal(result.results[2]!.reason, "the handler file './missing.js' cannot be read: there is no such file");
  assert.deepEqual(notices, ["script at line 18 not run: './out.json' is not a JavaScript (.js) file"]);
});

test('without a script runner the requests run without their scripts and the run says so once', async () => {
  const text = ['GET {{base}}/a', '', '> {% client.global.set("x", 1); %}', '', '###', 'GET {{base}}/b', '', '> {% client.log(1); %}', '?? js response.status == 200', ''].join('\n');
  const events: RunEvent[] = [];
  const result = await runHttpFile(
    { file: parseHttp(text), filePath: '/tmp/off.http', scope: { environment: base() }, scriptsOff: 'scripts are off: pass --allow-scripts', onEvent: (event) => events.push(event) },
    host,
  );
  assert.deepEqual(result.results.map((r) => [r.outcome, r.skippedScripts]), [['passed', 1], ['passed', 1]]);
  assert.deepEqual(result.notices, ['3 script block(s) not run: scripts are off: pass --allow-scripts (declarative ?? assertions do run)']);
  assert.equal(events.filter((e) => e.type === 'notice').length, 1);
  assert.deepEqual(result.results[1]!.assertions.map((a) => a.outcome), ['skipped']);
});

test('a value a script derives from a secret stays secret: it is in the run\'s secrets for redaction', async () => {
  const { result } = await runScripts(['GET {{base}}/a', '', '> {% client.global.set("copy", "Bearer " + request.environment.get("apiKey")); client.log(request.environment.get("apiKey")); %}', '', '###', 'GET {{base}}/b', 'Authorization: {{copy}}', ''].join('\n'), {
    environment: env({ base: server.url, apiKey: 'k3y-very-secret' }, ['apiKey']),
  });
  assert.deepEqual(result.results.map((r) => r.outcome), ['passed', 'passed']);
  assert.ok(result.secrets.includes('Bearer k3y-very-secret'), JSON.stringify(result.secrets));
});

test('a stack overflow or an allocation over the limit names the line that raised it', async () => {
  const { result } = await runScripts(
    ['GET {{base}}/a', '', '> {%', '  const a = 1;', '  function down(n) {', '    return down(n + 1) + 1;', '  }', '  down(0);', '%}', '', '###', 'GET {{base}}/b', '', '> {%', '  const a = 1;', '  const s = "x".repeat(1000 * 1024 * 1024);', '%}', ''].join('\n'),
    { environment: base() },
  );
  assert.deepEqual(
    result.results.map((r) => r.reason?.replace(/ \(.*$/, '')),
    ['script at requests.http:6 was stopped: it recursed too deeply', 'script at requests.http:16 was stopped: it needed more than the 64 MB a script may use'],
  );
});
