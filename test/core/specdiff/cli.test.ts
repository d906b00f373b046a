// `regx spec-diff` end to end in process: catalog releases by name, reporters, exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { main } from '../../../src/cli/main';
import { root } from './helpers';

export async function regx(args: string[], cwd = root): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await main(args, { stdout, stderr, env: { ...process.env, NO_COLOR: '1' }, cwd, signal: new AbortController().signal });
  return { code, stdout: out, stderr: err };
}

test('catalog releases by registry@environment, JSON report with the documented renames', async () => {
  const { code, stdout } = await regx(['spec-diff', 'vr-beheer@staging-v8.6', 'vr-beheer@sandbox', '--reporter', 'json']);
  assert.equal(code, 0);
  const report = JSON.parse(stdout) as { summary: { breaking: number }; changes: { kind: string; rename?: { evidence: string[] } }[] };
  assert.equal(report.summary.breaking, 8);
  const renames = report.changes.filter((c) => c.kind === 'property-renamed');
  assert.equal(renames.length, 7);
  assert.ok(renames.every((c) => c.rename!.evidence.some((e) => /^documented: .* in v8\.32$/.test(e))), 'release notes in the catalog count as evidence');
});

test('pretty and markdown reports of files given by path', async () => {
  const pretty = await regx(['spec-diff', 'test/fixtures/specdiff/kvk-zoeken/old.yaml', 'test/fixtures/specdiff/kvk-zoeken/new.yaml']);
  assert.equal(pretty.code, 0);
  assert.match(pretty.stdout, /^Zoeken \(reduced\) 1\.3 → 2\.0\.0\n/);
  assert.match(pretty.stdout, /breaking GET \/v1\/zoeken moved to \/zoeken/);
  assert.match(pretty.stdout, /old test\/fixtures\/specdiff\/kvk-zoeken\/old\.yaml:10 {2}new test\/fixtures\/specdiff\/kvk-zoeken\/new\.yaml:10/);
  assert.match(pretty.stdout, /\n14 breaking, 6 warnings, 7 info\n$/);
  assert.doesNotMatch(pretty.stdout, /\x1b\[/, 'no colour when not a terminal');
  const markdown = await regx(['spec-diff', 'test/fixtures/specdiff/kvk-zoeken/old.yaml', 'test/fixtures/specdiff/kvk-zoeken/new.yaml', '--reporter', 'markdown']);
  assert.match(markdown.stdout, /^# Zoeken \(reduced\) 1\.3 → 2\.0\.0\n\n14 breaking, 6 warnings, 7 other changes\./);
  assert.match(markdown.stdout, /\| breaking \| query parameter 'handelsnaam' of GET \/v1\/zoeken renamed to 'naam' \(97% sure\) — 'handelsnaam' contains 'naam'/);
});

test('usage errors and unreadable documents exit 2 with a message', async () => {
  assert.equal((await regx(['spec-diff', 'only-one.yaml'])).code, 2);
  assert.equal((await regx(['spec-diff', 'a.yaml', 'b.yaml', '--reporter', 'xml'])).code, 2);
  assert.match((await regx(['spec-diff', 'vr-beheer@nowhere', 'b.yaml'])).stderr, /vr-beheer has no environment 'nowhere'/);
  const missing = await regx(['spec-diff', 'no/such/old.yaml', 'test/fixtures/specdiff/kvk-zoeken/new.yaml']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read .*no\/such\/old\.yaml/);
});

test('a document named by URL is fetched from a loopback server; one declared larger than the cap is refused with exit 2', async () => {
  const { createServer } = await import('node:http');
  const { readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const body = readFileSync(join(root, 'test/fixtures/specdiff/kvk-zoeken/new.yaml'));
  const server = createServer((request, response) => {
    if (request.url === '/new.yaml') response.end(body);
    else {
      // declares more than the cap: refused before a byte of the body is read
      response.writeHead(200, { 'content-length': String(200 * 1024 * 1024) });
      response.write('openapi: 3.0.3\n');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  try {
    const ok = await regx(['spec-diff', 'test/fixtures/specdiff/kvk-zoeken/old.yaml', `http://127.0.0.1:${port}/new.yaml`]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /\n14 breaking, 6 warnings, 7 info\n$/);
    const big = await regx(['spec-diff', 'test/fixtures/specdiff/kvk-zoeken/old.yaml', `http://127.0.0.1:${port}/huge.yaml`]);
    assert.equal(big.code, 2);
    assert.match(big.stderr, /regx spec-diff: .*huge\.yaml is larger than 104857600 bytes/);
  } finally {
    server.closeAllConnections();
    server.close();
  }
});
