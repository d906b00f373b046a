// A server that echoes the request back, in the spellings real servers use, must not get the
// secrets it echoes into history, the reports or the terminal.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHttpServer, type TestServer } from '../../helpers/http-servers';
import { runCli } from '../engine/cli';

let server: TestServer;
let dir: string;

/** System.Text.Json's default: `+`, `<`, `>`, `&`, `'`, `"` and non-ASCII as \uXXXX. */
function dotnetJson(text: string): string {
  return JSON.stringify(text).replace(/[+<>&']|[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`).replace(/\\"/g, '\\u0022');
}

before(async () => {
  server = await startHttpServer((req, res, body) => {
    const url = new URL(req.url!, 'http://x');
    const key = url.searchParams.get('apikey') ?? '';
    res.setHeader('content-type', 'application/json');
    // Heads echo too: the key in base64 and percent-encoded with lower-case hex.
    res.setHeader('x-echo-b64', Buffer.from(`key=${key}`).toString('base64'));
    res.setHeader('x-echo-url', encodeURIComponent(key).toLowerCase());
    res.statusCode = 400;
    res.end(`{"query":${JSON.stringify(req.url)},"body":${dotnetJson(body.toString())},"token":"${Buffer.from(`jan:${key}`).toString('base64url')}","plain":${JSON.stringify(body.toString())}}`);
  });
  dir = mkdtempSync(join(tmpdir(), 'regx-echo-'));
});
after(() => server.close());

test('secrets a server echoes (query, escaped JSON body, base64 and URL-encoded heads) reach no history, json, JUnit or terminal output', async () => {
  const key = 'k3y+Echo/é2718';
  const password = 'pw"Echo<3141>';
  writeFileSync(join(dir, 'http-client.env.json'), JSON.stringify({ dev: { base: server.url } }));
  writeFileSync(join(dir, 'http-client.private.env.json'), JSON.stringify({ dev: { password } }));
  writeFileSync(join(dir, 'echo.http'), ['POST {{base}}/login?apikey={{apikey}}', 'Content-Type: application/json', '', '{"user": "jan", "wachtwoord": "{{password}}"}', '', '?? status == 200', ''].join('\n'));
  const history = join(dir, 'history.jsonl');
  const outputs: string[] = [];
  for (const [reporter, out] of [['pretty', undefined], ['json', 'report.json'], ['junit', 'report.xml']] as const) {
    const result = await runCli(['run', 'echo.http', '--env', 'dev', '--reporter', reporter, '--history', history, ...(out ? ['--out', out] : [])], { cwd: dir, env: { REGX_SECRET_apikey: key } });
    assert.equal(result.code, 1, result.stderr);
    outputs.push(result.stdout, result.stderr);
    if (out) outputs.push(readFileSync(join(dir, out), 'utf8'));
  }
  outputs.push(readFileSync(history, 'utf8'));
  const everything = outputs.join('\n');
  // The echo is really there: the response body is printed, with the secrets' places marked.
  assert.match(outputs[0]!, /"token"/);
  assert.match(everything, /\[redacted\]/);
  const spellings = [key, password, encodeURIComponent(key), encodeURIComponent(key).toLowerCase(), dotnetJson(password).slice(1, -1), dotnetJson(key).slice(1, -1), JSON.stringify(password).slice(1, -1)];
  for (const spelling of spellings) assert.ok(!everything.includes(spelling), `leaked: ${spelling}`);
  // Base64 leaves no run of the key's own characters.
  for (const encoded of [Buffer.from(`key=${key}`).toString('base64'), Buffer.from(`jan:${key}`).toString('base64url')]) {
    assert.ok(!everything.includes(encoded.slice(4, 14)), `leaked base64: ${encoded}`);
  }
});
