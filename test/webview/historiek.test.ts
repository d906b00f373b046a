import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareRows, facet, filtered, stateAt, stateRows, tijdstip } from '../../webview/historiek/model';
import { isHostMessage, isWebviewMessage, type HistoriekView } from '../../webview/historiek/protocol';
import type { Gebeurtenis, ReplayRule } from '../../src/core/historiek/types';

const rules: Record<string, ReplayRule[]> = {
  Geregistreerd: [{ op: 'set', path: '', from: '' }],
  NaamWerdGewijzigd: [{ op: 'set', path: 'naam', from: 'naam' }],
};
const history: Gebeurtenis[] = [
  { index: 0, type: 'Geregistreerd', beschrijving: 'Geregistreerd met naam A', initiator: 'OVO1', tijdstip: '2024-03-31T00:30:00Z', data: { naam: 'A', korteNaam: 'a' } },
  { index: 1, type: 'NaamWerdGewijzigd', beschrijving: 'Naam werd B', initiator: 'OVO2', tijdstip: '2024-03-31T01:30:00Z', data: { naam: 'B' } },
  { index: 2, type: 'NaamWerdGewijzigd', beschrijving: 'Naam werd C', initiator: 'OVO1', tijdstip: '2023-09-13 07:11', data: { naam: 'C' } },
  { index: 3, type: 'Onbekend', beschrijving: 'iets', initiator: 'OVO1', tijdstip: 'gisteren', data: { korteNaam: 'z' } },
];

test('facets count types and initiators, most frequent first', () => {
  assert.deepEqual(facet(history, (g) => g.type), [
    { value: 'NaamWerdGewijzigd', count: 2 },
    { value: 'Geregistreerd', count: 1 },
    { value: 'Onbekend', count: 1 },
  ]);
  assert.deepEqual(facet(history, (g) => g.initiator), [
    { value: 'OVO1', count: 3 },
    { value: 'OVO2', count: 1 },
  ]);
});

test('filters by type, initiator and text keep the historiek order', () => {
  assert.deepEqual(filtered(history, { type: '', initiator: '', search: '' }), [0, 1, 2, 3]);
  assert.deepEqual(filtered(history, { type: 'NaamWerdGewijzigd', initiator: '', search: '' }), [1, 2]);
  assert.deepEqual(filtered(history, { type: 'NaamWerdGewijzigd', initiator: 'OVO1', search: '' }), [2]);
  assert.deepEqual(filtered(history, { type: '', initiator: '', search: 'naam werd' }), [1, 2]);
});

test('tijdstip in Zulu and in the user time zone, across a DST change; a zoneless one is read as UTC and marked', () => {
  const brussels = tijdstip('2024-03-31T00:30:00Z', 'Europe/Brussels');
  assert.equal(brussels.zulu, '2024-03-31T00:30:00Z');
  assert.equal(brussels.local, '2024-03-31 01:30:00');
  assert.equal(tijdstip('2024-03-31T01:30:00Z', 'Europe/Brussels').local, '2024-03-31 03:30:00');
  const old = tijdstip('2023-09-13 07:11', 'Europe/Brussels');
  assert.equal(old.assumedUtc, true);
  assert.equal(old.zulu, '2023-09-13T07:11:00Z');
  assert.equal(old.local, '2023-09-13 09:11:00');
  assert.deepEqual(tijdstip('gisteren', 'UTC'), { zulu: 'gisteren', local: 'gisteren', zone: 'UTC', assumedUtc: false, valid: false });
});

test('the state before and after a gebeurtenis, with where each field comes from', () => {
  const before = stateAt(history, rules, 2, 'before');
  assert.deepEqual(before.state, { naam: 'B', korteNaam: 'a' });
  const rows = stateRows(before, history);
  assert.deepEqual(rows.map((r) => [r.field, r.value, r.note]), [
    ['naam', '"B"', 'since #2 NaamWerdGewijzigd'],
    ['korteNaam', '"a"', 'since #1 Geregistreerd'],
  ]);
  const after = stateRows(stateAt(history, rules, 3, 'after'), history);
  assert.deepEqual(after.find((r) => r.field === 'korteNaam')?.note, 'uncertain since #4 Onbekend: Onbekend has no replay rule');
});

test('compare: the data of two gebeurtenissen, or the states after them', () => {
  assert.deepEqual(compareRows(history, rules, 1, 2, 'data'), [{ path: '$.naam', kind: 'changed', left: '"B"', right: '"C"' }]);
  assert.deepEqual(compareRows(history, rules, 0, 2, 'state'), [
    { path: '$.naam', kind: 'changed', left: '"A"', right: '"C"' },
    { path: '$.korteNaam', kind: 'same', left: '"a"', right: '"a"' },
  ]);
});

test('protocol: messages are checked before they are read, both ways', () => {
  const view: HistoriekView = { subject: 'V0001001', subjectName: 'vCode', registry: 'vr-beheer', environment: 'sandbox', source: 'GET /x', fetchedAt: '2024-01-01T00:00:00Z', gebeurtenissen: history, replay: rules };
  assert.ok(isHostMessage({ type: 'show', view }));
  assert.ok(!isHostMessage({ type: 'show', view: { ...view, gebeurtenissen: [{ index: 'x' }] } }));
  assert.ok(isHostMessage({ type: 'failed', subject: 'V1', message: 'm' }));
  assert.ok(!isHostMessage({ type: 'failed', subject: 'V1', message: 'm', hint: 3 }));
  assert.ok(isHostMessage({ type: 'reply', requestId: 1, ok: true }));
  assert.ok(!isHostMessage({ type: 'html', html: '<b>' }));
  assert.ok(isWebviewMessage({ type: 'ready' }));
  assert.ok(isWebviewMessage({ type: 'copy', requestId: 2, text: 'x' }));
  assert.ok(!isWebviewMessage({ type: 'copy', requestId: '2', text: 'x' }));
  assert.ok(!isWebviewMessage({ type: 'refresh' }));
  assert.ok(!isWebviewMessage(null));
});
