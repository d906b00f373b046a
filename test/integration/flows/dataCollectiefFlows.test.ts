// DATA-collectief's eight documented business cases (registries/data-collectief/flows) pass
// against the sandbox; credits are spent and earned as the cases say.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { failureOf, useSandboxFlows } from './sandboxFlows';

const flows = useSandboxFlows();
const FILE = 'data-collectief/flows/business-cases.arazzo.yaml';

test('bedrijven zoeken en downloaden: statistics, a wildcard search, a download that costs a credit once', async () => {
  const first = await flows.run(FILE, 'bedrijvenZoekenEnDownloaden');
  assert.equal(first.passed, true, failureOf(first));
  const run = first.workflows[0]!;
  assert.deepEqual(run.steps.map((s) => [s.stepId, s.status]), [['downloadStatistics', 'passed'], ['companyList', 'passed'], ['company', 'passed']]);
  assert.match(String(run.outputs.companyName), /bakkerij/i);
  assert.equal(run.outputs.creditsCharged, 1);
  const again = await flows.run(FILE, 'bedrijvenZoekenEnDownloaden');
  assert.equal(again.workflows[0]!.outputs.creditsCharged, 0, 'owned for a month: the second download is free');
});

test('every other documented case passes', async () => {
  for (const workflowId of ['contactpersonenZoekenEnDownloaden', 'doelgroepselectie', 'actualiseren', 'mutatiesAanbieden', 'websiteLeads']) {
    const result = await flows.run(FILE, workflowId);
    assert.equal(result.passed, true, failureOf(result));
    assert.ok(result.workflows[0]!.steps.every((s) => s.status === 'passed'), `${workflowId}: ${result.workflows[0]!.steps.map((s) => `${s.stepId}=${s.status}`).join(' ')}`);
  }
});

test('accounts koppelen and a new contact: the first run does it, a second run ends on the 409 as the case says', async () => {
  for (const workflowId of ['accountsKoppelen', 'nieuweContactpersoonAanbieden']) {
    const first = await flows.run(FILE, workflowId);
    assert.equal(first.passed, true, failureOf(first));
    assert.equal(first.workflows[0]!.steps[0]!.status, 'passed');
    const second = await flows.run(FILE, workflowId);
    assert.equal(second.passed, true, failureOf(second));
    assert.equal(second.workflows[0]!.steps[0]!.status, 'handled');
    assert.equal(second.workflows[0]!.steps[0]!.attempts[0]!.record?.response?.status, 409);
  }
});
