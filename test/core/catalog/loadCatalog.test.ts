import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog, findRegistry, type Catalog, type CatalogSources } from '../../../src/core/catalog';
import { SANDBOX_DEFAULT_BASE_PORT, SANDBOX_PORT_OFFSETS } from '../../../src/sandbox/types';

const bundledDir = join(__dirname, '..', '..', '..', 'registries');
const IDS = ['allsolutions', 'data-collectief', 'kvk', 'vng-klanten', 'vr-acm', 'vr-beheer', 'vr-publiek'];

function sources(workspaceDirs: string[] = []): CatalogSources {
  return { bundledDir, workspaceDirs, readFile: (p) => readFile(p), listDir: (p) => readdir(p) };
}

async function workspace(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'regx-ws-'));
  for (const [name, content] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), content);
  }
  return dir;
}

function entry(catalog: Catalog, id: string) {
  const found = findRegistry(catalog, id);
  assert.ok(found, `registry ${id} is in the catalog`);
  return found;
}

test('the seven bundled registries load without diagnostics', async () => {
  const catalog = await loadCatalog(sources());
  assert.deepEqual(catalog.diagnostics, []);
  assert.deepEqual(catalog.entries.map((e) => e.id).sort(), IDS);
  for (const registry of catalog.entries) {
    assert.equal(registry.origin, 'bundled');
    assert.equal(registry.folder, join(bundledDir, registry.id));
    const sandbox = registry.environments.find((env) => env.name === 'sandbox');
    const port = SANDBOX_DEFAULT_BASE_PORT + (SANDBOX_PORT_OFFSETS[registry.id] ?? NaN);
    assert.equal(sandbox?.baseUrl, `${registry.id === 'kvk' ? 'https' : 'http'}://127.0.0.1:${port}`, registry.id);
    assert.equal(sandbox?.sandbox, true);
    assert.equal(sandbox?.openapi, join(bundledDir, registry.id, 'openapi.yaml'), 'relative openapi resolved in the folder');
    assert.ok(registry.environments.some((env) => env.name === registry.defaultEnvironment));
    for (const doc of registry.docs) assert.match(doc.url, /^https:\/\//);
  }
});

test('bundled facts: auth, mandatory headers, costs, TLS and renames', async () => {
  const catalog = await loadCatalog(sources());
  assert.deepEqual(entry(catalog, 'kvk').auth, { type: 'apiKey', name: 'apikey', in: 'header', secret: 'KVK_APIKEY' });
  assert.equal(entry(catalog, 'kvk').costs?.model, 'per-call');
  assert.equal(entry(catalog, 'kvk').tls?.privateRoot, true);
  assert.match(entry(catalog, 'kvk').tls?.note ?? '', /Staat der Nederlanden Private Root CA – G1/);
  const publiek = entry(catalog, 'vr-publiek').auth;
  assert.equal(publiek.type === 'apiKey' && publiek.in, 'header-or-query');
  assert.equal(publiek.type === 'apiKey' && publiek.name, 'vr-api-key');
  const beheer = entry(catalog, 'vr-beheer');
  assert.deepEqual(beheer.mandatoryHeaders.map((h) => [h.name, h.value.startsWith('{{')]), [['x-correlation-id', true], ['VR-Initiator', true]]);
  assert.equal(beheer.mandatoryHeaders[0]?.value, '{{$guid}}');
  assert.equal(beheer.environments.find((e) => e.name === 'staging-v8.6')?.baseUrl, 'http://127.0.0.1:7402/v8.6');
  const renames = (beheer.releases?.renames ?? []).filter((r) => r.release === 'v8.32');
  assert.ok(beheer.releases?.renames.some((r) => r.from === 'locatie.hoofdlocatie' && r.release === 'v6.4.0'));
  assert.deepEqual(
    renames.map((r) => `${r.from}→${r.to}@${r.release}`).sort(),
    [
      'contactgegeven.type→contactgegeven.contactgegeventype@v8.32',
      'hoofdactiviteiten.beschrijving→hoofdactiviteiten.naam@v8.32',
      'relaties.type→relaties.relatietype@v8.32',
      'vereniging.type→vereniging.verenigingstype@v8.32',
      'vereniging.verenigingstype.beschrijving→vereniging.verenigingstype.naam@v8.32',
    ],
  );
  assert.equal(entry(catalog, 'vng-klanten').auth.type, 'zgw-jwt');
  const all = entry(catalog, 'allsolutions');
  assert.equal(all.auth.type === 'credentials' && all.auth.minPasswordLength, 16);
  assert.deepEqual([all.costs?.model, all.costs?.freeCalls, all.costs?.period], ['free-quota', 20000, 'month']);
  assert.equal(entry(catalog, 'data-collectief').costs?.model, 'credits');
});

test('a workspace entry adds a registry or replaces a bundled one by id', async () => {
  const dir = await workspace({
    '.registries/kvk/registry.yaml': `id: kvk
name: KVK via our proxy
defaultEnvironment: proxy
environments:
  - { name: proxy, baseUrl: 'https://kvk-proxy.example.test/', openapi: specs/kvk.yaml }
auth: { type: apiKey, name: apikey, in: header, secret: OUR_KVK_KEY }
`,
    '.registries/eigen-api/registry.yaml': `id: eigen-api
name: Eigen API
defaultEnvironment: dev
environments:
  - { name: dev, baseUrl: 'http://127.0.0.1:9000', openapi: 'https://example.test/openapi.json' }
auth: { type: none }
`,
  });
  try {
    const catalog = await loadCatalog(sources([dir]));
    assert.deepEqual(catalog.diagnostics, []);
    assert.deepEqual(catalog.entries.map((e) => e.id).sort(), [...IDS, 'eigen-api'].sort());
    const kvk = entry(catalog, 'kvk');
    assert.equal(kvk.name, 'KVK via our proxy');
    assert.equal(kvk.origin, 'workspace');
    assert.deepEqual(kvk.environments.map((e) => [e.name, e.baseUrl, e.openapi]), [
      ['proxy', 'https://kvk-proxy.example.test', join(dir, '.registries', 'kvk', 'specs', 'kvk.yaml')],
    ]);
    assert.deepEqual(kvk.mandatoryHeaders, []);
    assert.equal(entry(catalog, 'eigen-api').environments[0]?.openapi, 'https://example.test/openapi.json');
    assert.equal(entry(catalog, 'vr-beheer').origin, 'bundled');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('malformed entries give diagnostics with their line and do not hide the others', async () => {
  const dir = await workspace({
    '.registries/kapot/registry.yaml': `id: kapot
name: Kapot
environments:
  - name: dev
    baseUrl: [unclosed
`,
    '.registries/fout/registry.yaml': `id: fout
name: Fout
defaultEnvironment: dev
environments:
  - name: dev
    baseUrl: ftp://nope
    openapi: openapi.yaml
auth:
  type: apiKey
  name: key
kleur: blauw
`,
    '.registries/zonder-env/registry.yaml': `id: zonder-env
name: Zonder
defaultEnvironment: productie
environments:
  - { name: dev, baseUrl: 'http://127.0.0.1:1', openapi: a.yaml }
auth: { type: none }
`,
  });
  try {
    const catalog = await loadCatalog(sources([dir]));
    assert.deepEqual(catalog.entries.map((e) => e.id).sort(), IDS, 'the broken ones are left out, the bundled stay');
    const byFile = (name: string) => catalog.diagnostics.filter((d) => d.file === join(dir, '.registries', name, 'registry.yaml'));
    const yaml = byFile('kapot');
    assert.equal(yaml[0]?.code, 'catalog/yaml');
    assert.ok(yaml[0]?.line !== undefined && yaml[0].line >= 5, `yaml error at line ${yaml[0]?.line}`);
    const schema = byFile('fout');
    const lines = new Map(schema.map((d) => [d.line, d.message]));
    assert.ok(schema.every((d) => d.code === 'catalog/schema' && d.severity === 'error'));
    assert.match(lines.get(6) ?? '', /baseUrl/, 'bad baseUrl at its line');
    assert.match(lines.get(9) ?? lines.get(10) ?? '', /in|secret/, 'incomplete auth at its line');
    assert.match(lines.get(11) ?? '', /kleur/, 'unknown field at its key');
    const env = byFile('zonder-env');
    assert.deepEqual(env.map((d) => [d.code, d.line]), [['catalog/unknown-environment', 3]]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
