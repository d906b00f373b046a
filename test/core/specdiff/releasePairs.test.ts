// The diff on reduced pairs of real public releases (test/fixtures/specdiff/*, written from the
// facts of KVK Zoeken 1.3 → 2.0, Basisprofiel 1.3 → 1.5, VNG Zaken 1.0 → 1.5.1 and Catalogi
// 1.0 → 1.3.1): the facts each pair is known for, and the whole reviewed diff (expected.txt),
// which must not drift: ids, severities, lines and messages are part of what users see.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { diffSpecs } from '../../../src/core/specdiff/specDiff';
import { fileHost, find, fixtures, summary } from './helpers';

async function pair(name: string) {
  const diff = await diffSpecs(join(fixtures, name, 'old.yaml'), join(fixtures, name, 'new.yaml'), fileHost);
  const expectedFile = join(fixtures, name, 'expected.txt');
  const text = summary(diff);
  if (process.env.REGX_UPDATE_EXPECTED) writeFileSync(expectedFile, text);
  return { diff, text, expected: readFileSync(expectedFile, 'utf8') };
}

test('KVK Zoeken 1.3 → 2.0: moved path, renamed parameters and properties, narrowed types', async () => {
  const { diff, text, expected } = await pair('kvk-zoeken');
  const moved = find(diff, 'operation-moved', '/v1/zoeken');
  assert.equal(moved?.severity, 'breaking');
  assert.equal(moved?.after, '/v2/zoeken', 'the new path on the old base URL');
  for (const [from, to] of [['handelsnaam', 'naam'], ['InclusiefInactieveRegistraties', 'inclusiefInactieveRegistraties'], ['aantal', 'resultatenPerPagina']]) {
    const rename = diff.changes.find((c) => c.kind === 'parameter-renamed' && c.rename?.from === from);
    assert.equal(rename?.rename?.to, to, `query ${from} → ${to}`);
    assert.ok(rename!.rename!.confidence >= 0.8, `${from}: ${rename!.rename!.confidence}`);
  }
  const items = diff.changes.filter((c) => c.kind === 'property-renamed').map((c) => `${c.rename!.from}→${c.rename!.to}`).sort();
  assert.deepEqual(items, ['aantal→resultatenPerPagina', 'handelsnaam→naam']);
  assert.equal(find(diff, 'type-changed', "'huisnummer'")?.severity, 'breaking', 'string → integer narrows what a client may send');
  assert.equal(find(diff, 'type-changed', "'type'")?.severity, 'warning', 'one value is still a valid array');
  for (const gone of ['straatnaam', 'plaats', 'links']) assert.equal(find(diff, 'property-removed', `'${gone}' of ResultaatItem`)?.severity, 'breaking');
  assert.ok(!diff.changes.some((c) => c.kind === 'property-renamed' && c.rename?.from === 'links'), 'an array is no map: no rename');
  assert.equal(find(diff, 'default-changed', 'pagina'), undefined, 'default "1" and 1 are the same default');
  assert.equal(text, expected);
});

test('KVK Basisprofiel 1.3 → 1.5: /v1 moved into the server is no path change', async () => {
  const { diff, text, expected } = await pair('kvk-basisprofiel');
  assert.ok(!diff.changes.some((c) => /^operation-/.test(c.kind)), 'operations paired through the server path');
  assert.equal(find(diff, 'property-removed', "'aanduidingBijHuisnummer' of Adres")?.severity, 'breaking');
  const occurrence = find(diff, 'property-removed', 'aanduidingBijHuisnummer')!.occurrences[0]!;
  assert.equal(occurrence.path, '$._embedded.eigenaar.adressen[*]');
  for (const gone of ['hreflang', 'title']) assert.ok(find(diff, 'property-removed', `'${gone}' of Link`));
  assert.ok(!diff.changes.some((c) => c.kind === 'property-removed' && /'(kvkNummer|naam|rsin)'/.test(c.message)), 'the new default (errors) is not compared with the old default (the profile)');
  assert.equal(find(diff, 'property-added', 'datumUitschrijving')?.severity, 'info');
  assert.equal(text, expected);
});

test('VNG Zaken 1.0 → 1.5.1: required headers break, generator churn does not', async () => {
  const { diff, text, expected } = await pair('vng-zaken');
  assert.equal(find(diff, 'parameter-added', "'Accept-Crs' was added to DELETE")?.severity, 'breaking');
  assert.equal(find(diff, 'parameter-added', "'Content-Crs' was added to DELETE")?.severity, 'breaking');
  assert.equal(find(diff, 'parameter-added', "'Content-Type' was added to POST /zaken/_zoek")?.severity, 'breaking');
  assert.equal(find(diff, 'operation-id-changed', 'zaak_read to zaak_retrieve')?.severity, 'warning');
  assert.deepEqual(find(diff, 'enum-values-added', 'AuditTrail.bron')?.after, ['cmc', 'kc', 'vrc']);
  assert.equal(find(diff, 'enum-values-added', 'AuditTrail.bron')?.severity, 'warning', 'a new value in a response');
  assert.equal(find(diff, 'property-required-changed', "'zaakgeometrie' of ZaakZoek is no longer required")?.severity, 'info');
  // Inline enums behind allOf, path parameters moved to the operation, readOnly required: no change.
  assert.equal(find(diff, 'enum-values-removed', 'archiefstatus'), undefined);
  assert.ok(!diff.changes.some((c) => c.kind === 'parameter-removed' && /'uuid'/.test(c.message)));
  assert.ok(!diff.changes.some((c) => c.direction === 'request' && /'url'/.test(c.message)), 'a read-only required property is no request requirement');
  assert.equal(find(diff, 'security-changed', 'POST /rollen')?.severity, 'info', 'a choice of scopes that still includes the old one');
  assert.equal(find(diff, 'enum-values-added', 'betalingsindicatie')?.severity, 'warning', 'oneOf [enum, blank enum] adds the blank value');
  assert.ok(!diff.changes.some((c) => c.severity === 'breaking' && /Zaak\b|Geometry/.test(c.message) && c.direction === 'response'));
  assert.equal(text, expected);
});

test('VNG Catalogi 1.0 → 1.3.1: changed success codes and new required request properties', async () => {
  const { diff, text, expected } = await pair('vng-catalogi');
  assert.deepEqual([find(diff, 'response-status-changed', 'DELETE /zaaktypen')?.before, find(diff, 'response-status-changed', 'DELETE /zaaktypen')?.after], ['204', '200']);
  assert.equal(find(diff, 'response-status-changed', 'POST /informatieobjecttypen')?.severity, 'breaking');
  assert.equal(find(diff, 'property-added', "required property 'verantwoordelijke'")?.severity, 'breaking');
  for (const name of ['identificatie', 'deelzaaktypen']) assert.equal(find(diff, 'property-required-changed', `'${name}' of ZaakType is now required`)?.severity, 'breaking');
  assert.equal(find(diff, 'property-required-changed', "'specificatie' of Eigenschap is now required")?.severity, 'breaking');
  assert.equal(find(diff, 'schema-unspecified', 'InformatieObjectType')?.severity, 'warning');
  assert.equal(find(diff, 'operation-added', 'HEAD /zaaktypen/{uuid}')?.severity, 'info');
  assert.ok(!diff.changes.some((c) => c.severity === 'breaking' && /'url'/.test(c.message)));
  assert.equal(text, expected);
});
