// OpenAPI semantics the diff must follow whatever dialect the documents are in: Swagger 2.0,
// 3.0 `nullable`, 3.1 type arrays, `$ref` cycles, files named by `$ref`, and the direction rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diffSpecs } from '../../../src/core/specdiff/specDiff';
import { diffTexts, fileHost, find } from './helpers';

const swagger = (body: string, extra = '') => `
swagger: '2.0'
info: { title: S, version: '1' }
basePath: /api
${extra}
paths:
  /klanten:
    post:
      operationId: maakKlant
      consumes: [application/json]
      parameters:
        - in: body
          name: body
          required: true
          schema: { $ref: '#/definitions/Klant' }
        - in: query
          name: dryRun
          type: boolean
      responses:
        '201':
          description: ok
          schema: { $ref: '#/definitions/Klant' }
definitions:
  Klant:
${body}
`;

test('Swagger 2.0: body parameter, inline parameter types, x-nullable, definitions', async () => {
  const diff = await diffTexts(
    swagger(`    type: object
    required: [naam]
    properties:
      naam: { type: string }
      klantnummer: { type: string, x-nullable: true }`),
    swagger(`    type: object
    required: [naam, subjectType]
    properties:
      naam: { type: string }
      subjectType: { type: string, enum: [natuurlijk_persoon, vestiging] }
      klantnummer: { type: string }`),
  );
  assert.equal(find(diff, 'property-added', "required property 'subjectType'")?.severity, 'breaking');
  assert.equal(find(diff, 'property-added', "property 'subjectType'")?.occurrences.find((o) => o.direction === 'response') ? 'x' : 'y', 'y');
  const nullable = diff.changes.filter((c) => c.kind === 'nullable-changed');
  assert.deepEqual(nullable.map((c) => [c.direction, c.severity]).sort(), [['request', 'breaking'], ['response', 'info']]);
  assert.equal(diff.old.specVersion, '2.0');
  assert.equal(diff.changes[0]!.occurrences[0]!.operation.path, '/api/klanten', 'basePath is part of the path');
});

test('Swagger 2.0 query parameter type change and a removed operation', async () => {
  const older = swagger('    type: object', '').replace('name: dryRun\n          type: boolean', 'name: dryRun\n          type: string');
  const diff = await diffTexts(older, swagger('    type: object').replace(/ {2}\/klanten:[\s\S]*?definitions:/, '  {}\ndefinitions:').replace('paths:\n  {}', 'paths: {}'));
  assert.equal(find(diff, 'operation-removed', 'POST /api/klanten')?.severity, 'breaking');
});

const openapi31 = (schema: string) => `
openapi: 3.1.0
info: { title: T, version: '1' }
paths:
  /x:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
${schema}
`;

test('3.1 type arrays with null and 3.0 nullable mean the same', async () => {
  const v30 = `openapi: 3.0.3
info: { title: T, version: '1' }
paths:
  /x:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  a: { type: string, nullable: true }
                  b: { type: integer }`;
  const same31 = openapi31(`                type: object
                properties:
                  a: { type: [string, 'null'] }
                  b: { type: integer }`);
  const diff = await diffTexts(v30, same31);
  assert.deepEqual(diff.changes.map((c) => c.kind), []);
  const dropped = await diffTexts(same31, openapi31(`                type: object
                properties:
                  a: { type: string }
                  b: { anyOf: [{ type: integer }, { type: 'null' }] }`));
  assert.equal(find(dropped, 'nullable-changed', 'may no longer be null')?.severity, 'info', 'a reader gets fewer nulls');
  assert.equal(find(dropped, 'nullable-changed', 'may now be null')?.severity, 'warning', 'a reader may now get null');
});

test('direction: an enum value added breaks readers a little, removed breaks senders', async () => {
  const doc = (values: string) => `openapi: 3.0.3
info: { title: T, version: '1' }
paths:
  /x:
    post:
      requestBody:
        content:
          application/json:
            schema: { $ref: '#/components/schemas/S' }
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: { $ref: '#/components/schemas/S' }
components:
  schemas:
    S:
      type: object
      properties:
        status: { type: string, enum: [${values}] }
`;
  const added = await diffTexts(doc('a, b'), doc('a, b, c'));
  assert.deepEqual(added.changes.map((c) => `${c.direction} ${c.kind} ${c.severity}`).sort(), ['request enum-values-added info', 'response enum-values-added warning']);
  const removed = await diffTexts(doc('a, b'), doc('a'));
  assert.deepEqual(removed.changes.map((c) => `${c.direction} ${c.kind} ${c.severity}`).sort(), ['request enum-values-removed breaking', 'response enum-values-removed info']);
  // one change per direction however many operations share the schema, each with its occurrences
  assert.equal(removed.changes[0]!.occurrences.length, 1);
});

test('a self-referencing schema is compared once and the change found below the cycle', async () => {
  const doc = (extra: string) => `openapi: 3.0.3
info: { title: T, version: '1' }
paths:
  /boom:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Knoop' }
components:
  schemas:
    Knoop:
      type: object
      properties:
        kinderen: { type: array, items: { $ref: '#/components/schemas/Knoop' } }
        ouder: { $ref: '#/components/schemas/Knoop' }
        naam: { type: string${extra} }
`;
  const diff = await diffTexts(doc(''), doc(', maxLength: 10'));
  assert.equal(diff.changes.length, 1);
  assert.equal(diff.changes[0]!.occurrences[0]!.path, '$.naam');
});

test('a $ref into another file is followed, and its lines are that file\'s', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'regx-specdiff-'));
  const main = (file: string) => `openapi: 3.0.3
info: { title: T, version: '1' }
paths:
  /x:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: { $ref: './${file}#/Klant' }
`;
  writeFileSync(join(dir, 'old.yaml'), main('old-schemas.yaml'));
  writeFileSync(join(dir, 'new.yaml'), main('new-schemas.yaml'));
  writeFileSync(join(dir, 'old-schemas.yaml'), 'Klant:\n  type: object\n  properties:\n    naam:\n      type: string\n    email:\n      type: string\n');
  writeFileSync(join(dir, 'new-schemas.yaml'), 'Klant:\n  type: object\n  properties:\n    naam:\n      type: string\n');
  const diff = await diffSpecs(join(dir, 'old.yaml'), join(dir, 'new.yaml'), fileHost);
  const removed = find(diff, 'property-removed', "'email'");
  assert.equal(removed?.old?.source, join(dir, 'old-schemas.yaml'));
  assert.equal(removed?.old?.line, 6);
});

test('JSON documents get lines too, and a one-line document gets line 1', async () => {
  const json = (props: object, pretty: boolean) =>
    JSON.stringify({ openapi: '3.0.3', info: { title: 'T', version: '1' }, paths: { '/x': { get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: props } } } } } } } } }, null, pretty ? 2 : 0);
  const pretty = await diffTexts(json({ a: { type: 'string' }, b: { type: 'string' } }, true), json({ a: { type: 'string' } }, true), {}, 'json');
  assert.equal(find(pretty, 'property-removed', "'b'")?.old?.line, 21);
  const flat = await diffTexts(json({ a: { type: 'string' }, b: { type: 'string' } }, false), json({ a: { type: 'string' } }, false), {}, 'json');
  assert.equal(find(flat, 'property-removed', "'b'")?.old?.line, 1);
});

test('not an API description: a clear error naming the file', async () => {
  await assert.rejects(diffTexts('just: yaml\n', 'openapi: 3.0.3\ninfo: {title: T, version: "1"}\npaths: {}\n'), /is not an OpenAPI 3\.x or Swagger 2\.0 document/);
});
