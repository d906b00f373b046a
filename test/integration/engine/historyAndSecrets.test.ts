import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HistoryStore } from '../../../src/core/history/historyStore';
import { startHttpServer, type TestServer } from '../../helpers/http-servers';
import { runCli, startCli, type CliProcess } from './cli';

let server: TestServer;
let dir: string;
let onRequest: ((url: string) => void) | undefined;

before(async () => {
  server = await startHttpServer((req, res, body) => {
    onRequest?.(req.url!);
    res.setHeader('content-type', 'application/json');
    res.setHeader('x-echo', `${req.headers.authorization ?? ''} ${req.headers['x-token'] ?? ''}`);
    res.end(JSON.stringify({ url: req.url, headers: req.headers, body: body.toString() }));
  });
  dir = mkdtempSync(join(tmpdir(), 'regx-history-'));
});
after(() => server.close());

test('SIGKILL during a long run loses no record already on disk; a torn tail is skipped with a warning', async () => {
  const history = join(dir, 'crash.jsonl');
  const requests = Array.from({ length: 1000 }, (_, i) => `GET ${server.url}/item/${i}\n`).join('\n###\n');
  writeFileSync(join(dir, 'long.http'), requests);
  let cli: CliProcess | undefined;
  let onDiskAtKill: string[] = [];
  let killedAt: number | undefined;
  const killed = new Promise<void>((resolve) => {
    onRequest = (url) => {
      const index = Number(/^\/item\/(\d+)$/.exec(url)?.[1] ?? -1);
      if (index < 20 || !cli || killedAt !== undefined) return;
      // Group commit: the CLI does not wait for the disk between sends, so some of the earlier
      // records may still be in the batch in flight. Those already on disk must survive the kill,
      // which comes once a first batch is there (a batch waits 50 ms for company).
      onDiskAtKill = new HistoryStore(history).read().entries.map((e) => e.request.url);
      if (onDiskAtKill.length === 0 && index < 990) return;
      killedAt = index;
      cli.child.kill('SIGKILL');
      resolve();
    };
  });
  cli = await startCli(['run', 'long.http', '--history', history], { cwd: dir });
  await killed;
  const result = await cli.result;
  onRequest = undefined;
  assert.equal(result.signal, 'SIGKILL');
  const afterKill = new HistoryStore(history).read();
  const urls = afterKill.entries.map((e) => e.request.url);
  assert.ok(onDiskAtKill.length > 0, `a batch was on disk before the kill (at request ${killedAt})`);
  assert.ok(urls.length >= onDiskAtKill.length && urls.length <= killedAt!, `${urls.length} records after the kill at request ${killedAt}, ${onDiskAtKill.length} before`);
  assert.deepEqual(urls, Array.from({ length: urls.length }, (_, i) => `${server.url}/item/${i}`), 'a prefix of the run, in order');
  assert.deepEqual(afterKill.warnings, []);

  // What a crash in the middle of a write leaves behind: half a line.
  appendFileSync(history, JSON.stringify(afterKill.entries[0] ?? { id: 'x' }).slice(0, 20));
  const torn = new HistoryStore(history).read();
  assert.equal(torn.entries.length, urls.length);
  assert.match(torn.warnings.join('\n'), new RegExp(`:${urls.length + 1}: incomplete last record \\(interrupted write\\) skipped`));

  writeFileSync(join(dir, 'one.http'), `GET ${server.url}/after-crash\n`);
  const next = await runCli(['run', 'one.http', '--history', history], { cwd: dir });
  assert.equal(next.code, 0, next.stderr);
  const resumed = new HistoryStore(history).read();
  assert.equal(resumed.entries.length, urls.length + 1);
  assert.equal(resumed.entries.at(-1)!.request.url, `${server.url}/after-crash`);
  assert.equal(resumed.warnings.length, 1);
});

test('planted secrets appear in no history, stdout, stderr, json or junit output', async () => {
  const planted = { envSecret: 'env-secret-31415', privateValue: 'private-pass-27182', authorization: 'literal-auth-16180', processEnv: 'proc-token-14142' };
  writeFileSync(join(dir, 'http-client.env.json'), JSON.stringify({ dev: { base: server.url, password: 'placeholder' } }));
  writeFileSync(join(dir, 'http-client.private.env.json'), JSON.stringify({ dev: { password: planted.privateValue } }));
  writeFileSync(
    join(dir, 'secrets.http'),
    [
      '# @name login',
      'POST {{base}}/login?apikey={{apikey}}&other={{apikey}}',
      `Authorization: Basic ${planted.authorization}`,
      'X-Token: {{$processEnv PROC_TOKEN}}',
      'X-Tenant: tenant-private-99',
      'Content-Type: application/json',
      '',
      '{"password": "{{password}}", "key": "{{apikey}}"}',
      '',
      '?? body $.headers.x-token == wrong',
      '?? header x-echo == wrong',
      '',
      '###',
      'GET {{base}}/next?echo={{login.response.body.$.body}}',
      '',
    ].join('\n'),
  );
  const env = { REGX_SECRET_apikey: planted.envSecret, PROC_TOKEN: planted.processEnv };
  const history = join(dir, 'secrets.jsonl');
  const outputs: string[] = [];
  for (const [reporter, out] of [['pretty', undefined], ['json', 'report.json'], ['junit', 'report.xml']] as const) {
    const result = await runCli(['run', 'secrets.http', '--env', 'dev', '--reporter', reporter, '--history', history, '--redact', 'x-tenant', ...(out ? ['--out', out] : [])], { cwd: dir, env });
    assert.equal(result.code, 1, 'the planted assertions fail, so bodies and messages are printed');
    outputs.push(result.stdout, result.stderr);
    if (out) outputs.push(readFileSync(join(dir, out), 'utf8'));
  }
  outputs.push(readFileSync(history, 'utf8'));
  // The server really received every secret: the redaction is not an accident of them being absent.
  const login = server.requests.filter((r) => r.url.startsWith('/login')).at(-1)!;
  const received = JSON.stringify({ ...login, body: login.body.toString() });
  for (const value of Object.values(planted)) assert.ok(received.includes(value), `server got ${value}`);
  const everything = outputs.join('\n');
  for (const [what, value] of Object.entries(planted)) assert.ok(!everything.includes(value), `${what} leaked`);
  assert.match(everything, /\[redacted\]/);
  assert.ok(!readFileSync(history, 'utf8').includes('tenant-private-99'), '--redact adds header names');
  assert.match(outputs[0]!, /\?\? body \$\.headers\.x-token == wrong/);
  const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
  assert.equal(report.requests.length, 2);
  assert.match(report.requests[0].url, /apikey=\[redacted\]&other=\[redacted\]/);
});

test('a value that becomes a secret only in a later request is redacted from the earlier records of the report', async () => {
  const later = 'later-secret-27182818';
  writeFileSync(
    join(dir, 'later.http'),
    [`GET ${server.url}/first?note=${later}`, '', '###', `GET ${server.url}/second`, '', '###', `GET ${server.url}/third`, `Authorization: Bearer ${later}`, ''].join('\n'),
  );
  // The CLI redacts each record for its report as the run goes, the first once the second is
  // written, before the third made the value a secret: the report must be made with what came later.
  for (const history of [['--no-history'], ['--history', join(dir, 'later.jsonl')]]) {
    const result = await runCli(['run', 'later.http', '--reporter', 'json', '--out', 'later.json', ...history], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    const report = readFileSync(join(dir, 'later.json'), 'utf8');
    assert.ok(server.requests.some((r) => r.url === `/first?note=${later}`), 'the first request carried the value');
    assert.ok(!report.includes(later), `the report of ${history[0]} leaks the later secret`);
    const first = JSON.parse(report).requests[0];
    assert.match(first.url, /note=\[redacted\]/);
    assert.match(first.response.preview, /\[redacted\]/);
  }
});
