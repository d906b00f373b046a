import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadOpenApi, validateRequestBody, validateResponse, type OperationInfo } from '../../../src/core/openapi';
import { compiledValidator } from '../../../src/core/openapi/schemaValidator';
import { fileHost, fixture } from './fixtures';
import { loadInline } from './inlineDocument';

const klant = {
  url: 'http://127.0.0.1:7404/api/v1/klanten/9b7a4e6e-0b3b-4c53-9d2a-7b8f4f3c2d1e',
  bronorganisatie: '002220647',
  klantnummer: 'K-0001',
  websiteUrl: 'https://example.org',
  subjectType: 'natuurlijk_persoon',
};

test('VNG Klanten responses validate in both dialects, with JSON paths for each error', async () => {
  for (const file of ['klanten.openapi.yaml', 'klanten.swagger.json']) {
    const index = await loadOpenApi(fixture(file), fileHost);
    const ok = validateResponse(index, { method: 'GET', path: '/api/v1/klanten/abc' }, 200, 'application/json; charset=utf-8', klant);
    assert.deepEqual(ok.errors, [], file);
    assert.equal(ok.valid, true);
    assert.equal(ok.operationId, 'klant_read');
    assert.equal(ok.against, 'response 200 application/json');

    const bad = { ...klant, klantnummer: undefined, subjectType: 'robot', adres: { straatnaam: 12 } };
    const result = validateResponse(index, { method: 'GET', path: '/api/v1/klanten/abc' }, '200', 'application/json', JSON.stringify(bad));
    assert.equal(result.valid, false);
    const byPath = new Map(result.errors.map((e) => [e.path, e]));
    assert.equal(byPath.get('$.klantnummer')?.keyword, 'required', file);
    assert.equal(byPath.get('$.subjectType')?.keyword, 'enum', file);
    assert.equal(byPath.get('$.adres.straatnaam')?.keyword, 'type', file);
  }
});

test('VNG Klanten request bodies', async () => {
  const index = await loadOpenApi(fixture('klanten.openapi.yaml'), fileHost);
  const create = index.operations.find((op) => op.id === 'klant_create') as OperationInfo;
  const body = { bronorganisatie: '002220647', klantnummer: 'K-1', websiteUrl: 'https://example.org', subjectType: 'vestiging' };
  assert.deepEqual(validateRequestBody(index, create, 'application/json', body).errors, []);
  const tooLong = validateRequestBody(index, create, 'application/json', { ...body, bronorganisatie: '0022206470' });
  assert.deepEqual(tooLong.errors.map((e) => [e.path, e.keyword]), [['$.bronorganisatie', 'maxLength']]);
  const wrongType = validateRequestBody(index, create, 'text/plain', 'hello');
  assert.equal(wrongType.errors[0]?.keyword, 'content-type');
  const notJson = validateRequestBody(index, create, 'application/json', '{ "bronorganisatie": ');
  assert.equal(notJson.errors[0]?.keyword, 'json');
});

const statuses = `openapi: 3.0.3
info: { title: S, version: '1' }
paths:
  /x/{id}:
    get:
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      responses:
        '200':
          description: ok
          content: { application/json: { schema: { type: object, required: [id], properties: { id: { type: integer }, contactgegevens: { type: array, items: { type: object, properties: { waarde: { type: string, format: email }, type: { type: string, nullable: true, enum: [E-mail, Website] } } } } } } } }
        '204': { description: leeg }
        4XX:
          description: client error
          content: { application/problem+json: { schema: { type: object, required: [status], properties: { status: { type: integer } } } } }
        default:
          description: other
          content: { application/json: { schema: { type: object, required: [fout] } } }
`;

test('status matching honours exact codes, 4XX and default; no-content responses pass', async () => {
  const index = await loadInline(statuses);
  const ref = { method: 'GET', path: '/x/1' };
  assert.equal(validateResponse(index, ref, 404, 'application/problem+json', { status: 404 }).against, 'response 4XX application/problem+json');
  assert.deepEqual(validateResponse(index, ref, 409, 'application/problem+json', {}).errors.map((e) => e.path), ['$.status']);
  assert.equal(validateResponse(index, ref, 503, 'application/json', { fout: [] }).against, 'response default application/json');
  assert.equal(validateResponse(index, ref, 503, 'application/json', {}).valid, false);
  assert.equal(validateResponse(index, ref, 204, undefined, undefined).valid, true);
  const wrongMedia = validateResponse(index, ref, 200, 'text/html', '<p>hi</p>');
  assert.equal(wrongMedia.errors[0]?.keyword, 'content-type');
  // a JSON body sent as application/hal+json is checked against the JSON schema
  assert.equal(validateResponse(index, ref, 200, 'application/hal+json', { id: 'x' }).errors[0]?.path, '$.id');
  const missing = validateResponse(index, { method: 'GET', path: '/y' }, 200, 'application/json', {});
  assert.equal(missing.errors[0]?.keyword, 'operation');
});

test('array paths, formats and OpenAPI 3.0 nullable enums', async () => {
  const index = await loadInline(statuses);
  const ref = { method: 'GET', path: '/x/1' };
  const body = { id: 1, contactgegevens: [{ waarde: 'info@example.org', type: null }, { waarde: 'geen-adres', type: 'Fax' }] };
  const result = validateResponse(index, ref, 200, 'application/json', body);
  assert.deepEqual(
    result.errors.map((e) => [e.path, e.keyword]).sort(),
    [['$.contactgegevens[1].type', 'enum'], ['$.contactgegevens[1].waarde', 'format']],
  );
});

test('OpenAPI 3.1 schemas validate as JSON Schema 2020-12', async () => {
  const index = await loadInline(`openapi: 3.1.0
info: { title: T, version: '1' }
paths:
  /t:
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [naam]
              properties:
                naam: { type: [string, 'null'] }
                punt: { type: array, prefixItems: [{ type: number }, { type: number }], items: false }
                leeftijd: { type: integer, exclusiveMinimum: 0 }
      responses: { '201': { description: ok } }
`);
  const op = { method: 'POST', path: '/t' };
  assert.deepEqual(validateRequestBody(index, op, 'application/json', { naam: null, punt: [1, 2], leeftijd: 3 }).errors, []);
  const bad = validateRequestBody(index, op, 'application/json', { naam: 1, punt: [1, 2, 3], leeftijd: 0 });
  assert.deepEqual(bad.errors.map((e) => e.path).sort(), ['$.leeftijd', '$.naam', '$.punt']);
  const none = validateRequestBody(index, op, 'application/json', undefined);
  assert.equal(none.errors[0]?.message, 'a request body is required');
});

test('Swagger 2.0 formData parameters become a form request body', async () => {
  const index = await loadInline(
    JSON.stringify({
      swagger: '2.0',
      info: { title: 'F', version: '1' },
      basePath: '/api',
      paths: {
        '/upload': {
          post: {
            consumes: ['multipart/form-data'],
            parameters: [
              { name: 'bestand', in: 'formData', type: 'file', required: true },
              { name: 'omschrijving', in: 'formData', type: 'string', maxLength: 5 },
            ],
            responses: { '201': { description: 'ok' } },
          },
        },
      },
    }),
    'api.json',
  );
  const op = index.operations[0] as OperationInfo;
  assert.equal(op.path, '/api/upload');
  const form = op.requestBody?.content['multipart/form-data']?.schema as Record<string, unknown>;
  assert.deepEqual(form.required, ['bestand']);
  const result = validateRequestBody(index, op, 'multipart/form-data; boundary=x', { bestand: 'abc', omschrijving: 'te lang!' });
  assert.deepEqual(result.errors.map((e) => e.path), ['$.omschrijving']);
  // the encoded text itself is not compared with the object schema
  const raw = validateRequestBody(index, op, 'multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="bestand"\r\n\r\nabc\r\n--x--');
  assert.deepEqual([raw.valid, raw.errors], [true, []]);
  assert.match(raw.against ?? '', /not checked/);
});

test('readOnly properties are not required in requests, writeOnly ones not in responses', async () => {
  const index = await loadInline(`openapi: 3.0.3
info: { title: RO, version: '1' }
paths:
  /accounts:
    post:
      requestBody:
        content: { application/json: { schema: { $ref: '#/components/schemas/Account' } } }
      responses:
        '201':
          description: ok
          content: { application/json: { schema: { $ref: '#/components/schemas/Account' } } }
components:
  schemas:
    Account:
      type: object
      required: [id, user, password]
      properties:
        id: { type: string, readOnly: true }
        user: { type: string }
        password: { type: string, writeOnly: true, minLength: 16 }
`);
  const op = { method: 'POST', path: '/accounts' };
  assert.deepEqual(validateRequestBody(index, op, 'application/json', { user: 'a' }).errors.map((e) => e.path), ['$.password']);
  assert.deepEqual(validateResponse(index, op, 201, 'application/json', { user: 'a' }).errors.map((e) => e.path), ['$.id']);
  const short = validateRequestBody(index, op, 'application/json', { user: 'a', password: 'kort' });
  assert.deepEqual(short.errors.map((e) => [e.path, e.keyword]), [['$.password', 'minLength']]);
});

test('compiled validators are cached per schema object and direction', async () => {
  const index = await loadInline(statuses);
  const schema = index.operations[0]?.responses[0]?.content['application/json']?.schema;
  assert.ok(schema);
  assert.equal(compiledValidator(index, schema, 'response'), compiledValidator(index, schema, 'response'));
  assert.notEqual(compiledValidator(index, schema, 'response'), compiledValidator(index, schema, 'request'));
});

test('KVK Basisprofiel and the pet store (3.0.3) responses validate with paths into nested arrays', async () => {
  const basis = await loadOpenApi(fixture('kvk-basisprofiel.openapi.yaml'), fileHost);
  const url = 'https://api.kvk.nl/test/api/v1/basisprofielen/68750110';
  const good = { kvkNummer: '68750110', naam: 'Test BV Donald', totaalWerkzamePersonen: 2, handelsnamen: [{ naam: 'Test BV Donald', volgorde: 0 }] };
  assert.deepEqual(validateResponse(basis, { method: 'GET', path: url }, 200, 'application/hal+json', good).errors, []);
  const bad = { ...good, totaalWerkzamePersonen: 'twee', handelsnamen: [{ naam: 'A', volgorde: 0 }, { naam: 'B', volgorde: 'eerste' }] };
  const result = validateResponse(basis, { method: 'GET', path: url }, 200, 'application/json', bad);
  assert.deepEqual(result.errors.map((e) => e.path).sort(), ['$.handelsnamen[1].volgorde', '$.totaalWerkzamePersonen']);

  const pets = await loadOpenApi(fixture('petstore.openapi.yaml'), fileHost);
  const found = validateResponse(pets, { method: 'GET', path: '/pet/findByStatus?status=available' }, 200, 'application/json', [
    { name: 'doggie', price: 10, photoUrls: [] },
    { name: 'kitty', photoUrls: ['x'] },
  ]);
  assert.deepEqual(found.errors.map((e) => [e.path, e.keyword]), [['$[1].price', 'required']]);
});
