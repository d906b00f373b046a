// A test set with a baseline: recorded on VR Beheer's staging-v8.6, then run against the current
// release in the sandbox — the comparison names the fields v8.32 renamed (from the catalog's
// release knowledge) and leaves the unchanged calls unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { registriesDir } from '../../../src/core/paths';
import { loadCatalog } from '../../../src/core/catalog/loadCatalog';
import { readdir } from 'node:fs/promises';
import { parseSuite } from '../../../src/core/flows/suite/suiteFile';
import { runSuite, type SuiteHost } from '../../../src/core/flows/suite/runSuite';
import { compareWithBaseline, makeBaseline } from '../../../src/core/flows/suite/baseline';
import { describeChange } from '../../../src/core/flows/suite/responseShape';
import { runFlow } from '../../../src/core/flows/runFlow';
import { useSandboxFlows } from './sandboxFlows';

const flows = useSandboxFlows();
const SUITE = join(registriesDir(), 'vr-beheer/tests/upgrade.suite.yaml');

async function runOn(environment: string) {
  const { suite, diagnostics } = parseSuite(await readFile(SUITE, 'utf8'), SUITE);
  assert.ok(suite, JSON.stringify(diagnostics));
  const host: SuiteHost = {
    load: async (item) => ({ flow: await flows.load(relative(registriesDir(), item.file), environment), diagnostics: [], notices: [] }),
    run: (flow, workflowId, inputs) => runFlow({ flow, workflowId, inputs, environment }, { sender: flows.sender(), readFile: (p) => readFile(p) }),
    validate: async () => ({ valid: null }),
    bodyText: async (record) => (record.response?.body.bytes ? Buffer.from(record.response.body.bytes).toString() : undefined),
    shown: (file) => relative(registriesDir(), file),
  };
  return runSuite(suite, host);
}

test('baseline on staging-v8.6, compared on the current release: the v8.32 renames are named', async () => {
  const recorded = await runOn('staging-v8.6');
  assert.equal(recorded.passed, true);
  const baseline = makeBaseline('vr-beheer upgrade', 'staging-v8.6', recorded.observed, new Date());
  assert.ok(baseline.requests.every((r) => r.status !== undefined));
  const current = await runOn('sandbox');
  assert.equal(current.passed, true);
  const catalog = await loadCatalog({ bundledDir: registriesDir(), readFile: (p) => readFile(p), listDir: (p) => readdir(p) });
  const renames = (id: string | undefined) => catalog.entries.find((e) => e.id === id)?.releases?.renames ?? [];
  const comparisons = compareWithBaseline(baseline, current.observed, renames);
  const lees = comparisons.find((c) => c.id.endsWith('/lees'))!;
  const described = lees.changes.map((c) => (c.kind === 'shape' ? describeChange(c.change) : c.kind));
  assert.ok(described.includes('field renamed: vereniging.type → vereniging.verenigingstype (release v8.32)'), described.join('\n'));
  const registreer = comparisons.find((c) => c.id.endsWith('/registreer'))!;
  assert.ok(!registreer.changes.some((c) => c.kind === 'status'), 'the 409 stays a 409');
  // A baseline against itself: nothing changed.
  assert.deepEqual(compareWithBaseline(makeBaseline('x', 'sandbox', current.observed, new Date()), current.observed, renames).flatMap((c) => c.changes), []);
});
