// The shipped CLI bundle runs scripts: esbuild must pick QuickJS's CommonJS loader and the build
// must put quickjs.wasm beside the bundles. Builds dist/ as `npm run build` does, then runs
// `regx run --allow-scripts` on a file whose second request needs what the first one's handler set.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startHttpServer, type TestServer } from '../../helpers/http-servers';

const run = promisify(execFile);
const root = join(__dirname, '..', '..', '..');
let server: TestServer;

before(async () => {
  server = await startHttpServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ token: 'from-login', auth: req.headers.authorization ?? null }));
  });
  await run(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root });
});
after(() => server.close());

test('dist/cli.js run --allow-scripts: a handler sets a global the next request sends', async () => {
  assert.ok(existsSync(join(root, 'dist', 'quickjs.wasm')), 'the build copies quickjs.wasm to dist/');
  const dir = mkdtempSync(join(tmpdir(), 'regx-bundle-'));
  const file = join(dir, 'chain.http');
  writeFileSync(file, [`GET ${server.url}/login`, '', '> {% client.global.set("token", response.body.token); client.test("token", () => client.assert(response.body.token)); %}', '', '###', `GET ${server.url}/me`, 'Authorization: Bearer {{token}}', '', '?? js response.parsedBody.auth startsWith Bearer', ''].join('\n'));
  const { stdout } = await run(process.execPath, [join(root, 'dist', 'cli.js'), 'run', file, '--allow-scripts', '--no-history', '--reporter', 'json'], { cwd: dir });
  const report = JSON.parse(stdout);
  assert.equal(report.passed, true, stdout);
  assert.deepEqual(report.requests[0].assertions.map((a: { text: string; source?: string }) => [a.text, a.source]), [['token', 'script']]);
  assert.equal(server.requests.at(-1)!.headers.authorization, 'Bearer from-login');
});
