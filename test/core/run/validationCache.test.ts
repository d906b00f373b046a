// One compiled validator per schema per process: a run's second response of an operation is
// checked with what the first one compiled. Through the real path: the send session (as the CLI
// and the editor run a file), its description cache, a loopback server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHttp } from '../../../src/core/http/parser';
import { loadCatalog } from '../../../src/core/catalog';
import { registriesDir } from '../../../src/core/paths';
import { SendSession } from '../../../src/core/run/session';
import { OpenApiCache } from '../../../src/core/openapi/OpenApiCache';
import { schemaCompilations } from '../../../src/core/openapi/schemaValidator';
import { startHttpServer, type TestServer } from '../../helpers/http-servers';
import { fixture } from '../openapi/fixtures';

let server: TestServer;
const dir = mkdtempSync(join(tmpdir(), 'regx-validation-cache-'));
const klant = { url: 'http://127.0.0.1/api/v1/klanten/x', bronorganisatie: '002220647', klantnummer: 'K-0001', websiteUrl: 'https://example.org', subjectType: 'natuurlijk_persoon' };

before(async () => {
  server = await startHttpServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    // The second klant breaks its schema: still no compilation, and the violation is found.
    res.end(JSON.stringify(req.url!.endsWith('/two') ? { ...klant, subjectType: 'robot' } : klant));
  });
});
after(() => server.close());

test('the second response of an operation compiles no schema, and is still checked', async () => {
  copyFileSync(fixture('klanten.openapi.yaml'), join(dir, 'klanten.openapi.yaml'));
  const text = `# @openapi ./klanten.openapi.yaml\n\n### one\n# @name one\nGET ${server.url}/api/v1/klanten/one\n\n### two\n# @name two\nGET ${server.url}/api/v1/klanten/two\n`;
  const filePath = join(dir, 'klanten.http');
  writeFileSync(filePath, text);
  const file = parseHttp(text);
  const openApi = new OpenApiCache({ readFile: (p) => readFile(p), stat: (p) => stat(p) });
  const warnings: string[] = [];
  const session = new SendSession({
    catalog: await loadCatalog({ bundledDir: registriesDir(), workspaceDirs: [], readFile: (p) => readFile(p), listDir: (p) => readdir(p) }),
    variables: { environment: new Map() },
    secrets: {},
    send: {},
    validation: 'warn',
    loadIndex: (source) => openApi.get(source),
    history: { append: async () => undefined },
    policies: [],
    stateDir: join(dir, 'state'),
    ports: { decide: async () => false, notice: () => undefined, warn: (message) => warnings.push(message), readFile: (p) => readFile(p) },
  });
  const compiledBy = async (name: string) => {
    const before = schemaCompilations();
    const result = await session.run({ file, filePath, select: { names: [name] } });
    return { compiled: schemaCompilations() - before, validation: result.results.find((r) => r.name === name)?.record?.validation };
  };
  const first = await compiledBy('one');
  const second = await compiledBy('two');
  assert.deepEqual(warnings, []);
  assert.equal(first.validation?.valid, true);
  assert.ok(first.compiled > 0, 'the first response compiles its schema');
  assert.equal(second.validation?.valid, false);
  assert.ok(second.validation?.errors.some((e) => e.path === '$.subjectType'));
  assert.equal(second.compiled, 0);
});
