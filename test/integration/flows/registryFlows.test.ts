// The shipped flows of VR Publiek, VR ACM and KVK pass against the sandbox.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { failureOf, useSandboxFlows } from './sandboxFlows';

const flows = useSandboxFlows();

test('VR Publiek: search with sort and facets, then the detail', async () => {
  const result = await flows.run('vr-publiek/flows/zoeken-en-detail.arazzo.yaml', 'zoekenEnDetail');
  assert.equal(result.passed, true, failureOf(result));
  assert.match(String(result.workflows[0]!.outputs.vCode), /^V\d{7}$/);
  const url = new URL(result.workflows[0]!.steps[1]!.attempts[0]!.record!.request.url);
  assert.equal(url.searchParams.get('sort'), 'naam');
  assert.equal(url.searchParams.get('facets.hoofdactiviteitenVerenigingsloket'), 'SPRT');
});

test('VR ACM: the verenigingen of a person', async () => {
  const result = await flows.run('vr-acm/flows/verenigingen-van-een-persoon.arazzo.yaml', 'verenigingenVanEenPersoon');
  assert.equal(result.passed, true, failureOf(result));
  assert.match(String(result.workflows[0]!.outputs.eersteVCode), /^V\d{7}$/);
});

test('KVK: zoeken → basisprofiel → vestigingsprofiel → naamgeving (over the sandbox TLS under its own CA)', async () => {
  const result = await flows.run('kvk/flows/zoeken-en-profielen.arazzo.yaml', 'zoekenEnProfielen');
  assert.equal(result.passed, true, failureOf(result));
  assert.deepEqual(result.workflows[0]!.steps.map((s) => s.stepId), ['zoeken', 'basisprofiel', 'vestigingsprofiel', 'naamgeving']);
  assert.match(result.workflows[0]!.steps[0]!.attempts[0]!.record!.request.url, /^https:/);
});

test('VNG Klanten: create → HEAD/ETag → If-None-Match 304 → update → kla-001 conflict', async () => {
  const result = await flows.run('vng-klanten/flows/klant-etag-en-kla-001.arazzo.yaml', 'klantEtagEnKla001');
  assert.equal(result.passed, true, failureOf(result));
  const steps = result.workflows[0]!.steps;
  assert.deepEqual(steps.map((s) => [s.stepId, s.attempts[0]!.record?.response?.status]), [['aanmaken', 201], ['headers', 200], ['nietGewijzigd', 304], ['bijwerken', 200], ['dubbelKlantnummer', 400]]);
  assert.equal(steps[1]!.attempts[0]!.record!.request.method, 'HEAD');
});

test('AllSolutions: the upgrade test set', async () => {
  const result = await flows.run('allsolutions/flows/upgrade-testset.arazzo.yaml', 'upgradeTestset');
  assert.equal(result.passed, true, failureOf(result));
  assert.equal(result.workflows[0]!.steps.length, 8);
});
