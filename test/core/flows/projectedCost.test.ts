// The projected cost of a workflow, from the shipped flows and the catalog's cost models: what a
// run would call at registries that charge, and whether any of it is real (outside the sandbox).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadFlow } from '../../../src/core/flows/loadFlow';
import { projectCost, projectedCostLines } from '../../../src/core/flows/projectedCost';
import { registriesDir } from '../../../src/core/paths';
import { sourceHost } from '../../integration/flows/sandboxFlows';

async function load(relativePath: string, environment?: string) {
  const file = join(registriesDir(), relativePath);
  const loaded = await loadFlow(await readFile(file, 'utf8'), file, sourceHost, { environment });
  assert.ok(loaded.flow, loaded.diagnostics.map((d) => d.message).join('\n'));
  return loaded.flow!;
}

test('DATA-collectief in the sandbox: every call of the workflow counted, nothing real spent', async () => {
  const flow = await load('data-collectief/flows/business-cases.arazzo.yaml');
  const projected = projectCost(flow, 'bedrijvenZoekenEnDownloaden');
  assert.equal(projected.paidCalls, 0);
  assert.equal(projected.registries.length, 1);
  const [dc] = projected.registries;
  assert.deepEqual([dc!.registry, dc!.environment, dc!.sandbox, dc!.model, dc!.calls, dc!.operations], ['data-collectief', 'sandbox', true, 'credits', 3, ['DownloadStatistics', 'CompanyList', 'Company']]);
  assert.match(projectedCostLines(projected)[0]!, /offline sandbox: nothing real is spent/);
  // The Company download is the one charged step, in the wording of a run's projection.
  assert.deepEqual([dc!.amount, dc!.unit, projected.spend], [1, 'credits', 0]);
  assert.equal(projected.lines[0], 'DATA-collectief API (sandbox): this flow downloads 1 company you do not own: 1 credits (offline sandbox: nothing real is spent)');
});

test('KVK in production: four paid calls that need a confirmation; in the sandbox none', async () => {
  const production = projectCost(await load('kvk/flows/zoeken-en-profielen.arazzo.yaml', 'production'), 'zoekenEnProfielen');
  assert.equal(production.paidCalls, 4);
  assert.equal(production.spend, 4);
  assert.equal(production.lines[0], 'KVK Handelsregister API (production): this flow makes 4 paid calls: 4 calls');
  assert.deepEqual(production.registries.map((r) => [r.environment, r.model, r.sandbox]), [['production', 'per-call', false]]);
  const sandbox = projectCost(await load('kvk/flows/zoeken-en-profielen.arazzo.yaml', 'sandbox'), 'zoekenEnProfielen');
  assert.equal(sandbox.paidCalls, 0);
  assert.equal(sandbox.spend, 0);
});
