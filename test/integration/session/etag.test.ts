// The ETag policy through the send session against the sandbox's VR Beheer (port 0): the ETag a
// registration answers with is remembered for its Location, a PATCH without If-Match goes out
// with it (and the record says the store added it), a stale If-Match's 412 turns into the
// refresh offer — accepted, the same PATCH goes again with the current ETag and history keeps
// both; declined, the 412 stays — and `etagMode: off` adds nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog, type Catalog } from '../../../src/core/catalog';
import { parseHttp } from '../../../src/core/http/parser';
import type { HistoryEntry } from '../../../src/core/history/historyStore';
import { registriesDir } from '../../../src/core/paths';
import type { Offer } from '../../../src/core/policies/types';
import { etagStoreFor } from '../../../src/core/policies/etagStore';
import { SendSession } from '../../../src/core/run/session';
import type { NamedExchange } from '../../../src/core/variables/types';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/server';

let sandbox: RunningSandbox;
let catalog: Catalog;
const dir = mkdtempSync(join(tmpdir(), 'regx-etag-session-'));

before(async () => {
  sandbox = await startSandbox({ basePort: 0, stateDir: join(dir, 'sandbox'), registries: ['vr-beheer'] });
  catalog = await loadCatalog({ bundledDir: registriesDir(), workspaceDirs: [], readFile: (p) => readFile(p), listDir: (p) => readdir(p) });
});
after(async () => {
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});

const FILE = `# @registry vr-beheer
### Registreer
# @name registreer
POST {{vrBeheerBaseUrl}}/v1/verenigingen/feitelijkeverenigingen
Content-Type: application/json

{ "naam": "Schaakclub De Toren {{$randomInt 1000 9999}}", "startdatum": "2024-09-01", "doelgroep": { "minimumleeftijd": 16, "maximumleeftijd": 150 }, "hoofdactiviteitenVerenigingsloket": ["BIAG"] }

### Wijzig, without If-Match: the store fills it
# @name wijzig
PATCH {{registreer.response.headers.Location}}
Content-Type: application/json

{ "korteBeschrijving": "Elke dinsdag" }

### A stale version
# @name stale
PATCH {{registreer.response.headers.Location}}
If-Match: W/"1"
Content-Type: application/json

{ "korteBeschrijving": "Elke woensdag" }
`;

function setup(answer: boolean | ((offer: Offer) => boolean), etagMode = 'auto', stateDir = join(dir, `state-${Math.random()}`), text = FILE) {
  const offers: Offer[] = [];
  const notices: string[] = [];
  // following a 202 is its own offer, declined unless a test says otherwise
  const decide = (offer: Offer) => (typeof answer === 'function' ? answer(offer) : offer.kind === 'follow-location' ? false : answer);
  const history: HistoryEntry[] = [];
  const session = new SendSession({
    catalog,
    environment: 'sandbox',
    variables: { environment: new Map() },
    secrets: {},
    sandbox,
    send: {},
    validation: 'off',
    history: { append: async (entry) => void history.push(entry) },
    settings: { etagMode },
    stateDir,
    ports: { decide: async (offer) => (offers.push(offer), decide(offer)), notice: (m) => void notices.push(m), warn: () => undefined, readFile: (p) => readFile(p) },
  });
  const filePath = join(dir, 'etag.http');
  writeFileSync(filePath, text);
  const file = parseHttp(text);
  const exchanges = new Map<string, NamedExchange>();
  const run = (names: string[]) => session.run({ file, filePath, select: { names }, exchanges });
  return { run, offers, notices, history, stateDir };
}

const ifMatch = (headers: [string, string][]) => headers.find(([n]) => n.toLowerCase() === 'if-match')?.[1];

test('a PATCH without If-Match goes out with the ETag the registration answered with, and the record says so', async () => {
  const { run, stateDir } = setup(false);
  const created = await run(['registreer']);
  const registration = created.results[0]!.record!;
  assert.equal(registration.response?.status, 202);
  const etag = registration.response!.headers.find(([n]) => n === 'etag')![1];
  const location = registration.response!.headers.find(([n]) => n === 'location')![1];
  assert.equal((await etagStoreFor(stateDir).get({ registry: 'vr-beheer', environment: 'sandbox' }, location))?.etag, etag, 'remembered for the Location');

  const patched = await run(['wijzig']);
  const record = patched.results[0]!.record!;
  assert.equal(ifMatch(record.request.headers), etag);
  assert.ok(record.response!.status < 300, `PATCH: ${record.response?.status} ${record.response?.body.preview}`);
  const added = record.added?.find((a) => a.header === 'If-Match');
  assert.equal(added?.by, 'etag');
  assert.match(added!.from!, /the ETag store: seen by POST 'registreer'/);
  const conditional = (await etagStoreFor(stateDir).get({ registry: 'vr-beheer', environment: 'sandbox' }, location))!.conditional;
  assert.deepEqual(conditional.map((c) => [c.header, c.etag, c.outcome, c.filled]), [['If-Match', etag, record.response!.status, true]]);
});

test('a 412 becomes the refresh offer: accepted, the same PATCH goes again with the current ETag and history keeps both', async () => {
  const { run, offers, history } = setup(true);
  await run(['registreer']);
  await run(['wijzig']);
  const stale = await run(['stale']);
  const record = stale.results[0]!.record!;
  const resends = offers.filter((o) => o.kind === 'resend-with-etag');
  assert.equal(resends.length, 1);
  const offer = resends[0]! as Extract<Offer, { kind: 'resend-with-etag' }>;
  // the gebeurtenissen between the stale version (after the registration) and now: the first PATCH's
  const current = Number(/\d+/.exec(offer.etag)![0]);
  assert.equal(offer.changes.length, current - 1, offer.changes.join('\n'));
  assert.match(offer.changes.join('\n'), /^#2 \S+ KorteBeschrijvingWerdGewijzigd/m);
  assert.equal(offer.kind, 'resend-with-etag');
  assert.equal(record.previous?.response?.status, 412);
  assert.ok(record.response!.status < 300, `resent: ${record.response?.status}`);
  assert.equal(ifMatch(record.request.headers), offer.etag);
  assert.notEqual(offer.etag, 'W/"1"');
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(history.slice(-2).map((e) => e.response?.status), [412, record.response!.status], 'the 412 and the resend, in order');
});

test('declined, the 412 stays; etagMode off adds no If-Match and remembers nothing', async () => {
  const declined = setup(false);
  await declined.run(['registreer']);
  await declined.run(['wijzig']);
  const stale = await declined.run(['stale']);
  assert.equal(declined.offers.filter((o) => o.kind === 'resend-with-etag').length, 1);
  assert.match(declined.notices.join('\n'), /412, the resource changed since W\/"1" \(now W\/"\d+"\): #2 /);
  assert.equal(stale.results[0]!.record!.response?.status, 412);
  assert.equal(stale.results[0]!.record!.previous, undefined);

  const off = setup(false, 'off');
  await off.run(['registreer']);
  const patched = await off.run(['wijzig']);
  assert.equal(ifMatch(patched.results[0]!.record!.request.headers), undefined);
  assert.deepEqual(await etagStoreFor(off.stateDir).list({ registry: 'vr-beheer', environment: 'sandbox' }), []);
});

test('etagMode ask: the write is offered the stored ETag first; accepted it goes with it, declined as written', async () => {
  const accepting = setup((offer) => offer.kind === 'use-stored-etag', 'ask');
  await accepting.run(['registreer']);
  const patched = await accepting.run(['wijzig']);
  const asked = accepting.offers.filter((o) => o.kind === 'use-stored-etag') as Extract<Offer, { kind: 'use-stored-etag' }>[];
  assert.equal(asked.length, 1);
  assert.equal(asked[0]!.method, 'PATCH');
  assert.match(asked[0]!.seen, /^POST 'registreer'/);
  assert.equal(ifMatch(patched.results[0]!.record!.request.headers), asked[0]!.etag);

  const declining = setup(false, 'ask');
  await declining.run(['registreer']);
  const sent = await declining.run(['wijzig']);
  assert.equal(declining.offers.filter((o) => o.kind === 'use-stored-etag').length, 1);
  assert.equal(ifMatch(sent.results[0]!.record!.request.headers), undefined, 'declined: no If-Match');
  assert.ok(!sent.results[0]!.record!.added?.some((a) => a.header === 'If-Match'), 'declined: not marked as added');
});

const DUPLICATE = (naam: string) => `# @registry vr-beheer
### Eerste
# @name eerste
POST {{vrBeheerBaseUrl}}/v1/verenigingen/feitelijkeverenigingen
Content-Type: application/json

{ "naam": "${naam}", "startdatum": "2024-09-01", "locaties": [{ "locatietype": "Activiteiten", "isPrimair": true, "naam": "Clublokaal", "adres": { "straatnaam": "Lange Leemstraat", "huisnummer": "122", "busnummer": "", "postcode": "2018", "gemeente": "Antwerpen", "land": "België" } }] }

### Tweede, the same vereniging again
# @name tweede
POST {{vrBeheerBaseUrl}}/v1/verenigingen/feitelijkeverenigingen
Content-Type: application/json

{ "naam": "${naam}", "startdatum": "2024-09-01", "locaties": [{ "locatietype": "Activiteiten", "isPrimair": true, "naam": "Clublokaal", "adres": { "straatnaam": "Lange Leemstraat", "huisnummer": "122", "busnummer": "", "postcode": "2018", "gemeente": "Antwerpen", "land": "België" } }] }
`;

test('409 duplicates: confirmed, the same request goes again with the token from the answer and is registered (202); declined, the 409 stays and names the candidates', async () => {
  const naam = `Duivenbond Het Verre Veld ${Math.floor(Math.random() * 1e6)}`;
  const yes = setup((o) => o.kind === 'confirm-duplicates', 'auto', undefined, DUPLICATE(naam));
  const first = (await yes.run(['eerste'])).results[0]!.record!;
  assert.equal(first.response?.status, 202);
  const vCode = /V\d{7}/.exec(first.response!.headers.find(([n]) => n === 'location')![1])![0];
  const record = (await yes.run(['tweede'])).results[0]!.record!;
  const offer = yes.offers.find((o) => o.kind === 'confirm-duplicates') as Extract<Offer, { kind: 'confirm-duplicates' }>;
  assert.ok(offer.candidates.some((c) => c.id === vCode && c.name === naam), JSON.stringify(offer.candidates));
  assert.equal(record.previous?.response?.status, 409);
  assert.equal(record.response?.status, 202);
  const token = record.request.headers.find(([n]) => n.toLowerCase() === 'vr-bevestigingstoken')?.[1];
  assert.ok(token);
  assert.equal(JSON.parse(record.previous!.response!.body.preview).bevestigingsToken, token);
  // the SAME request: method, URL and every header of the 409's request, plus the token
  assert.equal(record.request.method, record.previous!.request.method);
  assert.equal(record.request.url, record.previous!.request.url);
  assert.deepEqual(record.request.headers.filter(([n]) => n.toLowerCase() !== 'vr-bevestigingstoken'), record.previous!.request.headers);
  assert.equal(record.added?.find((a) => a.header === 'VR-BevestigingsToken')?.by, 'duplicates');

  const other = `Harmonie Sint-Cecilia ${Math.floor(Math.random() * 1e6)}`;
  const no = setup(false, 'auto', undefined, DUPLICATE(other));
  assert.equal((await no.run(['eerste'])).results[0]!.record!.response?.status, 202);
  const refused = (await no.run(['tweede'])).results[0]!.record!;
  assert.equal(refused.response?.status, 409);
  assert.equal(refused.previous, undefined);
  assert.match(no.notices.join('\n'), new RegExp(`409, possible duplicates: V\\d{7} '${other}'`));
});

test('202 + Location: followed when accepted (the resource read, its ETag remembered), not when declined', async () => {
  const follow = setup((o) => o.kind === 'follow-location');
  const record = (await follow.run(['registreer'])).results[0]!.record!;
  assert.equal(record.response?.status, 202, 'the 202 stays the request\'s record');
  const location = record.response!.headers.find(([n]) => n === 'location')![1];
  assert.equal(follow.offers[0]?.kind, 'follow-location');
  assert.equal(record.followed?.request.method, 'GET');
  assert.equal(record.followed?.request.url, location);
  assert.equal(record.followed?.response?.status, 200);
  const etag = record.followed!.response!.headers.find(([n]) => n === 'etag')![1];
  const stored = await etagStoreFor(follow.stateDir).get({ registry: 'vr-beheer', environment: 'sandbox' }, location);
  assert.equal(stored?.etag, etag);
  assert.equal(stored?.seenBy.method, 'GET');
  assert.match(record.notes!.map((n) => n.message).join('\n'), /followed .*: 200, ETag W\/"\d+"/);

  const stay = setup(false);
  const unfollowed = (await stay.run(['registreer'])).results[0]!.record!;
  assert.equal(stay.offers[0]?.kind, 'follow-location');
  assert.equal(unfollowed.followed, undefined);
});
