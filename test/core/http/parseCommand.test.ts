import assert from 'node:assert/strict';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { main } from '../../../src/cli/main';
import type { HttpFile } from '../../../src/core/http/ast';

const fixtures = join(__dirname, '..', '..', 'fixtures', 'http');

async function regx(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await main(args, { stdout, stderr, env: {}, cwd: fixtures, signal: new AbortController().signal });
  return { code, stdout: out, stderr: err };
}

test('regx parse prints the tree with ranges as JSON and exits 0', async () => {
  const { code, stdout, stderr } = await regx(['parse', 'restclient-02-three-requests.http']);
  assert.equal(code, 0, stderr);
  const tree = JSON.parse(stdout) as HttpFile;
  assert.deepEqual(tree.requests.map((r) => r.name), ['zoeken', 'basisprofiel', 'vestiging']);
  assert.deepEqual(tree.requests[1]!.requestLine!.methodRange, { start: { line: 7, character: 0 }, end: { line: 7, character: 3 } });
});

test('regx parse includes parse diagnostics and still exits 0', async () => {
  const { code, stdout } = await regx(['parse', 'malformed-01-unterminated-script.http', '--compact']);
  assert.equal(code, 0);
  assert.equal(stdout.trimEnd().split('\n').length, 1, '--compact prints one line');
  assert.deepEqual((JSON.parse(stdout) as HttpFile).diagnostics.map((d) => d.code), ['parse/unterminated-script']);
});

test('regx parse: a missing file is exit 2 with the path; no FILE or an unknown option is a usage error', async () => {
  const missing = await regx(['parse', 'no-such-file.http']);
  assert.equal(missing.code, 2);
  assert.equal(missing.stdout, '');
  assert.match(missing.stderr, /cannot read .*no-such-file\.http: no such file/);
  const none = await regx(['parse']);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /FILE is missing[\s\S]*usage: regx parse FILE/);
  assert.equal((await regx(['parse', 'a.http', '--frobnicate'])).code, 2);
});
