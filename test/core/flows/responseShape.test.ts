// Response shapes and their differences: added, removed, type changed, renamed by release
// knowledge or inferred; values never recorded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeChange, diffShapes, responseShape } from '../../../src/core/flows/suite/responseShape';

test('a shape lists every path with its type, array items merged, no values', () => {
  const shape = responseShape({ vCode: 'V0001001', aantal: 2, prijs: 1.5, actief: true, leeg: null, locaties: [{ isPrimair: true, naam: 'a' }, { isPrimair: false, adres: { postcode: '9000' } }], 'rare sleutel': 1 });
  assert.deepEqual(shape, {
    $: 'object',
    vCode: 'string',
    aantal: 'integer',
    prijs: 'number',
    actief: 'boolean',
    leeg: 'null',
    locaties: 'array',
    'locaties[]': 'object',
    'locaties[].isPrimair': 'boolean',
    'locaties[].naam': 'string',
    'locaties[].adres': 'object',
    'locaties[].adres.postcode': 'string',
    '"rare sleutel"': 'integer',
  });
  assert.ok(!JSON.stringify(shape).includes('V0001001'));
  assert.deepEqual(responseShape({ n: [1, 2.5] })['n[]'], 'number');
});

test('changes: added, removed, type changed; a subtree goes as one', () => {
  const before = responseShape({ a: 1, b: { c: 'x', d: [1] }, e: 'text' });
  const after = responseShape({ a: '1', e: 'text', f: { g: true } });
  assert.deepEqual(diffShapes(before, after).map(describeChange), ['type changed: a integer → string', 'field removed: b (object)', 'field added: f (object)']);
});

test('renames: from release knowledge, or inferred when one field of the same shape took the place of another', () => {
  const before = responseShape({ vereniging: { type: { code: 'FV', beschrijving: 'Feitelijke vereniging' }, contactgegevens: [{ type: 'E-mail', waarde: 'x' }], naam: 'N' } });
  const after = responseShape({ vereniging: { verenigingstype: { code: 'FV', naam: 'Feitelijke vereniging' }, contactgegevens: [{ contactgegeventype: 'E-mail', waarde: 'x' }], naam: 'N' } });
  const renames = [
    { from: 'vereniging.type', to: 'vereniging.verenigingstype', release: 'v8.32' },
    { from: 'vereniging.verenigingstype.beschrijving', to: 'vereniging.verenigingstype.naam', release: 'v8.32' },
    { from: 'contactgegeven.type', to: 'contactgegeven.contactgegeventype', release: 'v8.32' },
  ];
  assert.deepEqual(diffShapes(before, after, renames).map(describeChange), [
    'field renamed: vereniging.type → vereniging.verenigingstype (release v8.32)',
    'field renamed: vereniging.contactgegevens[].type → vereniging.contactgegevens[].contactgegeventype (release v8.32)',
    'field renamed: vereniging.verenigingstype.beschrijving → vereniging.verenigingstype.naam (release v8.32)',
  ]);
  // Without knowledge: the contactgegeven field is inferred (same type, same place); the object whose
  // fields also changed cannot be told from a removal plus an addition.
  assert.deepEqual(diffShapes(before, after).map(describeChange), [
    'field renamed: vereniging.contactgegevens[].type → vereniging.contactgegevens[].contactgegeventype (inferred: same type, same place)',
    'field removed: vereniging.type (object)',
    'field added: vereniging.verenigingstype (object)',
  ]);
  // Two candidates of the same type: no guess.
  const two = diffShapes(responseShape({ a: 'x', b: 'y' }), responseShape({ c: 'x', d: 'y' }));
  assert.deepEqual(two.map((c) => c.kind).sort(), ['added', 'added', 'removed', 'removed']);
});
