import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadOpenApi, matchOperation, matchPath } from '../../../src/core/openapi';
import { fileHost, fixture } from './fixtures';
import { loadInline } from './inlineDocument';

const verenigingen = `openapi: 3.0.3
info: { title: VR, version: '1' }
servers: [{ url: 'http://127.0.0.1:7402/v1' }]
paths:
  /verenigingen/{vCode}:
    get: { operationId: detail, responses: { '200': { description: ok } } }
    patch: { operationId: wijzig, responses: { '202': { description: ok } } }
  /verenigingen/zoeken:
    get: { operationId: zoeken, responses: { '200': { description: ok } } }
  /verenigingen/{vCode}/historiek:
    get: { operationId: historiek, responses: { '200': { description: ok } } }
  /{anything}/historiek:
    get: { operationId: generic, responses: { '200': { description: ok } } }
  /bestanden/{naam}.json:
    get: { operationId: bestand, responses: { '200': { description: ok } } }
`;

test('templates match concrete paths and give their path parameters', async () => {
  const index = await loadInline(verenigingen);
  const detail = matchOperation(index, 'GET', '/verenigingen/V0001001');
  assert.equal(detail?.operation.id, 'detail');
  assert.deepEqual(detail?.pathParams, { vCode: 'V0001001' });
  assert.equal(matchOperation(index, 'patch', '/verenigingen/V0001001')?.operation.id, 'wijzig');
  assert.equal(matchOperation(index, 'DELETE', '/verenigingen/V0001001'), undefined);
  assert.equal(matchOperation(index, 'GET', '/onbekend'), undefined);
  const file = matchOperation(index, 'GET', '/bestanden/rapport.json');
  assert.deepEqual([file?.operation.id, file?.pathParams], ['bestand', { naam: 'rapport' }]);
  assert.equal(matchOperation(index, 'GET', '/bestanden/rapport.xml'), undefined);
});

test('literal segments win over parameters, from the left', async () => {
  const index = await loadInline(verenigingen);
  assert.equal(matchOperation(index, 'GET', '/verenigingen/zoeken')?.operation.id, 'zoeken');
  assert.equal(matchOperation(index, 'GET', '/verenigingen/V0001001/historiek')?.operation.id, 'historiek');
  assert.equal(matchOperation(index, 'GET', '/iets/historiek')?.operation.id, 'generic');
});

test('full URLs, query strings, server and environment prefixes are tolerated', async () => {
  const index = await loadInline(verenigingen);
  const viaServer = matchOperation(index, 'GET', 'http://127.0.0.1:7402/v1/verenigingen/V0001001?expand=x#top');
  assert.deepEqual([viaServer?.operation.id, viaServer?.pathParams], ['detail', { vCode: 'V0001001' }]);
  const viaEnv = matchOperation(index, 'GET', 'http://127.0.0.1:7402/v8.6/v1/verenigingen/zoeken?q=*', { basePaths: ['/v8.6/v1'] });
  assert.equal(viaEnv?.operation.id, 'zoeken');
  // under the server path, the template with the leftmost literal wins
  const known = matchOperation(index, 'GET', '/v1/verenigingen/historiek');
  assert.deepEqual([known?.operation.id, known?.pathParams], ['detail', { vCode: 'historiek' }]);
});

test('behind an unknown prefix only a template with a literal segment matches', async () => {
  const index = await loadInline(`openapi: 3.0.3
info: { title: Root, version: '1' }
paths:
  /:
    get: { operationId: root, responses: { '200': { description: ok } } }
  /{id}:
    get: { operationId: byId, responses: { '200': { description: ok } } }
  /items/{id}:
    get: { operationId: item, responses: { '200': { description: ok } } }
`);
  assert.equal(matchOperation(index, 'GET', '/')?.operation.id, 'root');
  assert.equal(matchOperation(index, 'GET', '/42')?.operation.id, 'byId');
  assert.equal(matchOperation(index, 'GET', '/elsewhere/42'), undefined);
  assert.equal(matchOperation(index, 'GET', '/api/items/42')?.operation.id, 'item');
  assert.equal(matchOperation(index, 'GET', '/api/42', { basePaths: ['/api'] })?.operation.id, 'byId');
});

test('HEAD falls back to GET; matchPath lists every method of a path', async () => {
  const index = await loadInline(verenigingen);
  assert.equal(matchOperation(index, 'HEAD', '/verenigingen/V0001001')?.operation.id, 'detail');
  assert.deepEqual(matchPath(index, '/verenigingen/V0001001').map((m) => m.operation.id).sort(), ['detail', 'wijzig']);
});

test('VNG Klanten under /api/v1 (both dialects) and KVK Basisprofiel', async () => {
  for (const file of ['klanten.openapi.yaml', 'klanten.swagger.json']) {
    const index = await loadOpenApi(fixture(file), fileHost);
    const uuid = '9b7a4e6e-0b3b-4c53-9d2a-7b8f4f3c2d1e';
    const read = matchOperation(index, 'GET', `http://127.0.0.1:7404/api/v1/klanten/${uuid}`);
    assert.equal(read?.operation.id, 'klant_read', file);
    assert.equal(Object.values(read?.pathParams ?? {})[0], uuid, file);
    assert.equal(matchOperation(index, 'GET', `/api/v1/klanten/${uuid}/audittrail`)?.operation.id, 'audittrail_list', file);
    assert.equal(matchOperation(index, 'POST', '/api/v1/klanten')?.operation.id, 'klant_create', file);
  }
  const basis = await loadOpenApi(fixture('kvk-basisprofiel.openapi.yaml'), fileHost);
  const eigenaar = matchOperation(basis, 'GET', 'https://api.kvk.nl/test/api/v1/basisprofielen/68750110/eigenaar');
  assert.deepEqual([eigenaar?.operation.id, eigenaar?.pathParams], ['getEigenaar', { kvkNummer: '68750110' }]);
});
