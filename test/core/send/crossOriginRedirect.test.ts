// A redirect to another origin must not carry the credentials written for the first one, and a
// 307/308 must not hand the body (often a password) to a server the user never named.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sendRequest } from '../../../src/core/send/sendRequest';
import type { PreparedRequest } from '../../../src/core/send/types';
import { startHttpServer, type TestServer } from '../../helpers/http-servers';

let home: TestServer;
let elsewhere: TestServer;
const key = 'vr-key-5f9d2c71';

before(async () => {
  elsewhere = await startHttpServer((_req, res) => res.end('landed'));
  home = await startHttpServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    const status = Number(url.searchParams.get('status') ?? 302);
    const target = url.searchParams.get('to') === 'home' ? `/landed` : `${elsewhere.url}/landed?apikey=${encodeURIComponent(key)}&keep=1`;
    if (url.pathname === '/landed') return void res.end('home');
    res.writeHead(status, { location: target });
    res.end();
  });
});
after(async () => {
  await home.close();
  await elsewhere.close();
});

function request(path: string, extra: Partial<PreparedRequest> = {}): PreparedRequest {
  return {
    method: 'GET',
    url: `${home.url}${path}`,
    headers: [
      ['Authorization', 'Bearer tok-1'],
      ['Cookie', 'sid=2'],
      ['vr-api-key', key],
      ['X-Client-Secret', 'literal-client-secret'],
      ['X-Derived', `prefix ${key}`],
      ['X-Trace', 'trace-7'],
    ],
    followRedirects: true,
    secrets: [key],
    ...extra,
  };
}

test('on a hop to another origin every credential header, every secret-carrying header and query parameter stays behind, and the record says so', async () => {
  const record = await sendRequest(request('/start'), { credentialHeaders: ['x-client-secret', 'vr-api-key'] });
  assert.equal(record.error, undefined);
  assert.equal(record.response?.status, 200);
  const seen = elsewhere.requests.at(-1)!;
  for (const name of ['authorization', 'cookie', 'vr-api-key', 'x-client-secret', 'x-derived']) assert.equal(seen.headers[name], undefined, name);
  assert.equal(seen.headers['x-trace'], 'trace-7', 'other headers go along');
  assert.equal(seen.url, '/landed?keep=1');
  assert.ok(!JSON.stringify(seen).includes(key));
  assert.deepEqual(record.redirects, [
    { status: 302, url: `${elsewhere.url}/landed?keep=1`, dropped: { headers: ['Authorization', 'Cookie', 'vr-api-key', 'X-Client-Secret', 'X-Derived'], parameters: ['apikey'] } },
  ]);
});

test('a header whose value came from a secret stays behind even when no rule names it', async () => {
  await sendRequest({ ...request('/start'), headers: [['X-Anything', key]] });
  assert.equal(elsewhere.requests.at(-1)!.headers['x-anything'], undefined);
});

test('a redirect within the origin keeps the headers', async () => {
  const record = await sendRequest(request('/start?to=home'), { credentialHeaders: ['vr-api-key'] });
  assert.equal(record.response?.status, 200);
  const seen = home.requests.at(-1)!;
  assert.equal(seen.url, '/landed');
  assert.equal(seen.headers['vr-api-key'], key);
  assert.equal(record.redirects[0]!.dropped, undefined);
});

test('a 307/308 to another origin is not followed with a body unless allowed; then the body goes, the credentials still do not', async () => {
  for (const status of [307, 308]) {
    const before = elsewhere.requests.length;
    const refused = await sendRequest(request(`/start?status=${status}`, { method: 'POST', body: '{"password":"hunter2-x"}' }));
    assert.equal(elsewhere.requests.length, before, 'nothing reached the other origin');
    assert.equal(refused.response?.status, status);
    assert.equal(refused.error?.code, 'redirect-refused');
    assert.match(refused.error!.message, new RegExp(`${status} redirect to ${elsewhere.url.replace(/\./g, '\\.')} was not followed`));
    assert.match(refused.error!.hint!, /@redirect-body/);

    for (const allowed of [{ request: { redirectBody: true }, options: {} }, { request: {}, options: { redirectBody: true } }]) {
      const record = await sendRequest(request(`/start?status=${status}`, { method: 'POST', body: '{"password":"hunter2-x"}', ...allowed.request }), { credentialHeaders: ['vr-api-key'], ...allowed.options });
      assert.equal(record.error, undefined);
      const seen = elsewhere.requests.at(-1)!;
      assert.equal(seen.method, 'POST');
      assert.equal(seen.body.toString(), '{"password":"hunter2-x"}');
      assert.equal(seen.headers['vr-api-key'], undefined);
      assert.equal(seen.headers.authorization, undefined);
    }
  }
});

test('a 303 (and a 302 after POST) drops the body, so it follows to another origin without asking', async () => {
  const record = await sendRequest(request('/start?status=303', { method: 'POST', body: 'secret body' }));
  assert.equal(record.error, undefined);
  assert.equal(elsewhere.requests.at(-1)!.method, 'GET');
  assert.equal(elsewhere.requests.at(-1)!.body.length, 0);
});
