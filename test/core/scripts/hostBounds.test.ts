// What a hostile script can make the HOST do is bounded too, not only its own heap and time:
// log output, values it keeps, tests it records, JSONPath filters and deeply nested values.
// Each runs through a real run against a loopback server; the next request still runs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHttpServer, type TestServer } from '../../helpers/http-servers';
import { env, runScripts } from './helpers';
import { ScriptValueStore } from '../../../src/core/scripts';

let server: TestServer;
before(async () => {
  server = await startHttpServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ path: req.url, items: [{ id: 1 }, { id: 2 }] }));
  });
});
after(() => server.close());

const base = () => env({ base: server.url });
/** A file whose first request runs `script` after its response, and a second request after it. */
const file = (script: string) => ['GET {{base}}/first', '', '> {%', script, '%}', '', '###', 'GET {{base}}/second', ''].join('\n');

test('client.log in an endless loop: the log is cut at 1000 lines, the loop stopped by the time limit, the run goes on', async () => {
  const { result } = await runScripts(file('  for (let i = 0; ; i++) client.log("line " + i);'), { environment: base(), timeoutMs: 300 });
  const first = result.results[0]!;
  assert.equal(first.outcome, 'failed');
  assert.match(first.reason!, /was stopped: it ran longer than 300 ms/);
  assert.equal(first.scriptLogs!.length, 1001);
  assert.equal(first.scriptLogs![999], 'line 999');
  assert.equal(first.scriptLogs![1000], '… (more log output dropped)');
  assert.equal(result.results[1]!.outcome, 'passed');
});

test('one enormous log line is dropped, not kept: the log holds at most 256 KB per script', async () => {
  const { result } = await runScripts(file('  client.log("small");\n  client.log("x".repeat(20 * 1024 * 1024));\n  client.log("after");'), { environment: base() });
  const first = result.results[0]!;
  assert.equal(first.outcome, 'passed', first.reason);
  assert.deepEqual(first.scriptLogs, ['small', '… (more log output dropped)']);
});

test('client.global.set in a loop of 1 MB values is refused at the budget, with a clear error at its line; globals stay bounded', async () => {
  const globals = new ScriptValueStore();
  const { result } = await runScripts(file('  const chunk = "x".repeat(1024 * 1024);\n  for (let i = 0; ; i++) client.global.set("k" + i, chunk);'), { environment: base(), globals });
  const first = result.results[0]!;
  assert.equal(first.outcome, 'failed');
  assert.match(first.reason!, /script error at requests\.http:5: Error: the values scripts keep \(client\.global, exports, request\.variables\) may take up to 16 MB; storing 'k\d+' would pass that/);
  const kept = globals.names().reduce((sum, name) => sum + globals.get(name)!.json.length, 0);
  assert.ok(kept <= 8 * 1024 * 1024, `kept ${kept} characters`);
  assert.ok(globals.names().length >= 7, 'values up to the budget are kept');
  assert.equal(result.results[1]!.outcome, 'passed');
});

test('a single value larger than the budget is refused before the host parses it; clearing gives the room back', async () => {
  const globals = new ScriptValueStore();
  const { result } = await runScripts(
    file(
      [
        '  try { client.global.set("big", "y".repeat(9 * 1024 * 1024)); } catch (e) { client.log("refused: " + /would pass that/.test(e.message)); }',
        '  const half = "z".repeat(5 * 1024 * 1024);',
        '  client.global.set("a", half);',
        '  try { client.global.set("b", half); } catch (e) { client.log("b refused"); }',
        '  client.global.clear("a");',
        '  client.global.set("b", half);',
        '  client.log(client.global.get("b").length);',
      ].join('\n'),
    ),
    { environment: base(), globals },
  );
  const first = result.results[0]!;
  assert.equal(first.outcome, 'passed', first.reason);
  assert.deepEqual(first.scriptLogs, ['refused: true', 'b refused', String(5 * 1024 * 1024)]);
  assert.deepEqual(globals.names(), ['b']);
});

test('request.variables and exports share one budget per run, and a request\'s variables are given back when it runs again', async () => {
  const { result } = await runScripts(
    [
      '< {%',
      '  const big = "v".repeat(6 * 1024 * 1024);',
      '  request.variables.set("big", big);',
      '  try { request.variables.set("more", big); } catch (e) { client.log("second refused"); }',
      '%}',
      'GET {{base}}/one',
      '',
      '###',
      '< {% request.variables.set("small", "s"); client.log("ok"); %}',
      'GET {{base}}/two',
      '',
    ].join('\n'),
    { environment: base() },
  );
  assert.deepEqual(result.results.map((r) => r.outcome), ['passed', 'passed']);
  assert.deepEqual(result.results[0]!.scriptLogs, ['second refused']);
  assert.deepEqual(result.results[1]!.scriptLogs, ['ok']);
});

test('tests recorded in an endless loop stop at the limit per request (10 000; 200 here), which fails the request with the reason', async () => {
  const { result } = await runScripts(
    ['GET {{base}}/first', '', '{{', '  for (let i = 0; ; i++) test("t" + i, () => {});', '}}', '', '###', 'GET {{base}}/second', ''].join('\n'),
    { environment: base(), timeoutMs: 300, maxTests: 200 },
  );
  const first = result.results[0]!;
  assert.equal(first.outcome, 'failed');
  assert.equal(first.assertions.filter((a) => a.source === 'script').length, 200);
  assert.match(first.reason!, /^the request's scripts ran more than 200 tests; the rest were not recorded/);
  assert.equal(result.results[1]!.outcome, 'passed');
});

test('JSONPath filters are evaluated without JavaScript: a constructor chain in a filter reaches nothing', async () => {
  const { result } = await runScripts(
    file(
      [
        '  const probes = [',
        '    "$.items[?(@.constructor.constructor(\'return process\')().exit(3))]",',
        '    "$..[?(this.process)]",',
        '    "$.items[?(@.id > 1 && (globalThis.hacked = 1))]",',
        '  ];',
        '  for (const p of probes) { try { client.log(JSON.stringify(jsonPath(response.body, p))); } catch (e) { client.log("refused"); } }',
        '  client.log(JSON.stringify(jsonPath(response.body, "$.items[?(@.id > 1)].id")));',
      ].join('\n'),
    ),
    { environment: base() },
  );
  const first = result.results[0]!;
  assert.equal(first.outcome, 'passed', first.reason);
  assert.equal(first.scriptLogs![first.scriptLogs!.length - 1], '2');
  for (const line of first.scriptLogs!.slice(0, 3)) assert.match(line, /^(refused|null)$/);
  assert.equal((globalThis as Record<string, unknown>).hacked, undefined);
});

test('deep recursion and deeply nested values handed to the host end in a clear error, and the host goes on', async () => {
  const { result } = await runScripts(
    [
      'GET {{base}}/first',
      '',
      '> {% function down(n) { return down(n + 1) + 1; } down(0); %}',
      '',
      '###',
      'GET {{base}}/nested',
      '',
      '> {%',
      '  let deep = [];',
      '  for (let i = 0; i < 50000; i++) deep = [deep];',
      '  client.global.set("deep", deep);',
      '%}',
      '',
      '###',
      'GET {{base}}/after',
      '',
      '> {% client.log("still running"); %}',
      '',
    ].join('\n'),
    { environment: base() },
  );
  const [recursion, nested, after] = result.results;
  assert.equal(recursion!.outcome, 'failed');
  assert.match(recursion!.reason!, /script at requests\.http:3 was stopped: it recursed too deeply/);
  assert.equal(nested!.outcome, 'failed');
  // A stack overflow raised while the value is turned into JSON carries no frame of the script:
  // the script's first line then (line 11 when it does).
  assert.match(nested!.reason!, /^script at requests\.http:(9|11) was stopped: (it recursed too deeply|it needed more than the 64 MB)/);
  assert.equal(after!.outcome, 'passed');
  assert.deepEqual(after!.scriptLogs, ['still running']);
});
