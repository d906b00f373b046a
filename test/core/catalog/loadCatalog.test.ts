import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog, findRegistry, type Catalog, type CatalogSources } from '../../../src/core/catalog';

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
    const port = registry.sandboxPort;
    assert.ok(port && port >= 7400 && port <= 7406, registry.id);
    assert.equal(sandbox?.baseUrl, `${registry.id === 'kvk' ? 'https' : 'http'}://127.0.0.1:${port}`, registry.id);
    assert.equal(sandbox?.sandbox, true);
    assert.equal(sandbox?.openapi, join(bundledDir, registry.id, 'openapi.yaml'), 'relative openapi resolved in the folder');
    assert.ok(registry.environments.some((env) => env.name === registry.defaultEnvironment));
    for (const doc of registry.docs) assert.match(doc.url, /^https:\/\//);
  }
});

test('bundled facts: auth, mandatory headers, costs, TLS and renames', async () => {
  const catalog = await loadCatalog(sources());
  assert.deepEqual(entry(catalog, 'kvk').auth, { type: 'apiKey', name: 'apikey', in: 'header', secret: 'kvkApiKey' });
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
  assert.equal(all.auth.type, 'token');
  assert.deepEqual(all.variables.filter((v) => v.minLength).map((v) => [v.name, v.minLength]), [['allSolutionsClientSecret', 16], ['allSolutionsPassword', 16]]);
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

const EXTRA = `id: extra
name: Extra registry
defaultEnvironment: dev
environments:
  - { name: dev, baseUrl: 'http://127.0.0.1:9000', openapi: 'https://example.test/openapi.json' }
auth: { type: none }
`;

test('a cached catalog is reused only while the schema, every registry file and the version are unchanged', async () => {
  const { catalogCacheIn } = await import('../../../src/core/catalog/catalogCache');
  const cacheDir = await mkdtemp(join(tmpdir(), 'regx-catalog-cache-'));
  const ws = await workspace({ '.registries/extra/registry.yaml': EXTRA });
  let reads = 0;
  const counting = (version: string): CatalogSources => {
    const cache = catalogCacheIn(cacheDir, version, [bundledDir, ws]);
    return { ...sources([ws]), cache: { version, write: cache.write, read: async (key) => (reads++, cache.read(key)) } };
  };
  const fresh = await loadCatalog(sources([ws]));
  const first = await loadCatalog(counting('v1'));
  assert.deepEqual(first, fresh, 'a miss loads what an uncached load does');
  assert.equal((await readdir(cacheDir)).filter((f) => f.endsWith('.json')).length, 1);
  // Prove the second load comes from the cache: change the cached value behind the loader's back.
  const [file] = (await readdir(cacheDir)).filter((f) => f.endsWith('.json'));
  const stored = await readFile(join(cacheDir, file!), 'utf8');
  await writeFile(join(cacheDir, file!), stored.replace('"name":"Extra registry"', '"name":"from the cache"'));
  const second = await loadCatalog(counting('v1'));
  assert.equal(findRegistry(second, 'extra')?.name, 'from the cache');
  // Another version (a rebuilt regx) misses, and so does an edited registry file.
  assert.equal(findRegistry(await loadCatalog(counting('v2')), 'extra')?.name, 'Extra registry');
  await writeFile(join(cacheDir, file!), stored.replace('"name":"Extra registry"', '"name":"from the cache"'));
  await writeFile(join(ws, '.registries/extra/registry.yaml'), EXTRA.replace('name: Extra registry', 'name: Edited registry'));
  assert.equal(findRegistry(await loadCatalog(counting('v1')), 'extra')?.name, 'Edited registry');
  // A damaged cache file is loaded over, not believed.
  await writeFile(join(cacheDir, file!), 'garbage');
  assert.equal(findRegistry(await loadCatalog(counting('v1')), 'extra')?.name, 'Edited registry');
  assert.ok(reads >= 5);
  await rm(cacheDir, { recursive: true, force: true });
  await rm(ws, { recursive: true, force: true });
});
