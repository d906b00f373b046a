import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import fc from 'fast-check';
import { diagnose, diagnoseAsync } from '../../../src/core/language/diagnostics';
import { complete } from '../../../src/core/language/completion';
import { hover } from '../../../src/core/language/hover';
import type { Diagnostic } from '../../../src/core/http/ast';
import type { LanguageContext } from '../../../src/core/language/types';
import { document, loadIndex, fixture, registry, root } from './helpers';

const klanten = () => loadIndex(fixture('klanten.openapi.yaml'));
const swagger = () => loadIndex(fixture('klanten.swagger.json'));

const beheerLike = registry({
  id: 'vr-beheer',
  name: 'Verenigingsregister Beheer',
  mandatoryHeaders: [
    { name: 'x-correlation-id', value: '{{$guid}}' },
    { name: 'VR-Initiator', value: '{{vrInitiator}}' },
  ],
  releases: { renames: [{ from: 'klant.type', to: 'klant.subjectType', release: 'v2', in: 'klant' }] },
});

async function context(extra: Partial<LanguageContext> = {}): Promise<LanguageContext> {
  return {
    index: await klanten(),
    baseUrl: 'http://127.0.0.1:7404/api/v1',
    variables: [{ name: 'baseUrl', value: 'http://127.0.0.1:7404/api/v1', source: 'environment' }],
    ...extra,
  };
}

/** `line:col-line:col code` — the shape the assertions compare, so a moved range fails. */
function brief(list: Diagnostic[]): string[] {
  return list.map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.code}`);
}

const POST = 'POST {{baseUrl}}/klanten\nContent-Type: application/json\n\n';

test('a request that follows the description has no diagnostics', async () => {
  const doc = document(`${POST}{\n  "bronorganisatie": "002220647",\n  "klantnummer": "12345",\n  "websiteUrl": "https://example.org",\n  "subjectType": "vestiging"\n}\n`);
  assert.deepEqual(diagnose(doc, await context()), []);
});

test('unknown path and unknown method, each at the part that is wrong', async () => {
  const doc = document('GET {{baseUrl}}/klantjes\n\n###\nPOST {{baseUrl}}/klanten/{{id}}/audittrail\n');
  const ctx = await context({ variables: [{ name: 'baseUrl', value: 'http://127.0.0.1:7404/api/v1', source: 'environment' }, { name: 'id', value: '1', source: 'file' }] });
  const found = diagnose(doc, ctx);
  assert.deepEqual(brief(found), ['0:15-0:24 spec/unknown-path', '3:0-3:4 spec/unknown-method']);
  assert.match(found[1].message, /allowed: GET/);
});

test('a prefix only the base URL or the document names is skipped; any other is an unknown path', async () => {
  const ok = document('GET http://127.0.0.1:7404/api/v1/klanten\n');
  assert.deepEqual(diagnose(ok, await context()), []);
  const wrong = document('GET http://127.0.0.1:7404/api/v2/klanten\n');
  assert.deepEqual(brief(diagnose(wrong, await context())), ['0:25-0:40 spec/unknown-path']);
});

test("missing required header parameter and the registry's mandatory headers, with fixes", async () => {
  const doc = document('PATCH {{baseUrl}}/klanten/1\nAccept: application/json\n\n{}');
  const found = diagnose(doc, await context({ registry: beheerLike }));
  assert.deepEqual(
    found.map((d) => d.message),
    ['Verenigingsregister Beheer requires the header x-correlation-id', 'Verenigingsregister Beheer requires the header VR-Initiator', 'klant_partial_update requires the header Content-Type (Content type van de verzoekinhoud.)'],
  );
  assert.ok(found.every((d) => d.code === 'spec/missing-header' && d.range.start.line === 0));
  const fix = (found[0].data as { fixes: { edits: unknown[] }[] }).fixes[0];
  assert.deepEqual(fix.edits, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, newText: 'x-correlation-id: {{$guid}}\n' }]);
});

test('body schema errors point at the value, the key, or the object that lacks a property', async () => {
  const body = `{\n  "bronorganisatie": "0022206470000",\n  "klantnummer": 12,\n  "subjectType": "bedrijf",\n  "adres": {"huisnummer": "7"},\n  "extra": {{later}}\n}`;
  const doc = document(POST + body);
  const found = diagnose(doc, await context({ variables: [{ name: 'baseUrl', value: 'x', source: 'file' }, { name: 'later', value: '1', source: 'file' }] }));
  assert.deepEqual(brief(found.filter((d) => d.code === 'spec/body-schema')), [
    '3:0-3:1 spec/body-schema',
    '4:21-4:36 spec/body-schema',
    '5:17-5:19 spec/body-schema',
    '6:17-6:26 spec/body-schema',
    '7:26-7:29 spec/body-schema',
  ]);
  const messages = found.map((d) => d.message);
  assert.ok(messages.includes('websiteUrl is required'), messages.join('\n'));
  assert.ok(messages.some((m) => m.startsWith('subjectType must be one of "natuurlijk_persoon"')));
});

test('a `{{…}}` standing for a value is not checked against its schema', async () => {
  const doc = document(`${POST}{"bronorganisatie": "{{rsin}}", "klantnummer": {{nummer}}, "websiteUrl": "{{site}}"}`);
  const vars = ['baseUrl', 'rsin', 'nummer', 'site'].map((name) => ({ name, value: 'x', source: 'file' }));
  assert.deepEqual(diagnose(doc, await context({ variables: vars })), []);
});

test('invalid JSON is reported once, where the parser stopped', async () => {
  const found = diagnose(document(`${POST}{\n  "klantnummer": "1",\n  "websiteUrl" "x"\n}`), await context());
  assert.deepEqual(brief(found), ['5:15-5:18 spec/invalid-json']);
  assert.match(found[0].message, /colon expected/);
});

test('a field renamed in a release is reported at its key, with the rename as a fix', async () => {
  const text = `${POST}{"bronorganisatie": "002220647", "klantnummer": "1", "websiteUrl": "https://x.nl", "type": "vestiging"}`;
  const found = diagnose(document(text), await context({ registry: { ...beheerLike, mandatoryHeaders: [] } }));
  assert.deepEqual(brief(found), ['3:83-3:89 spec/renamed-field']);
  assert.equal(found[0].message, "'klant.type' was renamed to 'klant.subjectType' in v2");
  assert.deepEqual((found[0].data as { fixes: { edits: unknown[] }[] }).fixes[0].edits, [
    { range: { start: { line: 3, character: 83 }, end: { line: 3, character: 89 } }, newText: '"subjectType"' },
  ]);
});

test('deprecated operation (VNG Zaken 1.5 deprecates klantcontacten)', async () => {
  const zaken = await loadIndex(fixture('zaken.openapi.yaml'));
  const found = diagnose(document('GET https://zaken-api.vng.cloud/api/v1/klantcontacten\n'), { index: zaken });
  assert.deepEqual(brief(found), ['0:31-0:53 spec/deprecated']);
  assert.equal(found[0].severity, 'warning');
});

test('missing required query parameter (OpenAPI 3.1) and a value outside its enum (KVK Zoeken)', async () => {
  const oauth = await loadIndex(fixture('oauth.openapi.yaml'));
  const found = diagnose(document('GET https://auth.example.com/authorize?client_id=a&redirect_uri=b&response_type=code&scope=x\n'), { index: oauth });
  assert.deepEqual(brief(found), ['0:4-0:92 spec/missing-parameter']);
  assert.match(found[0].message, /'state'/);
  const zoeken = await loadIndex(fixture('kvk-zoeken.openapi.yaml'));
  const wrong = diagnose(document('GET https://api.kvk.nl/test/api/v2/zoeken?naam=x&type=hoofdvestiging,filiaal\n'), { index: zoeken });
  assert.deepEqual(brief(wrong), ['0:54-0:76 spec/invalid-parameter']);
});

test('unresolved variables: unknown names, unknown system variables, responses of unnamed requests', async () => {
  const doc = document('@a = 1\nGET {{baseUrl}}/klanten?x={{a}}&y={{b}}&z={{$nope}}&w={{$guid}}\nX-Ref: {{login.response.body.$.token}}\n');
  const found = diagnose(doc, await context()).filter((d) => d.code.startsWith('var/'));
  assert.deepEqual(brief(found), ['1:34-1:39 var/unresolved', '1:42-1:51 var/unresolved', '2:7-2:38 var/unresolved']);
  assert.match(found[0].message, /'b'/);
});

test('Swagger 2.0: paths carry the basePath and still match behind a host-only base URL', async () => {
  const found = diagnose(document('GET http://127.0.0.1:7404/api/v1/klanten/abc/audittrail\n\n###\nDELETE http://127.0.0.1:7404/api/v1/klanten\n'), { index: await swagger(), baseUrl: 'http://127.0.0.1:7404' });
  assert.deepEqual(brief(found), ['3:0-3:6 spec/unknown-method']);
});

test('a description that could not be loaded is one warning, and the registry checks still run', async () => {
  const doc = document('# @registry vr-beheer\nGET {{baseUrl}}/a\nx-correlation-id: {{$guid}}\n\n###\nGET {{baseUrl}}/b\nx-correlation-id: {{$guid}}\nVR-Initiator: x\n');
  const found = diagnose(doc, { registry: beheerLike, indexError: 'openapi.yaml: bad indentation at line 3', variables: [{ name: 'baseUrl', value: 'x', source: 'file' }] });
  assert.deepEqual(brief(found), ['0:0-0:21 spec/unavailable', '1:0-1:17 spec/missing-header']);
});

test('never throws, whatever the text and the cursor', async () => {
  const ctx = await context({ registry: beheerLike });
  const pieces = ['GET ', 'POST ', '{{baseUrl}}', '/klanten', '/{uuid}', '?', '&', '=', '{{', '}}', '\n', '\n\n', '{', '}', '"', ':', ',', '[', ']', '###', '# @name x', 'Content-Type: application/json', ' ', 'adres', '"subjectType"'];
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), fc.nat(), (parts, n) => {
      const text = parts.join('');
      const doc = document(text);
      const lines = text.split('\n');
      const line = n % lines.length;
      const at = { line, character: n % (lines[line].length + 1) };
      diagnose(doc, ctx);
      complete(doc, at, ctx);
      hover(doc, at, ctx);
    }),
    { numRuns: 300 },
  );
});

test('a query parameter the operation does not declare is a warning, with a hint for a wrong case', async () => {
  const zoeken = await loadIndex(fixture('kvk-zoeken.openapi.yaml'));
  const found = diagnose(document('GET https://api.kvk.nl/test/api/v2/zoeken?Naam=x&handelsnaam=y&pagina={{p}}\n'), { index: zoeken, variables: [{ name: 'p', value: '1', source: 'file' }] });
  assert.deepEqual(brief(found), ['0:42-0:46 spec/unknown-parameter', '0:49-0:60 spec/unknown-parameter']);
  assert.equal(found[0].severity, 'warning');
  assert.equal(found[0].message, "getResults has no query parameter 'Naam' (did you mean 'naam'?)");
});

test('diagnoseAsync gives the same list, and stops when its signal aborts', async () => {
  const ctx = await context({ registry: beheerLike });
  const text = Array.from({ length: 60 }, (_, i) => `### ${i}\nPOST {{baseUrl}}/klanten\nContent-Type: application/json\n\n{"klantnummer": ${i}}\n`).join('\n');
  const doc = document(text);
  const expected = diagnose(doc, ctx);
  assert.equal(expected.length, 60 * 5); // two mandatory headers, two required properties, one type
  assert.deepEqual(await diagnoseAsync(doc, ctx, { sliceMs: 0 }), expected);
  const controller = new AbortController();
  const pending = diagnoseAsync(doc, ctx, { sliceMs: 0, signal: controller.signal });
  controller.abort(new Error('document changed'));
  await assert.rejects(pending, /document changed/);
});

test('a rename applies only to its kind of object (vr-beheer v8.32, the served description)', async () => {
  const { loadCatalog } = await import('../../../src/core/catalog/loadCatalog');
  const { readdir, readFile } = await import('node:fs/promises');
  const catalog = await loadCatalog({ bundledDir: join(root, 'registries'), readFile: (p) => readFile(p), listDir: (p) => readdir(p) });
  const entry = catalog.entries.find((e) => e.id === 'vr-beheer')!;
  const ctx: LanguageContext = { registry: entry, index: await loadIndex(join(root, 'registries', 'vr-beheer', 'openapi.yaml')), variables: ['baseUrl', 'vrInitiator'].map((name) => ({ name, value: 'http://127.0.0.1:7402', source: 'environment' })) };
  const head = 'POST {{baseUrl}}/v1/verenigingen/feitelijkeverenigingen\nx-correlation-id: {{$guid}}\nVR-Initiator: {{vrInitiator}}\nContent-Type: application/json\n\n';
  // `beschrijving` → `naam` is about verenigingstype objects, not the vereniging's own fields
  const body = '{"naam": "Club", "beschrijving": "x", "contactgegevens": [{"type": "E-mail", "waarde": "a@b.be"}]}';
  const own = diagnose(document(head + body), ctx);
  // (`beschrijving` is no property of a registration at all: that is the unknown-property warning.)
  assert.deepEqual(own.map((d) => `${d.code} ${d.range.start.character}`), [`spec/unknown-property ${body.indexOf('"beschrijving"')}`, `spec/renamed-field ${body.indexOf('"type"')}`]);
});

test('deprecated query parameters and body properties are warnings at their names', async () => {
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'regx-deprecated-'));
  try {
    const spec = join(dir, 'api.yaml');
    writeFileSync(
      spec,
      [
        'openapi: 3.1.0',
        'info: { title: Oud, version: "1" }',
        'paths:',
        '  /leden:',
        '    post:',
        '      parameters:',
        '        - { name: filter, in: query, deprecated: true, description: Use q. }',
        '        - { name: q, in: query }',
        '      requestBody:',
        '        content:',
        '          application/json:',
        '            schema:',
        '              type: object',
        '              properties:',
        '                type: { type: string, deprecated: true, description: Use soort. }',
        '                soort: { type: string }',
        '      responses: { "201": { description: ok } }',
      ].join('\n'),
    );
    const index = await loadIndex(spec);
    const found = diagnose(document('POST https://x.example/leden?filter=a&q=b\n\n{"type": "x", "soort": "y"}'), { index });
    assert.deepEqual(
      found.map((d) => `${d.range.start.line}:${d.range.start.character} ${d.severity} ${d.code} ${d.message}`),
      ["0:29 warning spec/deprecated query parameter 'filter' is deprecated: Use q.", '2:1 warning spec/deprecated type is deprecated: Use soort.'],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a parameter on a JetBrains bare parameter line is checked where it is written", async () => {
  const zoeken = await loadIndex(fixture('kvk-zoeken.openapi.yaml'));
  const found = diagnose(document('GET https://api.kvk.nl/test/api/v2/zoeken?\n    naam=x&\n    type=filiaal\n    Naam=y\n'), { index: zoeken });
  assert.deepEqual(brief(found), ['2:9-2:16 spec/invalid-parameter', '3:4-3:8 spec/unknown-parameter']);
});
