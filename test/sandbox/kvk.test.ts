import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { useSandbox } from './harness';
import { isRsin } from '../../src/sandbox/registries/vng-klanten/klant';

const sandbox = useSandbox({ registries: ['kvk'] });
const KEY = 'l7xx1f2691f2520d487b902f4e0b57a0b197';
const auth = { apikey: KEY };

type Fout = { fout: { code: string; omschrijving: string }[] };
type Zoek = { pagina: number; resultatenPerPagina: number; totaal: number; vorige?: string; volgende?: string; resultaten: Record<string, unknown>[]; _links: Record<string, { href: string }> };
type Links = { rel: string; href: string }[];

test('demo credentials are KVK\'s own public test key', () => {
  assert.equal(sandbox.sandbox.credentials.kvk!.kvkApiKey, KEY);
});

test('without an apikey every API answers 401 in the fout shape', async () => {
  for (const path of ['/test/api/v2/zoeken?naam=test', '/test/api/v1/basisprofielen/68750110', '/test/api/v1/naamgevingen/kvknummer/68750110']) {
    const response = await sandbox.call('kvk', 'GET', path);
    assert.equal(response.status, 401, path);
    assert.equal((response.body as Fout).fout.length, 1);
    assert.equal(typeof (response.body as Fout).fout[0]!.omschrijving, 'string');
  }
  const wrong = await sandbox.call('kvk', 'GET', '/test/api/v1/basisprofielen/68750110', { headers: { apikey: 'l7xx-not-a-key' } });
  assert.equal(wrong.status, 401);
});

test('a key without rights to an API answers 403', async () => {
  const limited = { apikey: sandbox.sandbox.credentials.kvk!.kvkApiKeyZoekenOnly as string };
  assert.equal((await sandbox.call('kvk', 'GET', '/test/api/v2/zoeken', { headers: limited, query: { naam: 'test' } })).status, 200);
  const denied = await sandbox.call('kvk', 'GET', '/test/api/v1/basisprofielen/68750110', { headers: limited });
  assert.equal(denied.status, 403);
  assert.ok((denied.body as Fout).fout[0]!.code);
});

test('zoeken pages through results with vorige/volgende links', async () => {
  const first = await sandbox.call('kvk', 'GET', '/test/api/v2/zoeken', { headers: auth, query: { naam: 'test', resultatenPerPagina: 5 } });
  assert.equal(first.status, 200);
  assert.match(first.headers['content-type']!, /application\/hal\+json/);
  const body = first.body as Zoek;
  assert.equal(body.pagina, 1);
  assert.equal(body.resultatenPerPagina, 5);
  assert.equal(body.resultaten.length, 5);
  assert.ok(body.totaal > 20, `totaal ${body.totaal}`);
  assert.equal(body.vorige, undefined);
  assert.ok(body.volgende);
  const next = new URL(body.volgende);
  assert.equal(next.searchParams.get('pagina'), '2');
  const second = await sandbox.call('kvk', 'GET', next.pathname + next.search, { headers: auth });
  const page2 = second.body as Zoek;
  assert.equal(page2.pagina, 2);
  assert.ok(page2.vorige);
  assert.notDeepEqual(page2.resultaten[0], body.resultaten[0]);
  const lastPage = Math.ceil(body.totaal / 5);
  const last = (await sandbox.call('kvk', 'GET', '/test/api/v2/zoeken', { headers: auth, query: { naam: 'test', resultatenPerPagina: 5, pagina: lastPage } })).body as Zoek;
  assert.equal(last.volgende, undefined);
  assert.equal(last.resultaten.length, body.totaal - (lastPage - 1) * 5);
});

test('zoeken filters by kvkNummer, plaats and type; results link to their profiles', async () => {
  const response = await sandbox.call('kvk', 'GET', '/test/api/v2/zoeken', { headers: auth, query: { kvkNummer: '69599068' } });
  const body = response.body as Zoek;
  assert.ok(body.resultaten.every((r) => r.kvkNummer === '69599068'));
  assert.deepEqual(body.resultaten.map((r) => r.type).sort(), ['hoofdvestiging', 'rechtspersoon']);
  const item = body.resultaten.find((r) => r.type === 'rechtspersoon')!;
  assert.equal(item.naam, 'Test Stichting Bolderbast');
  assert.match((item._links as Record<string, { href: string }>).basisprofiel!.href, /\/test\/api\/v1\/basisprofielen\/69599068$/);

  const lochem = (await sandbox.call('kvk', 'GET', '/test/api/v2/zoeken', { headers: auth, query: { plaats: 'lochem', type: 'hoofdvestiging' } })).body as Zoek;
  assert.ok(lochem.resultaten.length > 0);
  for (const r of lochem.resultaten) {
    assert.equal(r.type, 'hoofdvestiging');
    assert.equal((r.adres as { binnenlandsAdres: { plaats: string } }).binnenlandsAdres.plaats, 'Lochem');
  }
  const twoTypes = (await sandbox.call('kvk', 'GET', '/test/api/v2/zoeken', { headers: auth, query: { naam: 'test', type: ['nevenvestiging', 'rechtspersoon'], resultatenPerPagina: 100 } })).body as Zoek;
  assert.deepEqual(new Set(twoTypes.resultaten.map((r) => r.type)), new Set(['nevenvestiging', 'rechtspersoon']));
});

test('inactive registrations only appear with inclusiefInactieveRegistraties=true', async () => {
  const without = await sandbox.call('kvk', 'GET', '/test/api/v2/zoeken', { headers: auth, query: { kvkNummer: '96354429' } });
  assert.equal(without.status, 404);
  const withInactive = await sandbox.call('kvk', 'GET', '/test/api/v2/zoeken', { headers: auth, query: { kvkNummer: '96354429', inclusiefInactieveRegistraties: true } });
  assert.equal(withInactive.status, 200);
  assert.equal((withInactive.body as Zoek).resultaten[0]!.actief, 'Nee');
});

test('zoeken rejects bad parameters with 400 and finds nothing with 404', async () => {
  for (const query of [{ kvkNummer: '123' }, { postcode: '7241AB' }, { naam: 'test', resultatenPerPagina: 101 }, { naam: 'test', type: 'filiaal' }, { naam: 'test', pagina: 0 }, {}]) {
    const response = await sandbox.call('kvk', 'GET', '/test/api/v2/zoeken', { headers: auth, query });
    assert.equal(response.status, 400, JSON.stringify(query));
    assert.ok((response.body as Fout).fout[0]!.omschrijving);
  }
  const none = await sandbox.call('kvk', 'GET', '/test/api/v2/zoeken', { headers: auth, query: { naam: 'bestaat-echt-niet' } });
  assert.equal(none.status, 404);
});

test('basisprofiel embeds hoofdvestiging and eigenaar and carries the NMI flag', async () => {
  const response = await sandbox.call('kvk', 'GET', '/test/api/v1/basisprofielen/69599084', { headers: auth });
  assert.equal(response.status, 200);
  const body = response.body as Record<string, unknown> & { _embedded: { hoofdvestiging: Record<string, unknown>; eigenaar: Record<string, unknown> }; links: Links };
  assert.equal(body.kvkNummer, '69599084');
  assert.equal(body.indNonMailing, 'Ja');
  assert.equal(body._embedded.eigenaar.rechtsvorm, 'Eenmanszaak');
  assert.equal(body._embedded.eigenaar.rsin, undefined, 'an eenmanszaak has no RSIN');
  assert.equal(body._embedded.hoofdvestiging.vestigingsnummer, '000038509504');
  assert.equal(body._embedded.hoofdvestiging.handelsnamen, undefined, 'not given in the embedded hoofdvestiging');
  assert.ok(Array.isArray(body.links) && body.links.some((l) => l.rel === 'vestigingen'));
  const bv = (await sandbox.call('kvk', 'GET', '/test/api/v1/basisprofielen/68750110', { headers: auth })).body as Record<string, unknown>;
  assert.equal(bv.indNonMailing, 'Nee');
  assert.match(bv.statutaireNaam as string, /Test BV Donald/);
});

test('geoData=true adds BAG data to the addresses', async () => {
  const plain = (await sandbox.call('kvk', 'GET', '/test/api/v1/basisprofielen/68750110/hoofdvestiging', { headers: auth })).body as { adressen: Record<string, unknown>[] };
  assert.equal(plain.adressen[0]!.geoData, undefined);
  const geo = (await sandbox.call('kvk', 'GET', '/test/api/v1/basisprofielen/68750110/hoofdvestiging', { headers: auth, query: { geoData: true } })).body as { adressen: { geoData: { gpsLatitude: number } }[] };
  assert.equal(typeof geo.adressen[0]!.geoData.gpsLatitude, 'number');
});

test('vestigingen lists several vestigingen, commercial and not, each with a working vestigingsprofiel', async () => {
  const response = await sandbox.call('kvk', 'GET', '/test/api/v1/basisprofielen/68750110/vestigingen', { headers: auth });
  const body = response.body as { totaalAantalVestigingen: number; aantalCommercieleVestigingen: number; aantalNietCommercieleVestigingen: number; vestigingen: { vestigingsnummer: string; indHoofdvestiging: string; links: Links }[] };
  assert.equal(body.totaalAantalVestigingen, 4);
  assert.equal(body.vestigingen.length, 4);
  assert.equal(body.aantalCommercieleVestigingen + body.aantalNietCommercieleVestigingen, 4);
  assert.ok(body.aantalNietCommercieleVestigingen >= 1);
  assert.equal(body.vestigingen.filter((v) => v.indHoofdvestiging === 'Ja').length, 1);
  const neven = body.vestigingen.find((v) => v.indHoofdvestiging === 'Nee')!;
  const profiel = await sandbox.call('kvk', 'GET', new URL(neven.links[0]!.href).pathname, { headers: auth });
  assert.equal(profiel.status, 200);
  assert.equal((profiel.body as { vestigingsnummer: string }).vestigingsnummer, neven.vestigingsnummer);
  assert.equal((profiel.body as { indHoofdvestiging: string }).indHoofdvestiging, 'Nee');
});

test('eigenaar of a rechtspersoon has an RSIN', async () => {
  const response = await sandbox.call('kvk', 'GET', '/test/api/v1/basisprofielen/69599068/eigenaar', { headers: auth });
  assert.equal(response.status, 200);
  assert.ok(isRsin((response.body as { rsin: string }).rsin), 'nine digits passing the elfproef');
  assert.equal((response.body as { rechtsvorm: string }).rechtsvorm, 'Stichting');
});

test('naamgeving lists the names of the registration and its vestigingen', async () => {
  const response = await sandbox.call('kvk', 'GET', '/test/api/v1/naamgevingen/kvknummer/68750110', { headers: auth });
  assert.equal(response.status, 200);
  const body = response.body as { kvkNummer: string; naam: string; vestigingen: Record<string, unknown>[] };
  assert.equal(body.naam, 'Test BV Donald');
  assert.equal(body.vestigingen.length, 4);
  assert.ok(body.vestigingen.some((v) => Array.isArray(v.handelsnamen)));
  assert.ok(body.vestigingen.some((v) => typeof v.ookGenoemd === 'string'), 'a non-commercial vestiging has naam/ookGenoemd');
});

test('the error test numbers answer with an error on every API', async () => {
  for (const path of ['/test/api/v1/basisprofielen/90004973', '/test/api/v1/naamgevingen/kvknummer/90004973']) {
    const response = await sandbox.call('kvk', 'GET', path, { headers: auth });
    assert.equal(response.status, 500, path);
    assert.ok((response.body as Fout).fout[0]!.code);
  }
  const other = await sandbox.call('kvk', 'GET', '/test/api/v1/basisprofielen/90002903/vestigingen', { headers: auth });
  assert.equal(other.status, 400);
});

test('unknown and malformed numbers answer 404 and 400', async () => {
  assert.equal((await sandbox.call('kvk', 'GET', '/test/api/v1/basisprofielen/12345678', { headers: auth })).status, 404);
  assert.equal((await sandbox.call('kvk', 'GET', '/test/api/v1/basisprofielen/1234', { headers: auth })).status, 400);
  assert.equal((await sandbox.call('kvk', 'GET', '/test/api/v1/vestigingsprofielen/000000000001', { headers: auth })).status, 404);
  assert.equal((await sandbox.call('kvk', 'GET', '/test/api/v1/vestigingsprofielen/12', { headers: auth })).status, 400);
});

test('an Accept header it cannot serve answers 406', async () => {
  const response = await sandbox.call('kvk', 'GET', '/test/api/v1/basisprofielen/68750110', { headers: { ...auth, accept: 'application/xml' } });
  assert.equal(response.status, 406);
  const ok = await sandbox.call('kvk', 'GET', '/test/api/v1/basisprofielen/68750110', { headers: { ...auth, accept: 'application/json' } });
  assert.equal(ok.status, 200);
  assert.equal(ok.headers['content-type'], 'application/json');
  const hal = await sandbox.call('kvk', 'GET', '/test/api/v1/basisprofielen/68750110', { headers: { ...auth, accept: 'application/hal+json, application/json;q=0.5' } });
  assert.equal(hal.headers['content-type'], 'application/hal+json');
});

test('zoeken pages partition the results: every page size yields each result exactly once', async () => {
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 1, max: 100 }), fc.constantFrom('test', 'bv', 'stichting'), async (perPage, naam) => {
      const seen: string[] = [];
      let totaal = 0;
      for (let pagina = 1; ; pagina++) {
        const response = await sandbox.call('kvk', 'GET', '/test/api/v2/zoeken', { headers: auth, query: { naam, resultatenPerPagina: perPage, pagina } });
        if (response.status === 404) break;
        const body = response.body as Zoek;
        totaal = body.totaal;
        assert.ok(body.resultaten.length <= perPage);
        seen.push(...body.resultaten.map((r) => `${r.type}:${r.kvkNummer}:${r.vestigingsnummer ?? ''}`));
        if (!body.volgende) break;
      }
      assert.equal(seen.length, totaal);
      assert.equal(new Set(seen).size, totaal);
    }),
    { numRuns: 8, seed: 20261125 },
  );
});
