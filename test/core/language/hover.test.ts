import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hover } from '../../../src/core/language/hover';
import type { LanguageContext } from '../../../src/core/language/types';
import { loadIndex, fixture, registry, withCursor } from './helpers';

async function context(): Promise<LanguageContext> {
  return {
    index: await loadIndex(fixture('klanten.openapi.yaml')),
    registry: registry({ id: 'vr-beheer', name: 'Beheer', mandatoryHeaders: [{ name: 'VR-Initiator', value: '{{vrInitiator}}', description: 'Who makes the call' }] }),
    variables: [
      { name: 'baseUrl', value: 'http://127.0.0.1:7404/api/v1', source: 'environment' },
      { name: 'token', value: 'zeer-geheim-123', source: 'secret', secret: true },
    ],
  };
}

async function at(marked: string) {
  const { doc, at } = withCursor(marked);
  return hover(doc, at, await context());
}

test('the operation under the request line', async () => {
  const info = await at('PATCH {{baseUrl}}/klan¦ten/1');
  assert.ok(info);
  assert.match(info.contents, /^\*\*PATCH \/klanten\/\{uuid\}\*\* — Werk een KLANT deels bij\./);
  assert.match(info.contents, /Operation `klant_partial_update`/);
  assert.deepEqual(info.range, { start: { line: 0, character: 17 }, end: { line: 0, character: 27 } });
});

test('a query parameter, a header parameter, a mandatory header', async () => {
  assert.match((await at('GET {{baseUrl}}/klanten?subjec¦tType=vestiging'))!.contents, /\*\*subjectType\*\* \(query\)/);
  assert.match((await at('GET {{baseUrl}}/klanten/1\nIf-None¦-Match: "x"'))!.contents, /\*\*If-None-Match\*\* \(header\)/);
  assert.match((await at('GET {{baseUrl}}/klanten/1\nVR-Ini¦tiator: x'))!.contents, /required by Beheer\n\nWho makes the call/);
});

test('a body property, with its enum values', async () => {
  const info = await at('POST {{baseUrl}}/klanten\n\n{"subject¦Type": "vestiging"}');
  assert.ok(info);
  assert.match(info.contents, /^\*\*subjectType\*\*: string/);
  assert.match(info.contents, /One of: `"natuurlijk_persoon"`/);
  assert.deepEqual(info.range, { start: { line: 2, character: 1 }, end: { line: 2, character: 14 } });
});

test('a variable shows its value and source; a secret never shows its value', async () => {
  assert.equal((await at('GET {{base¦Url}}/klanten'))!.contents, '`baseUrl` = `http://127.0.0.1:7404/api/v1` (environment)');
  const secret = (await at('GET {{baseUrl}}/klanten\nAuthorization: Bearer {{to¦ken}}'))!.contents;
  assert.ok(!secret.includes('zeer-geheim'));
  assert.match(secret, /`token` = `•+` \(secret\)/);
  assert.equal((await at('GET {{nie¦t}}/x'))!.contents, '`niet` is not defined');
});

test('nothing to say on a comment', async () => {
  assert.equal(await at('# comm¦ent\nGET {{baseUrl}}/klanten'), undefined);
});

test('a path parameter value explains its parameter', async () => {
  const info = await at('GET {{baseUrl}}/klanten/9b0a¦d1b8/audittrail');
  assert.ok(info);
  assert.match(info.contents, /^\*\*klant_uuid\*\* \(path, required\)/);
  assert.deepEqual(info.range, { start: { line: 0, character: 24 }, end: { line: 0, character: 32 } });
});
