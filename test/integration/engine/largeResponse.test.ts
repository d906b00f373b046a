import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHttpServer, type TestServer } from '../../helpers/http-servers';
import { runCli } from './cli';

const SIZE = 200 * 1024 * 1024;
let server: TestServer;
let dir: string;

before(async () => {
  const chunk = Buffer.alloc(1024 * 1024, 'abcdefghijklmnopqrstuvwxyz\n');
  server = await startHttpServer(async (req, res) => {
    if (req.url === '/small') return void res.end('small');
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(SIZE) });
    for (let sent = 0; sent < SIZE; sent += chunk.length) {
      if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
    }
    res.end();
  });
  dir = mkdtempSync(join(tmpdir(), 'regx-large-'));
});
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a 200 MB response streams to a file with bounded memory', async () => {
  writeFileSync(join(dir, 'large.http'), `GET ${server.url}/large\n\n?? status == 200\n`);
  const bodies = join(dir, 'tmp');
  const result = await runCli(['run', 'large.http', '--reporter', 'json', '--no-history', '--keep-bodies'], { cwd: dir, env: { TMPDIR: bodies } });
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout);
  const response = report.requests[0].response;
  assert.equal(response.size, SIZE);
  assert.equal(response.previewTruncated, true);
  assert.ok(response.preview.startsWith('abcdefghijklmnopqrstuvwxyz\nabc'));
  assert.equal(statSync(response.file).size, SIZE);
  assert.ok(response.file.startsWith(bodies));
  // Peak memory of the CLI process against the same CLI fetching 5 bytes: the 200 MB body may
  // add buffers awaiting garbage collection, but nowhere near its own size.
  writeFileSync(join(dir, 'small.http'), `GET ${server.url}/small\n`);
  const small = await runCli(['run', 'small.http', '--reporter', 'json', '--no-history'], { cwd: dir });
  const baselineMb = JSON.parse(small.stdout).runtime.maxRssBytes / 1024 / 1024;
  const peakMb = report.runtime.maxRssBytes / 1024 / 1024;
  process.stdout.write(`# 200 MB response: peak RSS ${peakMb.toFixed(0)} MB (5-byte response: ${baselineMb.toFixed(0)} MB), ${report.requests[0].durationMs} ms\n`);
  assert.ok(peakMb - baselineMb < 100, `peak RSS ${peakMb.toFixed(0)} MB vs ${baselineMb.toFixed(0)} MB`);
  assert.deepEqual(readdirSync(join(bodies, `register-explorer-${process.getuid!()}`, 'bodies')).length, 1);
});
