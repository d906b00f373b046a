// The impact map on request files and flows written against the old release of the fixture
// pairs: the exact places it points at and the text its fixes write.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { diffReleases } from '../../../src/core/specdiff/specDiff';
import { ReleaseIndex, releasePair } from '../../../src/core/specdiff/impact/releaseIndex';
import { impactOfText } from '../../../src/core/specdiff/impact/impactMap';
import { planFixes } from '../../../src/core/specdiff/impact/applyFixes';
import type { ImpactMap } from '../../../src/core/specdiff/impact/types';
import { fileHost, fixtures } from './helpers';

async function indexOf(name: string): Promise<ReleaseIndex> {
  const { diff, oldDoc, newDoc } = await diffReleases(join(fixtures, name, 'old.yaml'), join(fixtures, name, 'new.yaml'), fileHost);
  return new ReleaseIndex(releasePair(diff, oldDoc, newDoc));
}

async function impacts(name: string, file: string, text: string): Promise<{ map: ImpactMap; fixed: string }> {
  const map: ImpactMap = { files: [file], impacts: [], unmatched: [] };
  impactOfText(await indexOf(name), file, text, map);
  const [plan] = await planFixes(map.impacts, async () => text);
  return { map, fixed: plan?.after ?? text };
}

test('KVK Zoeken: the moved path and renamed query parameters are fixed in place', async () => {
  const text = [
    '# @name zoek',
    'GET {{kvkBaseUrl}}/api/v1/zoeken?handelsnaam=Bakker&aantal=10&huisnummer=12a&InclusiefInactieveRegistraties=true',
    'apikey: {{kvkApiKey}}',
    '',
    '###',
    'GET {{kvkBaseUrl}}/api/v1/zoeken?kvkNummer={{zoek.response.body.$.resultaten[0].kvkNummer}}&naam={{zoek.response.body.$.resultaten[0].handelsnaam}}',
    '',
  ].join('\n');
  const { map, fixed } = await impacts('kvk-zoeken', 'zoeken.http', text);
  const lines = fixed.split('\n');
  assert.equal(lines[1], 'GET {{kvkBaseUrl}}/api/v2/zoeken?naam=Bakker&resultatenPerPagina=10&huisnummer=12a&inclusiefInactieveRegistraties=true');
  assert.equal(lines[5], 'GET {{kvkBaseUrl}}/api/v2/zoeken?kvkNummer={{zoek.response.body.$.resultaten[0].kvkNummer}}&naam={{zoek.response.body.$.resultaten[0].naam}}');
  const huisnummer = map.impacts.find((i) => i.element === 'query' && i.message.includes("'huisnummer'"));
  assert.equal(huisnummer?.severity, 'breaking', 'string → integer: the value 12a no longer fits');
  assert.equal(huisnummer?.fix, undefined, 'no text follows a type change');
  const at = text.split('\n')[1]!.indexOf('huisnummer=');
  assert.deepEqual(huisnummer?.range, { start: { line: 1, character: at }, end: { line: 1, character: at + 'huisnummer'.length } });
});

test('KVK Basisprofiel: a removed nested field read by a response reference', async () => {
  const text = ['# @name profiel', 'GET https://api.kvk.nl/test/api/v1/basisprofielen/68750110', '', '###', 'GET https://example.org/?x={{profiel.response.body.$._embedded.eigenaar.adressen[0].aanduidingBijHuisnummer}}', ''].join('\n');
  const { map } = await impacts('kvk-basisprofiel', 'profiel.http', text);
  assert.deepEqual(map.impacts.map((i) => [i.element, i.severity, i.range.start.line, text.split('\n')[4]!.slice(i.range.start.character, i.range.end.character)]), [['response-reference', 'breaking', 4, 'aanduidingBijHuisnummer']]);
});

test('VNG Zaken: a flow that names a renamed operationId, a request without the new required headers', async () => {
  const flow = [
    'arazzo: 1.0.1',
    'info: { title: zaak, version: 1.0.0 }',
    'sourceDescriptions:',
    '  - { name: zaken, url: ./zaken.yaml, type: openapi }',
    'workflows:',
    '  - workflowId: lees',
    '    steps:',
    '      - stepId: zaak',
    '        operationId: zaak_read',
    '        successCriteria:',
    '          - condition: $statusCode == 200',
    '        outputs:',
    '          bron: $response.body#/betalingsindicatie',
    '',
  ].join('\n');
  const { map, fixed } = await impacts('vng-zaken', 'lees.arazzo.yaml', flow);
  assert.deepEqual(map.impacts.map((i) => [i.element, i.severity]), [['operation-id', 'breaking']]);
  assert.match(fixed, /operationId: zaak_retrieve\n/);
  const http = ['DELETE {{zaken}}/api/v1/zaken/0b1c2d3e', 'Authorization: Bearer {{token}}', 'X-NLX-Request-Application-Id: demo', ''].join('\n');
  const { map: deleted } = await impacts('vng-zaken', 'verwijder.http', http);
  assert.deepEqual(deleted.impacts.map((i) => `${i.severity} ${i.element} ${i.message.replace(/ to DELETE.*$/, '')}`).sort(), [
    "breaking header required header parameter 'Accept-Crs' was added",
    "breaking header required header parameter 'Content-Crs' was added",
    "warning header header 'X-NLX-Request-Application-Id': header parameter 'X-NLX-Request-Application-Id' of DELETE /zaken/{uuid} was removed",
  ]);
});

test('VNG Catalogi: a status assertion follows the new success code; a body misses new required fields', async () => {
  const text = ['POST {{catalogi}}/api/v1/zaaktypen', 'Content-Type: application/json', '', '{ "omschrijving": "Melding", "identificatie": "M1" }', '', '?? status == 201', '', '###', 'DELETE {{catalogi}}/api/v1/zaaktypen/{{id}}', '', '?? status == 204', ''].join('\n');
  const { map, fixed } = await impacts('vng-catalogi', 'zaaktypen.http', text);
  assert.match(fixed, /\?\? status == 200\n$/, '204 → 200 follows the new success code');
  assert.match(fixed, /\?\? status == 201\n/, 'the create still answers 201');
  const missing = map.impacts.filter((i) => i.element === 'body').map((i) => i.message.match(/'(\w+)'/)?.[1]).sort();
  assert.deepEqual(missing, ['deelzaaktypen', 'verantwoordelijke']);
});

test('a request already written for the new release is no impact', async () => {
  const text = ['GET {{kvkBaseUrl}}/api/v2/zoeken?naam=Bakker&resultatenPerPagina=10', ''].join('\n');
  const { map } = await impacts('kvk-zoeken', 'nieuw.http', text);
  assert.deepEqual(map.impacts, []);
});
