import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { loadCatalog, type Catalog } from '../../../src/core/catalog';
import { catalogVariables, credentialProblem, variableAliases } from '../../../src/core/catalog/catalogVariables';
import { credentialNames } from '../../../src/core/catalog/credentialNames';
import { requestVariables } from '../../../src/core/run/requestVariables';
import { VariableScope } from '../../../src/core/variables/variableScope';
import { sandboxCredentials } from '../../../src/sandbox/ensure';
import { Redactor } from '../../../src/core/history/redactor';

const bundledDir = join(__dirname, '..', '..', '..', 'registries');
let loaded: Promise<Catalog> | undefined;
const catalog = () => (loaded ??= loadCatalog({ bundledDir, readFile: (p) => readFile(p), listDir: (p) => readdir(p) }));

test('one camelCase scheme: every declared variable name, and the auth secret is one of them', async () => {
  const { entries } = await catalog();
  for (const entry of entries) {
    assert.ok(entry.variables.some((v) => v.role === 'baseUrl'), `${entry.id} declares its base URL variable`);
    for (const variable of entry.variables) assert.match(variable.name, /^[a-z][A-Za-z0-9]*$/, `${entry.id}: ${variable.name}`);
    if ('secret' in entry.auth) assert.ok(entry.variables.some((v) => v.name === (entry.auth as { secret: string }).secret && v.role === 'credential'), entry.id);
  }
  const names = entries.flatMap((e) => e.variables.map((v) => v.name));
  assert.equal(new Set(names).size, names.length, 'no name is declared by two registries');
});

test('every variable a registry declares (but its base URL) is filled by its sandbox', async () => {
  const { entries } = await catalog();
  const demo = await sandboxCredentials();
  for (const entry of entries.filter((e) => e.sandboxPort)) {
    for (const variable of entry.variables.filter((v) => v.role !== 'baseUrl')) {
      assert.equal(typeof demo[entry.id]?.[variable.name], 'string', `${entry.id} sandbox gives ${variable.name}`);
    }
  }
});

test('catalog variables: base URLs of the selected environment, the running sandbox\'s origin and demo values', async () => {
  const { entries } = await catalog();
  const sandbox = { registries: { kvk: 'https://127.0.0.1:9400', 'vr-beheer': 'http://127.0.0.1:9402' }, credentials: { kvk: { kvkApiKey: 'demo-key', other: 'x' }, 'vr-beheer': { vrInitiator: 'OVO1' } } };
  const vars = catalogVariables(entries, 'sandbox', { sandbox, fileRegistry: 'kvk' });
  assert.equal(vars.get('kvkBaseUrl')?.value, 'https://127.0.0.1:9400');
  assert.equal(vars.get('baseUrl')?.value, 'https://127.0.0.1:9400');
  assert.deepEqual(vars.get('kvkApiKey'), { value: 'demo-key', source: 'secret', secret: true, origin: 'sandbox' });
  assert.equal(vars.get('vrInitiator')?.secret, false);
  assert.equal(vars.get('vrPubliekBaseUrl')?.value, 'http://127.0.0.1:7401', 'not running: the catalog port');
  assert.equal(vars.has('other'), false, 'only declared names become variables');
  const staging = catalogVariables(entries, 'staging-v8.6', { sandbox });
  assert.equal(staging.get('vrBeheerBaseUrl')?.value, 'http://127.0.0.1:9402/v8.6', 'the path of the environment stays on the moved origin');
  const test = catalogVariables(entries, 'test', { sandbox });
  assert.equal(test.get('kvkBaseUrl')?.value, 'https://api.kvk.nl');
  assert.equal(test.has('kvkApiKey'), false, 'no demo values outside the sandbox');
  assert.equal(test.has('vrBeheerBaseUrl'), false, 'a registry without that environment defines nothing');
});

test('old names still resolve, both ways, and each use is reported once', async () => {
  const value = await catalog();
  const told: string[] = [];
  const { scope } = requestVariables({
    catalog: value,
    environmentName: 'test',
    environment: new Map(),
    secrets: { VR_PUBLIEK_API_KEY: 'stored-under-old-name' },
    onDeprecated: (oldName, newName) => told.push(`${oldName}->${newName}`),
  });
  const resolver = new VariableScope(scope);
  assert.equal(resolver.resolve('{{vrPubliekApiKey}}').text, 'stored-under-old-name');
  assert.equal(resolver.resolve('{{kvk_baseUrl}}/x').text, 'https://api.kvk.nl/x');
  assert.equal(resolver.resolve('{{kvk_baseUrl}}').text, 'https://api.kvk.nl');
  assert.deepEqual(told, ['VR_PUBLIEK_API_KEY->vrPubliekApiKey', 'kvk_baseUrl->kvkBaseUrl']);
  assert.deepEqual(resolver.resolve('{{vrPubliekApiKey}}').secrets, ['stored-under-old-name'], 'still a secret');
  assert.equal(variableAliases(value.entries).get('KVK_APIKEY'), 'kvkApiKey');
});

test('a credential is secret wherever it is written, a public environment file included', async () => {
  const { scope, knownSecrets } = requestVariables({ catalog: await catalog(), environmentName: 'test', environment: new Map([['kvkApiKey', { value: 'plain-file-key', source: 'environment', secret: false }]]), secrets: {} });
  assert.equal(scope.environment?.get('kvkApiKey')?.secret, true);
  assert.ok(knownSecrets.includes('plain-file-key'));
});

test('redaction names come from each registry\'s auth; short credentials are refused with the reason', async () => {
  const { entries } = await catalog();
  const rules = credentialNames(entries);
  for (const header of ['apikey', 'vr-api-key', 'x-client-secret']) assert.ok(rules.headers.includes(header), header);
  assert.ok(!rules.headers.includes('x-client-id'), 'the client id is not a secret');
  assert.ok(rules.parameters.includes('vr-api-key'));
  assert.ok(rules.fields.includes('password') && rules.fields.includes('access_token'));
  const redactor = new Redactor([], rules);
  assert.deepEqual(redactor.headerList([['X-Client-Secret', 'abc'], ['X-Client-Id', 'id']]), [['X-Client-Secret', '[redacted]'], ['X-Client-Id', 'id']]);
  assert.match(credentialProblem(entries, 'allSolutionsPassword', 'kort') ?? '', /at least 16 characters.*has 4/);
  assert.equal(credentialProblem(entries, 'allSolutionsPassword', 'Een-Wachtwoord-Van-Lengte'), undefined);
  assert.equal(credentialProblem(entries, 'kvkApiKey', 'x'), undefined);
});
