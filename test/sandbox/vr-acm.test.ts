// vr-acm over real HTTP, in step with vr-beheer on the same sandbox: registering with a
// vertegenwoordiger links the person, adding and removing one links and unlinks, a new naam and a
// stop show at once, and KBO functiehouders are linked to their vereniging.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { useSandbox, type CallOptions, type CallResult } from './harness';

const sandbox = useSandbox({ registries: ['vr-publiek', 'vr-beheer', 'vr-acm'] });

interface AcmBody {
  insz: string;
  verenigingen: { vCode: string; naam: string; status: string; kboNummer: string }[];
}

async function acm(insz: string): Promise<AcmBody> {
  const res = await sandbox.call('vr-acm', 'GET', '/v1/verenigingen', { query: { insz } });
  assert.equal(res.status, 200, res.text);
  return res.body as AcmBody;
}

function beheer(method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
  return sandbox.call('vr-beheer', method, path, { ...options, headers: { 'x-correlation-id': randomUUID(), 'VR-Initiator': 'OVO000123', ...options.headers } });
}

function vCodeOf(res: CallResult): string {
  assert.equal(res.status, 202, res.text);
  return /\/(V\d{7})$/.exec(res.headers.location!)![1]!;
}

// Valid INSZ numbers (mod-97 check) that no seed vereniging uses.
const NIEUW = '93051822361';
const ANDER = '87112033596';

test('insz is required and must be a valid INSZ', async () => {
  for (const query of [{}, { insz: '' }, { insz: '12345678901' }, { insz: 'abc' }]) {
    const res = await sandbox.call('vr-acm', 'GET', '/v1/verenigingen', { query });
    assert.equal(res.status, 400, JSON.stringify(query));
    assert.match(res.headers['content-type']!, /application\/problem\+json/);
  }
});

test('a person with no vertegenwoordigerschap gets an empty list; the demo person gets vCode, naam, status and kboNummer', async () => {
  assert.deepEqual(await acm(NIEUW), { insz: NIEUW, verenigingen: [] });
  const demo = String(sandbox.sandbox.credentials['vr-acm']!.vrAcmInsz);
  const body = await acm(demo.replace(/^(\d{2})(\d{2})(\d{2})(\d{3})(\d{2})$/, '$1.$2.$3-$4.$5'));
  assert.equal(body.insz, demo, 'separators are accepted and dropped');
  assert.ok(body.verenigingen.length >= 2);
  for (const v of body.verenigingen) {
    assert.match(v.vCode, /^V\d{7}$/);
    assert.equal(v.kboNummer, '');
    assert.equal(v.status, 'Actief');
    const detail = await beheer('GET', `/v1/verenigingen/${v.vCode}`);
    const vereniging = (detail.body as { vereniging: { naam: string; vertegenwoordigers: { insz: string }[] } }).vereniging;
    assert.equal(vereniging.naam, v.naam);
    assert.ok(vereniging.vertegenwoordigers.some((x) => x.insz === demo), `${v.vCode} lists the person as vertegenwoordiger`);
  }
});

test('registering through beheer with a vertegenwoordiger links the person at once', async () => {
  const vCode = vCodeOf(
    await beheer('POST', '/v1/verenigingen/feitelijkeverenigingen', {
      body: {
        naam: 'Petanqueclub De Boule',
        locaties: [{ locatietype: 'Activiteiten', adres: { straatnaam: 'Dorp', huisnummer: '3', postcode: '9820', gemeente: 'Merelbeke', land: 'België' } }],
        vertegenwoordigers: [{ insz: NIEUW, voornaam: 'Noor', achternaam: 'Van Damme', isPrimair: true }],
      },
    }),
  );
  assert.deepEqual((await acm(NIEUW)).verenigingen, [{ vCode, naam: 'Petanqueclub De Boule', status: 'Actief', kboNummer: '' }]);
});

test('adding a vertegenwoordiger links, renaming and stopping show, removing unlinks', async () => {
  const target = 'V0001004';
  assert.equal((await acm(ANDER)).verenigingen.length, 0);
  const added = await beheer('POST', `/v1/verenigingen/${target}/vertegenwoordigers`, { body: { vertegenwoordiger: { insz: ANDER, voornaam: 'Wout', achternaam: 'Claeys' } } });
  assert.equal(added.status, 202, added.text);
  assert.deepEqual((await acm(ANDER)).verenigingen.map((v) => v.vCode), [target]);

  assert.equal((await beheer('PATCH', `/v1/verenigingen/${target}`, { body: { naam: 'Oostende voor Anker en Zeil' } })).status, 202);
  assert.equal((await beheer('POST', `/v1/verenigingen/${target}/stop`, { body: { einddatum: '2024-03-01' } })).status, 202);
  assert.deepEqual((await acm(ANDER)).verenigingen, [{ vCode: target, naam: 'Oostende voor Anker en Zeil', status: 'Gestopt', kboNummer: '' }], 'a stopped vereniging stays listed');

  const detail = (await beheer('GET', `/v1/verenigingen/${target}`)).body as { vereniging: { vertegenwoordigers: { vertegenwoordigerId: number; insz: string }[] } };
  const id = detail.vereniging.vertegenwoordigers.find((x) => x.insz === ANDER)!.vertegenwoordigerId;
  assert.equal((await beheer('DELETE', `/v1/verenigingen/${target}/vertegenwoordigers/${id}`)).status, 202);
  assert.deepEqual((await acm(ANDER)).verenigingen, []);
});

test('KBO functiehouders are linked to the KBO vereniging, with its kboNummer', async () => {
  const vCode = vCodeOf(await beheer('POST', '/v1/verenigingen/kbo', { body: { kboNummer: '0876543270' } }));
  const detail = (await beheer('GET', `/v1/verenigingen/${vCode}`)).body as { vereniging: { naam: string; vertegenwoordigers: { insz: string }[] } };
  const functiehouder = detail.vereniging.vertegenwoordigers[0]!.insz;
  const listed = (await acm(functiehouder)).verenigingen.find((v) => v.vCode === vCode);
  assert.deepEqual(listed, { vCode, naam: detail.vereniging.naam, status: 'Actief', kboNummer: '0876543270' });
});
