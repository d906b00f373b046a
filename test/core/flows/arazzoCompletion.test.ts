// Completion in Arazzo files: operationIds and their parameters from the source description,
// `$steps.x.outputs.` names, `$inputs.` fields, `$workflows.` and the expression roots — at the
// cursor, from the text as it is being typed (the file need not be valid yet).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { completeArazzo } from '../../../src/core/flows/arazzoCompletion';
import { parseArazzo } from '../../../src/core/flows/parseArazzo';
import { parseOperationPath } from '../../../src/core/flows/operationPath';
import { resolveSource, type ResolvedSource } from '../../../src/core/flows/sources';
import { sourceHost } from './flowHarness';

const openapi = `openapi: 3.0.3
info: { title: Items, version: '1' }
servers: [{ url: http://127.0.0.1:9 }]
paths:
  /items:
    get:
      operationId: listItems
      summary: List the items
      parameters:
        - { name: q, in: query, schema: { type: string } }
        - { name: page, in: query, required: true, schema: { type: integer } }
      responses: { '200': { description: ok } }
  /items/{id}:
    get:
      operationId: getItem
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      responses: { '200': { description: ok } }
`;

const flow = `arazzo: 1.0.1
info: { title: Items, version: '1' }
sourceDescriptions: [{ name: api, url: ./api.yaml, type: openapi }]
workflows:
  - workflowId: find
    summary: Find one
    inputs:
      type: object
      required: [term]
      properties:
        term: { type: string, description: what to look for }
        size: { type: integer }
    steps:
      - stepId: list
        operationId: listItems
        parameters:
          - name: q
            in: query
            value: $inputs.term
        outputs:
          firstId: $response.body#/0/id
          total: $response.body#/length
      - stepId: one
        operationId: getItem
        parameters:
          - name: id
            in: path
            value: $steps.list.outputs.firstId
    outputs:
      item: $response.body
  - workflowId: other
    steps:
      - stepId: call
        workflowId: find
`;

let dir: string;
let sources: Map<string, ResolvedSource>;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'regx-arazzo-complete-'));
  await writeFile(join(dir, 'api.yaml'), openapi);
  sources = new Map([['api', await resolveSource({ name: 'api', url: './api.yaml', type: 'openapi' }, sourceHost, { flowFile: join(dir, 'f.arazzo.yaml'), notice: () => undefined })]]);
});
after(() => rm(dir, { recursive: true, force: true }));

const parsed = parseArazzo(flow);
const lines = flow.split('\n');

/** Completion with the cursor after `typed`, which replaces line `line` (1-based) from `column`. */
function at(line: number, typed: string) {
  const lineText = typed;
  return completeArazzo({ parsed, lineText, character: lineText.length, line, sources });
}

test('after operationId: the operations of the source, with method and path', () => {
  const items = at(15, '        operationId: ');
  assert.deepEqual(items.map((i) => [i.label, i.detail]), [['listItems', 'GET /items'], ['getItem', 'GET /items/{id}']]);
  assert.equal(items[0]!.documentation, 'List the items');
  assert.equal(lines[14], '        operationId: listItems');
});

test("after name: in a step's parameters, that operation's parameters with where they go", () => {
  assert.deepEqual(at(17, '          - name: ').map((i) => [i.label, i.detail]), [['q', 'query'], ['page', 'query, required']]);
  assert.deepEqual(at(26, '          - name: ').map((i) => [i.label, i.detail]), [['id', 'path, required']]);
});

test('$steps. offers the other steps; $steps.list.outputs. their output names', () => {
  assert.deepEqual(at(28, '            value: $steps.').map((i) => i.label), ['list']);
  assert.deepEqual(at(28, '            value: $steps.list.').map((i) => i.label), ['outputs']);
  assert.deepEqual(at(28, '            value: $steps.list.outputs.').map((i) => [i.label, i.detail]), [['firstId', '$response.body#/0/id'], ['total', '$response.body#/length']]);
  assert.deepEqual(at(28, '            value: $steps.list.outputs.fi').map((i) => i.label), ['firstId', 'total'], 'the editor filters by the typed prefix');
});

test("$inputs. offers the workflow's input fields with type and whether required", () => {
  assert.deepEqual(at(19, '            value: $inputs.').map((i) => [i.label, i.detail, i.documentation]), [['term', 'string, required', 'what to look for'], ['size', 'integer', undefined]]);
});

test('$ alone offers the expression roots; $workflows. the workflows and their outputs', () => {
  const roots = at(19, '            value: $').map((i) => i.label);
  for (const root of ['$statusCode', '$response.body', '$inputs.', '$steps.', '$workflows.', '$url', '$method']) assert.ok(roots.includes(root), root);
  assert.deepEqual(at(34, '        value: $workflows.').map((i) => i.label), ['find', 'other']);
  assert.deepEqual(at(34, '        value: $workflows.find.outputs.').map((i) => i.label), ['item']);
  assert.deepEqual(at(34, '        value: $sourceDescriptions.').map((i) => i.label), ['api']);
  assert.deepEqual(at(34, '        value: $sourceDescriptions.api.').map((i) => i.label), ['listItems', 'getItem']);
});

test('a step that calls a workflow is offered the other workflows; plain text gets nothing', () => {
  assert.deepEqual(at(34, '        workflowId: ').map((i) => i.label), ['find']);
  assert.deepEqual(at(18, '            in: que'), []);
});

test('after operationPath: a pointer to each operation in its source, escaped as JSON Pointer says, replacing the value typed so far', () => {
  const typed = "        operationPath: '{$sourceDescriptions.api";
  const items = at(15, typed);
  assert.deepEqual(
    items.map((i) => [i.label, i.detail]),
    [
      ['{$sourceDescriptions.api.url}#/paths/~1items/get', 'GET /items (listItems)'],
      ['{$sourceDescriptions.api.url}#/paths/~1items~1{id}/get', 'GET /items/{id} (getItem)'],
    ],
  );
  assert.equal(items[1]!.insertText, "'{$sourceDescriptions.api.url}#/paths/~1items~1{id}/get'");
  assert.equal(items[1]!.replaceFrom, '        operationPath: '.length);
  // What it inserts is a path the runner reads back to the same operation.
  assert.deepEqual(parseOperationPath(items[1]!.label), { source: 'api', pointer: ['paths', '/items/{id}', 'get'] });
});
