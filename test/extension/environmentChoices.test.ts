import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { loadCatalog } from '../../src/core/catalog';
import { loadEnvironments } from '../../src/core/env/loadEnvironments';
import { registriesDir } from '../../src/core/paths';
import { environmentChoices, groupByRegistry } from '../../src/extension/environmentChoices';

const root = join(__dirname, '..', '..');

async function samples() {
  const catalog = await loadCatalog({ bundledDir: registriesDir(), readFile: (p) => readFile(p), listDir: (p) => readdir(p) });
  const loaded = loadEnvironments({ from: join(root, 'samples'), root: join(root, 'samples') });
  const defined = loaded.environments.map((env) => ({ name: env.name, variables: loaded.select(env.name).keys(), source: 'http-client.env.json' }));
  return { entries: catalog.entries, loaded, defined };
}

test('every environment of the samples env file lists each registry whose base URL it defines, not only the one whose catalog names it', async () => {
  const { entries, loaded, defined } = await samples();
  const choices = environmentChoices(entries, defined);
  assert.ok(loaded.environments.length >= 2, 'the samples define environments');
  for (const env of loaded.environments) {
    const variables = [...loaded.select(env.name).keys()];
    const expected = entries.filter((entry) => entry.variables.some((v) => v.role === 'baseUrl' && variables.includes(v.name))).map((entry) => entry.id);
    assert.ok(expected.length > 0, `${env.name} defines no registry's base URL`);
    const choice = choices.find((c) => c.name === env.name)!;
    for (const id of expected) assert.ok(choice.registries.includes(id), `${env.name} should list ${id}: ${choice.registries.join(', ')}`);
    assert.ok(choice.sources.includes('http-client.env.json'));
  }
  // The samples' `test` sets every registry's base URL: it is an environment of all of them.
  assert.deepEqual(choices.find((c) => c.name === 'test')!.registries, entries.map((e) => e.id));
});

test('the picker groups by registry: what every registry has first, then each registry its own, then the unclaimed', async () => {
  const { entries, defined } = await samples();
  const groups = groupByRegistry(environmentChoices(entries, [...defined, { name: 'dev', variables: ['host'], source: 'settings' }]), entries);
  assert.equal(groups[0]!.label, 'every registry');
  assert.deepEqual(groups[0]!.choices.map((c) => c.name).sort(), ['sandbox', 'test']);
  // Each registry with an environment of its own has a group under its name, in catalog order.
  for (const entry of entries) {
    const own = entry.environments.map((e) => e.name).filter((name) => name !== 'sandbox' && name !== 'test');
    const group = groups.find((g) => g.label === `${entry.name} (${entry.id})`);
    if (!own.length) {
      assert.equal(group, undefined, `${entry.id} has no environment of its own`);
      continue;
    }
    assert.deepEqual(group!.choices.map((c) => c.name).sort(), [...own].sort(), entry.id);
  }
  const last = groups.at(-1)!;
  assert.equal(last.label, 'environment files and settings');
  assert.deepEqual(last.choices.map((c) => [c.name, c.sources]), [['dev', ['settings']]]);
});
