// What a `regx run` leaves for the next one: the catalog cache, and the command bundle's V8 code
// cache, which is written only by a run that did nothing one-off (see CommandIo.unusualRun).
// The second test runs the built CLI (dist/, from `npm run build`) as a user would.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, test } from 'node:test';
import { loadCliCatalog } from '../../src/cli/catalog';
import { startHttpServer } from '../helpers/http-servers';

const root = join(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'regx-startup-caches-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('loadCliCatalog says when it loaded the catalog from its files instead of the cache', async () => {
  const env = { REGX_STATE_DIR: join(dir, 'state-a') };
  let rebuilt = 0;
  const first = await loadCliCatalog(env, [], () => rebuilt++);
  assert.equal(rebuilt, 1);
  assert.ok(first.entries.length > 0);
  const second = await loadCliCatalog(env, [], () => rebuilt++);
  assert.equal(rebuilt, 1, 'read from the cache');
  assert.deepEqual(second, first);
  await loadCliCatalog({ REGX_STATE_DIR: join(dir, 'state-b') }, [], () => rebuilt++);
  assert.equal(rebuilt, 2, 'another state folder has no cache yet');
});

test('dist/cli.js run: no code cache after the run that rebuilt the catalog, one after the next, kept after that', async () => {
  const cli = join(root, 'dist', 'cli.js');
  assert.ok(existsSync(join(root, 'dist', 'commands', 'run.js')), 'dist/commands/run.js exists (npm run build)');
  const server = await startHttpServer((_req, res) => res.end('{"ok":true}'));
  try {
    writeFileSync(join(dir, 'one.http'), 'GET {{base}}/one\n');
    writeFileSync(join(dir, 'http-client.env.json'), JSON.stringify({ local: { base: server.url } }));
    const env = { ...process.env, XDG_CACHE_HOME: join(dir, 'xdg-cache'), REGX_STATE_DIR: join(dir, 'state-cli'), REGX_CODE_CACHE: '' };
    const codeCaches = join(dir, 'xdg-cache', 'register-explorer', 'code-cache');
    const listed = () => (existsSync(codeCaches) ? readdirSync(codeCaches) : []);
    const regx = () => promisify(execFile)(process.execPath, [cli, 'run', 'one.http', '--env', 'local', '--no-history', '--validate', 'off', '--reporter', 'json'], { cwd: dir, env });
    assert.equal(JSON.parse((await regx()).stdout).passed, true);
    assert.deepEqual(listed(), [], 'the run that loaded the catalog wrote no code cache');
    await regx();
    const [cache, ...others] = listed();
    assert.match(cache ?? '', /^run-[0-9a-f]{8}\.cache$/);
    assert.deepEqual(others, []);
    const written = statSync(join(codeCaches, cache!)).mtimeMs;
    assert.equal(JSON.parse((await regx()).stdout).passed, true);
    assert.equal(statSync(join(codeCaches, cache!)).mtimeMs, written, 'a run that used the cache leaves it as it is');
  } finally {
    await server.close();
  }
});

test('dist/: the command bundles of one build key the catalog cache alike, so run and flow share its entry', () => {
  const commands = join(root, 'dist', 'commands');
  const ids = new Set<string>();
  for (const name of ['run.js', 'flow.js', 'test.js']) {
    const found = /"build ([0-9a-z]+-\d+-[0-9a-z]+)"/.exec(readFileSync(join(commands, name), 'latin1'));
    assert.ok(found, `${name} holds the build id (npm run build)`);
    ids.add(found[1]!);
  }
  assert.equal(ids.size, 1, [...ids].join(', '));
});
