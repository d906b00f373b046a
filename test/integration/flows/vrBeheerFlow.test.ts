// VR Beheer: register → 409 → register with the token → read with ETag → patch with If-Match →
// stop → historiek, against the sandbox; and a broken step (a stale If-Match) fails with the
// step, the evaluated criterion and the 412 response.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { failureOf, useSandboxFlows } from './sandboxFlows';

const flows = useSandboxFlows();
const FILE = 'vr-beheer/flows/registreren-tot-historiek.arazzo.yaml';

test('registreren tot historiek passes against the sandbox', async () => {
  const result = await flows.run(FILE, 'registrerenTotHistoriek');
  assert.equal(result.passed, true, failureOf(result));
  const run = result.workflows[0]!;
  assert.deepEqual(run.steps.map((s) => [s.stepId, s.attempts[0]!.record?.response?.status]), [['registreer', 409], ['registreerToch', 202], ['lees', 200], ['wijzig', 202], ['stop', 202], ['historiek', 200]]);
  assert.match(String(run.outputs.vCode), /^V\d{7}$/);
  const names = (run.outputs.gebeurtenissen as { gebeurtenis: string }[]).map((g) => g.gebeurtenis);
  assert.deepEqual(names.filter((n) => /Geregistreerd|Gestopt/.test(n)), ['FeitelijkeVerenigingWerdGeregistreerd', 'VerenigingWerdGestopt']);
  assert.equal(run.steps[3]!.parameters.find((p) => p.name === 'If-Match')!.value, run.steps[2]!.outputs.etag);
});

test('a stale If-Match: the step fails with its criterion values and the 412 response', async () => {
  const flow = await flows.load(FILE);
  // The same flow with the PATCH sent on the version before the registration: a 412.
  const wijzig = flow.document.workflows[0]!.steps.find((s) => s.stepId === 'wijzig')!;
  wijzig.parameters = [wijzig.parameters![0]!, { name: 'If-Match', in: 'header', value: 'W/"0"' }];
  const { runFlow } = await import('../../../src/core/flows/runFlow');
  const { readFile } = await import('node:fs/promises');
  const result = await runFlow({ flow, workflowId: 'registrerenTotHistoriek' }, { sender: flows.sender(), readFile: (p) => readFile(p) });
  assert.equal(result.passed, false);
  const run = result.workflows[0]!;
  assert.equal(run.failure?.stepId, 'wijzig');
  const step = run.steps.find((s) => s.stepId === 'wijzig')!;
  assert.equal(step.attempts[0]!.record?.response?.status, 412);
  assert.deepEqual(step.attempts[0]!.criteria[0]!.comparisons[0], { left: '$statusCode', leftValue: 412, operator: '==', right: '202', rightValue: 202, passed: false });
  assert.match(Buffer.from(step.attempts[0]!.record!.response!.body.bytes!).toString(), /"status":412/);
  assert.equal(run.steps.length, 4, 'nothing after the failed step ran');
});
