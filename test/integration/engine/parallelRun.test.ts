// `regx run --parallel N` end to end: the CLI process against a loopback server that counts how
// many requests are under way and answers them only in waves of N, so a run that sent fewer at
// once would stall into the server's bound (and say so in its log) instead of passing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHttpServer, type TestServer } from '../../helpers/http-servers';
import { runCli } from './cli';

let server: TestServer;
const dir = mkdtempSync(join(tmpdir(), 'regx-parallel-cli-'));
let inflight = 0;
let most = 0;
let timeouts = 0;
let waiting: (() => void)[] = [];
const WAVE = 4;

before(async () => {
  server = await startHttpServer((req, res) => {
    inflight++;
    most = Math.max(most, inflight);
    const path = new URL(req.url!, 'http://x').pathname;
    const answer = () => {
      inflight--;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(path === '/login' ? { token: 'abc' } : { path, auth: req.headers.authorization ?? null }));
    };
    if (path === '/login') return answer();
    waiting.push(answer);
    if (waiting.length >= WAVE) for (const release of waiting.splice(0)) release();
    else setTimeout(() => {
      if (!waiting.includes(answer)) return;
      timeouts++;
      waiting = waiting.filter((w) => w !== answer);
      answer();
    }, 15_000);
  });
});
after(() => server.close());

test('regx run --parallel 4: four at once, the login user after login, the report in file order', async () => {
  const items = Array.from({ length: 8 }, (_, i) => `### item ${i}\nGET ${server.url}/item/${i}\nAuthorization: Bearer {{login.response.body.$.token}}\n\n?? status == 200\n`);
  writeFileSync(join(dir, 'p.http'), [`# @name login\nPOST ${server.url}/login\n`, ...items].join('\n###\n'));
  const result = await runCli(['run', 'p.http', '--parallel', String(WAVE), '--reporter', 'json', '--no-history'], { cwd: dir });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(timeouts, 0);
  assert.equal(most, WAVE);
  const report = JSON.parse(result.stdout) as { requests: { method: string; url: string }[] };
  assert.deepEqual(report.requests.map((r) => new URL(r.url).pathname), ['/login', ...Array.from({ length: 8 }, (_, i) => `/item/${i}`)]);
  // Progress lines come in the same order.
  const progress = result.stderr.split('\n').filter((l) => l.startsWith('→')).map((l) => new URL(l.split(' ')[2]!).pathname);
  assert.deepEqual(progress, report.requests.map((r) => new URL(r.url).pathname));
});

test('regx run --parallel takes a whole number of at least 1', async () => {
  const bad = await runCli(['run', 'p.http', '--parallel', 'many'], { cwd: dir });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--parallel/);
});
