// A workspace names URLs (`# @openapi`, `.registries/…/registry.yaml`, `$ref`): the CLI fetches
// them with a response's caps, lists what it fetched, fetches nothing under --offline, and a
// description the file names that cannot load is an error at its directive.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHttpServer, type TestServer } from '../../helpers/http-servers';
import { regx } from './regx';
import { bundledDescriptionOrigins, descriptionFetch, restrictedWorkspaceRefusal } from '../../../src/core/openapi/descriptionFetch';
import { loadCatalog } from '../../../src/core/catalog/loadCatalog';
import { registriesDir } from '../../../src/core/paths';

let server: TestServer;
let dir: string;
const description = ['openapi: 3.0.3', 'info: { title: Remote, version: "1" }', 'paths:', '  /items:', '    get:', '      responses:', "        '200': { description: ok }", ''].join('\n');

before(async () => {
  server = await startHttpServer(async (req, res) => {
    if (req.url === '/endless.yaml') {
      res.writeHead(200, { 'content-type': 'application/yaml' });
      const chunk = Buffer.from(`# ${'x'.repeat(1020)}\n`.repeat(256));
      while (!res.destroyed) if (!res.write(chunk)) await new Promise((resolve) => { res.once('drain', resolve); res.once('close', resolve); });
      return;
    }
    if (req.url === '/drip.yaml') {
      res.writeHead(200, { 'content-type': 'application/yaml' });
      const timer = setInterval(() => res.write('#\n'), 20);
      res.once('close', () => clearInterval(timer));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/yaml' });
    res.end(description);
  });
  dir = mkdtempSync(join(tmpdir(), 'regx-hostile-'));
  mkdirSync(join(dir, '.git'));
});
after(() => server.close());

test('an endless remote description stops at the cap: an error at the directive, exit 1', { timeout: 120_000 }, async () => {
  writeFileSync(join(dir, 'endless.http'), `# @openapi ${server.url}/endless.yaml\nGET ${server.url}/items\n`);
  const { code, stdout } = await regx(['check', 'endless.http'], { cwd: dir });
  assert.equal(code, 1);
  assert.match(stdout, /^endless\.http:1:1 error spec\/unavailable the API description this file names cannot be loaded: .*larger than 104857600 bytes/m);
});

test('what the workspace made regx fetch is listed; --offline fetches nothing and says why', async () => {
  writeFileSync(join(dir, 'remote.http'), `# @openapi ${server.url}/remote.yaml\nGET ${server.url}/items\n`);
  const fetched = await regx(['check', 'remote.http'], { cwd: dir });
  assert.equal(fetched.code, 0, fetched.stdout);
  assert.match(fetched.stderr, new RegExp(`fetched ${server.url}/remote\\.yaml \\(${Buffer.byteLength(description)} bytes\\)`));
  const seen = server.requests.length;
  const offline = await regx(['check', 'remote.http', '--offline'], { cwd: dir });
  assert.equal(server.requests.length, seen, 'nothing was fetched');
  assert.equal(offline.code, 1);
  assert.match(offline.stdout, /remote\.http:1:1 error spec\/unavailable .*not fetched: --offline forbids fetching/);
});

test('a description the file names that cannot load: regx check and regx complete exit 1 with its location', async () => {
  writeFileSync(join(dir, 'missing.http'), `GET https://example.org/items\n\n###\n# @openapi ./nowhere.yaml\nGET https://example.org/items\n`);
  const check = await regx(['check', 'missing.http'], { cwd: dir });
  assert.equal(check.code, 1);
  assert.match(check.stdout, /^missing\.http:4:1 error spec\/unavailable the API description this file names cannot be loaded: .*nowhere\.yaml/m);
  const complete = await regx(['complete', 'missing.http', '5', '25'], { cwd: dir });
  assert.equal(complete.code, 1);
  assert.match(complete.stderr, /^missing\.http:4:1: error spec\/unavailable: .*nowhere\.yaml/m);
  JSON.parse(complete.stdout);
});

test('a workspace registry naming a URL description, and a $ref to a URL, are fetched with the caps and listed', async () => {
  mkdirSync(join(dir, '.registries', 'demo'), { recursive: true });
  writeFileSync(join(dir, '.registries', 'demo', 'registry.yaml'), `id: demo\nname: Demo\ndocs: []\ndefaultEnvironment: test\nenvironments:\n  - name: test\n    baseUrl: ${server.url}/demo\n    openapi: ${server.url}/demo.yaml\nauth: { type: none }\n`);
  writeFileSync(join(dir, 'demo.http'), `# @registry demo\nGET ${server.url}/demo/items\n`);
  const result = await regx(['check', 'demo.http'], { cwd: dir });
  assert.match(result.stderr, new RegExp(`fetched ${server.url}/demo\\.yaml`));
  writeFileSync(join(dir, 'local.yaml'), description.replace("'200': { description: ok }", `'200': { $ref: '${server.url}/endless.yaml#/x' }`));
  writeFileSync(join(dir, 'ref.http'), `# @openapi ./local.yaml\nGET ${server.url}/items\n`);
  const ref = await regx(['check', 'ref.http', '--offline'], { cwd: dir });
  assert.equal(ref.code, 1);
  assert.match(ref.stdout, /ref\.http:1:1 error spec\/unavailable .*endless\.yaml.*--offline/);
});

test('a drip-fed description ends at its deadline', { timeout: 30_000 }, async () => {
  const fetchCapped = descriptionFetch({ deadlineMs: 300 });
  await assert.rejects(fetchCapped(`${server.url}/drip.yaml`), /did not finish within 300 ms/);
});

test('in a restricted workspace only the bundled catalog\'s hosts are fetched from; a workspace-named URL waits for trust', async () => {
  const catalog = await loadCatalog({ bundledDir: registriesDir(), workspaceDirs: [dir], readFile: (p) => readFile(p), listDir: (p) => readdir(p) });
  const own = bundledDescriptionOrigins(catalog.entries);
  assert.ok(own.has('https://klanten-api.vng.cloud'), 'VNG\'s reference description is the catalog\'s own');
  assert.ok(!own.has(new URL(server.url).origin), 'the workspace .registries entry does not count');
  assert.equal(restrictedWorkspaceRefusal('https://klanten-api.vng.cloud/api/v1/schema/openapi.yaml', false, own), undefined);
  assert.match(restrictedWorkspaceRefusal(`${server.url}/demo.yaml`, false, own)!, /restricted/);
  assert.equal(restrictedWorkspaceRefusal(`${server.url}/demo.yaml`, true, own), undefined);
});
