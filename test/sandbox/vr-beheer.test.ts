// vr-beheer over real HTTP: mandatory headers, ETag / If-Match (also under 20 concurrent
// PATCHes), 202 + Location, historiek with Zulu tijdstippen, duplicate detection with the
// bevestigingstoken, validation rules, KBO verenigingen, contactgegevens / locaties /
// vertegenwoordigers, beheer zoeken, and the /v8.6 release on the same store. Responses made
// through the harness are checked against /openapi.json; the /v8.6 ones against
// /v8.6/openapi.json by the last test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { request } from 'undici';
import { loadOpenApi, matchOperation, validateResponse, type OpenApiHost } from '../../src/core/openapi/index';
import { useSandbox, type CallOptions, type CallResult } from './harness';

const sandbox = useSandbox({ registries: ['vr-publiek', 'vr-beheer', 'vr-acm'] });
const INITIATOR = 'OVO002949';

interface Gebeurtenis {
  beschrijving: string;
  gebeurtenis: string;
  data: Record<string, unknown>;
  initiator: string;
  tijdstip: string;
}
interface Detail {
  '@context': string;
  vereniging: Record<string, unknown> & {
    vCode: string;
    naam: string;
    status: string;
    doelgroep: { minimumleeftijd: number; maximumleeftijd: number };
    contactgegevens: { contactgegevenId: number; contactgegeventype: string; waarde: string; beschrijving: string; isPrimair: boolean; bron: string }[];
    locaties: { locatieId: number; locatietype: string; naam: string; isPrimair: boolean; adres?: Record<string, string>; adresId?: Record<string, string>; bron: string }[];
    vertegenwoordigers: { vertegenwoordigerId: number; insz: string; voornaam: string; achternaam: string; rol: string; isPrimair: boolean; bron: string }[];
  };
}

function headers(extra: Record<string, string> = {}): Record<string, string> {
  return { 'x-correlation-id': randomUUID(), 'VR-Initiator': INITIATOR, ...extra };
}

function beheer(method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
  return sandbox.call('vr-beheer', method, path, { ...options, headers: headers(options.headers) });
}

async function detail(vCode: string): Promise<{ etag: string; body: Detail }> {
  const res = await beheer('GET', `/v1/verenigingen/${vCode}`);
  assert.equal(res.status, 200, res.text);
  return { etag: res.headers.etag!, body: res.body as Detail };
}

async function historiek(vCode: string): Promise<Gebeurtenis[]> {
  const res = await beheer('GET', `/v1/verenigingen/${vCode}/historiek`);
  assert.equal(res.status, 200, res.text);
  return (res.body as { gebeurtenissen: Gebeurtenis[] }).gebeurtenissen;
}

function vCodeOf(location: string): string {
  const match = /\/v1\/verenigingen\/(V\d{7})$/.exec(location);
  assert.ok(match, `Location ${location} names a vereniging`);
  return match[1]!;
}

function assertProblem(res: CallResult, status: number): { detail: string; validationErrors?: Record<string, string[]> } {
  assert.equal(res.status, status, res.text);
  assert.match(res.headers['content-type']!, /application\/problem\+json/);
  const body = res.body as { type: string; title: string; detail: string; status: number; instance: string; validationErrors?: Record<string, string[]> };
  assert.equal(body.status, status);
  assert.ok(body.title && body.detail && body.type, 'type, title and detail are filled');
  assert.match(body.instance, /\/v1\/foutmeldingen\/[0-9a-f]+$/);
  return body;
}

const adres = (postcode: string, gemeente: string) => ({ straatnaam: 'Teststraat', huisnummer: '1', postcode, gemeente, land: 'België' });

test('every call needs a GUID x-correlation-id and a VR-Initiator, reads included', async () => {
  const path = '/v1/verenigingen/V0001001';
  const cases: [string, Record<string, string>][] = [
    ['GET', { 'VR-Initiator': INITIATOR }],
    ['GET', { 'x-correlation-id': 'not-a-guid', 'VR-Initiator': INITIATOR }],
    ['GET', { 'x-correlation-id': randomUUID() }],
    ['PATCH', { 'VR-Initiator': INITIATOR }],
  ];
  for (const [method, given] of cases) {
    const res = await sandbox.call('vr-beheer', method, path, { headers: given, body: method === 'PATCH' ? { naam: 'X' } : undefined });
    assertProblem(res, 400);
  }
  assert.equal((await detail('V0001001')).body.vereniging.naam, 'Jeugdhuis De Kelder', 'nothing changed');
});

test('detail carries a weak ETag, accepts a lower-case vCode, 404s on an unknown one; historiek likewise', async () => {
  const { etag, body } = await detail('v0001002');
  assert.equal(body.vereniging.vCode, 'V0001002');
  assert.match(etag, /^W\/"\d+"$/);
  const events = await historiek('V0001002');
  assert.equal(etag, `W/"${events.length}"`, 'the version is the number of gebeurtenissen');
  assert.equal(events[0]!.gebeurtenis, 'FeitelijkeVerenigingWerdGeregistreerd');
  const context = new URL(body['@context']);
  assert.equal(context.origin, sandbox.sandbox.registries['vr-publiek'], 'JSON-LD contexts are served by publiek (v7.29)');
  assert.equal((await sandbox.call('vr-publiek', 'GET', context.pathname)).status, 200);
  assertProblem(await beheer('GET', '/v1/verenigingen/V0009999'), 404);
  assertProblem(await beheer('GET', '/v1/verenigingen/V0009999/historiek'), 404);
});

test('unknown paths and methods answer problem details too (404, 405 with Allow)', async () => {
  assertProblem(await beheer('GET', '/v2/verenigingen'), 404);
  const wrongMethod = await beheer('PUT', '/v1/verenigingen/V0001001', { body: { naam: 'x' } });
  assertProblem(wrongMethod, 405);
  assert.deepEqual(wrongMethod.headers.allow!.split(', ').sort(), ['GET', 'PATCH']);
  assertProblem(await sandbox.call('vr-publiek', 'POST', '/v1/verenigingen/zoeken'), 405);
  assertProblem(await sandbox.call('vr-acm', 'GET', '/v1/personen'), 404);
});

test('managing an unknown vCode or an unknown id is a 400, not a 404', async () => {
  assertProblem(await beheer('PATCH', '/v1/verenigingen/V0009999', { body: { naam: 'X' } }), 400);
  assertProblem(await beheer('POST', '/v1/verenigingen/V0009999/stop', { body: { einddatum: '2024-01-01' } }), 400);
  assertProblem(await beheer('DELETE', '/v1/verenigingen/V0001001/locaties/99'), 400);
  assertProblem(await beheer('PATCH', '/v1/verenigingen/V0001001/contactgegevens/99', { body: { contactgegeven: { beschrijving: 'x' } } }), 400);
  assertProblem(await beheer('DELETE', '/v1/verenigingen/V0001001/vertegenwoordigers/99'), 400);
});

test('PATCH with the current If-Match answers 202 with Location, a new ETag and VR-Sequence, and appends one gebeurtenis', async () => {
  const before = await detail('V0001004');
  const eventsBefore = await historiek('V0001004');
  const started = new Date(Math.floor(Date.now() / 1000) * 1000);
  const res = await beheer('PATCH', '/v1/verenigingen/V0001004', { headers: { 'If-Match': before.etag }, body: { korteNaam: 'OVA2', doelgroep: { minimumleeftijd: 8 } } });
  const finished = new Date();
  assert.equal(res.status, 202, res.text);
  assert.equal(res.body, undefined);
  assert.equal(vCodeOf(res.headers.location!), 'V0001004');
  assert.equal(res.headers.etag, `W/"${eventsBefore.length + 2}"`);
  assert.match(res.headers['vr-sequence']!, /^\d+$/);

  const after = await detail('V0001004');
  assert.equal(after.etag, res.headers.etag);
  assert.equal(after.body.vereniging.korteNaam, 'OVA2');
  assert.deepEqual(after.body.vereniging.doelgroep, { minimumleeftijd: 8, maximumleeftijd: 150 }, 'a missing bound falls back to its default');
  const events = await historiek('V0001004');
  const added = events.slice(eventsBefore.length);
  assert.deepEqual(added.map((e) => e.gebeurtenis), ['KorteNaamWerdGewijzigd', 'DoelgroepWerdGewijzigd']);
  for (const e of added) {
    assert.equal(e.initiator, INITIATOR);
    assert.match(e.tijdstip, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const at = new Date(e.tijdstip);
    assert.ok(at >= started && at <= finished, `${e.tijdstip} lies within the call`);
  }
  assert.deepEqual(added[0]!.data, { vCode: 'V0001004', korteNaam: 'OVA2' });

  assert.equal((await beheer('PATCH', '/v1/verenigingen/V0001004', { body: { doelgroep: {} } })).status, 202);
  assert.deepEqual((await detail('V0001004')).body.vereniging.doelgroep, { minimumleeftijd: 0, maximumleeftijd: 150 }, 'an empty doelgroep resets both bounds');
  const same = await beheer('PATCH', '/v1/verenigingen/V0001004', { body: { korteNaam: 'OVA2' } });
  assert.equal(same.status, 200, 'nothing to change');
  assert.equal(same.headers.etag, (await detail('V0001004')).etag);
  assert.equal((await historiek('V0001004')).length, events.length + 1);
  assertProblem(await beheer('PATCH', '/v1/verenigingen/V0001004', { body: {} }), 400);
});

test('PATCH with a stale If-Match answers 412 and changes nothing', async () => {
  const { etag } = await detail('V0001005');
  assert.equal((await beheer('PATCH', '/v1/verenigingen/V0001005', { headers: { 'If-Match': etag }, body: { korteBeschrijving: 'eerste' } })).status, 202);
  const stale = await beheer('PATCH', '/v1/verenigingen/V0001005', { headers: { 'If-Match': etag }, body: { korteBeschrijving: 'tweede' } });
  assertProblem(stale, 412);
  const now = await detail('V0001005');
  assert.equal(stale.headers.etag, now.etag, 'the 412 names the current version');
  assert.equal(now.body.vereniging.korteBeschrijving, 'eerste');
});

test('20 parallel PATCHes with the same If-Match: exactly one 202, nineteen 412, one new gebeurtenis', async () => {
  const { etag } = await detail('V0001006');
  const before = (await historiek('V0001006')).length;
  const results = await Promise.all(
    Array.from({ length: 20 }, (_, i) => beheer('PATCH', '/v1/verenigingen/V0001006', { headers: { 'If-Match': etag }, body: { korteNaam: `Parallel ${i}` } })),
  );
  const statuses = results.map((r) => r.status).sort();
  assert.deepEqual(statuses, [202, ...Array(19).fill(412)]);
  const events = await historiek('V0001006');
  assert.equal(events.length, before + 1);
  const winner = results.find((r) => r.status === 202)!;
  assert.equal((await detail('V0001006')).etag, winner.headers.etag);
  assert.equal(events[events.length - 1]!.gebeurtenis, 'KorteNaamWerdGewijzigd');
});

test('registering a feitelijke vereniging: 202 + Location, defaults applied, first gebeurtenis in the historiek', async () => {
  const res = await beheer('POST', '/v1/verenigingen/feitelijkeverenigingen', {
    body: {
      naam: 'Fanfare De Vrolijke Noot',
      korteNaam: 'FVN',
      startdatum: '2010-03-01',
      contactgegevens: [{ contactgegeventype: 'E-mail', waarde: 'info@vrolijkenoot.be', isPrimair: true }],
      locaties: [{ locatietype: 'Activiteiten', isPrimair: true, naam: 'Repetitielokaal', adres: adres('9300', 'Aalst') }],
      hoofdactiviteitenVerenigingsloket: ['KECU'],
    },
  });
  assert.equal(res.status, 202, res.text);
  const vCode = vCodeOf(res.headers.location!);
  const { etag, body } = await detail(vCode);
  assert.equal(etag, res.headers.etag);
  const v = body.vereniging;
  assert.equal(v.naam, 'Fanfare De Vrolijke Noot');
  assert.deepEqual(v.verenigingstype, { code: 'FV', naam: 'Feitelijke vereniging' });
  assert.deepEqual(v.doelgroep, { minimumleeftijd: 0, maximumleeftijd: 150 });
  assert.equal(v.status, 'Actief');
  assert.equal(v.bron, 'Initiator');
  assert.deepEqual(v.contactgegevens, [{ contactgegevenId: 1, contactgegeventype: 'E-mail', waarde: 'info@vrolijkenoot.be', beschrijving: '', isPrimair: true, bron: 'Initiator' }]);
  assert.equal(v.locaties[0]!.locatieId, 1);
  const events = await historiek(vCode);
  assert.equal(events.length, 1);
  assert.equal(events[0]!.gebeurtenis, 'FeitelijkeVerenigingWerdGeregistreerd');
  assert.equal(events[0]!.data.naam, 'Fanfare De Vrolijke Noot');
  assert.equal(events[0]!.initiator, INITIATOR);
});

test('a look-alike name with a locatie in the same postcode or gemeente answers 409; the token registers it anyway', async () => {
  const body = {
    naam: '  jeugdhuis DE kélder, vzw ',
    locaties: [{ locatietype: 'Correspondentie', adres: { ...adres('9000', 'Gent'), straatnaam: 'Andere straat' } }],
  };
  const count = async () => ((await beheer('GET', '/v1/verenigingen/zoeken', { query: { q: '*', limit: 1000 } })).body as { metadata: { pagination: { totalCount: number } } }).metadata.pagination.totalCount;
  const before = await count();
  const conflict = await beheer('POST', '/v1/verenigingen/feitelijkeverenigingen', { body });
  assertProblem(conflict, 409);
  const token = conflict.headers['vr-bevestigingstoken'];
  assert.ok(token, 'the 409 carries a VR-BevestigingsToken header');
  const duplicates = (conflict.body as { bevestigingsToken: string; mogelijkeDuplicateVerenigingen: { vCode: string; links: { detail: string } }[] });
  assert.equal(duplicates.bevestigingsToken, token);
  assert.deepEqual(duplicates.mogelijkeDuplicateVerenigingen.map((d) => d.vCode), ['V0001001']);
  assert.equal(vCodeOf(duplicates.mogelijkeDuplicateVerenigingen[0]!.links.detail), 'V0001001');
  assert.equal(await count(), before, 'nothing registered');

  const byGemeente = await beheer('POST', '/v1/verenigingen/feitelijkeverenigingen', {
    body: { naam: 'Jeugdhuis Kelder', locaties: [{ locatietype: 'Activiteiten', adres: adres('9050', 'GENT') }] },
  });
  assert.equal(byGemeente.status, 409, 'same gemeente, other postcode');

  const wrongToken = await beheer('POST', '/v1/verenigingen/feitelijkeverenigingen', { body, headers: { 'VR-BevestigingsToken': 'forged' } });
  assert.equal(wrongToken.status, 409);
  const otherBody = await beheer('POST', '/v1/verenigingen/feitelijkeverenigingen', { body: { ...body, korteNaam: 'anders' }, headers: { 'VR-BevestigingsToken': token } });
  assert.equal(otherBody.status, 409, 'a token only confirms the request it was issued for');

  const confirmed = await beheer('POST', '/v1/verenigingen/feitelijkeverenigingen', { body, headers: { 'VR-BevestigingsToken': token } });
  assert.equal(confirmed.status, 202, confirmed.text);
  assert.notEqual(vCodeOf(confirmed.headers.location!), 'V0001001');
  assert.equal(await count(), before + 1);
});

test('no duplicate for the same name elsewhere, nor for a stopped vereniging', async () => {
  const elsewhere = await beheer('POST', '/v1/verenigingen/feitelijkeverenigingen', {
    body: { naam: 'Jeugdhuis De Kelder', locaties: [{ locatietype: 'Activiteiten', adres: adres('3500', 'Hasselt') }] },
  });
  assert.equal(elsewhere.status, 202);
  const stopped = await beheer('POST', '/v1/verenigingen/feitelijkeverenigingen', {
    body: { naam: 'Toneelgroep Het Doek', locaties: [{ locatietype: 'Activiteiten', adres: adres('2800', 'Mechelen') }] },
  });
  assert.equal(stopped.status, 202, 'V0001009 is gestopt and no candidate');
});

test('validation: contact formats, one primair per type, doelgroep, dates, INSZ, names, locaties, hoofdactiviteiten', async () => {
  const register = (body: Record<string, unknown>) => beheer('POST', '/v1/verenigingen/feitelijkeverenigingen', { body: { naam: 'Validatieclub', ...body } });
  const cases: [Record<string, unknown>, string][] = [
    [{ naam: '' }, 'naam'],
    [{ contactgegevens: [{ contactgegeventype: 'E-mail', waarde: 'geen-mail' }] }, 'contactgegevens[0].waarde'],
    [{ contactgegevens: [{ contactgegeventype: 'Telefoon', waarde: 'abc' }] }, 'contactgegevens[0].waarde'],
    [{ contactgegevens: [{ contactgegeventype: 'Website', waarde: 'www.zonderschema.be' }] }, 'contactgegevens[0].waarde'],
    [{ contactgegevens: [{ contactgegeventype: 'SocialMedia', waarde: 'https://geenpunt' }] }, 'contactgegevens[0].waarde'],
    [{ contactgegevens: [{ contactgegeventype: 'Fax', waarde: '012' }] }, 'contactgegevens[0].contactgegeventype'],
    [
      {
        contactgegevens: [
          { contactgegeventype: 'E-mail', waarde: 'a@club.be', isPrimair: true },
          { contactgegeventype: 'E-mail', waarde: 'b@club.be', isPrimair: true },
        ],
      },
      'contactgegevens',
    ],
    [{ doelgroep: { minimumleeftijd: 20, maximumleeftijd: 10 } }, 'doelgroep'],
    [{ doelgroep: { maximumleeftijd: 151 } }, 'doelgroep.maximumleeftijd'],
    [{ startdatum: '2999-01-01' }, 'startdatum'],
    [{ startdatum: '2020-02-30' }, 'startdatum'],
    [{ vertegenwoordigers: [{ insz: '12345678901', voornaam: 'Jan', achternaam: 'Peeters' }] }, 'vertegenwoordigers[0].insz'],
    [{ vertegenwoordigers: [{ insz: '85010100115', voornaam: 'Jan2', achternaam: 'Peeters' }] }, 'vertegenwoordigers[0].voornaam'],
    [{ locaties: [{ locatietype: 'Activiteiten', naam: 'zonder adres' }] }, 'locaties[0]'],
    [{ locaties: [{ locatietype: 'Maatschappelijke zetel volgens KBO', adres: adres('9000', 'Gent') }] }, 'locaties[0].locatietype'],
    [{ locaties: [{ locatietype: 'Activiteiten', adresId: { broncode: 'AR', bronwaarde: 'https://elders.be/1' } }] }, 'locaties[0].adresId.bronwaarde'],
    [{ hoofdactiviteitenVerenigingsloket: ['XXXX'] }, 'hoofdactiviteitenVerenigingsloket[0]'],
  ];
  for (const [body, field] of cases) {
    const problem = assertProblem(await register(body), 400);
    assert.ok(problem.validationErrors?.[field], `${JSON.stringify(body)} → error on ${field}, got ${JSON.stringify(problem.validationErrors)}`);
  }
  const unparsable = await sandbox.call('vr-beheer', 'POST', '/v1/verenigingen/feitelijkeverenigingen', {
    headers: { ...headers(), 'content-type': 'application/json' },
    body: '{"naam": ',
  });
  assert.match(assertProblem(unparsable, 400).detail, /Controleer het formaat/);
  const valid = await register({
    contactgegevens: [
      { contactgegeventype: 'Telefoon', waarde: '+32 (0)9/123.45-67', isPrimair: true },
      { contactgegeventype: 'SocialMedia', waarde: 'https://social.example/club', isPrimair: true },
    ],
    vertegenwoordigers: [{ insz: '01010100126', voornaam: 'Lotte', achternaam: "D'Hondt" }],
    locaties: [{ locatietype: 'Activiteiten', adresId: { broncode: 'AR', bronwaarde: 'https://data.vlaanderen.be/id/adres/12345' } }],
  });
  assert.equal(valid.status, 202, `${valid.text}: one primair per type, an INSZ born in 2001, an adresId alone are fine`);
});

test('stopping: einddatum between startdatum and today; status Gestopt, publiek 404, a second stop changes the einddatum', async () => {
  const path = '/v1/verenigingen/V0001002/stop';
  assertProblem(await beheer('POST', path, { body: {} }), 400);
  assertProblem(await beheer('POST', path, { body: { einddatum: '1980-01-01' } }), 400);
  const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  assertProblem(await beheer('POST', path, { body: { einddatum: tomorrow } }), 400);

  const stop = await beheer('POST', path, { body: { einddatum: '2024-01-31' } });
  assert.equal(stop.status, 202, stop.text);
  const { body } = await detail('V0001002');
  assert.equal(body.vereniging.status, 'Gestopt');
  assert.equal(body.vereniging.einddatum, '2024-01-31');
  const key = String(sandbox.sandbox.credentials['vr-publiek']!.vrPubliekApiKey);
  assert.equal((await sandbox.call('vr-publiek', 'GET', '/v1/verenigingen/V0001002', { headers: { 'vr-api-key': key } })).status, 404);

  assert.equal((await beheer('POST', path, { body: { einddatum: '2024-02-29' } })).status, 202);
  const events = await historiek('V0001002');
  assert.deepEqual(events.slice(-2).map((e) => [e.gebeurtenis, e.data.einddatum]), [
    ['VerenigingWerdGestopt', '2024-01-31'],
    ['EinddatumWerdGewijzigd', '2024-02-29'],
  ]);
  assert.equal((await beheer('PATCH', '/v1/verenigingen/V0001002', { body: { korteNaam: 'nog wijzigbaar' } })).status, 202, 'a stopped vereniging can still change');
});

test('KBO: a known number registers (202) with data from KBO, a second time answers 200 with the same Location, unknown numbers 400', async () => {
  const first = await beheer('POST', '/v1/verenigingen/kbo', { body: { kboNummer: '0456.789.034' } });
  assert.equal(first.status, 202, first.text);
  const vCode = vCodeOf(first.headers.location!);
  const again = await beheer('POST', '/v1/verenigingen/kbo', { body: { kboNummer: '0456789034' } });
  assert.equal(again.status, 200);
  assert.equal(again.headers.location, first.headers.location);

  const v = (await detail(vCode)).body.vereniging;
  assert.equal(v.bron, 'KBO');
  assert.deepEqual(v.verenigingstype, { code: 'VZW', naam: 'Vereniging zonder winstoogmerk' });
  assert.deepEqual(v.sleutels, [{ bron: 'KBO', waarde: '0456789034' }]);
  assert.equal(v.roepnaam, '');
  assert.deepEqual(v.locaties.map((l) => [l.locatietype, l.bron]), [['Maatschappelijke zetel volgens KBO', 'KBO']]);
  assert.ok(v.contactgegevens.length > 0 && v.contactgegevens.every((c) => c.bron === 'KBO'));
  assert.deepEqual(v.vertegenwoordigers.map((x) => `${x.voornaam} ${x.achternaam}`), ['John Doke', 'Jane Doe']);
  const names = (await historiek(vCode)).map((e) => e.gebeurtenis);
  assert.equal(names[0], 'VerenigingMetRechtspersoonlijkheidWerdGeregistreerd');
  assert.ok(names.includes('MaatschappelijkeZetelWerdOvergenomenUitKbo'));
  assert.ok(names.includes('ContactgegevenWerdOvergenomenUitKBO'));
  assert.equal(names.filter((n) => n === 'VertegenwoordigerWerdOvergenomenUitKBO').length, 2);

  assert.match(assertProblem(await beheer('POST', '/v1/verenigingen/kbo', { body: { kboNummer: '0987654394' } }), 400).detail, /geen geldige vereniging/);
  assertProblem(await beheer('POST', '/v1/verenigingen/kbo', { body: { kboNummer: '0987654390' } }), 400);
  assertProblem(await beheer('POST', '/v1/verenigingen/kbo', { body: {} }), 400);
});

test('KBO data the register cannot accept is not taken over but recorded; GSM becomes Telefoon', async () => {
  const vCode = vCodeOf((await beheer('POST', '/v1/verenigingen/kbo', { body: { kboNummer: '0543210985' } })).headers.location!);
  const v = (await detail(vCode)).body.vereniging;
  assert.deepEqual(v.locaties, [], 'a zetel without street and number is not taken over');
  assert.deepEqual(v.contactgegevens.map((c) => [c.contactgegeventype, c.waarde]), [['Telefoon', '09 222 33 44']]);
  const events = await historiek(vCode);
  const zetel = events.find((e) => e.gebeurtenis === 'MaatschappelijkeZetelKonNietOvergenomenWordenUitKbo');
  assert.equal(zetel?.data.postcode, '9000', 'the data is what KBO had');
  const contact = events.find((e) => e.gebeurtenis === 'ContactgegevenKonNietOvergenomenWordenUitKBO');
  assert.deepEqual(contact?.data, { contactgegeventype: 'E-mail', typeVolgensKbo: 'E-mail', waarde: 'info@' });
  assert.equal(events.some((e) => e.gebeurtenis === 'MaatschappelijkeZetelWerdOvergenomenUitKbo'), false);

  const seeded = (await beheer('GET', '/v1/verenigingen/zoeken', { query: { q: 'verenigingstype.code:IVZW' } })).body as { verenigingen: { vCode: string }[] };
  const ivzw = seeded.verenigingen[0]!.vCode;
  assert.deepEqual((await detail(ivzw)).body.vereniging.contactgegevens.map((c) => c.contactgegeventype), ['Telefoon']);
  const overgenomen = (await historiek(ivzw)).find((e) => e.gebeurtenis === 'ContactgegevenWerdOvergenomenUitKBO');
  assert.equal(overgenomen?.data.typeVolgensKbo, 'GSM');
});

test('KBO data is not editable through beheer; the register-own fields are, through the /kbo endpoints', async () => {
  const vCode = 'V0001013';
  const v = (await detail(vCode)).body.vereniging;
  assert.equal(v.bron, 'KBO');
  assert.match(assertProblem(await beheer('PATCH', `/v1/verenigingen/${vCode}`, { body: { korteBeschrijving: 'x' } }), 400).detail, /type vereniging/);
  assert.ok(assertProblem(await beheer('PATCH', `/v1/verenigingen/${vCode}/kbo`, { body: { naam: 'Andere naam' } }), 400).validationErrors?.naam);
  assertProblem(await beheer('PATCH', '/v1/verenigingen/V0001001/kbo', { body: { roepnaam: 'x' } }), 400);
  assertProblem(await beheer('PATCH', `/v1/verenigingen/${vCode}/kbo`, { body: { isUitgeschrevenUitPubliekeDatastroom: true } }), 400);
  assertProblem(await beheer('POST', `/v1/verenigingen/${vCode}/stop`, { body: { einddatum: '2024-01-01' } }), 400);

  const roepnaam = await beheer('PATCH', `/v1/verenigingen/${vCode}/kbo`, { body: { roepnaam: 'Gravenvrienden Gent', doelgroep: { minimumleeftijd: 12, maximumleeftijd: 99 } } });
  assert.equal(roepnaam.status, 202, roepnaam.text);
  const after = (await detail(vCode)).body.vereniging;
  assert.equal(after.roepnaam, 'Gravenvrienden Gent');
  assert.equal(after.naam, v.naam);

  const zetel = v.locaties.find((l) => l.locatietype === 'Maatschappelijke zetel volgens KBO')!;
  assertProblem(await beheer('DELETE', `/v1/verenigingen/${vCode}/locaties/${zetel.locatieId}`), 400);
  assertProblem(await beheer('PATCH', `/v1/verenigingen/${vCode}/locaties/${zetel.locatieId}`, { body: { locatie: { naam: 'x' } } }), 400);
  assertProblem(await beheer('PATCH', `/v1/verenigingen/${vCode}/kbo/locaties/${zetel.locatieId}`, { body: { locatie: { adres: adres('1000', 'Brussel') } } }), 400);
  assert.equal((await beheer('PATCH', `/v1/verenigingen/${vCode}/kbo/locaties/${zetel.locatieId}`, { body: { locatie: { naam: 'Zetel', isPrimair: true } } })).status, 202);

  const kboContact = v.contactgegevens.find((c) => c.bron === 'KBO')!;
  assertProblem(await beheer('PATCH', `/v1/verenigingen/${vCode}/contactgegevens/${kboContact.contactgegevenId}`, { body: { contactgegeven: { waarde: 'x@y.be' } } }), 400);
  assertProblem(await beheer('DELETE', `/v1/verenigingen/${vCode}/contactgegevens/${kboContact.contactgegevenId}`), 400);
  assert.equal((await beheer('PATCH', `/v1/verenigingen/${vCode}/kbo/contactgegevens/${kboContact.contactgegevenId}`, { body: { contactgegeven: { beschrijving: 'Algemeen' } } })).status, 202);

  assertProblem(await beheer('POST', `/v1/verenigingen/${vCode}/vertegenwoordigers`, { body: { vertegenwoordiger: { insz: '68041741744', voornaam: 'Nieuwe', achternaam: 'Persoon' } } }), 400);
  assertProblem(await beheer('DELETE', `/v1/verenigingen/${vCode}/vertegenwoordigers/1`), 400);
  assert.equal((await beheer('PATCH', `/v1/verenigingen/${vCode}/vertegenwoordigers/1`, { body: { vertegenwoordiger: { rol: 'Voorzitter', isPrimair: true } } })).status, 202);

  const final = (await detail(vCode)).body.vereniging;
  assert.equal(final.locaties.find((l) => l.locatieId === zetel.locatieId)!.naam, 'Zetel');
  assert.equal(final.contactgegevens.find((c) => c.contactgegevenId === kboContact.contactgegevenId)!.beschrijving, 'Algemeen');
  assert.equal(final.vertegenwoordigers[0]!.rol, 'Voorzitter');
  const names = (await historiek(vCode)).slice(-5).map((e) => e.gebeurtenis);
  assert.deepEqual(names, ['RoepnaamWerdGewijzigd', 'DoelgroepWerdGewijzigd', 'MaatschappelijkeZetelVolgensKBOWerdGewijzigd', 'ContactgegevenUitKBOWerdGewijzigd', 'VertegenwoordigerWerdGewijzigd']);
});

test('contactgegevens: add, patch and delete, each one gebeurtenis; one primair per type holds across the collection', async () => {
  const vCode = 'V0001007';
  const added = await beheer('POST', `/v1/verenigingen/${vCode}/contactgegevens`, { body: { contactgegeven: { contactgegeventype: 'E-mail', waarde: 'bestuur@leeuwen.be', beschrijving: 'Bestuur', isPrimair: true } } });
  assert.equal(added.status, 202, added.text);
  const contact = (await detail(vCode)).body.vereniging.contactgegevens.find((c) => c.waarde === 'bestuur@leeuwen.be')!;
  assert.equal(contact.bron, 'Initiator');
  const second = await beheer('POST', `/v1/verenigingen/${vCode}/contactgegevens`, { body: { contactgegeven: { contactgegeventype: 'E-mail', waarde: 'info@leeuwen.be', isPrimair: true } } });
  assertProblem(second, 400);
  assertProblem(await beheer('POST', `/v1/verenigingen/${vCode}/contactgegevens`, { body: { contactgegeven: { contactgegeventype: 'E-mail', waarde: 'bestuur@leeuwen.be', beschrijving: 'Bestuur' } } }), 400);

  const patched = await beheer('PATCH', `/v1/verenigingen/${vCode}/contactgegevens/${contact.contactgegevenId}`, { body: { contactgegeven: { waarde: 'voorzitter@leeuwen.be' } } });
  assert.equal(patched.status, 202, patched.text);
  assertProblem(await beheer('PATCH', `/v1/verenigingen/${vCode}/contactgegevens/${contact.contactgegevenId}`, { body: { contactgegeven: { waarde: 'geen mail' } } }), 400);
  assertProblem(await beheer('PATCH', `/v1/verenigingen/${vCode}/contactgegevens/abc`, { body: { contactgegeven: { waarde: 'a@b.be' } } }), 400);
  const deleted = await beheer('DELETE', `/v1/verenigingen/${vCode}/contactgegevens/${contact.contactgegevenId}`);
  assert.equal(deleted.status, 202);
  assert.equal((await detail(vCode)).body.vereniging.contactgegevens.some((c) => c.contactgegevenId === contact.contactgegevenId), false);
  const events = (await historiek(vCode)).slice(-3);
  assert.deepEqual(events.map((e) => e.gebeurtenis), ['ContactgegevenWerdToegevoegd', 'ContactgegevenWerdGewijzigd', 'ContactgegevenWerdVerwijderd']);
  assert.equal(events[0]!.beschrijving, "E-mail 'bestuur@leeuwen.be' werd toegevoegd.");
  assert.equal(events[1]!.data.waarde, 'voorzitter@leeuwen.be');
});

test('locaties: add, patch (a new adres drops the adresId), delete; at most one primair and one correspondentie', async () => {
  const vCode = 'V0001006';
  const existing = (await detail(vCode)).body.vereniging.locaties[0]!;
  assert.ok(existing.adres && existing.adresId, 'the seed locatie has both adres and adresId');
  assertProblem(await beheer('POST', `/v1/verenigingen/${vCode}/locaties`, { body: { locatie: { locatietype: 'Activiteiten', isPrimair: true, adres: adres('9000', 'Gent') } } }), 400);
  const added = await beheer('POST', `/v1/verenigingen/${vCode}/locaties`, { body: { locatie: { locatietype: 'Correspondentie', naam: 'Post', adres: adres('9000', 'Gent') } } });
  assert.equal(added.status, 202, added.text);
  assertProblem(await beheer('POST', `/v1/verenigingen/${vCode}/locaties`, { body: { locatie: { locatietype: 'Correspondentie', adres: adres('9050', 'Gent') } } }), 400);

  const patched = await beheer('PATCH', `/v1/verenigingen/${vCode}/locaties/${existing.locatieId}`, { body: { locatie: { naam: 'Nieuw atelier', adres: adres('9040', 'Gent') } } });
  assert.equal(patched.status, 202, patched.text);
  const locaties = (await detail(vCode)).body.vereniging.locaties;
  const changed = locaties.find((l) => l.locatieId === existing.locatieId)!;
  assert.equal(changed.naam, 'Nieuw atelier');
  assert.equal(changed.adres?.postcode, '9040');
  assert.equal('adresId' in changed, false);
  assert.equal(changed.isPrimair, existing.isPrimair, 'fields left out keep their value');
  assert.deepEqual(locaties.map((l) => l.locatieId), [...locaties.map((l) => l.locatieId)].sort((a, b) => a - b), 'collections stay in id order');

  const post = locaties.find((l) => l.naam === 'Post')!;
  assert.equal((await beheer('DELETE', `/v1/verenigingen/${vCode}/locaties/${post.locatieId}`)).status, 202);
  const events = (await historiek(vCode)).slice(-3).map((e) => e.gebeurtenis);
  assert.deepEqual(events, ['LocatieWerdToegevoegd', 'LocatieWerdGewijzigd', 'LocatieWerdVerwijderd']);
});

test('vertegenwoordigers: add, patch (never the INSZ), delete; INSZ unique and one primair', async () => {
  const vCode = 'V0001010';
  const body = { vertegenwoordiger: { insz: '68.04.17-417.44', voornaam: 'Greet', achternaam: 'Smet', rol: 'Voorzitter', isPrimair: true, 'e-mail': 'greet@trouwevriend.be' } };
  const added = await beheer('POST', `/v1/verenigingen/${vCode}/vertegenwoordigers`, { body });
  assert.equal(added.status, 202, added.text);
  assertProblem(await beheer('POST', `/v1/verenigingen/${vCode}/vertegenwoordigers`, { body }), 400);
  const greet = (await detail(vCode)).body.vereniging.vertegenwoordigers.find((x) => x.voornaam === 'Greet')!;
  assert.equal(greet.insz, '68041741744', 'the INSZ is stored without separators');
  assert.equal(greet.bron, 'Initiator');

  assertProblem(await beheer('PATCH', `/v1/verenigingen/${vCode}/vertegenwoordigers/${greet.vertegenwoordigerId}`, { body: { vertegenwoordiger: { insz: '85010100115' } } }), 400);
  assertProblem(await beheer('PATCH', `/v1/verenigingen/${vCode}/vertegenwoordigers/${greet.vertegenwoordigerId}`, { body: { vertegenwoordiger: { 'e-mail': 'geen-mail' } } }), 400);
  const patched = await beheer('PATCH', `/v1/verenigingen/${vCode}/vertegenwoordigers/${greet.vertegenwoordigerId}`, { body: { vertegenwoordiger: { rol: 'Secretaris', telefoon: '09 123 45 67' } } });
  assert.equal(patched.status, 202, patched.text);
  const after = (await detail(vCode)).body.vereniging.vertegenwoordigers.find((x) => x.vertegenwoordigerId === greet.vertegenwoordigerId)!;
  assert.equal(after.rol, 'Secretaris');
  assert.equal(after.insz, greet.insz);

  assert.equal((await beheer('DELETE', `/v1/verenigingen/${vCode}/vertegenwoordigers/${greet.vertegenwoordigerId}`)).status, 202);
  const events = (await historiek(vCode)).slice(-3);
  assert.deepEqual(events.map((e) => e.gebeurtenis), ['VertegenwoordigerWerdToegevoegd', 'VertegenwoordigerWerdGewijzigd', 'VertegenwoordigerWerdVerwijderd']);
  assert.equal(events[2]!.data.voornaam, 'Greet');
  const historiekText = JSON.stringify(await historiek(vCode));
  assert.equal(historiekText.includes('68041741744') || historiekText.includes('"insz"'), false, 'the INSZ shows in beheer detail only (v7.10)');
});

test('beheer zoeken finds opted-out and stopped verenigingen too, links to beheer detail, has no facets', async () => {
  const res = await beheer('GET', '/v1/verenigingen/zoeken', { query: { q: 'vCode:V0001008 OR vCode:V0001009', sort: 'vCode' } });
  assert.equal(res.status, 200, res.text);
  const body = res.body as { verenigingen: { vCode: string; status: string; links: { detail: string } }[]; facets?: unknown };
  assert.deepEqual(body.verenigingen.map((v) => [v.vCode, v.status]), [['V0001008', 'Actief'], ['V0001009', 'Gestopt']]);
  assert.equal(body.facets, undefined);
  const link = new URL(body.verenigingen[0]!.links.detail);
  assert.equal(link.origin, sandbox.sandbox.registries['vr-beheer']);
  assert.equal((await beheer('GET', link.pathname)).status, 200);
  assertProblem(await beheer('GET', '/v1/verenigingen/zoeken', { query: { q: 'naam:(' } }), 400);
});

// ---- the release before v8.32's renames, under /v8.6 -------------------------------------------

interface V86Exchange {
  method: string;
  path: string;
  status: number;
  contentType: string;
  body: unknown;
}
const v86Exchanges: V86Exchange[] = [];

/** Calls /v8.6 directly (not through the harness, whose check would use the current document) and records the exchange. */
async function v86(method: string, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<CallResult> {
  const url = sandbox.url('vr-beheer', `/v8.6${path}`);
  const response = await request(url, {
    method: method as 'GET',
    headers: { ...headers(extra), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.body.text();
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  const parsed: unknown = text === '' ? undefined : /json/.test(flat['content-type'] ?? '') ? JSON.parse(text) : text;
  v86Exchanges.push({ method, path: new URL(url).pathname, status: response.statusCode, contentType: flat['content-type'] ?? '', body: parsed });
  return { status: response.statusCode, headers: flat, body: parsed, text };
}

test('/v8.6 serves the same vereniging with the old field names, the current release with the new ones', async () => {
  const old = await v86('GET', '/v1/verenigingen/V0001003');
  assert.equal(old.status, 200, old.text);
  const current = await detail('V0001003');
  assert.equal(old.headers.etag, current.etag, 'one store, one version');
  const o = (old.body as { vereniging: Record<string, unknown> }).vereniging;
  const c = current.body.vereniging;
  assert.deepEqual(o.type, { code: 'FV', beschrijving: 'Feitelijke vereniging' });
  assert.equal('verenigingstype' in o, false);
  assert.deepEqual(c.verenigingstype, { code: 'FV', naam: 'Feitelijke vereniging' });
  assert.equal('type' in c, false);
  assert.deepEqual((o.hoofdactiviteitenVerenigingsloket as Record<string, string>[])[0], { code: 'SPRT', beschrijving: 'Sport' });
  assert.deepEqual((c.hoofdactiviteitenVerenigingsloket as Record<string, string>[])[0], { code: 'SPRT', naam: 'Sport' });
  const oldContact = (o.contactgegevens as Record<string, unknown>[])[0]!;
  assert.equal(oldContact.type, 'Website');
  assert.equal('contactgegeventype' in oldContact, false);
  assert.equal(c.contactgegevens[0]!.contactgegeventype, 'Website');
  assert.equal(o.naam, c.naam);

  const zoek = await v86('GET', '/v1/verenigingen/zoeken', undefined);
  assert.equal(zoek.status, 200);
  const hit = (zoek.body as { verenigingen: Record<string, unknown>[] }).verenigingen[0]!;
  assert.ok('type' in hit && !('verenigingstype' in hit));
  assert.match(String((hit.links as { detail: string }).detail), /\/v8\.6\/v1\/verenigingen\/V\d{7}$/);
});

test('/v8.6 writes take the old field names, share If-Match with the current release and point Location under /v8.6', async () => {
  const { etag } = await detail('V0001003');
  const added = await v86('POST', '/v1/verenigingen/V0001003/contactgegevens', { contactgegeven: { type: 'E-mail', waarde: 'oud@brugsebenen.be' } }, { 'If-Match': etag });
  assert.equal(added.status, 202, added.text);
  assert.match(added.headers.location!, /\/v8\.6\/v1\/verenigingen\/V0001003$/);
  const current = await detail('V0001003');
  assert.equal(current.etag, added.headers.etag);
  assert.ok(current.body.vereniging.contactgegevens.some((x) => x.contactgegeventype === 'E-mail' && x.waarde === 'oud@brugsebenen.be'));
  const stale = await v86('PATCH', '/v1/verenigingen/V0001003', { korteNaam: 'x' }, { 'If-Match': etag });
  assert.equal(stale.status, 412);
  const sorted = await v86('GET', `/v1/verenigingen/zoeken?q=${encodeURIComponent('type.code:VZW')}&sort=type.beschrijving,naam`);
  assert.equal(sorted.status, 200, sorted.text);
  assert.ok((sorted.body as { verenigingen: { type: { code: string } }[] }).verenigingen.every((v) => v.type.code === 'VZW'));
  assert.equal((await v86('GET', '/v1/verenigingen/V0009999')).status, 404);
  assert.equal((await v86('POST', '/v1/verenigingen/feitelijkeverenigingen', { naam: 'Oud', contactgegevens: [{ type: 'Telefoon', waarde: '09 000 00 00' }] })).status, 202);
});

test('/v8.6 still registers afdelingen (type AFD, relaties both ways); the current release shows them as feitelijke without relaties', async () => {
  const moeder = 'V0001013';
  const moederKbo = '0412345614';
  const afdeling = await v86('POST', '/v1/verenigingen/afdelingen', {
    naam: 'Gravenvrienden Jeugd',
    kboNummerMoedervereniging: moederKbo,
    contactgegevens: [{ type: 'E-mail', waarde: 'jeugd@gravenvrienden.be' }],
  });
  assert.equal(afdeling.status, 202, afdeling.text);
  const vCode = /\/(V\d{7})$/.exec(afdeling.headers.location!)![1]!;

  const old = ((await v86('GET', `/v1/verenigingen/${vCode}`)).body as { vereniging: { type: unknown; relaties: unknown[] } }).vereniging;
  assert.deepEqual(old.type, { code: 'AFD', beschrijving: 'Afdeling' });
  const moederNaam = (await detail(moeder)).body.vereniging.naam;
  assert.deepEqual(old.relaties, [
    { type: 'Is afdeling van', andereVereniging: { kboNummer: moederKbo, vCode: moeder, naam: moederNaam, detail: sandbox.url('vr-beheer', `/v8.6/v1/verenigingen/${moeder}`) } },
  ]);
  const oldMoeder = ((await v86('GET', `/v1/verenigingen/${moeder}`)).body as { vereniging: { relaties: { type: string; andereVereniging: { vCode: string } }[] } }).vereniging;
  assert.deepEqual(oldMoeder.relaties.map((r) => [r.type, r.andereVereniging.vCode]), [['Heeft als afdeling', vCode]]);

  const current = (await detail(vCode)).body.vereniging;
  assert.deepEqual(current.verenigingstype, { code: 'FV', naam: 'Feitelijke vereniging' });
  assert.deepEqual(current.relaties, []);
  assert.deepEqual((await detail(moeder)).body.vereniging.relaties, []);
  assert.equal((await historiek(vCode))[0]!.gebeurtenis, 'AfdelingWerdGeregistreerd');
  const afd = (await v86('GET', `/v1/verenigingen/zoeken?q=${encodeURIComponent('type.code:AFD')}`)).body as { verenigingen: { vCode: string }[] };
  assert.deepEqual(afd.verenigingen.map((v) => v.vCode), [vCode]);
  const none = (await beheer('GET', '/v1/verenigingen/zoeken', { query: { q: 'verenigingstype.code:AFD' } })).body as { verenigingen: unknown[] };
  assert.equal(none.verenigingen.length, 0);

  assertProblem(await beheer('POST', '/v1/verenigingen/afdelingen', { body: { naam: 'Nieuwe afdeling', kboNummerMoedervereniging: moederKbo } }), 404);
  assert.equal((await v86('POST', '/v1/verenigingen/afdelingen', { naam: 'Zonder moeder' })).status, 400);
  assert.equal((await v86('POST', '/v1/verenigingen/afdelingen', { naam: 'Onbekende moeder', kboNummerMoedervereniging: '0987654394' })).status, 400);
});

test('every /v8.6 response conforms to /v8.6/openapi.json, a valid document of its own', async () => {
  const served = await request(sandbox.url('vr-beheer', '/v8.6/openapi.json'));
  assert.equal(served.statusCode, 200);
  const document = (await served.body.json()) as { servers: { url: string }[]; components: { schemas: Record<string, { properties: Record<string, unknown> }> } };
  assert.deepEqual(document.servers.map((s) => s.url), ['/v8.6']);
  assert.ok('type' in document.components.schemas.BeheerVereniging!.properties);
  const host: OpenApiHost = {
    readFile: async (path) => {
      throw new Error(`no local files (${path})`);
    },
    fetch: ((url: string) => fetch(url)) as unknown as NonNullable<OpenApiHost['fetch']>,
  };
  const index = await loadOpenApi(sandbox.url('vr-beheer', '/v8.6/openapi.json'), host);
  assert.ok(v86Exchanges.length >= 7);
  const problems: string[] = [];
  for (const exchange of v86Exchanges) {
    assert.ok(matchOperation(index, exchange.method, exchange.path, { basePaths: ['/v8.6'] }), `${exchange.method} ${exchange.path} is documented`);
    const result = validateResponse(index, { method: exchange.method, path: exchange.path }, exchange.status, exchange.contentType || undefined, exchange.body, { basePaths: ['/v8.6'] });
    if (!result.valid) problems.push(`${exchange.method} ${exchange.path} → ${exchange.status}: ${result.errors.map((e) => `${e.path} ${e.message}`).join('; ')}`);
  }
  assert.deepEqual(problems, []);
});
