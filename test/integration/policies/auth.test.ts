// The auth policy against the sandbox on loopback, each scheme on and off: what the registry's
// `auth` says is added, what the user wrote stays, a ZGW JWT is minted and verifies, a token is
// asked once and reused, a short password is refused before anything is sent, and every value
// the policy added is redacted from the history entry.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { jwtVerify, decodeJwt } from 'jose';
import { createAuthPolicy } from '../../../src/core/policies/auth';
import { headersPolicy } from '../../../src/core/policies/headers';
import { credentialNames } from '../../../src/core/catalog/credentialNames';
import { Redactor } from '../../../src/core/history/redactor';
import { historyEntry } from '../../../src/core/history/historyEntry';
import { RegxError } from '../../../src/core/errors';
import type { PreparedRequest, ResponseRecord } from '../../../src/core/send/types';
import { get, jsonBody, policySandbox, type PolicySandbox } from './sandboxContext';

let box: PolicySandbox;
before(async () => {
  box = await policySandbox();
});
after(() => box.close());

/** The history entry as the session writes it: the request's secrets (policies' included) and the catalog's names. */
function historyText(record: ResponseRecord, request: PreparedRequest): string {
  const names = credentialNames(box.entries);
  return JSON.stringify(historyEntry(record, new Redactor(request.secrets, names)));
}

test('KVK: apikey header added from the secret; a key the user wrote is kept; off: 401', async () => {
  const auth = createAuthPolicy();
  const context = box.context('kvk');
  const planted = context.variables.get('kvkApiKey')!;
  context.variables.delete('kvkApiKey');
  context.secrets.set('kvkApiKey', planted);
  const url = box.url('kvk', '/test/api/v1/basisprofielen/68750110');

  const off = await box.run(get(url), context, []);
  assert.equal(off.response?.status, 401);

  const on = await box.run(get(url), context, [auth]);
  assert.equal(on.response?.status, 200);
  assert.deepEqual(on.added, [{ header: 'apikey', by: 'auth', from: 'kvkApiKey' }]);
  assert.equal(on.request.headers.find(([n]) => n === 'apikey')?.[1], planted);
  const request = context.sent.at(-1)!;
  assert.ok(request.secrets.includes(planted));
  assert.ok(!historyText(on, request).includes(planted), 'the key is not in the history entry');

  const own = await box.run(get(url, [['APIKEY', 'wrong-key']]), context, [auth]);
  assert.equal(own.response?.status, 401, "the user's own key is sent as written");
  assert.equal(own.added, undefined);
  assert.equal(context.sent.at(-1)!.headers.filter(([n]) => n.toLowerCase() === 'apikey').length, 1);
});

test('KVK without a key: the request goes out without one and the user is told how to set it', async () => {
  const context = box.context('kvk');
  context.variables.delete('kvkApiKey');
  const record = await box.run(get(box.url('kvk', '/test/api/v1/basisprofielen/68750110')), context, [createAuthPolicy()]);
  assert.equal(record.response?.status, 401);
  assert.match(context.notices.join('\n'), /kvkApiKey is not set; set it with 'Register Explorer: Set Secret' \(CLI: REGX_SECRET_kvkApiKey\)/);
});

test('VR Publiek: vr-api-key as a header, or left in the query where the user wrote it', async () => {
  const auth = createAuthPolicy();
  const context = box.context('vr-publiek');
  const key = context.variables.get('vrPubliekApiKey')!;
  const url = box.url('vr-publiek', '/v1/verenigingen/zoeken?q=*');
  assert.equal((await box.run(get(url), context, [])).response?.status, 403);

  const header = await box.run(get(url), context, [auth]);
  assert.equal(header.response?.status, 200);
  assert.equal(header.request.headers.find(([n]) => n === 'vr-api-key')?.[1], key);

  const inQuery = await box.run(get(`${url}&vr-api-key=${encodeURIComponent(key)}`), context, [auth]);
  assert.equal(inQuery.response?.status, 200);
  assert.equal(inQuery.added, undefined, 'a key in the query is the user’s; no header is added');
  assert.ok(!inQuery.request.headers.some(([n]) => n === 'vr-api-key'));
});

test('VNG Klanten: a ZGW JWT minted per request (HS256, client_id, iss, iat, user_id, user_representation) and accepted', async () => {
  const now = new Date('2026-12-05T17:00:00Z');
  const auth = createAuthPolicy({ now: () => now });
  const context = box.context('vng-klanten');
  const secret = context.variables.get('klantenSecret')!;
  context.variables.delete('klantenSecret');
  context.secrets.set('klantenSecret', secret);
  const url = box.url('vng-klanten', '/api/v1/klanten?bronorganisatie=002220647');
  assert.equal((await box.run(get(url), context, [])).response?.status, 401);

  const record = await box.run(get(url), context, [auth]);
  assert.equal(record.response?.status, 200, record.response?.body.preview);
  const header = record.request.headers.find(([n]) => n === 'Authorization')![1];
  const jwt = header.replace(/^Bearer /, '');
  const { payload, protectedHeader } = await jwtVerify(jwt, new TextEncoder().encode(secret), { algorithms: ['HS256'], currentDate: now });
  assert.equal(protectedHeader.alg, 'HS256');
  assert.equal(payload.client_id, context.variables.get('klantenClientId'));
  assert.equal(payload.iss, payload.client_id);
  assert.equal(payload.iat, Math.floor(now.getTime() / 1000));
  assert.equal(payload.user_id, context.variables.get('klantenUserId'));
  assert.equal(payload.user_representation, context.variables.get('klantenUserRepresentation'));
  assert.deepEqual(record.added, [{ header: 'Authorization', by: 'auth', from: `ZGW JWT minted for ${payload.client_id}` }]);
  const request = context.sent.at(-1)!;
  const text = historyText(record, request);
  assert.ok(!text.includes(jwt) && !text.includes(secret), 'neither the JWT nor the secret is in history');

  // A second request gets its own token (iat of its own send).
  const later = new Date(now.getTime() + 5000);
  const second = await box.run(get(url), context, [createAuthPolicy({ now: () => later })]);
  const iat = decodeJwt(second.request.headers.find(([n]) => n === 'Authorization')![1].replace(/^Bearer /, '')).iat;
  assert.equal(iat, Math.floor(later.getTime() / 1000));

  // The user's own Authorization is sent as written.
  const own = await box.run(get(url, [['authorization', 'Bearer not-a-jwt']]), context, [auth]);
  assert.equal(own.response?.status, 403);
  assert.equal(own.added, undefined);
});

test('DATA-collectief: Basic from user and password; RegisterAccount teaches the sub-account, later calls as it', async () => {
  const auth = createAuthPolicy();
  const context = box.context('data-collectief');
  const url = box.url('data-collectief', '/api/v1/downloadstatistics');
  assert.equal((await box.run(get(url), context, [])).response?.status, 401);

  const main = await box.run(get(url), context, [auth]);
  assert.equal(main.response?.status, 200);
  assert.equal((jsonBody(main) as { user: string }).user, context.variables.get('dataCollectiefUser'));

  const pending = (box.sandbox.credentials['data-collectief']!.pendingAccounts as { newUser: string; code: string }[])[0]!;
  const link: PreparedRequest = {
    method: 'POST',
    url: box.url('data-collectief', '/api/v1/accounts'),
    headers: [['content-type', 'application/json']],
    body: JSON.stringify({ newUser: pending.newUser, code: pending.code }),
    followRedirects: false,
    secrets: [],
  };
  const linked = await box.run(link, context, [auth]);
  assert.equal(linked.response?.status, 201);
  const subPassword = (jsonBody(linked) as { password: string }).password;
  assert.match(context.notices.join('\n'), new RegExp(`linked '${pending.newUser}'.*dataCollectiefUser = ${pending.newUser}`));
  assert.ok(!context.notices.join('\n').includes(subPassword), 'the notice does not show the password');
  assert.ok(!historyText(linked, context.sent.at(-1)!).includes(subPassword), 'the sub-account password is not in history');

  context.variables.set('dataCollectiefUser', pending.newUser);
  const asSub = await box.run(get(url), context, [auth]);
  assert.equal(asSub.response?.status, 200);
  assert.deepEqual(jsonBody(asSub) as { user: string; mainAccount: boolean }, { ...(jsonBody(asSub) as object), user: pending.newUser, mainAccount: false });
  assert.match(asSub.added![0]!.from!, /linked sub-account/);
});

test('AllSolutions: one token call for several requests, the koppeling headers on each; off: 401', async () => {
  const auth = createAuthPolicy();
  const context = box.context('allsolutions');
  const url = box.url('allsolutions', '/api/v1/relaties?pagina=1&aantal=5');
  assert.equal((await box.run(get(url), context, [])).response?.status, 401);

  const first = await box.run(get(url), context, [auth]);
  assert.equal(first.response?.status, 200, first.response?.body.preview);
  const second = await box.run(get(box.url('allsolutions', '/api/v1/artikelen')), context, [auth]);
  assert.equal(second.response?.status, 200);
  const tokenCalls = context.sent.filter((r) => r.url.endsWith('/api/v1/token'));
  assert.equal(tokenCalls.length, 1, 'the token is cached');
  assert.deepEqual(second.added?.map((a) => a.header), ['X-Client-Id', 'X-Client-Secret', 'Authorization']);
  assert.match(second.added![2]!.from!, /\(cached\)/);
  const token = second.request.headers.find(([n]) => n === 'Authorization')![1].slice('Bearer '.length);
  const request = context.sent.at(-1)!;
  const text = historyText(second, request);
  for (const planted of [token, context.variables.get('allSolutionsClientSecret')!, context.variables.get('allSolutionsPassword')!]) assert.ok(!text.includes(planted));
});

test('AllSolutions: a password under 16 characters is refused with the reason, before any call', async () => {
  const context = box.context('allsolutions');
  context.secrets.set('allSolutionsPassword', 'kort-wachtwoord');
  await assert.rejects(
    box.run(get(box.url('allsolutions', '/api/v1/artikelen')), context, [createAuthPolicy()]),
    (error: unknown) => RegxError.is(error, 'weak-credential') && /at least 16 characters for allSolutionsPassword \(this one has 15\)/.test(error.message) && /terms of use/.test(error.hint ?? ''),
  );
  assert.equal(context.sent.length, 0, 'nothing was sent');
});

test('AllSolutions: a cached token the server refuses is renewed once and the request resent', async () => {
  const auth = createAuthPolicy();
  const context = box.context('allsolutions');
  const url = box.url('allsolutions', '/api/v1/artikelen');
  assert.equal((await box.run(get(url), context, [auth])).response?.status, 200);
  let refuse = true;
  const guarded = { ...context, send: async (request: PreparedRequest, signal: AbortSignal) => {
    if (refuse && request.url === url) {
      refuse = false;
      // The cached token goes out as one the server no longer knows (revoked, or the server restarted).
      return context.send({ ...request, headers: request.headers.map(([n, v]) => (n === 'Authorization' ? [n, 'Bearer revoked'] : [n, v]) as [string, string]) }, signal);
    }
    return context.send(request, signal);
  } };
  const record = await box.run(get(url), guarded, [auth]);
  assert.equal(record.response?.status, 200);
  assert.equal(record.previous?.response?.status, 401);
  assert.equal(context.sent.filter((r) => r.url.endsWith('/api/v1/token')).length, 2);
  assert.match(context.notices.join('\n'), /cached token was refused \(401\); asked a new one/);
});

test('VR Beheer: x-correlation-id (fresh GUID each send) and VR-Initiator added when missing; off: 400', async () => {
  const context = box.context('vr-beheer');
  const url = box.url('vr-beheer', '/v1/verenigingen/V0001001');
  const off = await box.run(get(url), context, []);
  assert.equal(off.response?.status, 400);

  const one = await box.run(get(url), context, [headersPolicy]);
  const two = await box.run(get(url), context, [headersPolicy]);
  assert.notEqual(one.response?.status, 400, one.response?.body.preview);
  assert.deepEqual(one.added, [
    { header: 'x-correlation-id', by: 'headers', from: 'a new GUID for this send' },
    { header: 'VR-Initiator', by: 'headers', from: 'setting vrInitiator' },
  ]);
  const id = (r: ResponseRecord) => r.request.headers.find(([n]) => n === 'x-correlation-id')![1];
  assert.match(id(one), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.notEqual(id(one), id(two));
  assert.equal(one.request.headers.find(([n]) => n === 'VR-Initiator')![1], context.variables.get('vrInitiator'));

  const own = await box.run(get(url, [['X-Correlation-Id', '11111111-2222-4333-8444-555555555555']]), context, [headersPolicy]);
  assert.deepEqual(own.added?.map((a) => a.header), ['VR-Initiator']);
  assert.equal(own.request.headers.filter(([n]) => n.toLowerCase() === 'x-correlation-id').length, 1);

  context.variables.delete('vrInitiator');
  const missing = await box.run(get(url), context, [headersPolicy]);
  assert.equal(missing.response?.status, 400);
  assert.match(context.notices.join('\n'), /VR-Initiator not added: vrInitiator is not set/);
});
