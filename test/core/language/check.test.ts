// `regx check` end to end (in process): real registries/ catalog and served descriptions, the
// fixture environment file, exact diagnostics and exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { main } from '../../../src/cli/main';
import { root } from './helpers';

async function regx(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('REGX_SECRET_')) delete env[key];
  const code = await main(args, { stdout, stderr, env, cwd: root, signal: new AbortController().signal });
  return { code, stdout: out, stderr: err };
}

test('the fixture set of wrong requests gives exactly the expected diagnostics', async () => {
  const { code, stdout } = await regx(['check', 'test/fixtures/check', '--env', 'sandbox']);
  assert.equal(code, 1);
  const lines = stdout.trimEnd().split('\n').map((l) => l.split(' ').slice(0, 3).join(' '));
  assert.deepEqual(lines, [
    'test/fixtures/check/kvk-wrong.http:4:51 error spec/invalid-parameter',
    'test/fixtures/check/kvk-wrong.http:7:36 warning spec/unknown-parameter',
    'test/fixtures/check/vr-beheer-wrong.http:5:16 error spec/unknown-path',
    'test/fixtures/check/vr-beheer-wrong.http:10:1 error spec/missing-header',
    'test/fixtures/check/vr-beheer-wrong.http:14:1 error spec/unknown-method',
    'test/fixtures/check/vr-beheer-wrong.http:24:1 error spec/body-schema',
    'test/fixtures/check/vr-beheer-wrong.http:26:17 error spec/body-schema',
    'test/fixtures/check/vr-beheer-wrong.http:37:5 error spec/renamed-field',
    'test/fixtures/check/vr-beheer-wrong.http:49:31 error spec/body-schema',
    'test/fixtures/check/vr-beheer-wrong.http:58:23 error spec/invalid-json',
    'test/fixtures/check/vr-beheer-wrong.http:61:33 error var/unresolved',
  ]);
  assert.match(stdout, /vr-beheer-wrong\.http:10:1 error spec\/missing-header .* requires the header VR-Initiator/);
  assert.match(stdout, /:37:5 error spec\/renamed-field 'contactgegeven\.type' was renamed to 'contactgegeven\.contactgegeventype' in v8\.32/);
  assert.match(stdout, /:49:31 error spec\/body-schema locatie\.locatietype must be one of "Correspondentie", "Activiteiten"/);
});

test('--format json gives 1-based ranges and the same findings', async () => {
  const { code, stdout } = await regx(['check', 'test/fixtures/check/kvk-wrong.http', '--env', 'sandbox', '--format', 'json']);
  assert.equal(code, 1);
  const report = JSON.parse(stdout) as { files: number; diagnostics: { line: number; column: number; endColumn: number; code: string }[] };
  assert.equal(report.files, 1);
  assert.deepEqual(report.diagnostics.map((d) => [d.line, d.column, d.endColumn, d.code]), [
    [4, 51, 58, 'spec/invalid-parameter'],
    [7, 36, 47, 'spec/unknown-parameter'],
  ]);
});

test('the samples workspace is clean against the sandbox', async () => {
  const { code, stdout, stderr } = await regx(['check', 'samples', '--env', 'sandbox']);
  assert.equal(stdout, '');
  assert.equal(code, 0, stderr);
  assert.match(stderr, /^\d+ files checked: 0 errors, 0 warnings, 0 hints$/m);
  assert.doesNotMatch(stderr, /note:/, 'an environment that was given needs no note');
});

test('without --env the samples are checked as the editor shows them: in sandbox, said once', async () => {
  const { code, stdout, stderr } = await regx(['check', 'samples']);
  assert.equal(stdout, '');
  assert.equal(code, 0, stderr);
  assert.equal(stderr.match(/^note: /gm)?.length, 1, stderr);
  assert.match(stderr, /^note: files without '# @env' were checked in 'sandbox' \(the default environment, as in the editor\); --env NAME chooses another$/m);
});

test("a file's # @env, then the workspace's registerExplorer.environment, then sandbox; none: one warning per file", async () => {
  const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'regx-check-env-'));
  try {
    mkdirSync(join(dir, '.git'));
    writeFileSync(join(dir, 'http-client.env.json'), JSON.stringify({ dev: { host: 'http://dev.example', token: 't' }, prod: { host: 'https://prod.example', token: 'p' } }));
    const requests = 'GET {{host}}/a?t={{token}}\n\n###\nGET {{host}}/b\nAuthorization: Bearer {{token}}\n\n###\n@naam = x\nGET {{host}}/c?n={{nam}}&q={{query}}\n';
    writeFileSync(join(dir, 'plain.http'), requests);
    writeFileSync(join(dir, 'directive.http'), `# @env prod\n${requests.replace('&q={{query}}', '')}`);
    const inDir = async (args: string[]) => {
      const stdout = new PassThrough();
      const stderr = new PassThrough();
      let out = '';
      let err = '';
      stdout.on('data', (c: Buffer) => (out += c.toString()));
      stderr.on('data', (c: Buffer) => (err += c.toString()));
      const code = await main(args, { stdout, stderr, env: {}, cwd: dir, signal: new AbortController().signal });
      return { code, stdout: out, stderr: err };
    };
    // No sandbox in these env files and no setting: `plain.http` has no environment. Its six
    // references to host/token/query are one warning; the typo {{nam}} (close to @naam) stays an error.
    const none = await inDir(['check', '.']);
    assert.equal(none.code, 1, none.stderr);
    assert.deepEqual(none.stdout.trimEnd().split('\n').map((l) => l.split(' ').slice(0, 3).join(' ')), [
      'directive.http:10:18 error var/unresolved',
      'plain.http:1:5 warning var/no-environment',
      'plain.http:9:18 error var/unresolved',
    ]);
    assert.match(none.stdout, /plain\.http:1:5 warning var\/no-environment no environment is selected, so these 3 variables cannot be checked: host, token, query\./);
    assert.match(none.stderr, /^note: 1 file had no environment: the environment files define 'dev', 'prod', not 'sandbox'; pass --env NAME or write '# @env NAME' in the file$/m);
    assert.match(none.stderr, /^2 files checked: 2 errors, 1 warning, 0 hints$/m);
    // The editor's active environment, from the workspace settings, is the project's default.
    mkdirSync(join(dir, '.vscode'));
    writeFileSync(join(dir, '.vscode', 'settings.json'), '{\n  // chosen in the editor\n  "registerExplorer.environment": "dev",\n}\n');
    const setting = await inDir(['check', 'plain.http']);
    assert.deepEqual(setting.stdout.trimEnd().split('\n').map((l) => l.split(' ').slice(0, 5).join(' ')), ["plain.http:9:18 error var/unresolved variable 'nam'", "plain.http:9:28 error var/unresolved variable 'query'"]);
    assert.match(setting.stdout, /variable 'query' is not defined in environment 'dev'/);
    assert.match(setting.stderr, /^note: files without '# @env' were checked in 'dev' \(registerExplorer\.environment in \.vscode\/settings\.json\)/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('usage errors exit 2', async () => {
  assert.equal((await regx(['check'])).code, 2);
  assert.equal((await regx(['check', 'samples', '--format', 'xml'])).code, 2);
  assert.equal((await regx(['check', 'no/such/dir'])).code, 2);
  assert.equal((await regx(['complete', 'samples/README.md', '0', '1'])).code, 2);
});

test('regx complete prints the items at a 1-based position', async () => {
  const { code, stdout } = await regx(['complete', 'test/fixtures/check/vr-beheer-wrong.http', '10', '7', '--env', 'sandbox']);
  assert.equal(code, 0);
  const items = JSON.parse(stdout) as { label: string; insertText: string; range: { start: { line: number; column: number } } }[];
  // line 10 is `GET {{baseUrl}}/v1/…`: column 7 is just after `{{`, so variables are offered
  const base = items.find((i) => i.label === 'baseUrl');
  assert.ok(base, stdout.slice(0, 500));
  assert.equal(base.insertText, 'baseUrl');
  assert.deepEqual(base.range.start, { line: 10, column: 7 });
  assert.ok(items.some((i) => i.label === 'vrInitiator'));
});
