import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { dataDiff, isHistoriekPath, parseHistoriekSpec, readHistoriek, replay, subjectOfPath, type Gebeurtenis } from '../../../src/core/historiek';
import { loadHistoriekSpec } from '../../../src/core/historiek/loadHistoriekSpec';
import { registriesDir } from '../../../src/core/paths';

const spec = parseHistoriekSpec({
  subject: { name: 'vCode', pattern: '^V\\d{7}$' },
  operation: { path: '/v1/verenigingen/{vCode}/historiek' },
  list: 'gebeurtenissen',
  fields: { type: 'gebeurtenis', description: 'beschrijving', initiator: 'initiator', time: 'tijdstip', data: 'data' },
  replay: {
    Geregistreerd: [{ set: '', from: '' }, { set: 'status', value: 'Actief' }],
    NaamWerdGewijzigd: [{ set: 'naam', from: 'naam' }],
    ContactgegevenWerdToegevoegd: [{ add: 'contactgegevens', key: 'contactgegevenId', from: '' }],
    ContactgegevenWerdGewijzigd: [{ replace: 'contactgegevens', key: 'contactgegevenId', from: '' }],
    ContactgegevenWerdVerwijderd: [{ remove: 'contactgegevens', key: 'contactgegevenId', from: '' }],
    Gestopt: [{ set: 'status', value: 'Gestopt' }, { set: 'einddatum', from: 'einddatum' }],
  },
});

let n = 0;
function g(type: string, data: unknown, initiator = 'OVO000001'): Gebeurtenis {
  const index = n++;
  return { index, type, beschrijving: `${type} ${index}`, initiator, tijdstip: `2024-01-0${1 + (index % 9)}T10:00:00Z`, data };
}

test('replaying a vereniging changed three times: the state before the last change, and after it', () => {
  n = 0;
  const history = [
    g('Geregistreerd', { vCode: 'V0001001', naam: 'Kaartclub', contactgegevens: [{ contactgegevenId: 1, waarde: 'a@b.be' }] }),
    g('NaamWerdGewijzigd', { naam: 'Kaartclub De Boer' }),
    g('ContactgegevenWerdToegevoegd', { contactgegevenId: 2, waarde: 'https://kaart.be' }),
    g('NaamWerdGewijzigd', { naam: 'Kaartclub De Vrolijke Boer' }),
  ];
  const before = replay(history, spec.replay, 2);
  assert.deepEqual(before.state, { vCode: 'V0001001', naam: 'Kaartclub De Boer', status: 'Actief', contactgegevens: [{ contactgegevenId: 1, waarde: 'a@b.be' }, { contactgegevenId: 2, waarde: 'https://kaart.be' }] });
  assert.deepEqual(before.fields.naam, { kind: 'known', since: 1 });
  assert.deepEqual(before.fields.contactgegevens, { kind: 'known', since: 2 });
  assert.deepEqual(before.fields.vCode, { kind: 'known', since: 0 });
  assert.equal(before.incomplete, false);
  const after = replay(history, spec.replay, 3);
  assert.equal(after.state?.naam, 'Kaartclub De Vrolijke Boer');
  assert.deepEqual(after.fields.naam, { kind: 'known', since: 3 });
  // Replay never changes the gebeurtenissen it read.
  assert.deepEqual(history[0]!.data, { vCode: 'V0001001', naam: 'Kaartclub', contactgegevens: [{ contactgegevenId: 1, waarde: 'a@b.be' }] });
  assert.equal(replay(history, spec.replay, -1).state, undefined);
});

test('what the data cannot rebuild is marked: a type without a rule, a missing data member, an unknown item', () => {
  n = 0;
  const history = [
    g('Geregistreerd', { naam: 'X', doelgroep: { min: 0 }, contactgegevens: [] }),
    g('DoelgroepWerdGewijzigd', { doelgroep: { min: 12 } }),
    g('NaamWerdGewijzigd', { roepnaam: 'oops' }),
    g('ContactgegevenWerdGewijzigd', { contactgegevenId: 9, waarde: 'x' }),
    g('Gestopt', { einddatum: '2024-05-01' }),
  ];
  const state = replay(history, spec.replay, 4);
  assert.equal(state.incomplete, true);
  assert.deepEqual(state.fields.doelgroep, { kind: 'uncertain', since: 1, reason: 'DoelgroepWerdGewijzigd has no replay rule' });
  assert.deepEqual(state.state?.doelgroep, { min: 0 }, 'an unreplayable change leaves the old value, marked');
  assert.equal(state.fields.naam?.kind, 'uncertain');
  assert.equal(state.fields.contactgegevens?.kind, 'uncertain');
  assert.deepEqual(state.fields.status, { kind: 'known', since: 4 });
  assert.deepEqual(
    state.notes.map((note) => [note.index, note.reason]),
    [
      [1, 'no replay rule for DoelgroepWerdGewijzigd; doelgroep may have changed'],
      [2, "its data has no 'naam'"],
      [3, 'contactgegevens has no item with contactgegevenId 9'],
    ],
  );
});

test('list rules: add, replace, remove by key', () => {
  n = 0;
  const history = [
    g('Geregistreerd', { contactgegevens: [{ contactgegevenId: 1, waarde: 'a' }] }),
    g('ContactgegevenWerdToegevoegd', { contactgegevenId: 2, waarde: 'b' }),
    g('ContactgegevenWerdGewijzigd', { contactgegevenId: '1', waarde: 'a2' }),
    g('ContactgegevenWerdVerwijderd', { contactgegevenId: 2 }),
  ];
  assert.deepEqual(replay(history, spec.replay, 3).state?.contactgegevens, [{ contactgegevenId: '1', waarde: 'a2' }]);
  assert.deepEqual(replay(history, spec.replay, 1).state?.contactgegevens, [{ contactgegevenId: 1, waarde: 'a' }, { contactgegevenId: 2, waarde: 'b' }]);
});

test('the data of two points side by side: changed, added, removed and same leaves, in document order', () => {
  const rows = dataDiff({ naam: 'A', doelgroep: { min: 0, max: 150 }, tags: ['x'], 'e-mail': 'a@b' }, { naam: 'B', doelgroep: { min: 0 }, nieuw: true, tags: [], 'e-mail': 'a@b' });
  assert.deepEqual(rows, [
    { path: '$.naam', kind: 'changed', left: '"A"', right: '"B"' },
    { path: '$.doelgroep.min', kind: 'same', left: '0', right: '0' },
    // Leaves only on the right follow the leaf they follow there.
    { path: '$.nieuw', kind: 'added', right: 'true' },
    { path: '$.tags', kind: 'added', right: '[]' },
    { path: '$.doelgroep.max', kind: 'removed', left: '150' },
    { path: '$.tags[0]', kind: 'removed', left: '"x"' },
    { path: "$['e-mail']", kind: 'same', left: '"a@b"', right: '"a@b"' },
  ]);
  assert.deepEqual(dataDiff(undefined, { a: 1 }), [{ path: '$.a', kind: 'added', right: '1' }]);
  assert.deepEqual(dataDiff('x', 'x'), [{ path: '$', kind: 'same', left: '"x"', right: '"x"' }]);
});

test('a historiek body is read through the registry field names; other bodies say why not', () => {
  const read = readHistoriek({ vCode: 'V0001001', gebeurtenissen: [{ gebeurtenis: 'NaamWerdGewijzigd', beschrijving: 'b', initiator: 'OVO1', tijdstip: '2024-01-01T00:00:00Z', data: { naam: 'x' } }, 7] }, spec);
  assert.equal(read.subject, 'V0001001');
  assert.deepEqual(read.gebeurtenissen[0], { index: 0, type: 'NaamWerdGewijzigd', beschrijving: 'b', initiator: 'OVO1', tijdstip: '2024-01-01T00:00:00Z', data: { naam: 'x' } });
  assert.equal(read.gebeurtenissen[1]!.type, '(no type)');
  assert.throws(() => readHistoriek([], spec), /not a JSON object/);
  assert.throws(() => readHistoriek({ vCode: 'V1' }, spec), /no 'gebeurtenissen' list/);
});

test('which URL paths name a vereniging, and which are its historiek', () => {
  assert.equal(subjectOfPath('/v1/verenigingen/V0001001', spec), 'V0001001');
  assert.equal(subjectOfPath('/v1/verenigingen/V0001001/contactgegevens/2', spec), 'V0001001');
  assert.equal(subjectOfPath('/v1/verenigingen/zoeken', spec), undefined);
  assert.equal(subjectOfPath('/v1/other/V0001001', spec), undefined);
  assert.equal(isHistoriekPath('/v1/verenigingen/V0001001/historiek', spec), true);
  assert.equal(isHistoriekPath('/v1/verenigingen/V0001001/historiek?x=1', spec), true);
  assert.equal(isHistoriekPath('/v1/verenigingen/V0001001', spec), false);
});

test('a broken historiek.yaml is one clear error naming the entry', () => {
  assert.throws(() => parseHistoriekSpec({ ...structuredClone({ subject: { name: 'vCode' }, operation: { path: '/x/{vCode}' }, list: 'g', fields: { type: 't', description: 'd', initiator: 'i', time: 't', data: 'd' } }), replay: { X: [{ bogus: 1 }] } }), /replay\.X\[0\] has none of set, add/);
  assert.throws(() => parseHistoriekSpec({ subject: { name: 'vCode' }, operation: { path: '/x' }, list: 'g', fields: { type: 't', description: 'd', initiator: 'i', time: 't', data: 'd' } }), /operation\.path must hold \{vCode\}/);
});

test('the bundled vr-beheer historiek.yaml loads and names a rule for every gebeurtenis the sandbox writes', async () => {
  const loaded = await loadHistoriekSpec(join(registriesDir(), 'vr-beheer'));
  assert.ok(loaded);
  const { GEBEURTENIS_NAMEN } = await import('../../../src/sandbox/registries/verenigingsregister/gebeurtenisNamen');
  assert.deepEqual(GEBEURTENIS_NAMEN.filter((name) => !(name in loaded.replay)), []);
  assert.equal(await loadHistoriekSpec(join(registriesDir(), 'kvk')), undefined);
});
