// The flow-run panel's view model: real runs against a loopback server, their events fed to
// applyEvent as the editor feeds them, the rows checked at each moment (pending → running →
// waiting → recovered; skipped by a goto; a failed criterion with both evaluated sides), the
// projected cost, redaction, and the webview's wording of criteria and actions.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { flowFixture, json, type FlowFixture } from './flowHarness';
import { PipelineStepSender } from '../../helpers/pipelineStepSender';
import { SendPipeline } from '../../../src/core/send/sendPipeline';
import { applyEvent, failedView, finishView, initialView, type FlowRunView } from '../../../src/core/flows/runView';
import { Redactor } from '../../../src/core/history/redactor';
import type { FlowEvent } from '../../../src/core/flows/flowRunTypes';
import { actionText, criterionRow, rerunPoints, summaryLine, targetLine } from '../../../webview/flowrun/model';
import { isFlowRunView, isHostMessage, isWebviewMessage } from '../../../webview/flowrun/protocol';

const openapi = `openapi: 3.0.3
info: { title: Items, version: '1' }
servers: [{ url: SERVER }]
paths:
  /items:
    get:
      operationId: listItems
      responses: { '200': { description: ok } }
  /items/{id}:
    get:
      operationId: getItem
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      responses: { '200': { description: ok } }
  /flaky:
    get: { operationId: flaky, responses: { '200': { description: ok } } }
`;

const head = `arazzo: 1.0.1
info: { title: Items, version: '1' }
sourceDescriptions: [{ name: api, url: ./api.yaml, type: openapi }]
`;

let script: (request: IncomingMessage, response: ServerResponse) => void = (_q, r) => json(r, 404, {});
let fixture: FlowFixture;
let flakyCalls = 0;
before(async () => {
  fixture = await flowFixture(openapi, (request, response) => script(request, response));
});
after(() => fixture.close());

const redactor = new Redactor(['s3cret-token']);

/** Runs `arazzo`, building the view from its events; returns the views after each event too. */
async function runWithView(arazzo: string, workflowId: string): Promise<{ views: FlowRunView[]; final: FlowRunView; events: FlowEvent[] }> {
  const loaded = await fixture.load(arazzo);
  assert.ok(loaded.flow, loaded.diagnostics.map((d) => d.message).join('\n'));
  let view = initialView({ runId: 'r1', file: 'flow.arazzo.yaml', flow: loaded.flow!, workflowId });
  const views = [view];
  const result = await fixture.run(arazzo, {
    workflowId,
    onEvent: (event) => {
      view = applyEvent(view, event, redactor);
      views.push(view);
    },
  });
  const final = finishView(view, result, redactor);
  return { views, final, events: result.events };
}

test('every step is pending before the run, with its target and line; the view passes the protocol guard', async () => {
  const loaded = await fixture.load(`${head}workflows:
  - workflowId: w
    steps:
      - stepId: list
        description: List them.
        operationId: listItems
      - stepId: one
        operationId: getItem
        parameters: [{ name: id, in: path, value: '7' }]
`);
  const view = initialView({ runId: 'r', file: 'f', flow: loaded.flow!, workflowId: 'w' });
  assert.equal(view.state, 'running');
  assert.deepEqual(view.steps.map((s) => [s.stepId, s.status, targetLine(s), s.line]), [
    ['list', 'pending', 'GET /items', 7],
    ['one', 'pending', 'GET /items/{id}', 10],
  ]);
  assert.equal(view.steps[0]!.description, 'List them.');
  assert.ok(isFlowRunView(view));
  assert.ok(isHostMessage({ type: 'show', view }));
  const confirm = initialView({ runId: 'r', file: 'f', flow: loaded.flow!, workflowId: 'w', confirm: true, resumedFrom: 'one' });
  assert.equal(confirm.state, 'confirm');
  assert.deepEqual(confirm.steps.map((s) => s.status), ['skipped', 'pending'], 'a rerun from a step leaves the steps before it out');
});

test('a retry shows the step waiting with its delay, then recovered with both attempts and the retry action', async () => {
  flakyCalls = 0;
  script = (request, response) => {
    if (request.url === '/flaky') return json(response, ++flakyCalls < 2 ? 503 : 200, { n: flakyCalls });
    json(response, 200, { items: [{ id: '7' }] });
  };
  const { views, final } = await runWithView(
    `${head}workflows:
  - workflowId: w
    steps:
      - stepId: flaky
        operationId: flaky
        successCriteria: [{ condition: $statusCode == 200 }]
        onFailure: [{ name: again, type: retry, retryAfter: 2, retryLimit: 3 }]
      - stepId: list
        operationId: listItems
`,
    'w',
  );
  const statuses = views.map((v) => v.steps[0]!.status);
  assert.ok(statuses.includes('running'));
  const waiting = views.find((v) => v.steps[0]!.status === 'waiting');
  assert.equal(waiting?.steps[0]!.waitMs, 2000, 'retryAfter is seconds');
  assert.equal(final.state, 'passed');
  assert.deepEqual(final.steps.map((s) => [s.stepId, s.status, s.attempts]), [
    ['flaky', 'recovered', 2],
    ['list', 'passed', 1],
  ]);
  const run = final.steps[0]!.run!;
  assert.deepEqual(run.attempts.map((a) => [a.passed, a.response?.status]), [[false, 503], [true, 200]]);
  assert.equal(actionText(run.actions[0]!), "onFailure 'again': retry 1 of 3 after 2 s (retryAfter)");
  assert.equal(actionText(run.actions[1]!), 'onSuccess: next step');
  assert.match(summaryLine(final), /^2 of 2 steps run · 1 passed · 1 recovered · \d+ ms$/);
  assert.deepEqual(rerunPoints(final), ['flaky', 'list']);
  assert.ok(isFlowRunView(final));
});

test('a goto forward marks the steps it jumps over as not run; an end action leaves the rest skipped', async () => {
  script = (_request, response) => json(response, 200, { items: [] });
  const { final } = await runWithView(
    `${head}workflows:
  - workflowId: w
    steps:
      - stepId: a
        operationId: listItems
        onSuccess: [{ name: jump, type: goto, stepId: c }]
      - stepId: b
        operationId: listItems
      - stepId: c
        operationId: listItems
        onSuccess: [{ name: stop, type: end }]
      - stepId: d
        operationId: listItems
`,
    'w',
  );
  assert.deepEqual(final.steps.map((s) => [s.stepId, s.status]), [
    ['a', 'passed'],
    ['b', 'skipped'],
    ['c', 'passed'],
    ['d', 'skipped'],
  ]);
  assert.equal(actionText(final.steps[0]!.run!.actions[0]!), "onSuccess 'jump': goto step c");
  assert.deepEqual(final.endedBy, { stepId: 'c', action: 'stop', on: 'success' });
});

test('a goto back runs a step again as a new row, the steps after it pending again', async () => {
  let calls = 0;
  script = (_request, response) => json(response, 200, { round: ++calls });
  const { views, final } = await runWithView(
    `${head}workflows:
  - workflowId: w
    steps:
      - stepId: a
        operationId: listItems
      - stepId: b
        operationId: listItems
        onSuccess:
          - name: back
            type: goto
            stepId: a
            criteria: [{ condition: $response.body#/round == 2 }]
`,
    'w',
  );
  assert.deepEqual(final.steps.map((s) => [s.stepId, s.status]), [
    ['a', 'passed'],
    ['b', 'passed'],
    ['a', 'passed'],
    ['b', 'passed'],
  ]);
  assert.equal(new Set(final.steps.map((s) => s.key)).size, 4, 'every row has its own key');
  const mid = views.find((v) => v.steps.length === 4 && v.steps[2]!.status === 'running');
  assert.equal(mid?.steps[3]!.status, 'pending');
});

test('a failed criterion shows both evaluated sides, the response, and the run fails at that step; secrets are redacted', async () => {
  script = (_request, response) => json(response, 200, { status: 'closed', token: 's3cret-token' });
  const { final } = await runWithView(
    `${head}workflows:
  - workflowId: w
    steps:
      - stepId: check
        operationId: listItems
        successCriteria:
          - condition: $statusCode == 200
          - condition: $response.body#/status == 'open'
          - context: $response.body
            condition: '^\\{"status":"open"'
            type: regex
          - context: $response.body
            condition: $.items[0]
            type: jsonpath
      - stepId: never
        operationId: listItems
`,
    'w',
  );
  assert.equal(final.state, 'failed');
  assert.equal(final.failure?.stepId, 'check');
  assert.deepEqual(final.steps.map((s) => s.status), ['failed', 'skipped']);
  const attempt = final.steps[0]!.run!.attempts[0]!;
  const rows = attempt.criteria.map(criterionRow);
  assert.deepEqual(rows.map((r) => r.passed), [true, false, false, false]);
  assert.deepEqual(rows[1]!.lines[0], { left: '$response.body#/status', leftValue: "'closed'", operator: '==', right: "'open'", rightValue: "'open'", passed: false });
  assert.equal(rows[2]!.lines[0]!.operator, 'does not match');
  assert.deepEqual([rows[3]!.type, rows[3]!.lines[0]!.rightValue], ['jsonpath', 'nothing']);
  assert.equal(attempt.response?.status, 200);
  assert.ok(!JSON.stringify(final).includes('s3cret-token'), 'the secret is out of the whole view');
  assert.match(attempt.response!.body, /\[redacted\]/);
});

test('a run that cannot start keeps its rows as not run and says why', async () => {
  const loaded = await fixture.load(`${head}workflows:
  - workflowId: w
    steps:
      - stepId: a
        operationId: listItems
`);
  const view = failedView(initialView({ runId: 'r', file: 'f', flow: loaded.flow!, workflowId: 'w' }), 'inputs not given: name');
  assert.equal(view.state, 'failed');
  assert.deepEqual(view.steps.map((s) => s.status), ['skipped']);
  assert.equal(view.failure?.reason, 'inputs not given: name');
});

test('the protocol guards refuse malformed messages from either side', () => {
  assert.ok(isWebviewMessage({ type: 'ready' }));
  assert.ok(isWebviewMessage({ type: 'rerun', runId: 'r', fromStepId: 'b' }));
  assert.ok(isWebviewMessage({ type: 'rerun', runId: 'r' }));
  assert.ok(isWebviewMessage({ type: 'openResponse', runId: 'r', stepKey: 'run:1', attempt: 2 }));
  assert.ok(!isWebviewMessage({ type: 'rerun', runId: 7 }));
  assert.ok(!isWebviewMessage({ type: 'openResponse', runId: 'r', stepKey: 'k', attempt: 1.5 }));
  assert.ok(!isWebviewMessage({ type: 'cancel' }));
  assert.ok(!isWebviewMessage({ type: 'eval', code: 'x' }));
  assert.ok(!isWebviewMessage(null));
  assert.ok(!isHostMessage({ type: 'show', view: { runId: 'r' } }));
  assert.ok(!isHostMessage({ type: 'show', view: { runId: 'r', file: 'f', workflowId: 'w', state: 'exploded', steps: [], inputs: {}, outputs: {}, costs: [], notices: [] } }));
  assert.ok(isHostMessage({ type: 'show', view: { runId: 'r', file: 'f', workflowId: 'w', state: 'passed', steps: [], inputs: {}, outputs: {}, costs: [], notices: [] } }));
  assert.ok(!isHostMessage({ type: 'show', view: { runId: 'r', file: 'f', workflowId: 'w', state: 'passed', steps: [{ key: 'k', stepId: 's', workflowId: 'w', status: 'bogus', attempts: 0, target: { id: 'x' } }], inputs: {}, outputs: {}, costs: [], notices: [] } }));
  assert.ok(isHostMessage({ type: 'reply', requestId: 1, ok: true }));
});

test("what the send path says a call cost shows on its step and in the run's total", async () => {
  script = (_request, response) => json(response, 200, {});
  const inner = new PipelineStepSender(new SendPipeline());
  // The costs policy's note, as the send session puts it on the record.
  const sender = { send: async (spec: Parameters<PipelineStepSender['send']>[0], options: Parameters<PipelineStepSender['send']>[1]) => {
    const exchange = await inner.send(spec, options);
    return { ...exchange, record: { ...exchange.record, cost: { amount: spec.url.includes('/items/') ? 1 : 0, unit: 'credits', balance: 99 } } };
  } };
  const arazzo = `${head}workflows:
  - workflowId: w
    steps:
      - stepId: list
        operationId: listItems
      - stepId: one
        operationId: getItem
        parameters: [{ name: id, in: path, value: '7' }]
`;
  const loaded = await fixture.load(arazzo);
  let view = initialView({ runId: 'r', file: 'f', flow: loaded.flow!, workflowId: 'w' });
  const result = await fixture.run(arazzo, { workflowId: 'w', host: { sender }, onEvent: (event) => (view = applyEvent(view, event, redactor)) });
  assert.deepEqual(view.costs, [{ amount: 1, unit: 'credits' }], 'the live total while running');
  const final = finishView(view, result, redactor);
  assert.deepEqual(final.steps.map((s) => s.run!.attempts[0]!.cost?.amount), [0, 1]);
  assert.deepEqual(final.costs, [{ amount: 1, unit: 'credits' }]);
  assert.match(summaryLine(final), /spent 1 credits/);
});
