import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnose } from '../../../src/core/language/diagnostics';
import { applyEdits, quickFixes } from '../../../src/core/language/quickFixes';
import { TextLines } from '../../../src/core/language/textLines';
import type { LanguageContext } from '../../../src/core/language/types';
import { document, loadIndex, fixture, registry } from './helpers';

async function context(): Promise<LanguageContext> {
  return {
    index: await loadIndex(fixture('klanten.openapi.yaml')),
    registry: registry({
      id: 'vr-beheer',
      name: 'Beheer',
      mandatoryHeaders: [{ name: 'VR-Initiator', value: '{{vrInitiator}}' }],
      releases: { renames: [{ from: 'klant.type', to: 'klant.subjectType', release: 'v2', in: 'klant' }] },
    }),
    variables: ['baseUrl', 'vrInitiator'].map((name) => ({ name, value: 'http://127.0.0.1:7404/api/v1', source: 'environment' })),
  };
}

/** Applies the first fix of every diagnostic with `code`, one at a time, re-checking in between. */
async function fixAll(text: string, code: string): Promise<string> {
  const ctx = await context();
  for (let round = 0; round < 10; round++) {
    const target = diagnose(document(text), ctx).find((d) => d.code === code && quickFixes(d).length);
    if (!target) return text;
    const lines = new TextLines(text);
    text = applyEdits(text, quickFixes(target)[0].edits, (p) => lines.offsetAt(p));
  }
  throw new Error('fixes did not converge');
}

test('adding the mandatory header makes the diagnostic go away, the header lands after the others', async () => {
  const fixed = await fixAll('GET {{baseUrl}}/klanten\nAccept: application/json\n', 'spec/missing-header');
  assert.equal(fixed, 'GET {{baseUrl}}/klanten\nAccept: application/json\nVR-Initiator: {{vrInitiator}}\n');
  const atEnd = await fixAll('GET {{baseUrl}}/klanten', 'spec/missing-header');
  assert.equal(atEnd, 'GET {{baseUrl}}/klanten\nVR-Initiator: {{vrInitiator}}');
});

test('inserting the missing required properties yields a body the schema accepts', async () => {
  const start = 'POST {{baseUrl}}/klanten\nContent-Type: application/json\nVR-Initiator: x\n\n{\n  "achternaam": "Jansen"\n}\n';
  const fixed = await fixAll(start, 'spec/body-schema');
  assert.equal(fixed, 'POST {{baseUrl}}/klanten\nContent-Type: application/json\nVR-Initiator: x\n\n{\n  "websiteUrl": "",\n  "klantnummer": "",\n  "bronorganisatie": "",\n  "achternaam": "Jansen"\n}\n');
  const left = diagnose(document(fixed), await context()).map((d) => d.message);
  // the placeholders are there to be filled in: nothing is missing any more, only values are empty
  assert.deepEqual(left, [
    'websiteUrl must NOT have fewer than 1 characters',
    'websiteUrl must match format "uri"',
    'klantnummer must NOT have fewer than 1 characters',
    'bronorganisatie must NOT have fewer than 1 characters',
  ]);
});

test('the rename fix replaces the old key with the new one', async () => {
  const fixed = await fixAll('PATCH {{baseUrl}}/klanten/1\nContent-Type: application/json\nVR-Initiator: x\n\n{"type": "vestiging"}', 'spec/renamed-field');
  assert.equal(fixed, 'PATCH {{baseUrl}}/klanten/1\nContent-Type: application/json\nVR-Initiator: x\n\n{"subjectType": "vestiging"}');
  assert.deepEqual(diagnose(document(fixed), await context()), []);
});

test('the missing query parameter fix appends it with the right separator', async () => {
  const oauth = await loadIndex(fixture('oauth.openapi.yaml'));
  const text = 'GET https://auth.example.com/authorize?client_id=a';
  const found = diagnose(document(text), { index: oauth }).filter((d) => d.code === 'spec/missing-parameter');
  assert.deepEqual(found.map((d) => quickFixes(d)[0].edits[0].newText), ['&redirect_uri=', '&response_type=', '&scope=', '&state=']);
});

test('typos get a "did you mean" fix: path, variable, body enum value, query enum value', async () => {
  assert.equal(await fixAll('GET {{baseUrl}}/klantjes/abc\nVR-Initiator: x\n', 'spec/unknown-path'), 'GET {{baseUrl}}/klanten/abc\nVR-Initiator: x\n');
  assert.equal(await fixAll('GET {{baseUrll}}/klanten\nVR-Initiator: {{vrInitiatr}}\n', 'var/unresolved'), 'GET {{baseUrl}}/klanten\nVR-Initiator: {{vrInitiator}}\n');
  const body = 'PATCH {{baseUrl}}/klanten/1\nContent-Type: application/json\nVR-Initiator: x\n\n{"subjectType": "vestigin"}';
  assert.equal(await fixAll(body, 'spec/body-schema'), body.replace('vestigin"', 'vestiging"'));
  const zoeken = await loadIndex(fixture('kvk-zoeken.openapi.yaml'));
  const [invalid] = diagnose(document('GET https://api.kvk.nl/test/api/v2/zoeken?type=rechtspersoonn'), { index: zoeken });
  assert.deepEqual(quickFixes(invalid).map((f) => [f.title, f.edits[0].newText]), [['Change to rechtspersoon', 'rechtspersoon']]);
});

test('an unknown method offers each allowed one; an unknown variable can be defined in the file', async () => {
  const [method] = diagnose(document('POST {{baseUrl}}/klanten/1/audittrail\nVR-Initiator: x\n'), await context());
  assert.equal(method.code, 'spec/unknown-method');
  assert.deepEqual(quickFixes(method).map((f) => f.title), ['Change to GET']);
  const [variable] = diagnose(document('GET {{baseUrl}}/klanten?q={{zoekterm}}\nVR-Initiator: x\n'), await context(), { environment: 'sandbox' }).filter((d) => d.code === 'var/unresolved');
  assert.deepEqual(quickFixes(variable).map((f) => [f.title, f.edits[0].newText]), [['Define @zoekterm in this file', '@zoekterm = \n']]);
});
