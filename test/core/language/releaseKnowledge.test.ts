// The Verenigingsregister Beheer API's release notes as data (registries/vr-beheer/registry.yaml
// `releases:`) against the served description, with no older release at hand: an old field
// name, a moved or removed operation, a renamed or dropped value is reported where it is written,
// renames and moves with the edit that follows them; a note the description contradicts (the
// field is still there) flags nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadCatalog } from '../../../src/core/catalog/loadCatalog';
import type { RegistryEntry } from '../../../src/core/catalog/types';
import type { Diagnostic } from '../../../src/core/http/ast';
import { diagnose } from '../../../src/core/language/diagnostics';
import { applyEdits, quickFixes } from '../../../src/core/language/quickFixes';
import type { LanguageContext } from '../../../src/core/language/types';
import { TextLines } from '../../../src/core/language/textLines';
import { document, loadIndex, root } from './helpers';

const HEADERS = 'x-correlation-id: {{$guid}}\nVR-Initiator: {{vrInitiator}}\n';
const JSON_HEADERS = `${HEADERS}Content-Type: application/json\n\n`;

let cached: Promise<{ entry: RegistryEntry; ctx: LanguageContext }> | undefined;
function beheer(): Promise<{ entry: RegistryEntry; ctx: LanguageContext }> {
  cached ??= (async () => {
    const catalog = await loadCatalog({ bundledDir: join(root, 'registries'), readFile: (p) => readFile(p), listDir: (p) => readdir(p) });
    const entry = catalog.entries.find((e) => e.id === 'vr-beheer')!;
    const index = await loadIndex(join(root, 'registries', 'vr-beheer', 'openapi.yaml'));
    const variables = ['baseUrl', 'vrInitiator'].map((name) => ({ name, value: 'http://127.0.0.1:7402', source: 'environment' as const }));
    return { entry, ctx: { registry: entry, index, variables } };
  })();
  return cached;
}

/** `code 'the text under the range'`, release-knowledge codes only. */
function found(text: string, list: Diagnostic[]): string[] {
  const lines = text.split('\n');
  return list
    .filter((d) => /renamed|removed|moved/.test(d.code))
    .map((d) => `${d.code} ${lines[d.range.start.line]!.slice(d.range.start.character, d.range.end.character)}`);
}

/** The text after applying the preferred fix of every diagnostic with one of `codes`. */
function fixed(text: string, list: Diagnostic[], ...codes: string[]): string {
  const edits = list.filter((d) => codes.includes(d.code)).flatMap((d) => (quickFixes(d).find((f) => f.preferred) ?? quickFixes(d)[0])?.edits ?? []);
  const lines = new TextLines(text);
  return applyEdits(text, edits, (p) => lines.offsetAt(p));
}

test('the release notes are in the catalog: renames, values, moves and removals of every documented release', async () => {
  const { entry } = await beheer();
  const releases = entry.releases!;
  assert.deepEqual([...new Set(releases.renames.map((r) => r.release))], ['v8.32', 'v6.16.2', 'v6.4.0', 'before v3.17.0']);
  assert.deepEqual(releases.values?.map((v) => `${v.from} → ${v.to}`), ['Email → E-mail', 'Maatschappelijke zetel → Maatschappelijke zetel volgens KBO']);
  assert.deepEqual(releases.moved?.map((m) => m.release), ['v8.6', 'v7.10.0']);
  assert.ok(releases.removed!.some((r) => r.operation === 'POST /v1/verenigingen/afdelingen'));
  assert.ok(releases.removed!.some((r) => r.field === 'metadata.beheerBasisUri'));
});

test('old field and value names in a request body: renamed with the fix, removed with what to do instead', async () => {
  const { ctx } = await beheer();
  const text =
    `POST {{baseUrl}}/v1/verenigingen/feitelijkeverenigingen\n${JSON_HEADERS}` +
    '{"naam": "Club", "initiator": "OVO000001",\n' +
    ' "contactgegevens": [{"type": "Email", "waarde": "a@b.be"}],\n' +
    ' "locaties": [{"locatietype": "Activiteiten", "hoofdlocatie": true, "postcode": "9000"}],\n' +
    ' "vertegenwoordigers": [{"insz": "1", "voornaam": "A", "achternaam": "B", "email": "a@b.be", "primairContactpersoon": true}]}';
  const list = diagnose(document(text), ctx);
  assert.deepEqual(found(text, list), [
    'spec/removed-field "initiator"',
    'spec/renamed-field "type"',
    'spec/renamed-value "Email"',
    'spec/renamed-field "hoofdlocatie"',
    'spec/removed-field "postcode"',
    'spec/renamed-field "email"',
    'spec/renamed-field "primairContactpersoon"',
  ]);
  const byCode = (code: string) => list.filter((d) => d.code === code).map((d) => d.message);
  assert.deepEqual(byCode('spec/removed-field'), ["'initiator' was removed before v3.17.0: send it as the VR-Initiator header", "'locatie.postcode' was removed in v6.4.0: the address components moved into locatie.adres"]);
  assert.deepEqual(byCode('spec/renamed-value'), ["type 'Email' was renamed to 'E-mail' in v6.16.2"]);
  assert.ok(!list.some((d) => d.code === 'spec/body-schema' && /initiator|hoofdlocatie|email|Email|postcode/.test(d.message)), 'no second error for a name already explained');
  const after = fixed(text, list, 'spec/renamed-field', 'spec/renamed-value');
  assert.match(after, /"contactgegeventype": "E-mail"/);
  assert.match(after, /"isPrimair": true, "postcode"/);
  assert.match(after, /"e-mail": "a@b.be", "isPrimair": true/);
});

test('a moved operation gets its new path (values carried over), a removed one says so', async () => {
  const { ctx } = await beheer();
  const moved = `PATCH {{baseUrl}}/v1/verenigingen/kbo/V0001001\n${JSON_HEADERS}{"roepnaam": "Club"}`;
  const list = diagnose(document(moved), ctx);
  assert.deepEqual(found(moved, list), ['spec/moved-operation /v1/verenigingen/kbo/V0001001']);
  assert.equal(list.find((d) => d.code === 'spec/moved-operation')!.message, 'PATCH /v1/verenigingen/kbo/{vCode} moved to PATCH /v1/verenigingen/{vCode}/kbo in v7.10.0');
  assert.ok(!list.some((d) => d.code === 'spec/unknown-path'));
  const after = fixed(moved, list, 'spec/moved-operation');
  assert.equal(after.split('\n')[0], 'PATCH {{baseUrl}}/v1/verenigingen/V0001001/kbo');
  assert.deepEqual(found(after, diagnose(document(after), ctx)), []);

  const old = `POST {{baseUrl}}/v1/verenigingen\n${JSON_HEADERS}{"naam": "Club"}`;
  assert.equal(fixed(old, diagnose(document(old), ctx), 'spec/moved-operation').split('\n')[0], 'POST {{baseUrl}}/v1/verenigingen/feitelijkeverenigingen');

  const removed = `POST {{baseUrl}}/v1/verenigingen/afdelingen\n${JSON_HEADERS}{"naam": "Afdeling", "kboNummerMoedervereniging": "0123456789"}`;
  const gone = diagnose(document(removed), ctx);
  assert.deepEqual(found(removed, gone), ['spec/removed-operation /v1/verenigingen/afdelingen']);
  assert.match(gone.find((d) => d.code === 'spec/removed-operation')!.message, /^POST \/v1\/verenigingen\/afdelingen was removed in v8\.32: the register dropped afdelingen/);
  assert.deepEqual(quickFixes(gone.find((d) => d.code === 'spec/removed-operation')!), []);
  const contexten = `GET {{baseUrl}}/v1/contexten/detail-vereniging-context.json\n${HEADERS}`;
  assert.deepEqual(found(contexten, diagnose(document(contexten), ctx)), ['spec/removed-operation /v1/contexten/detail-vereniging-context.json']);
});

test('reads of a response: ?? assertions and {{name.response.body.$…}} references, also on a Location', async () => {
  const { ctx } = await beheer();
  const text = [
    '# @name registreer',
    `POST {{baseUrl}}/v1/verenigingen/feitelijkeverenigingen\n${JSON_HEADERS}{"naam": "Club"}`,
    '',
    '###',
    '# @name lees',
    'GET {{registreer.response.headers.Location}}',
    HEADERS,
    '?? body $.vereniging.type.code == FV',
    '?? body $.metadata.beheerBasisUri exists',
    '',
    '###',
    'POST {{registreer.response.headers.Location}}/contactgegevens',
    JSON_HEADERS + '{"contactgegeven": {"type": "Website", "waarde": "https://club.be", "beschrijving": "{{lees.response.body.$.vereniging.type.beschrijving}}"}}',
    '',
    '###',
    'GET {{baseUrl}}/v1/verenigingen/zoeken?q=*',
    HEADERS,
    '?? body $.verenigingen[0].hoofdactiviteitenVerenigingsloket[*].beschrijving exists',
    '?? body $.verenigingen[0].relaties[0].type exists',
    '?? body $.verenigingen[0].doelgroep.minimumleeftijd exists',
    '',
  ].join('\n');
  const list = diagnose(document(text), ctx);
  assert.deepEqual(found(text, list), [
    'spec/renamed-field type',
    'spec/removed-field beheerBasisUri',
    'spec/renamed-field "type"',
    'spec/renamed-field type',
    'spec/renamed-field beschrijving',
    'spec/renamed-field beschrijving',
    'spec/renamed-field type',
  ]);
  const after = fixed(text, list, 'spec/renamed-field');
  assert.match(after, /\?\? body \$\.vereniging\.verenigingstype\.code == FV/);
  assert.match(after, /\{\{lees\.response\.body\.\$\.vereniging\.verenigingstype\.naam\}\}/);
  assert.match(after, /hoofdactiviteitenVerenigingsloket\[\*\]\.naam exists/);
  assert.match(after, /relaties\[0\]\.relatietype exists/);
  assert.match(after, /"contactgegeventype": "Website"/);
  assert.deepEqual(found(after, diagnose(document(after), ctx)), ['spec/removed-field beheerBasisUri']);
});

test('names the current description still has are never flagged, whatever the notes say', async () => {
  const { entry, ctx } = await beheer();
  // a note saying `doelgroep` left the search results, while the description lists it: no opinion
  const contradicted: RegistryEntry = { ...entry, releases: { ...entry.releases!, removed: [...entry.releases!.removed!, { field: 'vereniging.doelgroep', release: 'v6.4.0' }] } };
  const text = `GET {{baseUrl}}/v1/verenigingen/zoeken?q=*\n${HEADERS}\n?? body $.verenigingen[0].doelgroep.minimumleeftijd exists\n`;
  assert.deepEqual(found(text, diagnose(document(text), { ...ctx, registry: contradicted })), []);
  // the current names in every place the renames name
  const current = `POST {{baseUrl}}/v1/verenigingen/feitelijkeverenigingen\n${JSON_HEADERS}{"naam": "Club", "contactgegevens": [{"contactgegeventype": "E-mail", "waarde": "a@b.be"}], "locaties": [{"locatietype": "Activiteiten", "isPrimair": true, "adres": {"straatnaam": "A", "huisnummer": "1", "postcode": "9000", "gemeente": "Gent", "land": "België"}}]}`;
  assert.deepEqual(diagnose(document(current), ctx).map((d) => d.code), []);
});
