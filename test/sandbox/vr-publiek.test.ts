// vr-publiek over real HTTP: API key (header or query), visibility rules shared with beheer,
// the q= language (fields, nested fields, ranges, wildcards, AND/OR/NOT), sort with ties,
// paging and facets. Expected hit lists are computed from the full result set (an oracle over
// the served data), so the tests check the search logic rather than restate the seed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { useSandbox, type CallOptions, type CallResult } from './harness';

const sandbox = useSandbox({ registries: ['vr-publiek', 'vr-beheer', 'vr-acm'] });

interface ZoekItem {
  vCode: string;
  naam: string;
  korteNaam: string;
  roepnaam?: string;
  verenigingstype: { code: string; naam: string };
  doelgroep: { minimumleeftijd: number; maximumleeftijd: number };
  hoofdactiviteitenVerenigingsloket: { code: string; naam: string }[];
  locaties: { postcode: string; gemeente: string }[];
  links: { detail: string };
}
interface ZoekBody {
  verenigingen: ZoekItem[];
  facets: { hoofdactiviteitenVerenigingsloket: { code: string; aantal: number; query: string }[] };
  metadata: { pagination: { totalCount: number; offset: number; limit: number } };
}

function key(): string {
  return String(sandbox.sandbox.credentials['vr-publiek']!.vrPubliekApiKey);
}

function publiek(path: string, options: CallOptions = {}): Promise<CallResult> {
  return sandbox.call('vr-publiek', 'GET', path, { ...options, headers: { 'vr-api-key': key(), ...options.headers } });
}

async function zoek(query: Record<string, string>): Promise<ZoekBody> {
  const res = await publiek('/v1/verenigingen/zoeken', { query });
  assert.equal(res.status, 200, res.text);
  return res.body as ZoekBody;
}

async function alle(): Promise<ZoekItem[]> {
  const body = await zoek({ q: '*', limit: '1000' });
  assert.equal(body.verenigingen.length, body.metadata.pagination.totalCount);
  assert.ok(body.verenigingen.length >= 10, 'the seed has a dozen public verenigingen');
  return body.verenigingen;
}

const codes = (items: { vCode: string }[]) => items.map((v) => v.vCode);
const sorted = (items: string[]) => [...items].sort();
const beheerHeaders = () => ({ 'x-correlation-id': randomUUID(), 'VR-Initiator': 'OVO000099' });

test('detail and zoeken answer 403 without a key, with a wrong key, and 200 with the key as header or query parameter', async () => {
  for (const path of ['/v1/verenigingen/V0001001', '/v1/verenigingen/zoeken']) {
    const none = await sandbox.call('vr-publiek', 'GET', path);
    assert.equal(none.status, 403);
    assert.match(none.headers['content-type']!, /application\/problem\+json/);
    assert.equal((none.body as { status: number }).status, 403);
    const wrong = await sandbox.call('vr-publiek', 'GET', path, { headers: { 'vr-api-key': 'not-the-key' } });
    assert.equal(wrong.status, 403);
    const header = await sandbox.call('vr-publiek', 'GET', path, { headers: { 'VR-API-KEY': key() } });
    assert.equal(header.status, 200);
    const query = await sandbox.call('vr-publiek', 'GET', path, { query: { 'vr-api-key': key() } });
    assert.equal(query.status, 200);
  }
});

test('hoofdactiviteiten and JSON-LD contexts are open without a key', async () => {
  const lijst = await sandbox.call('vr-publiek', 'GET', '/v1/hoofdactiviteitenVerenigingsloket');
  assert.equal(lijst.status, 200);
  const items = (lijst.body as { hoofdactiviteitenVerenigingsloket: { code: string; naam: string }[] }).hoofdactiviteitenVerenigingsloket;
  assert.equal(items.length, 21);
  assert.deepEqual(items[0], { code: 'BIAG', naam: 'Burgerinitiatief & Actiegroep' });
  assert.equal(new Set(items.map((i) => i.code)).size, 21);

  const detail = await publiek('/v1/verenigingen/V0001001');
  const contextUrl = (detail.body as { '@context': string })['@context'];
  const context = await sandbox.call('vr-publiek', 'GET', new URL(contextUrl).pathname);
  assert.equal(context.status, 200);
  assert.match(context.headers['content-type']!, /ld\+json/);
  assert.equal((context.body as Record<string, unknown>).vCode, '@id');
  const short = await sandbox.call('vr-publiek', 'GET', '/v1/contexten/zoek-verenigingen-context.json');
  assert.equal(short.status, 200);
  const missing = await sandbox.call('vr-publiek', 'GET', '/v1/contexten/publiek/bestaat-niet.json');
  assert.equal(missing.status, 404);
});

test('detail: vCode is case-insensitive and the answer has the publiek shape (no vertegenwoordigers, current field names)', async () => {
  const res = await publiek('/v1/verenigingen/v0001001');
  assert.equal(res.status, 200);
  const { vereniging, metadata } = res.body as { vereniging: Record<string, unknown>; metadata: { datumLaatsteAanpassing: string } };
  assert.equal(vereniging.vCode, 'V0001001');
  assert.deepEqual(vereniging.verenigingstype, { code: 'FV', naam: 'Feitelijke vereniging' });
  assert.equal('vertegenwoordigers' in vereniging, false);
  assert.equal('type' in vereniging, false);
  const contact = (vereniging.contactgegevens as Record<string, unknown>[])[0]!;
  assert.equal(contact.contactgegeventype, 'E-mail');
  assert.equal('contactgegevenId' in contact, false);
  assert.match(metadata.datumLaatsteAanpassing, /^\d{4}-\d{2}-\d{2}$/);
  assert.equal((await publiek('/v1/verenigingen/V9999999')).status, 404);
  const voorstellingen = async (vCode: string) =>
    ((await publiek(`/v1/verenigingen/${vCode}`)).body as { vereniging: { locaties: { adresvoorstelling: string }[] } }).vereniging.locaties.map((l) => l.adresvoorstelling);
  assert.deepEqual(await voorstellingen('V0001003'), ['Langestraat 7 bus 2, 8000 Brugge, België']);
  assert.deepEqual(await voorstellingen('V0001001'), ['Overpoortstraat 49, 9000 Gent, België'], 'no "bus" without a busnummer');
});

test('opted-out and stopped verenigingen are invisible: 404 on detail and never found by zoeken', async () => {
  const beheer = async (vCode: string) =>
    (await sandbox.call('vr-beheer', 'GET', `/v1/verenigingen/${vCode}`, { headers: beheerHeaders() })).body as {
      vereniging: { status: string; isUitgeschrevenUitPubliekeDatastroom: boolean };
    };
  const hidden = (await beheer('V0001008')).vereniging;
  const stopped = (await beheer('V0001009')).vereniging;
  assert.equal(hidden.isUitgeschrevenUitPubliekeDatastroom, true);
  assert.equal(stopped.status, 'Gestopt');
  for (const vCode of ['V0001008', 'V0001009']) {
    assert.equal((await publiek(`/v1/verenigingen/${vCode}`)).status, 404);
    assert.equal((await zoek({ q: `vCode:${vCode}` })).metadata.pagination.totalCount, 0);
  }
  assert.equal(codes(await alle()).some((c) => c === 'V0001008' || c === 'V0001009'), false);
});

test('a field:value query on a nested field returns exactly the verenigingen with such a locatie', async () => {
  const all = await alle();
  const expected = all.filter((v) => v.locaties.some((l) => l.postcode === '9000'));
  assert.ok(expected.length >= 2);
  const body = await zoek({ q: 'locaties.postcode:9000' });
  assert.deepEqual(sorted(codes(body.verenigingen)), sorted(codes(expected)));
  const gent = await zoek({ q: 'locaties.gemeente:gent' });
  assert.deepEqual(sorted(codes(gent.verenigingen)), sorted(codes(all.filter((v) => v.locaties.some((l) => l.gemeente === 'Gent')))));
});

test('range queries: <=, >= combined with AND, and [a TO b] / {a TO b} bounds', async () => {
  const all = await alle();
  const voor14 = await zoek({ q: 'doelgroep.minimumleeftijd:<=14 AND doelgroep.maximumleeftijd:>=14' });
  const expected14 = all.filter((v) => v.doelgroep.minimumleeftijd <= 14 && v.doelgroep.maximumleeftijd >= 14);
  assert.deepEqual(sorted(codes(voor14.verenigingen)), sorted(codes(expected14)));
  assert.ok(expected14.length < all.length, 'the seed has verenigingen outside the range');

  const inclusive = await zoek({ q: 'doelgroep.minimumleeftijd:[6 TO 12]' });
  assert.deepEqual(sorted(codes(inclusive.verenigingen)), sorted(codes(all.filter((v) => v.doelgroep.minimumleeftijd >= 6 && v.doelgroep.minimumleeftijd <= 12))));
  const exclusive = await zoek({ q: 'doelgroep.minimumleeftijd:{6 TO 12}' });
  assert.deepEqual(sorted(codes(exclusive.verenigingen)), sorted(codes(all.filter((v) => v.doelgroep.minimumleeftijd > 6 && v.doelgroep.minimumleeftijd < 12))));
  assert.ok(inclusive.verenigingen.length > exclusive.verenigingen.length, 'bounds 6 and 12 occur in the seed');
  const strict = await zoek({ q: 'doelgroep.maximumleeftijd:<150' });
  assert.deepEqual(sorted(codes(strict.verenigingen)), sorted(codes(all.filter((v) => v.doelgroep.maximumleeftijd < 150))));
});

test('wildcards, AND / OR / NOT and parentheses', async () => {
  const all = await alle();
  const schaak = await zoek({ q: 'naam:schaak*' });
  assert.deepEqual(sorted(codes(schaak.verenigingen)), sorted(codes(all.filter((v) => /\bschaak/i.test(v.naam)))));
  assert.equal(schaak.verenigingen.length, 2);
  const suffix = await zoek({ q: 'naam:*paard' });
  assert.deepEqual(sorted(codes(suffix.verenigingen)), sorted(codes(schaak.verenigingen)));
  const single = await zoek({ q: 'vCode:V000100?' });
  assert.deepEqual(sorted(codes(single.verenigingen)), sorted(codes(all.filter((v) => /^V000100\d$/.test(v.vCode)))));

  const hasCode = (v: ZoekItem, code: string) => v.hoofdactiviteitenVerenigingsloket.some((h) => h.code === code);
  const inGemeente = (v: ZoekItem, gemeente: string) => v.locaties.some((l) => l.gemeente === gemeente);
  const and = await zoek({ q: 'locaties.gemeente:Gent AND hoofdactiviteitenVerenigingsloket.code:HOSP' });
  assert.deepEqual(sorted(codes(and.verenigingen)), sorted(codes(all.filter((v) => inGemeente(v, 'Gent') && hasCode(v, 'HOSP')))));
  assert.equal(and.verenigingen.length, 1);
  const or = await zoek({ q: 'locaties.gemeente:Brugge OR locaties.gemeente:Oostende' });
  assert.deepEqual(sorted(codes(or.verenigingen)), sorted(codes(all.filter((v) => inGemeente(v, 'Brugge') || inGemeente(v, 'Oostende')))));
  const grouped = await zoek({ q: '(locaties.gemeente:Brugge OR locaties.gemeente:Antwerpen) AND NOT hoofdactiviteitenVerenigingsloket.code:SPRT' });
  assert.deepEqual(
    sorted(codes(grouped.verenigingen)),
    sorted(codes(all.filter((v) => (inGemeente(v, 'Brugge') || inGemeente(v, 'Antwerpen')) && !hasCode(v, 'SPRT')))),
  );
  const phrase = await zoek({ q: 'naam:"het paard"' });
  assert.deepEqual(sorted(codes(phrase.verenigingen)), sorted(codes(schaak.verenigingen)));
  const accents = await zoek({ q: 'naam:buurtcomite' });
  assert.deepEqual(codes(accents.verenigingen), codes(all.filter((v) => v.naam.includes('comité'))));
});

type Expr =
  | { kind: 'gemeente'; value: string }
  | { kind: 'code'; value: string }
  | { kind: 'min'; op: '<' | '<=' | '>' | '>='; value: number }
  | { kind: 'and' | 'or'; connector: string; left: Expr; right: Expr }
  | { kind: 'not'; inner: Expr };

function render(e: Expr): string {
  switch (e.kind) {
    case 'gemeente': return `locaties.gemeente:${e.value}`;
    case 'code': return `hoofdactiviteitenVerenigingsloket.code:${e.value}`;
    case 'min': return `doelgroep.minimumleeftijd:${e.op}${e.value}`;
    case 'and':
    case 'or': return `(${render(e.left)} ${e.connector} ${render(e.right)})`;
    case 'not': return `NOT ${render(e.inner)}`;
  }
}

function holds(e: Expr, v: ZoekItem): boolean {
  switch (e.kind) {
    case 'gemeente': return v.locaties.some((l) => l.gemeente.toLowerCase() === e.value.toLowerCase());
    case 'code': return v.hoofdactiviteitenVerenigingsloket.some((h) => h.code === e.value);
    case 'min': {
      const n = v.doelgroep.minimumleeftijd;
      return e.op === '<' ? n < e.value : e.op === '<=' ? n <= e.value : e.op === '>' ? n > e.value : n >= e.value;
    }
    case 'and': return holds(e.left, v) && holds(e.right, v);
    case 'or': return holds(e.left, v) || holds(e.right, v);
    case 'not': return !holds(e.inner, v);
  }
}

test('generated boolean queries (AND/&&, OR/||/juxtaposition, NOT) over nested fields and ranges return exactly what an oracle selects', async () => {
  const all = await alle();
  const { expr } = fc.letrec<{ expr: Expr; atom: Expr }>((tie) => ({
    atom: fc.oneof(
      fc.record({ kind: fc.constant('gemeente' as const), value: fc.constantFrom('Gent', 'antwerpen', 'BRUGGE', 'Oostende', 'Leuven') }),
      fc.record({ kind: fc.constant('code' as const), value: fc.constantFrom('HOSP', 'KECU', 'SPRT', 'JGDW', 'BWWC', 'TOER') }),
      fc.record({ kind: fc.constant('min' as const), op: fc.constantFrom('<' as const, '<=' as const, '>' as const, '>=' as const), value: fc.constantFrom(0, 6, 8, 12, 16) }),
    ),
    expr: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      tie('atom'),
      fc.record({ kind: fc.constant('and' as const), connector: fc.constantFrom('AND', '&&'), left: tie('expr'), right: tie('expr') }),
      // Juxtaposed terms are OR-ed, as in Lucene.
      fc.record({ kind: fc.constant('or' as const), connector: fc.constantFrom('OR', '||', ''), left: tie('expr'), right: tie('expr') }),
      fc.record({ kind: fc.constant('not' as const), inner: tie('expr') }),
    ),
  }));
  await fc.assert(
    fc.asyncProperty(expr, async (e) => {
      const body = await zoek({ q: render(e), limit: '1000' });
      assert.deepEqual(codes(body.verenigingen), codes(all.filter((v) => holds(e, v))), render(e));
    }),
    { numRuns: 60 },
  );
});

test('a malformed q, an unknown sort field and a bad page answer 400 problem details', async () => {
  for (const query of [{ q: 'naam:(schaak' }, { q: 'naam:' }, { q: 'doelgroep.minimumleeftijd:[1 TO' }, { sort: 'kleur' }, { limit: 'veel' }, { offset: '900', limit: '200' }]) {
    const res = await publiek('/v1/verenigingen/zoeken', { query });
    assert.equal(res.status, 400, JSON.stringify(query));
    const problem = res.body as { status: number; detail: string; title: string };
    assert.equal(problem.status, 400);
    assert.ok(problem.detail.length > 0);
  }
});

test('sort: default -vCode, naam with ties broken by -vCode, naam,-vCode the same, descending numbers', async () => {
  const all = await alle();
  assert.deepEqual(codes(all), sorted(codes(all)).reverse(), 'default order is descending vCode');

  const byNaam = (await zoek({ q: '*', sort: 'naam', limit: '1000' })).verenigingen;
  const expected = [...all].sort((a, b) => a.naam.toLowerCase().localeCompare(b.naam.toLowerCase()) || (a.vCode < b.vCode ? 1 : -1));
  assert.deepEqual(codes(byNaam), codes(expected));
  const twins = byNaam.filter((v) => v.naam === 'Schaakclub Het Paard');
  assert.equal(twins.length, 2, 'two verenigingen share a naam');
  assert.ok(twins[0]!.vCode > twins[1]!.vCode, 'ties go by descending vCode');
  assert.deepEqual(codes((await zoek({ q: '*', sort: 'naam,-vCode', limit: '1000' })).verenigingen), codes(byNaam));
  assert.deepEqual(codes((await zoek({ q: '*', sort: '-naam', limit: '1000' })).verenigingen).filter((c) => twins.some((t) => t.vCode === c)), codes(twins));

  const byLeeftijd = (await zoek({ q: '*', sort: '-doelgroep.minimumleeftijd', limit: '1000' })).verenigingen;
  const leeftijden = byLeeftijd.map((v) => v.doelgroep.minimumleeftijd);
  assert.deepEqual(leeftijden, [...leeftijden].sort((a, b) => b - a));
  for (let i = 1; i < byLeeftijd.length; i++) {
    if (leeftijden[i] === leeftijden[i - 1]) assert.ok(byLeeftijd[i - 1]!.vCode > byLeeftijd[i]!.vCode, 'equal ages go by descending vCode');
  }
});

const SORT_FIELDS: Record<string, (v: ZoekItem) => string | number | undefined> = {
  vCode: (v) => v.vCode.toLowerCase(),
  naam: (v) => v.naam,
  korteNaam: (v) => v.korteNaam,
  roepnaam: (v) => v.roepnaam,
  'verenigingstype.code': (v) => v.verenigingstype.code,
  'verenigingstype.naam': (v) => v.verenigingstype.naam,
  'doelgroep.minimumleeftijd': (v) => v.doelgroep.minimumleeftijd,
  'doelgroep.maximumleeftijd': (v) => v.doelgroep.maximumleeftijd,
};

/** The documented order: each key in turn, text without case or accents, empty values last either way, then -vCode. */
function oracleSort(items: ZoekItem[], keys: { field: string; descending: boolean }[]): ZoekItem[] {
  const all = [...keys, ...(keys.some((k) => k.field === 'vCode') ? [] : [{ field: 'vCode', descending: true }])];
  const value = (v: ZoekItem, field: string) => {
    const raw = SORT_FIELDS[field]!(v);
    if (raw === undefined || raw === '') return undefined;
    return typeof raw === 'number' ? raw : raw.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  };
  return [...items].sort((a, b) => {
    for (const { field, descending } of all) {
      const x = value(a, field);
      const y = value(b, field);
      if (x === y) continue;
      if (x === undefined) return 1;
      if (y === undefined) return -1;
      return (x < y ? -1 : 1) * (descending ? -1 : 1);
    }
    return 0;
  });
}

test('generated multi-key sorts give the documented order', async () => {
  const all = await alle();
  const key = fc.record({ field: fc.constantFrom(...Object.keys(SORT_FIELDS)), descending: fc.boolean() });
  await fc.assert(
    fc.asyncProperty(fc.uniqueArray(key, { minLength: 1, maxLength: 3, selector: (k) => k.field }), async (keys) => {
      const sort = keys.map((k) => `${k.descending ? '-' : ''}${k.field}`).join(',');
      const body = await zoek({ q: '*', sort, limit: '1000' });
      assert.deepEqual(codes(body.verenigingen), codes(oracleSort(all, keys)), sort);
    }),
    { numRuns: 40 },
  );
});

test('offset and limit page through the same order; totalCount counts every hit', async () => {
  const all = await alle();
  const page = await zoek({ q: '*', offset: '3', limit: '4' });
  assert.deepEqual(codes(page.verenigingen), codes(all.slice(3, 7)));
  assert.deepEqual(page.metadata.pagination, { totalCount: all.length, offset: 3, limit: 4 });
  const defaults = await zoek({ q: '*' });
  assert.deepEqual(defaults.metadata.pagination, { totalCount: all.length, offset: 0, limit: 50 });
});

test('facets count hoofdactiviteiten over the hits, and each facet query URL returns exactly those', async () => {
  const q = 'locaties.gemeente:Gent OR locaties.gemeente:Antwerpen';
  const body = await zoek({ q });
  const counts = new Map<string, number>();
  for (const v of body.verenigingen) for (const h of v.hoofdactiviteitenVerenigingsloket) counts.set(h.code, (counts.get(h.code) ?? 0) + 1);
  const facets = body.facets.hoofdactiviteitenVerenigingsloket;
  assert.deepEqual(new Map(facets.map((f) => [f.code, f.aantal])), counts);
  assert.ok(facets.length >= 3);
  for (let i = 1; i < facets.length; i++) assert.ok(facets[i - 1]!.aantal >= facets[i]!.aantal, 'facets by descending aantal');
  for (const facet of facets) {
    const url = new URL(facet.query);
    assert.equal(url.searchParams.get('q'), q);
    assert.equal(url.searchParams.get('facets.hoofdactiviteitenVerenigingsloket'), facet.code);
    const followed = await publiek(url.pathname + url.search);
    assert.equal(followed.status, 200);
    const hits = (followed.body as ZoekBody).verenigingen;
    assert.equal(hits.length, facet.aantal);
    assert.ok(hits.every((v) => v.hoofdactiviteitenVerenigingsloket.some((h) => h.code === facet.code)));
  }
});

test('a change through beheer shows in publiek at once: a new naam is found, opting out hides the vereniging', async () => {
  const headers = beheerHeaders();
  const before = await sandbox.call('vr-beheer', 'GET', '/v1/verenigingen/V0001011', { headers });
  const patched = await sandbox.call('vr-beheer', 'PATCH', '/v1/verenigingen/V0001011', {
    headers: { ...beheerHeaders(), 'If-Match': before.headers.etag! },
    body: { naam: 'Koor Vox Antverpia Nova' },
  });
  assert.equal(patched.status, 202);
  assert.deepEqual(codes((await zoek({ q: 'naam:nova' })).verenigingen), ['V0001011']);
  const optOut = await sandbox.call('vr-beheer', 'PATCH', '/v1/verenigingen/V0001011', { headers: beheerHeaders(), body: { isUitgeschrevenUitPubliekeDatastroom: true } });
  assert.equal(optOut.status, 202);
  assert.equal((await publiek('/v1/verenigingen/V0001011')).status, 404);
  assert.equal((await zoek({ q: 'naam:nova' })).metadata.pagination.totalCount, 0);
});
