import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEnvironments, UnknownEnvironmentError } from '../../../src/core/env/loadEnvironments';
import { parseDotenv } from '../../../src/core/env/parseDotenv';

function workspace(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'regx-env-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

test('JetBrains public + private files: private values win and are secret; $shared applies to all', () => {
  const root = workspace({
    'http-client.env.json': JSON.stringify({ $shared: { version: 'v1', host: 'shared' }, dev: { host: 'http://dev', apikey: 'placeholder' }, prod: { host: 'https://prod' } }),
    'http-client.private.env.json': JSON.stringify({ dev: { apikey: 'dev-secret' } }),
  });
  const loaded = loadEnvironments({ from: root, root });
  assert.deepEqual(loaded.environments.map((e) => e.name), ['dev', 'prod']);
  assert.deepEqual(loaded.environments[0]!.sources, [join(root, 'http-client.env.json'), join(root, 'http-client.private.env.json')]);
  const dev = loaded.select('dev');
  assert.equal(dev.get('host')?.value, 'http://dev');
  assert.equal(dev.get('version')?.value, 'v1');
  assert.deepEqual(dev.get('apikey'), { value: 'dev-secret', source: 'private-environment', secret: true, origin: join(root, 'http-client.private.env.json') });
  assert.equal(dev.get('host')?.secret, false);
  assert.equal(loaded.select('prod').get('apikey'), undefined);
  assert.throws(() => loaded.select('staging'), (e: unknown) => e instanceof UnknownEnvironmentError && /known: dev, prod/.test(e.message));
  assert.deepEqual(loaded.definedIn('apikey'), ['dev']);
  assert.deepEqual(loaded.definedIn('host'), ['dev', 'prod']);
  assert.deepEqual(loaded.definedIn('version'), [], '$shared is not an environment');
});

test('REST Client settings with JSONC comments and trailing commas, $shared', () => {
  const root = workspace({
    '.vscode/settings.json': `{
      // editor settings
      "editor.tabSize": 2,
      "rest-client.environmentVariables": {
        "$shared": { "version": "v2" },
        /* local stack */
        "local": { "baseUrl": "http://localhost:7402", "token": 42, },
      },
    }`,
  });
  const loaded = loadEnvironments({ from: root, root });
  assert.deepEqual(loaded.environments, [{ name: 'local', sources: [join(root, '.vscode/settings.json')] }]);
  const local = loaded.select('local');
  assert.equal(local.get('baseUrl')?.value, 'http://localhost:7402');
  assert.equal(local.get('token')?.value, '42');
  assert.equal(local.get('version')?.value, 'v2');
});

test('.env: values for every environment, secret when the name says so', () => {
  const root = workspace({ '.env': 'HOST=http://h\nexport API_KEY="k-1"\n# comment\nQUOTED=\'a b\' # trailing\n' });
  const loaded = loadEnvironments({ from: root, root });
  assert.equal(loaded.dotenv.get('HOST')?.value, 'http://h');
  assert.equal(loaded.dotenv.get('HOST')?.secret, false);
  assert.equal(loaded.dotenv.get('API_KEY')?.value, 'k-1');
  assert.equal(loaded.dotenv.get('API_KEY')?.secret, true);
  assert.equal(loaded.dotenv.get('QUOTED')?.value, 'a b');
});

test('search goes from the file folder up to the root; nearer files win; nothing above the root is read', () => {
  const outer = workspace({
    'http-client.env.json': JSON.stringify({ dev: { leaked: 'yes' } }),
    'ws/http-client.env.json': JSON.stringify({ dev: { host: 'root-host', user: 'root-user' } }),
    'ws/.env': 'A=root\nB=root\n',
    'ws/api/kvk/http-client.env.json': JSON.stringify({ dev: { host: 'near-host' }, kvk: { x: '1' } }),
    'ws/api/kvk/.env': 'A=near\n',
  });
  const root = join(outer, 'ws');
  const loaded = loadEnvironments({ from: join(root, 'api', 'kvk'), root });
  const dev = loaded.select('dev');
  assert.equal(dev.get('host')?.value, 'near-host');
  assert.equal(dev.get('user')?.value, 'root-user');
  assert.equal(dev.get('leaked'), undefined);
  assert.deepEqual(loaded.environments.map((e) => e.name), ['dev', 'kvk']);
  assert.equal(loaded.dotenv.get('A')?.value, 'near');
  assert.equal(loaded.dotenv.get('B')?.value, 'root');
});

test('a broken file is skipped with a warning naming file and line, the rest still loads', () => {
  const root = workspace({
    'http-client.env.json': '{\n  "dev": { "host": "x" \n',
    'http-client.private.env.json': JSON.stringify({ dev: { key: 'k' } }),
  });
  const loaded = loadEnvironments({ from: root, root });
  assert.equal(loaded.warnings.length, 1);
  assert.match(loaded.warnings[0]!, /http-client\.env\.json:\d+: .* — file skipped/);
  assert.equal(loaded.select('dev').get('key')?.value, 'k');
  assert.equal(loaded.select('dev').get('host'), undefined);
});

test('parseDotenv handles escapes in double quotes and empty values', () => {
  assert.deepEqual([...parseDotenv('A="x\\ny"\nB=\nC = spaced value \n')], [['A', 'x\ny'], ['B', ''], ['C', 'spaced value']]);
});

test('the search root: the git root, else the cwd above the file, else the file folder', async () => {
  const { findWorkspaceRoot } = await import('../../../src/core/env/loadEnvironments');
  const repo = workspace({ '.git/HEAD': 'ref: refs/heads/main\n', 'api/kvk/a.http': '' });
  assert.equal(findWorkspaceRoot(join(repo, 'api', 'kvk'), join(repo, 'api')), repo);
  const plain = workspace({ 'api/kvk/a.http': '' });
  assert.equal(findWorkspaceRoot(join(plain, 'api', 'kvk'), plain), plain);
  assert.equal(findWorkspaceRoot(join(plain, 'api', 'kvk'), join(plain, 'elsewhere')), join(plain, 'api', 'kvk'));
});
