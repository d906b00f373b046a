import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import { SignJWT } from 'jose';
import { useSandbox } from './harness';

const sandbox = useSandbox({ registries: ['vng-klanten', 'kvk'] });
const NOW = () => Math.floor(Date.now() / 1000);

async function token(clientId: string | undefined, secret: string): Promise<string> {
  const claims: Record<string, unknown> = { user_id: 'tester', user_representation: 'Tester' };
  if (clientId !== undefined) claims.client_id = clientId;
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer(clientId ?? 'nobody').setIssuedAt(NOW()).sign(new TextEncoder().encode(secret));
}

let bearer = '';
let readOnlyBearer = '';
// A subject registry stand-in: /personen/1 exists, anything else is 404.
let subjects: Server;
let subjectBase = '';

before(async () => {
  const credentials = (await sandbox.started).credentials['vng-klanten']!;
  bearer = `Bearer ${await token(credentials.klantenClientId as string, credentials.klantenSecret as string)}`;
  readOnlyBearer = `Bearer ${await token(credentials.klantenReadOnlyClientId as string, credentials.klantenReadOnlySecret as string)}`;
  subjects = createServer((req, res) => {
    res.writeHead(req.url === '/personen/1' ? 200 : 404, { 'content-type': 'application/json' }).end('{}');
  });
  subjects.listen(0, '127.0.0.1');
  await once(subjects, 'listening');
  const address = subjects.address();
  subjectBase = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
after(() => new Promise<void>((done) => (subjects ? subjects.close(() => done()) : done())));

type Klant = Record<string, unknown> & { url: string; klantnummer: string; bronorganisatie: string };
type Page = { count: number; next: string | null; previous: string | null; results: Klant[] };
type Problem = { code: string; status: number; title: string; detail: string; instance: string; invalidParams?: { name: string; code: string; reason: string }[] };

const auth = () => ({ authorization: bearer });
const json = () => ({ authorization: bearer, 'content-type': 'application/json' });
const newKlant = (extra: Record<string, unknown> = {}) => ({ bronorganisatie: '002220647', websiteUrl: 'https://www.example.org/nieuw', achternaam: 'Nieuw', ...extra });

test('no Authorization header answers 401; bad tokens answer 403 with the ZGW codes', async () => {
  const missing = await sandbox.call('vng-klanten', 'GET', '/api/v1/klanten');
  assert.equal(missing.status, 401);
  assert.match(missing.headers['content-type']!, /application\/problem\+json/);
  const cases: [string, string][] = [
    ['Bearer not-a-jwt', 'jwt-decode-error'],
    [`Bearer ${await token(undefined, 'x')}`, 'missing-client-identifier'],
    [`Bearer ${await token('stranger', 'x')}`, 'invalid-client-identifier'],
    [`Bearer ${await token('regx-sandbox', 'wrong-secret')}`, 'invalid-jwt-signature'],
  ];
  for (const [authorization, code] of cases) {
    const response = await sandbox.call('vng-klanten', 'GET', '/api/v1/klanten', { headers: { authorization } });
    assert.equal(response.status, 403, code);
    assert.equal((response.body as Problem).code, code);
  }
});

test('a client without the scope may read but not write', async () => {
  assert.equal((await sandbox.call('vng-klanten', 'GET', '/api/v1/klanten', { headers: { authorization: readOnlyBearer } })).status, 200);
  const denied = await sandbox.call('vng-klanten', 'POST', '/api/v1/klanten', { headers: { authorization: readOnlyBearer }, body: newKlant() });
  assert.equal(denied.status, 403);
  assert.equal((denied.body as Problem).code, 'permission_denied');
});

test('the list is paged with count/next/previous and filters', async () => {
  const first = await sandbox.call('vng-klanten', 'GET', '/api/v1/klanten', { headers: auth() });
  assert.equal(first.status, 200);
  assert.equal(first.headers['api-version'], '1.0.0');
  const page = first.body as Page;
  assert.ok(page.count >= 12);
  assert.equal(page.results.length, 10);
  assert.equal(page.previous, null);
  assert.ok(page.next);
  const second = (await sandbox.call('vng-klanten', 'GET', new URL(page.next).pathname + new URL(page.next).search, { headers: auth() })).body as Page;
  assert.ok(second.previous);
  assert.equal(second.results.length, page.count - 10);
  const filtered = (await sandbox.call('vng-klanten', 'GET', '/api/v1/klanten', { headers: auth(), query: { achternaam: 'Jansen' } })).body as Page;
  assert.equal(filtered.count, 1);
  assert.equal(filtered.results[0]!.voornaam, 'Anna');
  const beyond = await sandbox.call('vng-klanten', 'GET', '/api/v1/klanten', { headers: auth(), query: { page: 99 } });
  assert.equal(beyond.status, 404);
});

test('create answers 201 with Location and generates a unique klantnummer when absent (kla-001)', async () => {
  const a = await sandbox.call('vng-klanten', 'POST', '/api/v1/klanten', { headers: json(), body: newKlant() });
  const b = await sandbox.call('vng-klanten', 'POST', '/api/v1/klanten', { headers: json(), body: newKlant() });
  assert.equal(a.status, 201);
  assert.equal(b.status, 201);
  const ka = a.body as Klant;
  const kb = b.body as Klant;
  assert.equal(a.headers.location, ka.url);
  assert.ok(ka.klantnummer && kb.klantnummer);
  assert.notEqual(ka.klantnummer, kb.klantnummer);
  const read = await sandbox.call('vng-klanten', 'GET', new URL(ka.url).pathname, { headers: auth() });
  assert.equal(read.status, 200);
  assert.deepEqual(read.body, ka);
});

test('a duplicate bronorganisatie + klantnummer is refused on create, PUT and PATCH (kla-001)', async () => {
  const created = (await sandbox.call('vng-klanten', 'POST', '/api/v1/klanten', { headers: json(), body: newKlant({ klantnummer: 'DUP00001' }) })).body as Klant;
  const again = await sandbox.call('vng-klanten', 'POST', '/api/v1/klanten', { headers: json(), body: newKlant({ klantnummer: 'DUP00001' }) });
  assert.equal(again.status, 400);
  assert.deepEqual((again.body as Problem).invalidParams!.map((p) => p.code), ['unique']);
  const otherBron = await sandbox.call('vng-klanten', 'POST', '/api/v1/klanten', { headers: json(), body: newKlant({ klantnummer: 'DUP00001', bronorganisatie: '123456782' }) });
  assert.equal(otherBron.status, 201, 'unique per bronorganisatie only');
  const second = (await sandbox.call('vng-klanten', 'POST', '/api/v1/klanten', { headers: json(), body: newKlant() })).body as Klant;
  const patch = await sandbox.call('vng-klanten', 'PATCH', new URL(second.url).pathname, { headers: json(), body: { klantnummer: 'DUP00001' } });
  assert.equal(patch.status, 400);
  assert.equal((patch.body as Problem).invalidParams![0]!.code, 'unique');
  const put = await sandbox.call('vng-klanten', 'PUT', new URL(second.url).pathname, { headers: json(), body: newKlant({ klantnummer: 'DUP00001' }) });
  assert.equal(put.status, 400);
  const self = await sandbox.call('vng-klanten', 'PUT', new URL(created.url).pathname, { headers: json(), body: newKlant({ klantnummer: 'DUP00001', functie: 'kassier' }) });
  assert.equal(self.status, 200, 'keeping its own number is no conflict');
});

test('a subject URL must resolve to 200 (kla-002)', async () => {
  const good = await sandbox.call('vng-klanten', 'POST', '/api/v1/klanten', { headers: json(), body: newKlant({ subject: `${subjectBase}/personen/1`, subjectType: 'natuurlijk_persoon' }) });
  assert.equal(good.status, 201);
  assert.equal((good.body as Klant).subject, `${subjectBase}/personen/1`);
  const missing = await sandbox.call('vng-klanten', 'POST', '/api/v1/klanten', { headers: json(), body: newKlant({ subject: `${subjectBase}/personen/2` }) });
  assert.equal(missing.status, 400);
  const param = (missing.body as Problem).invalidParams![0]!;
  assert.equal(param.name, 'subject');
  assert.equal(param.code, 'bad-url');
  assert.match(param.reason, /404/);
  // Another registry of the sandbox, over HTTPS under the private CA: it answers, but 401.
  const kvk = await sandbox.call('vng-klanten', 'POST', '/api/v1/klanten', { headers: json(), body: newKlant({ subject: `${sandbox.sandbox.registries.kvk}/test/api/v1/basisprofielen/68750110` }) });
  assert.equal(kvk.status, 400);
  assert.match((kvk.body as Problem).invalidParams![0]!.reason, /401/);
});

test('invalid input answers 400 with invalidParams per field', async () => {
  const response = await sandbox.call('vng-klanten', 'POST', '/api/v1/klanten', { headers: json(), body: { bronorganisatie: '123456789', websiteUrl: 'geen url', achternaam: 42 } });
  assert.equal(response.status, 400);
  const names = (response.body as Problem).invalidParams!.map((p) => `${p.name}:${p.code}`).sort();
  assert.deepEqual(names, ['achternaam:invalid', 'bronorganisatie:invalid', 'websiteUrl:invalid']);
  const empty = await sandbox.call('vng-klanten', 'POST', '/api/v1/klanten', { headers: json(), body: {} });
  assert.deepEqual((empty.body as Problem).invalidParams!.map((p) => `${p.name}:${p.code}`).sort(), ['bronorganisatie:required', 'websiteUrl:required']);
  const notJson = await sandbox.call('vng-klanten', 'POST', '/api/v1/klanten', { headers: { ...auth(), 'content-type': 'text/plain' }, body: 'x' });
  assert.equal(notJson.status, 415);
});

test('ETag on the representation: HEAD gives the same headers without a body, If-None-Match answers 304', async () => {
  const list = (await sandbox.call('vng-klanten', 'GET', '/api/v1/klanten', { headers: auth() })).body as Page;
  const path = new URL(list.results[0]!.url).pathname;
  const get = await sandbox.call('vng-klanten', 'GET', path, { headers: auth() });
  const etag = get.headers.etag!;
  assert.match(etag, /^"[0-9a-f]{32}"$/);
  const head = await sandbox.call('vng-klanten', 'HEAD', path, { headers: auth() });
  assert.equal(head.status, 200);
  assert.equal(head.text, '');
  assert.equal(head.headers.etag, etag);
  assert.equal(head.headers['content-length'], get.headers['content-length']);
  assert.equal(head.headers['content-type'], get.headers['content-type']);
  const cached = await sandbox.call('vng-klanten', 'GET', path, { headers: { ...auth(), 'if-none-match': `"other", ${etag}` } });
  assert.equal(cached.status, 304);
  assert.equal(cached.text, '');
  assert.equal(cached.headers.etag, etag);
  const stale = await sandbox.call('vng-klanten', 'GET', path, { headers: { ...auth(), 'if-none-match': '"0000"' } });
  assert.equal(stale.status, 200);
  const headCached = await sandbox.call('vng-klanten', 'HEAD', path, { headers: { ...auth(), 'if-none-match': etag } });
  assert.equal(headCached.status, 304);
  const patched = await sandbox.call('vng-klanten', 'PATCH', path, { headers: json(), body: { functie: 'directeur' } });
  assert.equal(patched.status, 200);
  assert.notEqual(patched.headers.etag, etag);
  const after = await sandbox.call('vng-klanten', 'GET', path, { headers: { ...auth(), 'if-none-match': etag } });
  assert.equal(after.status, 200, 'the old ETag no longer matches');
  assert.equal((after.body as Klant).functie, 'directeur');
});

test('PUT replaces, PATCH changes only the given fields, DELETE removes', async () => {
  const created = (await sandbox.call('vng-klanten', 'POST', '/api/v1/klanten', { headers: json(), body: newKlant({ voornaam: 'Piet', functie: 'inkoper' }) })).body as Klant;
  const path = new URL(created.url).pathname;
  const patched = (await sandbox.call('vng-klanten', 'PATCH', path, { headers: json(), body: { voornaam: 'Pieter' } })).body as Klant;
  assert.equal(patched.voornaam, 'Pieter');
  assert.equal(patched.functie, 'inkoper');
  assert.equal(patched.klantnummer, created.klantnummer);
  const put = await sandbox.call('vng-klanten', 'PUT', path, { headers: json(), body: { bronorganisatie: '002220647', websiteUrl: 'https://www.example.org/vervangen' } });
  assert.equal(put.status, 200);
  assert.equal((put.body as Klant).functie, '', 'PUT replaces the whole klant');
  assert.equal((put.body as Klant).klantnummer, created.klantnummer, 'an absent klantnummer keeps the current one');
  const removed = await sandbox.call('vng-klanten', 'DELETE', path, { headers: auth() });
  assert.equal(removed.status, 204);
  assert.equal(removed.text, '');
  assert.equal((await sandbox.call('vng-klanten', 'GET', path, { headers: auth() })).status, 404);
  assert.equal((await sandbox.call('vng-klanten', 'DELETE', path, { headers: auth() })).status, 404);
});

test('each change leaves an audit trail entry with who did it and the before and after', async () => {
  const created = await sandbox.call('vng-klanten', 'POST', '/api/v1/klanten', { headers: { ...json(), 'x-audit-toelichting': 'aangemaakt in de test' }, body: newKlant({ functie: 'kassier' }) });
  const klant = created.body as Klant;
  const path = new URL(klant.url).pathname;
  await sandbox.call('vng-klanten', 'PATCH', path, { headers: json(), body: { functie: 'bedrijfsleider' } });
  await sandbox.call('vng-klanten', 'DELETE', path, { headers: auth() });
  const trail = await sandbox.call('vng-klanten', 'GET', `${path}/audittrail`, { headers: auth() });
  assert.equal(trail.status, 200);
  const entries = trail.body as { uuid: string; actie: string; resultaat: number; applicatieId: string; gebruikersId: string; toelichting: string; hoofdObject: string; wijzigingen: { oud: Klant | null; nieuw: Klant | null } }[];
  assert.deepEqual(entries.map((e) => `${e.actie}:${e.resultaat}`), ['create:201', 'partial_update:200', 'destroy:204']);
  assert.equal(entries[0]!.applicatieId, 'regx-sandbox');
  assert.equal(entries[0]!.gebruikersId, 'tester');
  assert.equal(entries[0]!.toelichting, 'aangemaakt in de test');
  assert.equal(entries[0]!.hoofdObject, klant.url);
  assert.equal(entries[1]!.wijzigingen.oud!.functie, 'kassier');
  assert.equal(entries[1]!.wijzigingen.nieuw!.functie, 'bedrijfsleider');
  assert.equal(entries[2]!.wijzigingen.nieuw, null);
  const one = await sandbox.call('vng-klanten', 'GET', `${path}/audittrail/${entries[1]!.uuid}`, { headers: auth() });
  assert.equal(one.status, 200);
  assert.ok(one.headers.etag);
  assert.equal((await sandbox.call('vng-klanten', 'GET', `${path}/audittrail/${entries[1]!.uuid}`, { headers: { ...auth(), 'if-none-match': one.headers.etag! } })).status, 304);
  const readOnly = await sandbox.call('vng-klanten', 'GET', `${path}/audittrail`, { headers: { authorization: readOnlyBearer } });
  assert.equal(readOnly.status, 403, 'audittrails.lezen is a scope of its own');
});
