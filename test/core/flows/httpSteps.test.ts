// .http steps of a flow, as both hosts (CLI and editor) run them through HttpSteps: a request
// reads the named response of one that answered before it, one that names a request that has not
// answered says so, and `??` assertions come back as outcomes. Real sends on loopback.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { parseHttp } from '../../../src/core/http/parser';
import { HttpSteps } from '../../../src/core/flows/httpSteps';
import type { HttpSource } from '../../../src/core/flows/loadFlow';
import { sendRequest } from '../../../src/core/send/sendRequest';
import { startHttpServer, type TestServer } from '../../helpers/http-servers';

let server: TestServer;
before(async () => {
  server = await startHttpServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.method === 'POST') return void ((res.statusCode = 201), res.end(JSON.stringify({ id: 'T1' })));
    res.end(JSON.stringify({ path: req.url }));
  });
});
after(() => server.close());

function source(): HttpSource {
  const text = [
    '# @name create',
    'POST {{base}}/things',
    '',
    '###',
    '# @name read',
    'GET {{base}}/things/{{create.response.body.$.id}}',
    '',
    '?? status == 200',
    '?? status == 201',
  ].join('\n');
  return { kind: 'http', name: 'requests', url: './requests.http', location: '/flows/requests.http', file: parseHttp(text), text };
}

test('a .http step reads the named response of an earlier step, and its ?? assertions judge it', async () => {
  const steps = new HttpSteps((path) => readFile(path));
  const http = source();
  const [create, read] = http.file.requests;
  const scope = { environment: new Map([['base', { value: server.url, source: 'environment' as const, secret: false }]]) };
  const send = async (spec: Awaited<ReturnType<HttpSteps['prepare']>>) => sendRequest({ method: spec.method, url: spec.url, headers: spec.headers, body: spec.body, followRedirects: true, secrets: [] }, { signal: new AbortController().signal });

  await assert.rejects(steps.prepare(http, read!, scope), /uses the response of 'create', which has not answered before it in this flow/);

  const created = await send(await steps.prepare(http, create!, scope));
  assert.deepEqual(await steps.answered(http, create!, created), []);
  const spec = await steps.prepare(http, read!, scope);
  assert.equal(spec.url, `${server.url}/things/T1`);
  const outcomes = await steps.answered(http, read!, await send(spec));
  assert.deepEqual(
    outcomes.map((o) => [o.text, o.passed, o.isStatus]),
    [
      ['status == 200', true, true],
      ['status == 201', false, true],
    ],
  );
  assert.ok(outcomes[1]!.message);
  // A second run starts with no named responses.
  await assert.rejects(new HttpSteps((path) => readFile(path)).prepare(http, read!, scope), /has not answered/);
});
