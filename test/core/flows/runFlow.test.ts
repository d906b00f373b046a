// The flow engine against a loopback server: actions (end, goto step and workflow, retry with
// its limit and delay), the specification's defaults, and the four bugs of the leading open
// runners — action criteria that cannot see the status code or body, retryLimit not enforced,
// retryAfter read as milliseconds, a retry that later succeeds reported as failed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { flowFixture, json, type FlowFixture } from './flowHarness';

const openapi = `openapi: 3.0.3
info: { title: Items, version: '1' }
servers: [{ url: SERVER }]
paths:
  /items:
    get:
      operationId: listItems
      parameters:
        - { name: q, in: query, schema: { type: string } }
        - { name: page, in: query, schema: { type: integer } }
      responses: { '200': { description: ok } }
    post:
      operationId: createItem
      requestBody: { content: { application/json: { schema: { type: object } } } }
      responses: { '201': { description: created } }
  /items/{id}:
    get:
      operationId: getItem
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      responses: { '200': { description: ok } }
    patch:
      operationId: updateItem
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
        - { name: If-Match, in: header, schema: { type: string } }
      requestBody: { content: { application/json: { schema: { type: object } } } }
      responses: { '200': { description: ok }, '412': { description: changed } }
  /flaky:
    get: { operationId: flaky, responses: { '200': { description: ok } } }
  /slow:
    get: { operationId: slow, responses: { '200': { description: ok } } }
`;

let script: (request: IncomingMessage, response: ServerResponse, body: Buffer) => void = (_q, r) => json(r, 404, {});
let fixture: FlowFixture;
before(async () => {
  fixture = await flowFixture(openapi, (request, response, body) => script(request, response, body));
});
after(() => fixture.close());

const head = `arazzo: 1.0.1
info: { title: Items, version: '1' }
sourceDescriptions: [{ name: api, url: ./api.yaml, type: openapi }]
`;

/** Answers from a list, one per request to `path`, the last repeating. */
function sequence(path: string, answers: [number, unknown, Record<string, string>?][]): void {
  let n = 0;
  script = (request, response) => {
    if (new URL(request.url!, 'http://x').pathname !== path) return json(response, 404, { error: 'unknown' });
    const [status, body, headers] = answers[Math.min(n++, answers.length - 1)]!;
    json(response, status, body, headers);
  };
}

function requestsTo(path: string, from = 0): number {
  return fixture.server.requests.slice(from).filter((r) => new URL(r.url, 'http://x').pathname === path).length;
}

test('bug 1: onSuccess and onFailure criteria see $statusCode, $response.body and $response.header', async () => {
  script = (request, response) => {
    const path = new URL(request.url!, 'http://x').pathname;
    if (path === '/items') return json(response, 200, { more: true, items: [{ id: 'a1' }] }, { 'x-kind': 'Paged' });
    if (path === '/items/a1') return json(response, 409, { code: 'BUSY' });
    if (path === '/flaky') return json(response, 200, { fine: true });
    json(response, 404, {});
  };
  const result = await fixture.run(`${head}workflows:
  - workflowId: w
    steps:
      - stepId: list
        operationId: listItems
        successCriteria: [{ condition: $statusCode == 200 }]
        onSuccess:
          - name: notThisOne
            type: end
            criteria: [{ condition: $statusCode == 201 }]
          - name: toDetail
            type: goto
            stepId: detail
            criteria:
              - condition: $statusCode == 200 && $response.body#/more == true && $response.header.X-Kind == 'paged'
              - { context: $response.body, condition: '$.items[?@.id == "a1"]', type: jsonpath }
        outputs: { id: $response.body#/items/0/id }
      - stepId: skipped
        operationId: slow
      - stepId: detail
        operationId: getItem
        parameters: [{ name: id, in: path, value: $steps.list.outputs.id }]
        successCriteria: [{ condition: $statusCode == 200 }]
        onFailure:
          - name: busyGoesOn
            type: goto
            stepId: last
            criteria:
              - condition: $statusCode == 409
              - { context: $response.body, condition: '^\\{"code":"BUSY"\\}$', type: regex }
      - stepId: last
        operationId: flaky
`);
  assert.equal(result.passed, true, JSON.stringify(result.workflows[0]?.failure));
  const steps = result.workflows[0]!.steps;
  assert.deepEqual(steps.map((s) => [s.stepId, s.status]), [['list', 'passed'], ['detail', 'recovered'], ['last', 'passed']]);
  assert.equal(steps[0]!.actions[0]!.name, 'toDetail');
  assert.deepEqual(steps[0]!.actions[0]!.criteria.map((c) => c.passed), [true, true]);
  assert.equal(steps[1]!.actions[0]!.name, 'busyGoesOn');
  assert.equal(requestsTo('/slow'), 0, 'the goto jumped over the step in between');
});

test('bug 2: retryLimit is enforced — exactly 1 + retryLimit attempts, then the step fails', async () => {
  sequence('/flaky', [[503, { down: true }]]);
  const from = fixture.server.requests.length;
  fixture.sleeps.length = 0;
  const result = await fixture.run(`${head}workflows:
  - workflowId: w
    steps:
      - stepId: call
        operationId: flaky
        successCriteria: [{ condition: $statusCode == 200 }]
        onFailure:
          - { name: again, type: retry, retryAfter: 0, retryLimit: 2, criteria: [{ condition: $statusCode == 503 }] }
`);
  assert.equal(requestsTo('/flaky', from), 3);
  assert.equal(result.passed, false);
  const step = result.workflows[0]!.steps[0]!;
  assert.equal(step.status, 'failed');
  assert.equal(step.attempts.length, 3);
  assert.deepEqual(step.actions.map((a) => [a.type, a.retry?.number]), [['retry', 1], ['retry', 2], ['stop', undefined]]);
  assert.match(result.workflows[0]!.failure!.reason, /\$statusCode == 200: \$statusCode is 503, 200 is 200 \(after 2 retries\)/);
});

test('retry defaults: no retryLimit means one retry; retryLimit 0 means none, then the next failure action', async () => {
  sequence('/flaky', [[500, {}]]);
  let from = fixture.server.requests.length;
  const once = await fixture.run(`${head}workflows:
  - workflowId: w
    steps:
      - stepId: call
        operationId: flaky
        successCriteria: [{ condition: $statusCode == 200 }]
        onFailure: [{ name: again, type: retry }]
`);
  assert.equal(requestsTo('/flaky', from), 2);
  assert.equal(once.workflows[0]!.steps[0]!.attempts.length, 2);
  from = fixture.server.requests.length;
  const none = await fixture.run(`${head}workflows:
  - workflowId: w
    steps:
      - stepId: call
        operationId: flaky
        successCriteria: [{ condition: $statusCode == 200 }]
        onFailure:
          - { name: never, type: retry, retryLimit: 0 }
          - { name: giveUp, type: end }
      - stepId: notReached
        operationId: slow
`);
  assert.equal(requestsTo('/flaky', from), 1);
  assert.equal(requestsTo('/slow', from), 0);
  assert.equal(none.passed, true, 'an onFailure end ends the workflow without failing it');
  assert.equal(none.workflows[0]!.steps[0]!.status, 'handled');
  assert.deepEqual(none.workflows[0]!.endedBy, { stepId: 'call', action: 'giveUp', on: 'failure' });
});

test('bug 3: retryAfter is seconds (1.5 → 1500 ms); a Retry-After header overrules it', async () => {
  sequence('/flaky', [[503, {}], [503, {}, { 'retry-after': '2' }], [200, { ok: 1 }]]);
  fixture.sleeps.length = 0;
  const result = await fixture.run(`${head}workflows:
  - workflowId: w
    steps:
      - stepId: call
        operationId: flaky
        successCriteria: [{ condition: $statusCode == 200 }]
        onFailure: [{ name: again, type: retry, retryAfter: 1.5, retryLimit: 3 }]
`);
  assert.deepEqual(fixture.sleeps, [1500, 2000]);
  assert.deepEqual(result.workflows[0]!.steps[0]!.actions.slice(0, 2).map((a) => [a.retry?.delayMs, a.retry?.delaySource]), [[1500, 'retryAfter'], [2000, 'Retry-After header']]);
  const waits = result.events.filter((e) => e.type === 'wait');
  assert.equal(waits.length, 2);
});

test('a real retryAfter wait: the default sleep waits (0.05 s), and cancelling during a wait stops the flow', async () => {
  sequence('/flaky', [[503, {}], [200, {}]]);
  const started = performance.now();
  const waited = await fixture.run(`${head}workflows:
  - workflowId: w
    steps: [{ stepId: call, operationId: flaky, successCriteria: [{ condition: $statusCode == 200 }], onFailure: [{ name: r, type: retry, retryAfter: 0.05 }] }]
`, { host: { sleep: undefined } });
  assert.equal(waited.passed, true);
  assert.ok(performance.now() - started >= 50, 'the wait happened (a lower bound, not a timing assertion)');
  sequence('/flaky', [[503, {}]]);
  const controller = new AbortController();
  const cancelled = await fixture.run(`${head}workflows:
  - workflowId: w
    steps: [{ stepId: call, operationId: flaky, successCriteria: [{ condition: $statusCode == 200 }], onFailure: [{ name: r, type: retry, retryAfter: 600, retryLimit: 5 }] }]
`, { signal: controller.signal, host: { sleep: undefined }, onEvent: (e) => e.type === 'wait' && controller.abort() });
  assert.equal(cancelled.cancelled, true);
  assert.equal(cancelled.passed, false);
  assert.equal(cancelled.workflows[0]!.status, 'cancelled');
});

test('bug 4: a retry that later succeeds is recovered, and the flow passes', async () => {
  sequence('/flaky', [[503, {}], [503, {}], [200, { ok: true }]]);
  const result = await fixture.run(`${head}workflows:
  - workflowId: w
    steps:
      - stepId: call
        operationId: flaky
        successCriteria: [{ condition: $statusCode == 200 }]
        onFailure: [{ name: again, type: retry, retryLimit: 5 }]
        outputs: { ok: $response.body#/ok }
    outputs: { ok: $steps.call.outputs.ok }
`);
  assert.equal(result.passed, true);
  const step = result.workflows[0]!.steps[0]!;
  assert.equal(step.status, 'recovered');
  assert.deepEqual(step.attempts.map((a) => [a.record?.response?.status, a.passed]), [[503, false], [503, false], [200, true]]);
  assert.deepEqual(result.workflows[0]!.outputs, { ok: true });
});

test('retry with a stepId runs that step first; goto a workflow hands over with parameters as inputs (1.1)', async () => {
  let token = 'old';
  script = (request, response) => {
    const path = new URL(request.url!, 'http://x').pathname;
    if (path === '/slow') {
      token = 'new';
      return json(response, 200, { token });
    }
    if (path === '/flaky') return request.headers['authorization'] === 'Bearer new' ? json(response, 200, {}) : json(response, 401, {});
    if (path === '/items') return json(response, 200, { seen: new URL(request.url!, 'http://x').searchParams.get('q') });
    json(response, 404, {});
  };
  const result = await fixture.run(`arazzo: 1.1.0
info: { title: Items, version: '1' }
sourceDescriptions: [{ name: api, url: ./api.yaml, type: openapi }]
workflows:
  - workflowId: w
    steps:
      - stepId: call
        operationId: flaky
        parameters: [{ name: Authorization, in: header, value: 'Bearer {$steps.login.outputs.token}' }]
        successCriteria: [{ condition: $statusCode == 200 }]
        onFailure: [{ name: relogin, type: retry, stepId: login, criteria: [{ condition: $statusCode == 401 }] }]
        onSuccess:
          - name: handOver
            type: goto
            workflowId: other
            parameters: [{ name: query, value: 'from {$statusCode}' }]
      - stepId: login
        operationId: slow
        outputs: { token: $response.body#/token }
  - workflowId: other
    inputs: { type: object, properties: { query: { type: string } }, required: [query] }
    steps:
      - stepId: search
        operationId: listItems
        parameters: [{ name: q, in: query, value: $inputs.query }]
        outputs: { seen: $response.body#/seen }
    outputs: { seen: $steps.search.outputs.seen }
`);
  assert.equal(result.passed, true, JSON.stringify(result.workflows[0]?.failure));
  const steps = result.workflows[0]!.steps;
  assert.deepEqual(steps.map((s) => [s.stepId, s.status]), [['login', 'passed'], ['call', 'recovered']]);
  assert.equal(steps[1]!.child?.workflowId, 'other');
  assert.deepEqual(steps[1]!.child?.outputs, { seen: 'from 200' });
});

test('no successCriteria: any answer but a 5xx passes; a step without an action that handles its failure fails the workflow', async () => {
  sequence('/flaky', [[404, {}]]);
  const notFound = await fixture.run(`${head}workflows:\n  - workflowId: w\n    steps: [{ stepId: call, operationId: flaky }]\n`);
  assert.equal(notFound.passed, true);
  sequence('/flaky', [[502, {}]]);
  const bad = await fixture.run(`${head}workflows:\n  - workflowId: w\n    steps: [{ stepId: call, operationId: flaky }, { stepId: after, operationId: slow }]\n`);
  assert.equal(bad.passed, false);
  assert.equal(bad.workflows[0]!.failure?.stepId, 'call');
  assert.match(bad.workflows[0]!.failure!.reason, /server error 502/);
  assert.equal(bad.workflows[0]!.steps.length, 1, 'the next step did not run');
});

test('a broken step fails with the step, the evaluated criterion and the response: 412, timeout, unreachable', async () => {
  script = (request, response) => {
    const path = new URL(request.url!, 'http://x').pathname;
    if (path === '/items/x1' && request.method === 'GET') return json(response, 200, { id: 'x1' }, { etag: 'W/"1"' });
    if (path === '/items/x1') return json(response, 412, { title: 'Precondition Failed' });
    if (path === '/slow') return setTimeout(() => json(response, 200, {}), 2000);
    json(response, 404, {});
  };
  const conflict = await fixture.run(`${head}workflows:
  - workflowId: w
    steps:
      - stepId: read
        operationId: getItem
        parameters: [{ name: id, in: path, value: x1 }]
        outputs: { etag: $response.header.ETag }
      - stepId: update
        operationId: updateItem
        parameters:
          - { name: id, in: path, value: x1 }
          - { name: If-Match, in: header, value: $steps.read.outputs.etag }
        requestBody: { payload: { naam: x } }
        successCriteria: [{ condition: $statusCode == 200 }]
`);
  const update = conflict.workflows[0]!.steps[1]!;
  assert.equal(update.status, 'failed');
  assert.equal(conflict.workflows[0]!.failure?.stepId, 'update');
  assert.deepEqual(update.attempts[0]!.criteria[0]!.comparisons[0], { left: '$statusCode', leftValue: 412, operator: '==', right: '200', rightValue: 200, passed: false });
  assert.equal(update.attempts[0]!.record?.response?.status, 412);
  assert.equal(fixture.server.requests.at(-1)!.headers['if-match'], 'W/"1"');
  assert.equal(Buffer.from(update.attempts[0]!.record!.response!.body.bytes!).toString(), '{"title":"Precondition Failed"}');

  const timeout = await fixture.run(`arazzo: 1.1.0
info: { title: t, version: '1' }
sourceDescriptions: [{ name: api, url: ./api.yaml, type: openapi }]
workflows:
  - workflowId: w
    steps: [{ stepId: wait, operationId: slow, timeout: 100, successCriteria: [{ condition: $statusCode == 200 }] }]
`);
  const step = timeout.workflows[0]!.steps[0]!;
  assert.equal(step.status, 'failed');
  assert.equal(step.attempts[0]!.record?.error?.code, 'timeout');
  assert.match(timeout.workflows[0]!.failure!.reason, /timed out|timeout/i);
  assert.equal(step.attempts[0]!.criteria[0]!.comparisons[0]!.leftValue, undefined);
});

test('inputs: typed from text, defaults filled, missing ones named (or asked for), invalid ones refused before any request', async () => {
  script = (request, response) => json(response, 200, { q: new URL(request.url!, 'http://x').searchParams.getAll('q'), page: new URL(request.url!, 'http://x').searchParams.get('page') });
  const flow = `${head}workflows:
  - workflowId: w
    inputs:
      type: object
      required: [q]
      properties:
        q: { type: string }
        page: { type: integer, minimum: 1, default: 1 }
        secret: { type: string, format: password }
    steps:
      - stepId: list
        operationId: listItems
        parameters:
          - { name: q, in: query, value: $inputs.q }
          - { name: page, in: query, value: $inputs.page }
        outputs: { echo: $response.body }
    outputs: { echo: $steps.list.outputs.echo }
`;
  const from = fixture.server.requests.length;
  const missing = await fixture.run(flow);
  assert.equal(missing.passed, false);
  assert.match(missing.workflows[0]!.failure!.reason, /needs input 'q' \(string\): give --input q=…/);
  const invalid = await fixture.run(flow, { inputs: { q: 'x', page: '0' } });
  assert.match(invalid.workflows[0]!.failure!.reason, /input page must be >= 1/);
  assert.equal(fixture.server.requests.length, from, 'nothing was sent');
  const asked = await fixture.run(flow, { inputs: { secret: 'hunter2-hunter2' }, host: { askInputs: async (_w, fields) => Object.fromEntries(fields.map((f) => [f.name, 'bakker'])) } });
  assert.deepEqual(asked.workflows[0]!.outputs.echo, { q: ['bakker'], page: '1' });
  assert.ok(asked.secrets.includes('hunter2-hunter2'), 'password inputs are secrets');
  const typed = await fixture.run(flow, { inputs: { q: 'a', page: '3' } });
  assert.deepEqual(typed.workflows[0]!.inputs, { q: 'a', page: 3 });
});

test('dependsOn runs the other workflow first; $workflows.X.outputs reads it; a goto loop is bounded', async () => {
  script = (request, response) => json(response, 200, { path: new URL(request.url!, 'http://x').pathname });
  const result = await fixture.run(`${head}workflows:
  - workflowId: prepare
    steps: [{ stepId: p, operationId: slow, outputs: { path: $response.body#/path } }]
    outputs: { path: $steps.p.outputs.path }
  - workflowId: main
    dependsOn: [prepare]
    steps:
      - stepId: m
        operationId: listItems
        parameters: [{ name: q, in: query, value: $workflows.prepare.outputs.path }]
        outputs: { seen: $request.query.q }
    outputs: { seen: $steps.m.outputs.seen }
`, { workflowId: 'main' });
  assert.deepEqual(result.workflows.map((w) => [w.workflowId, w.status]), [['prepare', 'passed'], ['main', 'passed']]);
  assert.deepEqual(result.workflows[1]!.outputs, { seen: '/slow' });
  const loop = await fixture.run(`${head}workflows:
  - workflowId: w
    steps:
      - { stepId: a, operationId: slow, onSuccess: [{ name: again, type: goto, stepId: a }] }
`, { maxStepRuns: 5 });
  assert.equal(loop.passed, false);
  assert.match(loop.workflows[0]!.failure!.reason, /more than 5 step runs/);
});

test('request bodies: object payloads with expressions, templated strings, replacements by pointer and JSONPath, form data', async () => {
  const bodies: unknown[] = [];
  script = (request, response, body) => {
    bodies.push({ type: request.headers['content-type'], body: body.toString() });
    json(response, 201, { id: 'n1' });
  };
  const result = await fixture.run(`arazzo: 1.1.0
info: { title: t, version: '1' }
sourceDescriptions: [{ name: api, url: ./api.yaml, type: openapi }]
workflows:
  - workflowId: w
    inputs: { type: object, properties: { n: { type: integer }, tags: { type: array } } }
    steps:
      - stepId: object
        operationId: createItem
        requestBody:
          payload: { count: $inputs.n, name: 'item {$inputs.n}', tags: $inputs.tags, fixed: true }
          replacements:
            - { target: /nested/deep, value: $inputs.n }
            - { target: '$.tags[0]', targetSelectorType: jsonpath, value: first }
      - stepId: template
        operationId: createItem
        requestBody:
          contentType: application/json
          payload: '{"id": "{$steps.object.outputs.id}", "n": {$inputs.n}}'
          replacements: [{ target: /extra, value: 1 }]
      - stepId: form
        operationId: createItem
        requestBody:
          contentType: application/x-www-form-urlencoded
          payload: { grant_type: client_credentials, n: $inputs.n }
        outputs: { id: $response.body#/id }
`, { inputs: { n: 7, tags: ['a', 'b'] } });
  assert.equal(result.passed, true, JSON.stringify(result.workflows[0]?.failure));
  assert.deepEqual(bodies[0], { type: 'application/json', body: JSON.stringify({ count: 7, name: 'item 7', tags: ['first', 'b'], fixed: true, nested: { deep: 7 } }) });
  assert.deepEqual(JSON.parse((bodies[1] as { body: string }).body), { id: '', n: 7, extra: 1 }, 'outputs of a step without outputs are empty');
  assert.deepEqual(bodies[2], { type: 'application/x-www-form-urlencoded', body: 'grant_type=client_credentials&n=7' });
});

test('operationPath, cookie and querystring parameters, reusable components, workflow-level parameters and actions', async () => {
  const seen: { url: string; cookie?: string; header?: string }[] = [];
  script = (request, response) => {
    seen.push({ url: request.url!, cookie: request.headers.cookie, header: request.headers['x-trace'] as string });
    json(response, request.url!.includes('fail') ? 500 : 200, {});
  };
  const result = await fixture.run(`arazzo: 1.1.0
info: { title: t, version: '1' }
sourceDescriptions: [{ name: api, url: ./api.yaml, type: openapi }]
workflows:
  - workflowId: w
    parameters:
      - reference: $components.parameters.trace
      - { name: session, in: cookie, value: s1 }
    failureActions:
      - reference: $components.failureActions.retryOnce
    steps:
      - stepId: byPath
        operationPath: '{$sourceDescriptions.api.url}#/paths/~1items~1{id}/get'
        parameters:
          - { name: id, in: path, value: 'a b/c' }
          - reference: $components.parameters.trace
            value: overridden
      - stepId: raw
        operationId: listItems
        parameters: [{ name: all, in: querystring, value: 'q=fail&page=2' }]
components:
  parameters:
    trace: { name: X-Trace, in: header, value: t-1 }
  failureActions:
    retryOnce: { name: retryOnce, type: retry, retryLimit: 1 }
`);
  assert.equal(result.passed, false);
  assert.deepEqual(seen.map((s) => [s.url, s.cookie, s.header]), [
    ['/items/a%20b%2Fc', 'session=s1', 'overridden'],
    ['/items?q=fail&page=2', 'session=s1', 't-1'],
    ['/items?q=fail&page=2', 'session=s1', 't-1'],
  ]);
  assert.deepEqual(result.workflows[0]!.steps[1]!.actions.map((a) => [a.type, a.from]), [['retry', 'workflow'], ['stop', undefined]]);
});
