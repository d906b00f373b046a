// regx run's side of bounded downloads: --max-body-bytes caps what lands on disk, --deadline ends
// a drip, and bodies that went to disk are deleted after the run unless --keep-bodies.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHttpServer, type TestServer } from '../../helpers/http-servers';
import { runCli } from '../engine/cli';

let server: TestServer;
let dir: string;

before(async () => {
  server = await startHttpServer(async (req, res) => {
    if (req.url === '/endless') {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const chunk = Buffer.alloc(1024 * 1024, 1);
      while (!res.destroyed) if (!res.write(chunk)) await new Promise((resolve) => { res.once('drain', resolve); res.once('close', resolve); });
      return;
    }
    if (req.url === '/drip') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const timer = setInterval(() => res.write('x'), 20);
      res.once('close', () => clearInterval(timer));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('y'.repeat(12 * 1024 * 1024));
  });
  dir = mkdtempSync(join(tmpdir(), 'regx-dl-'));
});
after(() => server.close());

const bodiesIn = (tmp: string) => join(tmp, `register-explorer-${process.getuid!()}`, 'bodies');

test('an endless body fails at --max-body-bytes and leaves nothing on disk', { timeout: 60_000 }, async () => {
  const tmp = mkdtempSync(join(dir, 'tmp-'));
  writeFileSync(join(dir, 'endless.http'), `GET ${server.url}/endless\n`);
  const result = await runCli(['run', 'endless.http', '--no-history', '--max-body-bytes', '20000000'], { cwd: dir, env: { TMPDIR: tmp } });
  assert.equal(result.code, 1);
  assert.match(result.stdout, /too-large|larger than 20000000 bytes/);
  assert.deepEqual(existsSync(bodiesIn(tmp)) ? readdirSync(bodiesIn(tmp)) : [], []);
});

test('--deadline ends a drip-fed body that --timeout never would', { timeout: 30_000 }, async () => {
  writeFileSync(join(dir, 'drip.http'), `GET ${server.url}/drip\n`);
  const result = await runCli(['run', 'drip.http', '--no-history', '--timeout', '5000', '--deadline', '500'], { cwd: dir });
  assert.equal(result.code, 1);
  assert.match(result.stdout, /500 ms deadline/);
});

test('a body that went to disk is deleted after the run (history keeps the preview); --keep-bodies keeps it', async () => {
  writeFileSync(join(dir, 'big.http'), `GET ${server.url}/big\n`);
  for (const keep of [false, true]) {
    const tmp = mkdtempSync(join(dir, 'tmp-'));
    const history = join(tmp, 'history.jsonl');
    const result = await runCli(['run', 'big.http', '--reporter', 'json', '--history', history, ...(keep ? ['--keep-bodies'] : [])], { cwd: dir, env: { TMPDIR: tmp } });
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout);
    const files = readdirSync(bodiesIn(tmp));
    if (keep) {
      assert.equal(files.length, 1);
      assert.equal(report.requests[0].response.file, join(bodiesIn(tmp), files[0]!));
    } else {
      assert.deepEqual(files, []);
      assert.equal(report.requests[0].response.file, undefined);
      assert.match(report.notices.join('\n'), /deleted after the run; --keep-bodies keeps them/);
    }
    const entry = JSON.parse(readFileSync(history, 'utf8').trim());
    assert.equal(entry.response.body.file, undefined);
    assert.ok(entry.response.body.preview.startsWith('yyy'));
  }
});
