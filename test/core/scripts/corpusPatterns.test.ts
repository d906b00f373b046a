// The JetBrains-handler files of the shared corpus, as the fixtures in
// test/fixtures/scripts/jetbrains reproduce them, run against a loopback server: every request
// passes or fails as in the JetBrains client, and the globals end as it would leave them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startHttpServer, type TestServer } from '../../helpers/http-servers';
import { env, runScripts } from './helpers';

const FIXTURES = join(__dirname, '../../fixtures/scripts/jetbrains');
const SUBSCRIPTION = '0f8fad5b-d9cb-469f-a165-70867728950e';
let server: TestServer;

before(async () => {
  server = await startHttpServer((req, res, body) => {
    const url = new URL(req.url!, 'http://x');
    const json = (value: unknown, status = 200) => {
      res.statusCode = status;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(value));
    };
    const path = url.pathname;
    if (path === '/v1/categories') return json({ data: [{ categoryId: 'cat-7' }, { categoryId: 'cat-8' }] });
    if (path === '/v1/store/me') return json(req.headers.authorization === 'Bearer boss' ? { data: { storeId: 'store-42' } } : { error: 'no auth' }, req.headers.authorization === 'Bearer boss' ? 200 : 401);
    if (path === '/auth/login') return json({ tokens: { access_token: 'acc', refresh_token: 'ref' } });
    if (path === '/api/v1/login') {
      res.setHeader('content-type', 'text/plain');
      return void res.end('  tok-xyz\n');
    }
    if (path === '/api/v1/project' && req.method === 'PUT') return json({ uuid: 'p-1' });
    if (path === '/api/v1/project/lookup') return json({ uuid: 'p-2' });
    if (path === '/coffee/orders') return json({ orderId: { id: 'o-9' } });
    if (path === '/oauth2/token') return json({ access_token: 'at-1' });
    if (path === '/client-subscriptions' && req.method === 'POST') return json({ message: `Subscription already exists: ${SUBSCRIPTION}` }, 409);
    if (path === '/csrf') {
      res.setHeader('x-csrf-token', 'csrf-abc');
      return json({});
    }
    if (path === '/returns') return json({}, req.headers['x-csrf-token'] === 'csrf-abc' ? 201 : 403);
    if (path === '/hosts/products/Satellite%206') return json({ detail: 'bad value' }, 400);
    if (path === '/upload-url') return json({ URL: `${server.url}/bucket/obj?sig=1` });
    if (path === '/namespace/data/readme') return json({ pnfsId: '0000ABC' });
    if (path.startsWith('/id/') && path !== '/id/0000ABC') return json({}, 404);
    json({ path, query: url.search, method: req.method, auth: req.headers.authorization ?? null, host: req.headers.host, body: body.toString() });
  });
});
after(() => server.close());

async function runFixture(name: string, values: Record<string, string> = {}) {
  const text = readFileSync(join(FIXTURES, name), 'utf8');
  const authority = new URL(server.url).host;
  return runScripts(text, { name, environment: env({ api: server.url, baseUrl: server.url, base_url: server.url, door: server.url, authority, projectName: 'demo', TOKEN: 'boss', ...values }) });
}

const outcomes = (result: Awaited<ReturnType<typeof runFixture>>['result']) => result.results.map((r) => r.outcome);
const echo = (result: Awaited<ReturnType<typeof runFixture>>['result'], index: number) => JSON.parse(result.results[index]!.record!.response!.body.preview);

test('global-from-data: ids from response.body["data"] feed later paths; status tests pass', async () => {
  const { result, globals } = await runFixture('global-from-data.http');
  assert.deepEqual(outcomes(result), ['passed', 'passed', 'passed', 'passed']);
  assert.deepEqual(globals, { CATEGORY_ID: 'cat-7', STORE_ID: 'store-42' });
  assert.equal(echo(result, 1).query, '?category=cat-7');
  assert.equal(echo(result, 3).path, '/v1/store/store-42');
  assert.deepEqual(result.results[3]!.assertions.map((a) => [a.text, a.outcome]), [['200 OK', 'passed']]);
});

test('header-token: two tokens from one handler go into a header and a JSON body', async () => {
  const { result, globals } = await runFixture('header-token.http');
  assert.deepEqual(outcomes(result), ['passed', 'passed']);
  assert.deepEqual(globals, { access_token: 'acc', refresh_token: 'ref' });
  assert.equal(echo(result, 1).auth, 'Bearer acc');
  assert.deepEqual(JSON.parse(echo(result, 1).body), { refresh_token: 'ref' });
});

test('text-token-host: a trimmed text token, Host-relative request lines, a global overwritten', async () => {
  const { result, globals } = await runFixture('text-token-host.http');
  assert.deepEqual(outcomes(result), ['passed', 'passed', 'passed', 'passed']);
  assert.deepEqual(globals, { bearerToken: 'tok-xyz', projectUUID: 'p-2' });
  assert.equal(echo(result, 3).path, '/api/v1/finding/project/p-2');
  assert.equal(echo(result, 3).auth, 'Bearer tok-xyz');
});

test('pre-request-signature: timestamp and HMAC in request variables, environment reads, globals from a later handler', async () => {
  const { result, globals } = await runFixture('pre-request-signature.http', { envVal: 'env-value' });
  assert.deepEqual(outcomes(result), ['passed', 'passed', 'passed']);
  const query = new URLSearchParams(echo(result, 0).query);
  const ts = Number(query.get('ts'));
  assert.ok(Math.abs(ts - Date.now() / 1000) < 60);
  assert.equal(query.get('sig'), createHmac('sha256', 'API_KEY').update(`timestamp=${ts}`).digest('hex'));
  assert.equal(echo(result, 1).path, '/hello/test/env-value');
  assert.deepEqual(result.results[1]!.scriptLogs, ['env-value', 'test']);
  assert.deepEqual(result.results[2]!.scriptLogs, ['null']);
  assert.deepEqual(globals, { Var1: 'test', test123: 'value-123', envValChanged: 'changed' });
});

test('nested-id-log: a nested id as a global, logged, used by requests without scripts', async () => {
  const { result, globals } = await runFixture('nested-id-log.http');
  assert.deepEqual(outcomes(result), ['passed', 'passed', 'passed']);
  assert.deepEqual(globals, { orderId: 'o-9' });
  assert.deepEqual(result.results[0]!.scriptLogs, ['o-9']);
  assert.equal(echo(result, 2).path, '/coffee/orders/coffees/o-9');
});

test('url-from-request: request.url() gives the sent URL, its {{$uuid}} segment becomes the session id', async () => {
  const { result, globals } = await runFixture('url-from-request.http');
  assert.deepEqual(outcomes(result), ['passed', 'passed', 'passed']);
  const sentUuid = /\/sessions\/([^/]+)\/memory$/.exec(result.results[1]!.url)![1];
  assert.deepEqual(globals, { session_uuid: sentUuid });
  assert.equal(echo(result, 2).path, `/sessions/${sentUuid}`);
});

test('conditional-regex: a 409 message yields the subscription id; the named-response file variable agrees', async () => {
  const { result, globals } = await runFixture('conditional-regex.http');
  assert.deepEqual(outcomes(result), ['passed', 'passed', 'passed']);
  assert.equal(result.results[1]!.record!.response!.status, 409);
  assert.deepEqual(globals, { access_token: 'at-1', client_subscription_id: SUBSCRIPTION });
  assert.equal(echo(result, 2).path, `/client-subscriptions/${SUBSCRIPTION}`);
  assert.equal(echo(result, 2).auth, 'Bearer at-1');
});

test('header-in-test: a header value read in a test becomes the next request\'s header', async () => {
  const { result, globals } = await runFixture('header-in-test.http');
  assert.deepEqual(outcomes(result), ['passed', 'passed']);
  assert.deepEqual(globals, { csrfToken: 'csrf-abc' });
  assert.equal(result.results[1]!.record!.response!.status, 201);
});

test('expects-400: a test for a 400 passes on 400 and fails, with its message, on 200', async () => {
  const { result } = await runFixture('expects-400.http');
  assert.deepEqual(outcomes(result), ['passed', 'failed']);
  assert.equal(result.results[1]!.reason, "test 'A good value is not rejected' failed: Response status is not 400");
});

test('url-global: a URL from a response is the next request line; $random and $timestamp fill the body', async () => {
  const { result, globals } = await runFixture('url-global.http');
  assert.deepEqual(outcomes(result), ['passed', 'passed']);
  assert.deepEqual(globals, { upload_url: `${server.url}/bucket/obj?sig=1` });
  const sent = JSON.parse(echo(result, 1).body);
  assert.equal(echo(result, 1).method, 'PUT');
  assert.match(sent.id, /^[0-9a-f-]{36}$/);
  assert.ok(Number.isInteger(sent.price));
});

test('fields-in-tests: hasOwnProperty and contentType.mimeType in tests, a global set inside one', async () => {
  const { result, globals } = await runFixture('fields-in-tests.http');
  assert.deepEqual(outcomes(result), ['passed', 'passed']);
  assert.deepEqual(globals, { pnfsId: '0000ABC' });
  assert.deepEqual(result.results[0]!.assertions.map((a) => a.outcome), ['passed', 'passed', 'passed']);
});
