// Hover in Arazzo files: the operation behind an operationId or operationPath, the workflow behind
// a workflowId, and what $steps / $inputs / $workflows expressions refer to — from the text and
// the resolved source description, at the cursor.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hoverArazzo } from '../../../src/core/flows/arazzoHover';
import { parseArazzo } from '../../../src/core/flows/parseArazzo';
import { resolveSource, type ResolvedSource } from '../../../src/core/flows/sources';
import { sourceHost } from './flowHarness';

const openapi = `openapi: 3.0.3
info: { title: Items, version: '1' }
servers: [{ url: http://127.0.0.1:9 }]
paths:
  /items/{id}:
    get:
      operationId: getItem
      summary: One item by its \`id\`
      parameters: [{ name: id, in: path, required: true, description: the item's key, schema: { type: string } }]
      responses: { '200': { description: ok } }
    put:
      operationId: putItem
      deprecated: true
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      requestBody: { required: true, content: { application/json: { schema: { type: object } } } }
      responses: { '204': { description: done } }
`;

const flow = `arazzo: 1.0.1
info: { title: Items, version: '1' }
sourceDescriptions: [{ name: api, url: ./api.yaml, type: openapi }]
workflows:
  - workflowId: change
    summary: Read an item, then replace it
    inputs:
      type: object
      required: [id]
      properties:
        id: { type: string, description: which item }
    steps:
      - stepId: read
        description: Read it first
        operationId: getItem
        parameters:
          - { name: id, in: path, value: $inputs.id }
        outputs:
          etag: $response.header.ETag
      - stepId: write
        operationPath: '{$sourceDescriptions.api.url}#/paths/~1items~1{id}/put'
        parameters:
          - { name: If-Match, in: header, value: $steps.read.outputs.etag }
    outputs:
      tag: $steps.read.outputs.etag
  - workflowId: outer
    steps:
      - stepId: call
        workflowId: change
`;

let dir: string;
let sources: Map<string, ResolvedSource>;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'regx-arazzo-hover-'));
  await writeFile(join(dir, 'api.yaml'), openapi);
  sources = new Map([['api', await resolveSource({ name: 'api', url: './api.yaml', type: 'openapi' }, sourceHost, { flowFile: join(dir, 'f.arazzo.yaml'), notice: () => undefined })]]);
});
after(() => rm(dir, { recursive: true, force: true }));

const parsed = parseArazzo(flow);
const lines = flow.split('\n');

/** Hover with the cursor on the first `fragment` of line `line` (1-based). */
function hoverOn(line: number, fragment: string, offset = 1) {
  const lineText = lines[line - 1]!;
  const at = lineText.indexOf(fragment);
  assert.ok(at >= 0, `${fragment} is not on line ${line}: ${lineText}`);
  return hoverArazzo({ parsed, lineText, character: at + offset, line, sources });
}

test('on an operationId: method, path, summary and parameters, over the value', () => {
  const hover = hoverOn(15, 'getItem');
  assert.ok(hover);
  assert.match(hover.markdown, /^\*\*GET \/items\/\{id\}\*\* — `getItem` in `api`/);
  assert.match(hover.markdown, /One item by its `id`/);
  assert.match(hover.markdown, /- `id` \(path, required\) — the item's key/);
  assert.deepEqual([hover.start, hover.end], [lines[14]!.indexOf('getItem'), lines[14]!.indexOf('getItem') + 'getItem'.length]);
});

test('on an operationPath: the operation its pointer names, deprecated and with its body', () => {
  const hover = hoverOn(21, '{$sourceDescriptions', 5);
  assert.ok(hover);
  assert.match(hover.markdown, /^\*\*PUT \/items\/\{id\}\*\* — `putItem`/);
  assert.match(hover.markdown, /\*Deprecated\.\*/);
  assert.match(hover.markdown, /Body: application\/json, required/);
});

test('on a workflowId: the workflow, its inputs and outputs', () => {
  const hover = hoverOn(29, 'change');
  assert.ok(hover);
  assert.match(hover.markdown, /\*\*Workflow `change`\*\*\n\nRead an item, then replace it/);
  assert.match(hover.markdown, /- `id` \(string, required\) — which item/);
  assert.match(hover.markdown, /Outputs: `tag`/);
});

test('on runtime expressions: a step and its target, an output, an input', () => {
  const step = hoverOn(23, '$steps.read', 3);
  assert.ok(step);
  assert.match(step.markdown, /^\*\*Step `read`\*\* — `GET \/items\/\{id\}`\n\nRead it first\n\nOutputs: `etag`/);
  assert.equal(lines[22]!.slice(step.start, step.end), '$steps.read');
  assert.equal(hoverOn(23, '$steps.read.outputs.etag', 20)?.markdown, 'Output `etag` of step `read`: `$response.header.ETag`');
  assert.match(hoverOn(17, '$inputs.id')!.markdown, /^Input `id` \(string, required\) of workflow `change`\n\nwhich item$/);
});

test('nothing to say: plain keys, unknown ids, text between expressions', () => {
  assert.equal(hoverOn(13, 'stepId'), undefined);
  assert.equal(hoverArazzo({ parsed, lineText: '        operationId: nope', character: 23, line: 15, sources }), undefined);
  assert.equal(hoverArazzo({ parsed, lineText: '          - { name: If-Match, in: header, value: $steps.nope.outputs.x }', character: 55, line: 23, sources }), undefined);
});
