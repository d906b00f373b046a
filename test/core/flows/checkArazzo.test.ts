// An Arazzo description is checked (schema, then the specification's prose rules) before
// anything runs, and every problem is placed at its line and column.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArazzo } from '../../../src/core/flows/parseArazzo';
import { checkArazzo } from '../../../src/core/flows/checkArazzo';

const check = (text: string) => checkArazzo(parseArazzo(text));
const errors = (text: string) => check(text).diagnostics.filter((d) => d.severity === 'error');
const at = (text: string) => errors(text).map((d) => `${d.range.start.line}:${d.range.start.column} ${d.message}`);

const head = `arazzo: 1.0.1
info: { title: Verenigingen, version: '1' }
sourceDescriptions:
  - name: beheer
    url: ../openapi.yaml
    type: openapi
`;

test('a valid 1.0 description (YAML) and the same as JSON pass with a document', () => {
  const yaml = `${head}workflows:
  - workflowId: lees
    inputs:
      type: object
      properties: { vCode: { type: string } }
    steps:
      - stepId: detail
        operationId: GetVereniging
        parameters:
          - { name: vCode, in: path, value: $inputs.vCode }
        successCriteria:
          - condition: $statusCode == 200
        outputs:
          etag: $response.header.ETag
    outputs:
      etag: $steps.detail.outputs.etag
`;
  const result = check(yaml);
  assert.deepEqual(result.diagnostics, []);
  assert.equal(result.document?.workflows[0]?.steps[0]?.stepId, 'detail');
  assert.equal(result.minor, '1.0');
  const json = JSON.stringify(result.document);
  assert.equal(check(json).document?.workflows[0]?.workflowId, 'lees');
});

test('syntax errors and duplicate keys are located; nothing is returned to run', () => {
  const broken = check(`${head}workflows:\n  - workflowId: a\n    steps: [ { stepId: x\n`);
  assert.equal(broken.document, undefined);
  assert.equal(broken.diagnostics[0]?.code, 'arazzo/syntax');
  assert.ok(broken.diagnostics[0]!.range.start.line >= 9);
  const dup = at(`${head}workflows:\n  - workflowId: a\n    workflowId: b\n    steps: [{ stepId: x, operationId: y }]\n`);
  assert.equal(dup.length, 1);
  assert.match(dup[0]!, /^9:\d+ .*[Uu]nique|^9:\d+ .*key/);
  const jsonBroken = check('{"arazzo": "1.0.1", "info": }');
  assert.equal(jsonBroken.document, undefined);
  assert.equal(jsonBroken.diagnostics[0]!.range.start.line, 1);
});

test('schema errors name the field and sit on its line', () => {
  assert.deepEqual(at(`arazzo: 1.0.1\ninfo: { title: t }\nsourceDescriptions: []\nworkflows: []\n`), [
    "2:7 /info: missing required field 'version'",
    '3:21 /sourceDescriptions: needs at least 1 entry',
    '4:12 /workflows: needs at least 1 entry',
  ]);
  const unknown = at(`${head}workflows:\n  - workflowId: a\n    stepz: []\n    steps: [{ stepId: x, operationId: y }]\n`);
  assert.deepEqual(unknown, ["9:5 /workflows/0: unknown field 'stepz'"]);
  const v11 = at(`${head}workflows:\n  - workflowId: a\n    steps:\n      - stepId: x\n        operationId: y\n        timeout: 5\n`);
  assert.match(v11[0]!, /^12:9 .*'timeout' is Arazzo 1\.1: write arazzo: 1\.1\.0/);
  assert.deepEqual(at(`${head}workflows:\n  - workflowId: a\n    steps:\n      - stepId: x\n        operationId: y\n        onFailure:\n          - { name: r, type: retry, retryAfter: -1, retryLimit: 1.5 }\n`), [
    '13:49 /workflows/0/steps/0/onFailure/0/retryAfter: must be 0 or more',
    '13:65 /workflows/0/steps/0/onFailure/0/retryLimit: must be integer',
  ]);
  assert.match(at(head.replace('1.0.1', '2.0.0') + 'workflows: []\n')[0]!, /Arazzo 2\.0\.0 is not supported/);
  assert.match(at(`arazzo: 1.0\ninfo: { title: t, version: '1' }\n`)[0]!, /quote the version/);
  assert.match(at(`${head}workflows:\n  - workflowId: a\n    steps:\n      - stepId: x\n        operationId: y\n        successCriteria:\n          - { condition: '^2', type: regex }\n`)[0]!, /missing required field 'context'/);
});

test('steps: exactly one target; goto and retry targets exist; ids unique', () => {
  const text = `${head}workflows:
  - workflowId: a
    steps:
      - stepId: one
        operationId: x
        operationPath: '{$sourceDescriptions.beheer.url}#/paths/~1x/get'
      - stepId: two
      - stepId: one
        operationId: z
        onSuccess:
          - { name: next, type: goto }
          - { name: far, type: goto, stepId: nowhere }
        onFailure:
          - { name: both, type: retry, stepId: one, workflowId: a }
          - { name: far, type: goto, workflowId: b }
`;
  assert.deepEqual(at(text), [
    "10:9 step 'one' has operationId and operationPath; give exactly one",
    "13:9 step 'two' needs one of operationId, operationPath or workflowId",
    "14:17 stepId 'one' is used twice in workflow 'a'",
    "17:13 goto action 'next' needs a stepId or a workflowId to go to",
    "18:46 workflow 'a' has no step 'nowhere' for action 'far' (steps: one, two, one)",
    "20:13 action 'both' names both a stepId and a workflowId; give one",
    '21:50 no workflow \'b\' in this description (known: a)',
  ]);
});

test('runtime expressions must parse and refer to what exists; notes for forms outside the grammar', () => {
  const text = `${head}workflows:
  - workflowId: a
    inputs: { type: object, properties: { naam: { type: string } } }
    steps:
      - stepId: one
        operationId: x
        parameters:
          - { name: q, in: query, value: $inputs.nam }
          - { name: id, in: path, value: $steps.later.outputs.id }
          - { name: h, in: header, value: $respons.header.x }
          - { name: t, in: header, value: 'Bearer {$steps.nothing.outputs.token}' }
          - { name: w, in: header, value: $workflows.other.outputs.x }
        outputs:
          body: $response.body.data.id
      - stepId: later
        operationId: y
        outputs:
          id: $response.body#/id
`;
  const result = check(text);
  const lines = result.diagnostics.map((d) => `${d.severity} ${d.range.start.line} ${d.message}`);
  assert.ok(lines.some((l) => /^warning 14 workflow 'a' declares no input 'nam'/.test(l)), lines.join('\n'));
  assert.ok(lines.some((l) => /^warning 15 step 'later' comes after this point/.test(l)));
  assert.ok(lines.some((l) => /^warning 16 '\$respons\.header\.x' is sent as text: .*did you mean \$response\?/.test(l)), lines.join('\n'));
  assert.ok(lines.some((l) => /^error 17 workflow 'a' has no step 'nothing'/.test(l)));
  assert.ok(lines.some((l) => /^error 18 no workflow 'other'/.test(l)));
  assert.ok(lines.some((l) => /^warning 20 .*write '#\/data\/id'/.test(l)));
  assert.equal(result.document, undefined);
});

test('conditions that do not parse are warnings (the criterion fails when run), as the specification says', () => {
  const result = check(`${head}workflows:
  - workflowId: a
    steps:
      - stepId: one
        operationId: x
        successCriteria:
          - condition: $statusCode = 200
          - { context: $response.body, condition: '$.a[?', type: jsonpath }
`);
  assert.ok(result.document);
  assert.deepEqual(result.diagnostics.map((d) => [d.severity, d.range.start.line]), [['warning', 13], ['warning', 14]]);
});

test('components and reusable objects: the reference names the right kind and exists', () => {
  const text = `${head}workflows:
  - workflowId: a
    steps:
      - stepId: one
        operationId: x
        parameters:
          - reference: $components.parameters.initiator
          - reference: $components.parameters.missing
          - reference: $components.successActions.done
        onSuccess:
          - reference: $components.successActions.done
        onFailure:
          - reference: $components.successActions.done
components:
  parameters:
    initiator: { name: VR-Initiator, in: header, value: OVO000001 }
  successActions:
    done: { name: done, type: end }
`;
  assert.deepEqual(at(text), [
    "14:24 components.parameters has no 'missing' (known: initiator)",
    "15:24 here a reference is $components.parameters.NAME, not '$components.successActions.done'",
    "19:24 here a reference is $components.failureActions.NAME, not '$components.successActions.done'",
  ]);
});

test('dependsOn: workflows exist and do not depend on each other in a circle', () => {
  const text = `${head}workflows:
  - workflowId: a
    dependsOn: [b]
    steps: [{ stepId: s, operationId: x }]
  - workflowId: b
    dependsOn: [a, c]
    steps: [{ stepId: s, operationId: x }]
`;
  const lines = at(text);
  assert.ok(lines.some((l) => /no workflow 'c'/.test(l)));
  assert.ok(lines.some((l) => /in a circle: a → b → a/.test(l)), lines.join('\n'));
});

test('1.1: selector objects, querystring, step dependsOn, action parameters; $self without a fragment', () => {
  const ok = check(`arazzo: 1.1.0
$self: https://example.org/flows/a.arazzo.yaml
info: { title: t, version: '1' }
sourceDescriptions: [{ name: api, url: ./api.yaml, type: openapi }]
workflows:
  - workflowId: a
    steps:
      - stepId: one
        operationId: $sourceDescriptions.api.list
        parameters:
          - { name: q, in: querystring, value: 'a={$inputs.x}&b=2' }
        timeout: 5000
        outputs:
          first: { context: $response.body, selector: '$.items[0].id', type: jsonpath }
      - stepId: two
        operationPath: $sourceDescriptions.api#/paths/~1items/get
        dependsOn: [one]
        onFailure:
          - name: again
            type: retry
            workflowId: b
            parameters: [{ name: id, value: $steps.one.outputs.first }]
  - workflowId: b
    steps: [{ stepId: s, operationId: $sourceDescriptions.api.list }]
`);
  assert.deepEqual(ok.diagnostics, []);
  assert.ok(ok.document);
  assert.match(at(`arazzo: 1.1.0\n$self: https://example.org/a#frag\ninfo: { title: t, version: '1' }\nsourceDescriptions: [{ name: api, url: ./api.yaml }]\nworkflows: [{ workflowId: a, steps: [{ stepId: s, operationId: x }] }]\n`)[0]!, /^2:8 \/\$self: must match/);
});
