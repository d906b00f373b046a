// Adding a registry is adding its folders: a catalog entry, a sandbox module and a sample, in a
// temporary folder here, with no table in the code touched. The catalog loads it, the sandbox
// hosts it on its declared port (moved to a free one), its variables resolve under the catalog's
// scheme, its credential is redacted by the header name its `auth` gives, and the sample runs
// through the send session (resolution, variables, validation, history) as any registry's does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../../../src/core/catalog';
import { credentialNames } from '../../../src/core/catalog/credentialNames';
import { parseHttp } from '../../../src/core/http/parser';
import type { HistoryEntry } from '../../../src/core/history/historyStore';
import { OpenApiCache } from '../../../src/core/openapi/OpenApiCache';
import { SendSession } from '../../../src/core/run/session';
import { registriesDir } from '../../../src/core/paths';
import { startSandbox } from '../../../src/sandbox/server';
import { sandboxRegistrySources } from '../../../src/sandbox/registries/index';

const REGISTRY_YAML = `id: molens
name: Molenregister
defaultEnvironment: sandbox
environments:
  - name: sandbox
    baseUrl: http://127.0.0.1:7490
    openapi: openapi.yaml
    sandbox: true
sandboxPort: 7490
variables:
  - name: molensBaseUrl
    role: baseUrl
  - name: molensSleutel
    role: credential
    description: The key of the Molenregister
auth:
  type: apiKey
  name: x-molen-sleutel
  in: header
  secret: molensSleutel
`;

const OPENAPI = `openapi: 3.0.3
info: { title: Molenregister, version: 1.0.0 }
paths:
  /molens/{id}:
    get:
      operationId: molen
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      responses:
        '200':
          description: a molen
          content: { application/json: { schema: { type: object, required: [naam], properties: { naam: { type: string } } } } }
`;

// A sandbox module as any registry's: a factory of a request → response function over state.
const MODULE = `import { join } from 'node:path';
const KEY = 'molen-demo-sleutel-1234';
export default function createMolens() {
  return {
    id: 'molens',
    openapiFile: join(${JSON.stringify('__DIR__')}, 'openapi.yaml'),
    credentials: { molensSleutel: KEY },
    handle(request) {
      if (request.headers['x-molen-sleutel'] !== KEY) return { status: 401, body: { title: 'sleutel ontbreekt' } };
      const match = /^\\/molens\\/([^/]+)$/.exec(request.path);
      if (!match) return { status: 404, body: { title: 'onbekend' } };
      // A server that echoes the key back: it must still not reach history.
      return { status: 200, body: { naam: 'De Adriaan', id: match[1], echo: request.headers['x-molen-sleutel'] } };
    },
    snapshot: () => ({}),
    restore() {},
  };
}
`;

const SAMPLE = `# @registry molens
### Een molen
GET {{molensBaseUrl}}/molens/adriaan
x-molen-sleutel: {{molensSleutel}}

?? status == 200
`;

test('an eighth registry from its own folders: catalog, sandbox module and sample, nothing else touched', async () => {
  const root = await mkdtemp(join(tmpdir(), 'regx-eighth-'));
  const catalogDir = join(root, '.registries');
  const modulesDir = join(root, 'sandbox');
  await mkdir(join(catalogDir, 'molens'), { recursive: true });
  await mkdir(join(modulesDir, 'molens'), { recursive: true });
  await mkdir(join(root, 'samples', 'molens'), { recursive: true });
  await writeFile(join(catalogDir, 'molens', 'registry.yaml'), REGISTRY_YAML);
  await writeFile(join(catalogDir, 'molens', 'openapi.yaml'), OPENAPI);
  await writeFile(join(modulesDir, 'molens', 'index.mjs'), MODULE.replace('__DIR__', join(catalogDir, 'molens')));
  const samplePath = join(root, 'samples', 'molens', 'molen.http');
  await writeFile(samplePath, SAMPLE);
  try {
    const catalog = await loadCatalog({ bundledDir: registriesDir(), workspaceDirs: [root], readFile: (p) => readFile(p), listDir: (p) => readdir(p) });
    assert.deepEqual(catalog.diagnostics, []);
    const entry = catalog.entries.find((e) => e.id === 'molens');
    assert.equal(entry?.sandboxPort, 7490);
    assert.deepEqual(sandboxRegistrySources({ catalogDirs: [catalogDir], moduleDirs: [modulesDir] }).map((s) => [s.id, s.port]), [['molens', 7490]]);

    const sandbox = await startSandbox({ basePort: 0, stateDir: join(root, 'state'), catalogDirs: [catalogDir], moduleDirs: [modulesDir] });
    try {
      assert.deepEqual(Object.keys(sandbox.registries), ['molens']);
      const file = parseHttp(SAMPLE);
      const auth = credentialNames(catalog.entries);
      assert.ok(auth.headers.includes('x-molen-sleutel'), 'the credential header comes from the registry\'s auth');
      // The one send session, as regx run and the editor use it: nothing in it names the registry.
      const entries: HistoryEntry[] = [];
      const session = new SendSession({
        catalog,
        environment: 'sandbox',
        variables: { environment: new Map() },
        secrets: {},
        sandbox,
        send: {},
        validation: 'error',
        loadIndex: (source) => new OpenApiCache({ readFile: (p) => readFile(p), stat: (p) => stat(p) }).get(source),
        history: { append: async (entry) => void entries.push(entry) },
        stateDir: join(root, 'state'),
        ports: { decide: async () => false, notice: () => undefined, warn: (message) => assert.fail(message), readFile: (p) => readFile(p) },
      });
      const result = await session.run({ file, filePath: samplePath });
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(result.passed, true, JSON.stringify(result.results.map((r) => r.reason)));
      const record = result.results[0]!.record!;
      assert.equal(record.response?.status, 200);
      assert.deepEqual(record.request.registry, { id: 'molens', environment: 'sandbox' });
      assert.deepEqual([record.validation?.operationId, record.validation?.valid], ['molen', true], 'validated against the registry\'s own description');
      const written = JSON.stringify(entries);
      assert.ok(!written.includes('molen-demo-sleutel-1234'), 'the demo key is in no history entry, though the server echoed it');
      assert.match(written, /x-molen-sleutel","\[redacted\]/);
    } finally {
      await sandbox.close();
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
