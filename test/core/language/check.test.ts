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
  assert.match(stderr, /^\d+ files checked: 0 errors, 0 other/m);
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
