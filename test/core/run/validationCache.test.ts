// One compiled validator per schema per process: a run's second response of an operation is
// checked with what the first one compiled. Through the real path: runHttpFile, the run's
// response validator, an OpenApiCache, a loopback server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHttp } from '../../../src/core/http/parser';
import { runHttpFile } from '../../../src/core/run/runHttpFile';
import { createResponseValidator } from '../../../src/core/run/responseValidator';
import { OpenApiCache } from '../../../src/core/openapi/OpenApiCache';
import { schemaCompilations } from '../../../src/core/openapi/schemaValidator';
import { sendRequest } from '../../../src/core/send/sendRequest';
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
  const text = `# @openapi ./klanten.openapi.yaml\n\n### one\nGET ${server.url}/api/v1/klanten/one\n\n### two\nGET ${server.url}/api/v1/klanten/two\n`;
  const filePath = join(dir, 'klanten.http');
  writeFileSync(filePath, text);
  const file = parseHttp(text);
  const openApi = new OpenApiCache({ readFile: (p) => readFile(p), stat: (p) => stat(p) });
  const validate = createResponseValidator({ file, filePath, catalog: async () => ({ entries: [], diagnostics: [] }), loadIndex: (source) => openApi.get(source), warn: (m) => assert.fail(m) });
  const counts: number[] = [];
  const result = await runHttpFile({ file, filePath, scope: {} }, {
    send: (request, signal) => sendRequest(request, { signal }),
    readFile: (p) => readFile(p),
    validate: async (record, request, signal) => {
      const before = schemaCompilations();
      const verdict = await validate(record, request, signal);
      counts.push(schemaCompilations() - before);
      return verdict;
    },
  });
  const [first, second] = result.results;
  assert.equal(first!.record!.validation?.valid, true);
  assert.equal(second!.record!.validation?.valid, false);
  assert.ok(second!.record!.validation?.errors.some((e) => e.path === '$.subjectType'));
  assert.ok(counts[0]! > 0, 'the first response compiles its schema');
  assert.equal(counts[1], 0);
});
