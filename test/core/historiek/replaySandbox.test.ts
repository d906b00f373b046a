// The replay rules in registries/vr-beheer/historiek.yaml against the real thing: a vereniging
// registered and changed in the sandbox over HTTP, its historiek replayed, and the result held
// to what beheer detail says. A sandbox gebeurtenis whose data the rules misread fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { readHistoriek, replay } from '../../../src/core/historiek';
import { loadHistoriekSpec } from '../../../src/core/historiek/loadHistoriekSpec';
import { registriesDir } from '../../../src/core/paths';
import { useSandbox } from '../../sandbox/harness';

const sandbox = useSandbox({ registries: ['vr-beheer'], conformance: false });

function call(method: string, path: string, body?: unknown, extra: Record<string, string> = {}) {
  return sandbox.call('vr-beheer', method, path, { headers: { 'x-correlation-id': randomUUID(), 'VR-Initiator': 'OVO002949', ...extra }, body });
}

test('a vereniging changed three times: replay before the last change and at the end matches what beheer said then', async () => {
  const spec = (await loadHistoriekSpec(join(registriesDir(), 'vr-beheer')))!;
  const registered = await call('POST', '/v1/verenigingen/feitelijkeverenigingen', {
    naam: `Replayclub ${randomUUID().slice(0, 8)}`,
    startdatum: '2020-01-01',
    contactgegevens: [{ contactgegeventype: 'E-mail', waarde: 'bestuur@replay.be', isPrimair: true }],
    locaties: [{ locatietype: 'Activiteiten', naam: 'Zaal', adres: { straatnaam: 'Kerkstraat', huisnummer: '1', postcode: '9000', gemeente: 'Gent', land: 'België' } }],
  });
  assert.equal(registered.status, 202, registered.text);
  const path = new URL(registered.headers.location!).pathname;
  assert.equal((await call('PATCH', path, { korteNaam: 'RC' })).status, 202);
  assert.equal((await call('POST', `${path}/contactgegevens`, { contactgegeven: { contactgegeventype: 'Website', waarde: 'https://replay.be' } })).status, 202);
  const beforeLast = await call('GET', path);
  assert.equal((await call('PATCH', path, { naam: 'Replayclub Hernoemd' })).status, 202);
  assert.equal((await call('POST', `${path}/stop`, { einddatum: '2024-01-01' })).status, 202);
  assert.equal((await call('DELETE', `${path}/contactgegevens/1`)).status, 202);
  const final = await call('GET', path);
  const historiek = await call('GET', `${path}/historiek`);
  const { gebeurtenissen, subject } = readHistoriek(historiek.body, spec);
  assert.equal(subject, path.split('/').pop());
  assert.equal(gebeurtenissen.length, 6);

  const detailBefore = (beforeLast.body as { vereniging: Record<string, unknown> }).vereniging;
  const before = replay(gebeurtenissen, spec.replay, 2);
  assert.equal(before.incomplete, false);
  assert.deepEqual(before.notes, []);
  for (const field of ['naam', 'korteNaam', 'startdatum', 'status']) assert.deepEqual(before.state?.[field], detailBefore[field], field);
  const withoutBron = (items: unknown) => (items as Record<string, unknown>[]).map(({ bron: _bron, ...rest }) => rest);
  assert.deepEqual(before.state?.contactgegevens, withoutBron(detailBefore.contactgegevens));

  const detail = (final.body as { vereniging: Record<string, unknown> }).vereniging;
  const end = replay(gebeurtenissen, spec.replay, gebeurtenissen.length - 1);
  assert.deepEqual(end.notes, []);
  for (const field of ['naam', 'korteNaam', 'status', 'einddatum']) assert.deepEqual(end.state?.[field], detail[field], field);
  assert.deepEqual(end.state?.contactgegevens, withoutBron(detail.contactgegevens));
  assert.deepEqual(
    (end.state?.locaties as Record<string, unknown>[]).map((l) => l.naam),
    (detail.locaties as Record<string, unknown>[]).map((l) => l.naam),
  );
  assert.deepEqual(end.fields.naam, { kind: 'known', since: 3 });
});
