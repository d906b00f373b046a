// Script tests and logs in the reports: pretty, JSON and JUnit, with secrets redacted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHttpServer, type TestServer } from '../../helpers/http-servers';
import { env, runScripts } from './helpers';
import { buildReport } from '../../../src/core/report/reportModel';
import { prettyReporter } from '../../../src/core/report/prettyReporter';
import { junitReporter } from '../../../src/core/report/junitReporter';
import { jsonReporter } from '../../../src/core/report/jsonReporter';

let server: TestServer;
before(async () => {
  server = await startHttpServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end('{"ok":true}');
  });
});
after(() => server.close());

test('script tests read as tests, logs are shown, and a secret a script logs is redacted everywhere', async () => {
  const { result } = await runScripts(
    ['GET {{base}}/x', '', '?? status == 200', '> {%', '  client.log("key is " + request.environment.get("apiKey"));', '  client.test("body ok", () => client.assert(response.body.ok));', '  client.test("never", () => client.assert(false, "nope"));', '%}', ''].join('\n'),
    { environment: env({ base: server.url, apiKey: 'super-secret-key' }, ['apiKey']) },
  );
  const report = buildReport({ ...result, file: 'api.http' });
  const pretty = prettyReporter(report, { color: false });
  assert.match(pretty, /✔ \?\? status == 200/);
  assert.match(pretty, /✔ test 'body ok'/);
  assert.match(pretty, /✘ test 'never' — nope/);
  assert.match(pretty, /» key is \[redacted\]|» key is \*\*\*/);
  const junit = junitReporter(report);
  assert.match(junit, /failed  test &apos;never&apos; — nope/);
  assert.match(junit, /passed test &apos;body ok&apos;/);
  assert.match(junit, /<failure message="test &apos;never&apos; failed: nope"/);
  const json = jsonReporter(report);
  assert.equal(JSON.parse(json).requests[0].assertions[1].source, 'script');
  for (const text of [pretty, junit, json]) assert.ok(!text.includes('super-secret-key'), text);
});
