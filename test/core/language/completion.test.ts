import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { complete } from '../../../src/core/language/completion';
import type { LanguageContext } from '../../../src/core/language/types';
import { labels, loadIndex, fixture, registry, withCursor } from './helpers';

const klanten3 = () => loadIndex(fixture('klanten.openapi.yaml'));
const klanten2 = () => loadIndex(fixture('klanten.swagger.json'));
const zoeken = () => loadIndex(fixture('kvk-zoeken.openapi.yaml'));
const oauth31 = () => loadIndex(fixture('oauth.openapi.yaml'));
const petstore = () => loadIndex(fixture('petstore.openapi.yaml'));

async function vng(version: 2 | 3): Promise<LanguageContext> {
  return {
    index: await (version === 3 ? klanten3() : klanten2()),
    baseUrl: version === 3 ? 'http://127.0.0.1:7404/api/v1' : 'http://127.0.0.1:7404',
    variables: [
      { name: 'baseUrl', value: version === 3 ? 'http://127.0.0.1:7404/api/v1' : 'http://127.0.0.1:7404', source: 'environment' },
      { name: 'clientSecret', value: 'geheim-geheim-geheim', source: 'secret', secret: true },
    ],
  };
}

function run(marked: string, context: LanguageContext) {
  const { doc, at } = withCursor(marked);
  return complete(doc, at, context);
}

for (const version of [3, 2] as const) {
  describe(`completion on VNG Klanten as ${version === 3 ? 'OpenAPI 3.0' : 'Swagger 2.0'}`, () => {
    const prefix = version === 3 ? '' : '/api/v1';
    test('methods, the ones the written path accepts first', async () => {
      const items = run(`P¦ {{baseUrl}}${prefix}/klanten/abc`, await vng(version));
      assert.ok(labels(items).includes('PATCH'));
      const first = [...items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? '')).slice(0, 4).map((i) => i.label).sort();
      assert.deepEqual(first, ['DELETE', 'GET', 'PATCH', 'PUT']);
      assert.equal(items.find((i) => i.label === 'PATCH')?.detail, 'Werk een KLANT deels bij.');
    });

    test('paths as templates with parameter snippets, relative to the base URL', async () => {
      const items = run(`GET {{baseUrl}}${prefix}/kl¦`, await vng(version));
      const item = items.find((i) => i.label === `${prefix}/klanten/{uuid}`);
      assert.ok(item, labels(items).join());
      assert.equal(item.insertText, `${prefix}/klanten/\${1:uuid}`);
      assert.deepEqual(item.range, { start: { line: 0, character: 15 }, end: { line: 0, character: 18 + prefix.length } });
      assert.ok(labels(items).includes(`${prefix}/klanten/{klant_uuid}/audittrail/{uuid}`));
    });

    test('query parameter names not yet written, and enum values', async () => {
      const names = run(`GET {{baseUrl}}${prefix}/klanten?page=1&sub¦`, await vng(version));
      assert.ok(labels(names).includes('subjectType'));
      assert.ok(!labels(names).includes('page'));
      const values = run(`GET {{baseUrl}}${prefix}/klanten?subjectType=ve¦`, await vng(version));
      assert.deepEqual(labels(values), ['natuurlijk_persoon', 'niet_natuurlijk_persoon', 'vestiging']);
      assert.deepEqual(values[0].range, { start: { line: 0, character: 36 + prefix.length }, end: { line: 0, character: 38 + prefix.length } });
    });

    test("header names: the operation's header parameters and common ones, not those written", async () => {
      const items = run(`POST {{baseUrl}}${prefix}/klanten\nAccept: application/json\nX-¦`, await vng(version));
      const audit = items.find((i) => i.label === 'X-Audit-Toelichting');
      assert.ok(audit);
      assert.equal(audit.kind, 'header');
      assert.ok(labels(items).includes('Content-Type'));
      assert.ok(!labels(items).includes('Accept'));
    });

    test('header values: request media types for Content-Type, response ones for Accept', async () => {
      const content = run(`POST {{baseUrl}}${prefix}/klanten\nContent-Type: ¦`, await vng(version));
      assert.deepEqual(labels(content), ['application/json']);
      const accept = run(`GET {{baseUrl}}${prefix}/klanten\nAccept: ¦`, await vng(version));
      assert.ok(labels(accept).includes('application/json'));
      // the Swagger 2.0 rendering declares one `produces` for every response
      assert.equal(labels(accept).includes('application/problem+json'), version === 3);
    });

    test('body property names, required first, writable only, present ones left out', async () => {
      const items = run(`POST {{baseUrl}}${prefix}/klanten\nContent-Type: application/json\n\n{\n  "klantnummer": "1",\n  "¦"\n}`, await vng(version));
      const names = labels(items);
      assert.ok(names.includes('bronorganisatie'));
      assert.ok(names.includes('websiteUrl'));
      assert.ok(!names.includes('klantnummer'), 'already present');
      assert.ok(!names.includes('url'), 'readOnly');
      const bron = items.find((i) => i.label === 'bronorganisatie')!;
      assert.equal(bron.detail, 'required string');
      assert.equal(bron.insertText, '"bronorganisatie": "$1"');
      assert.deepEqual(bron.range, { start: { line: 5, character: 2 }, end: { line: 5, character: 4 } });
      assert.ok((bron.sortText ?? '') < (items.find((i) => i.label === 'achternaam')!.sortText ?? ''));
    });

    test('nested body properties and enum values at the JSON path under the cursor', async () => {
      const nested = run(`POST {{baseUrl}}${prefix}/klanten\n\n{"adres": {"straatnaam": "Laan", ¦}}`, await vng(version));
      assert.ok(labels(nested).includes('postcode'));
      assert.ok(!labels(nested).includes('straatnaam'));
      const values = run(`POST {{baseUrl}}${prefix}/klanten\n\n{"subjectType": ¦}`, await vng(version));
      assert.deepEqual(labels(values).slice(0, 3), ['"natuurlijk_persoon"', '"niet_natuurlijk_persoon"', '"vestiging"']);
    });

    test('an empty body gets a skeleton of the required properties', async () => {
      const items = run(`POST {{baseUrl}}${prefix}/klanten\nContent-Type: application/json\n\n¦`, await vng(version));
      assert.equal(items.length, 1);
      assert.equal(items[0].insertText, '{\n  "bronorganisatie": "$1",\n  "klantnummer": "$2",\n  "websiteUrl": "$3"\n}');
    });
  });
}

test('variables: every source, values shown, secrets masked, closing braces added', async () => {
  const items = run('@page = 2\nGET {{baseUrl}}/klanten?page={{p¦', await vng(3));
  const page = items.find((i) => i.label === 'page')!;
  assert.equal(page.detail, '2 (file)');
  assert.equal(page.insertText, 'page}}');
  const secret = items.find((i) => i.label === 'clientSecret')!;
  assert.ok(!secret.detail!.includes('geheim'));
  assert.ok(labels(items).includes('$guid'));
  const closed = run('GET {{bas¦}}/klanten', await vng(3));
  assert.equal(closed.find((i) => i.label === 'baseUrl')?.insertText, 'baseUrl');
});

test('variables: responses of earlier named requests only', async () => {
  const items = run('# @name eerste\nGET {{baseUrl}}/klanten\n\n###\nGET {{baseUrl}}/klanten/{{¦}}\n\n###\n# @name later\nGET {{baseUrl}}/klanten', await vng(3));
  assert.ok(labels(items).includes('eerste.response.body.$'));
  assert.ok(!labels(items).some((l) => l.startsWith('later.')));
});

test("registry knowledge: mandatory headers with their templates, If-Match from an earlier request's ETag", async () => {
  const context: LanguageContext = {
    ...(await vng(3)),
    registry: registry({
      id: 'vr-beheer',
      name: 'Verenigingsregister Beheer',
      mandatoryHeaders: [
        { name: 'x-correlation-id', value: '{{$guid}}' },
        { name: 'VR-Initiator', value: '{{vrInitiator}}', description: 'Who makes the call' },
      ],
    }),
  };
  const names = run('# @name lees\nGET {{baseUrl}}/klanten/1\n\n###\nPATCH {{baseUrl}}/klanten/1\nx-correlation-id: {{$guid}}\n¦', context);
  const initiator = names.find((i) => i.label === 'VR-Initiator')!;
  assert.equal(initiator.insertText, 'VR-Initiator: {{vrInitiator\\}\\}');
  assert.ok(!labels(names).includes('x-correlation-id'));
  const values = run('# @name lees\nGET {{baseUrl}}/klanten/1\n\n###\nPATCH {{baseUrl}}/klanten/1\nIf-Match: ¦', context);
  assert.deepEqual(labels(values), ['{{lees.response.headers.ETag}}']);
});

test('KVK Zoeken: array query parameter offers its item enum', async () => {
  const context: LanguageContext = { index: await zoeken(), baseUrl: 'https://api.kvk.nl/test/api/v2' };
  const items = run('GET https://api.kvk.nl/test/api/v2/zoeken?naam=x&type=¦', context);
  assert.deepEqual(labels(items), ['hoofdvestiging', 'nevenvestiging', 'rechtspersoon']);
});

test('OpenAPI 3.1 (Arazzo example): required query parameters come first', async () => {
  const items = run('GET https://auth.example.com/authorize?¦', { index: await oauth31() });
  assert.deepEqual(labels(items).sort(), ['client_id', 'redirect_uri', 'response_type', 'scope', 'state']);
  assert.ok(items.every((i) => i.detail?.startsWith('required')));
});

test('petstore: body enum value inside an array item object, with the cursor inside the string', async () => {
  const items = run('POST https://x.example/pet\nContent-Type: application/json\n\n{"name": "a", "photoUrls": [], "tags": [{"n¦"}], "status": "sold"}', { index: await petstore() });
  assert.deepEqual(labels(items).sort(), ['id', 'name']);
  const status = run('POST https://x.example/pet\nContent-Type: application/json\n\n{"status": "p¦"}', { index: await petstore() });
  assert.deepEqual(labels(status), ['"available"', '"pending"', '"sold"']);
  assert.deepEqual(status[0].range, { start: { line: 3, character: 11 }, end: { line: 3, character: 14 } });
});

test('no description: methods and variables still complete, paths give nothing', () => {
  assert.ok(run('G¦', {}).some((i) => i.label === 'GET'));
  assert.deepEqual(run('GET https://x.example/a¦', {}), []);
});

test('completing inside an existing key offers that key again (it is being replaced)', async () => {
  const items = run(`POST {{baseUrl}}/klanten\n\n{"bronorg¦anisatie": "1"}`, await vng(3));
  assert.ok(labels(items).includes('bronorganisatie'));
  assert.deepEqual(items.find((i) => i.label === 'bronorganisatie')!.range, { start: { line: 2, character: 1 }, end: { line: 2, character: 18 } });
});

test('an empty request line gets whole URLs: the base-URL variable and a path template', async () => {
  const items = run('POST ¦', await vng(3));
  const create = items.find((i) => i.label === '/klanten');
  assert.equal(create?.insertText, '{{baseUrl\\}\\}/klanten');
  assert.ok((create?.sortText ?? '') < (items.find((i) => i.label === '/klanten/{uuid}')?.sortText ?? ''), 'POST paths first');
});

test('CRLF and a BOM do not shift ranges', async () => {
  const { doc, at } = withCursor('\ufeffPOST {{baseUrl}}/klanten\r\nContent-Type: application/json\r\n\r\n{"subjectType": "v¦"}\r\n');
  const items = complete(doc, at, await vng(3));
  assert.deepEqual(items[0].range, { start: { line: 3, character: 16 }, end: { line: 3, character: 19 } });
});

test('directives: their names, registry ids from the catalog, the environments of the registry', () => {
  const context: LanguageContext = {
    registries: [
      { id: 'vr-beheer', name: 'Verenigingsregister Beheer', environments: ['sandbox', 'staging-v8.6', 'staging'] },
      { id: 'kvk', name: 'KVK', environments: ['sandbox', 'test', 'production'] },
    ],
  };
  assert.ok(labels(run('# @reg¦', context)).includes('registry'));
  const ids = run('# @registry v¦', context);
  assert.deepEqual(labels(ids), ['vr-beheer', 'kvk']);
  assert.deepEqual(ids[0].range, { start: { line: 0, character: 12 }, end: { line: 0, character: 13 } });
  assert.deepEqual(labels(run('# @registry vr-beheer\n# @env ¦', context)), ['sandbox', 'staging-v8.6', 'staging']);
  assert.deepEqual(run('# a comment ¦', context), []);
});

test("response references complete from the named request's response schema and headers", async () => {
  const context: LanguageContext = { index: await zoeken(), baseUrl: 'https://api.kvk.nl/test/api/v2' };
  const base = '# @name zoek\nGET https://api.kvk.nl/test/api/v2/zoeken?naam=x\n\n###\nGET https://api.kvk.nl/test/api/v1/basisprofielen/';
  const top = run(`${base}{{zoek.response.body.$.¦`, context);
  assert.ok(labels(top).includes('resultaten') && labels(top).includes('totaal'), labels(top).join());
  const deep = run(`${base}{{zoek.response.body.$.resultaten[0].kvk¦}}`, context);
  assert.deepEqual(labels(deep).filter((l) => l.startsWith('kvk')), ['kvkNummer']);
  const item = deep.find((i) => i.label === 'kvkNummer')!;
  assert.equal(item.insertText, 'kvkNummer');
  const col = `GET https://api.kvk.nl/test/api/v1/basisprofielen/{{zoek.response.body.$.resultaten[0].`.length;
  assert.deepEqual(item.range, { start: { line: 4, character: col }, end: { line: 4, character: col + 3 } });
  const klanten = await vng(3);
  const headers = run('# @name lees\nGET {{baseUrl}}/klanten/1\n\n###\nPATCH {{baseUrl}}/klanten/1\nIf-Match: {{lees.response.headers.¦', klanten);
  assert.ok(labels(headers).includes('ETag'), labels(headers).join());
  assert.equal(headers.find((i) => i.label === 'ETag')?.insertText, 'ETag}}');
});

test("paths after an origin keep the server's prefix the templates lack", async () => {
  const items = run('GET https://api.kvk.nl/test/api/v2/zo¦', { index: await zoeken() });
  const item = items.find((i) => i.label === '/zoeken')!;
  assert.deepEqual(item.range, { start: { line: 0, character: 34 }, end: { line: 0, character: 37 } });
});

test('query continuation lines complete like the request line', async () => {
  const context: LanguageContext = { index: await zoeken(), baseUrl: 'https://api.kvk.nl/test/api/v2' };
  const names = run('GET https://api.kvk.nl/test/api/v2/zoeken\n    ?naam=bakker\n    &ty¦', context);
  assert.ok(labels(names).includes('type') && !labels(names).includes('naam'));
  assert.deepEqual(names[0].range, { start: { line: 2, character: 5 }, end: { line: 2, character: 7 } });
  const values = run('GET https://api.kvk.nl/test/api/v2/zoeken\n    ?naam=bakker\n    &type=¦', context);
  assert.deepEqual(labels(values), ['hoofdvestiging', 'nevenvestiging', 'rechtspersoon']);
});

test("JetBrains' bare parameter lines complete like the request line", async () => {
  const context: LanguageContext = { index: await zoeken(), baseUrl: 'https://api.kvk.nl/test/api/v2' };
  const names = run('GET https://api.kvk.nl/test/api/v2/zoeken?\n    naam=bakker\n    ty¦', context);
  assert.ok(labels(names).includes('type') && !labels(names).includes('naam'), labels(names).join());
  assert.deepEqual(names.find((i) => i.label === 'type')!.range, { start: { line: 2, character: 4 }, end: { line: 2, character: 6 } });
  const values = run('GET https://api.kvk.nl/test/api/v2/zoeken?naam=bakker\n    type=¦', context);
  assert.deepEqual(labels(values), ['hoofdvestiging', 'nevenvestiging', 'rechtspersoon']);
});
