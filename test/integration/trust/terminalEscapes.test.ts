// Nothing a server, a request file or an API description holds may drive the terminal: ESC and
// other C0 controls, C1 (U+009B is a one-character CSI), bidi overrides. Colour of our own stays.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { terminalSafe } from '../../../src/core/report/terminalText';
import { startHttpServer, type TestServer } from '../../helpers/http-servers';

const HOSTILE = '\x1b]0;pwned\x07\x1b[2J\x1b[31m\u009b32m\u202eevil\u2066x\u2069\u200f\x7f\r';
let server: TestServer;
let dir: string;

before(async () => {
  server = await startHttpServer((_req, res) => {
    // Declared JSON, but not JSON: the parse error the validation reports quotes it.
    res.writeHead(200, { 'content-type': 'application/json', 'x-evil': 'a\x9b31mb' });
    res.end(`{"x": "${HOSTILE}"`);
  });
  dir = mkdtempSync(join(tmpdir(), 'regx-tty-'));
  mkdirSync(join(dir, '.git'));
  writeFileSync(join(dir, 'api.yaml'), ['openapi: 3.0.3', 'info: { title: t, version: "1" }', 'paths:', '  /evil:', '    get:', '      responses:', "        '200':", '          description: ok', '          content:', '            application/json:', '              schema: { type: object }', ''].join('\n'));
});
after(() => server.close());

/** A stdout that says it is a terminal, so the reporters paint. */
function terminal(): { stream: PassThrough; text: () => string } {
  const stream = Object.assign(new PassThrough(), { isTTY: true });
  let text = '';
  stream.on('data', (c: Buffer) => (text += c.toString()));
  return { stream, text: () => text };
}

async function regx(args: string[], env: Record<string, string> = {}) {
  const stdout = terminal();
  const stderr = terminal();
  const code = await main(args, { stdout: stdout.stream, stderr: stderr.stream, env: { PATH: process.env.PATH, HOME: dir, REGX_HISTORY: join(dir, 'h.jsonl'), ...env }, cwd: dir, signal: new AbortController().signal });
  return { code, out: stdout.text() + stderr.text() };
}

function assertInert(out: string, colour: boolean): void {
  const foreignEscape = colour ? /\x1b(?!\[[0-9;]*m)/ : /\x1b/;
  assert.ok(!foreignEscape.test(out), `an ESC sequence that is not our colour: ${JSON.stringify(out.match(/.{0,20}\x1b.{0,20}/)?.[0])}`);
  for (const c of ['\x07', '\u009b', '\u202e', '\u2066', '\u2069', '\u200f', '\x7f', '\r']) assert.ok(!out.includes(c), `raw ${JSON.stringify(c)} printed`);
}

test('regx run: a hostile body, header and validation message reach the terminal inert, colour or not', async () => {
  writeFileSync(join(dir, 'evil.http'), [`# @openapi ./api.yaml`, `# @name evil\u202ename`, `GET ${server.url}/evil`, '', '?? header x-evil == 1', '?? body $.x == 1', ''].join('\n'));
  for (const env of [{}, { NO_COLOR: '1' }] as Record<string, string>[]) {
    const { code, out } = await regx(['run', 'evil.http'], env);
    assert.equal(code, 1, out);
    assertInert(out, !('NO_COLOR' in env));
    // What was there is shown, not hidden: the validation line quotes the body with ␛ pictures.
    assert.match(out, /not valid JSON/);
    assert.match(out, /␛\]0;pwned␇␛\[2J/);
    assert.match(out, /\\u202eevil/);
    if (!('NO_COLOR' in env)) assert.match(out, /\x1b\[3[12]m/, 'our own colours remain');
  }
  for (const reporter of ['json', 'junit']) {
    const { out } = await regx(['run', 'evil.http', '--reporter', reporter]);
    assertInert(out, false);
    if (reporter === 'json') JSON.parse(out.slice(0, out.lastIndexOf('}') + 1).slice(out.indexOf('{')));
  }
});

test('regx check: a request file and description that quote control characters print inert, one line per finding', async () => {
  writeFileSync(join(dir, 'check.http'), [`# @openapi ./api.yaml`, `GET ${server.url}/nope\x1b[2J\u202e\u009b`, ''].join('\n'));
  const { out } = await regx(['check', 'check.http']);
  assert.match(out, /unknown-path/);
  assertInert(out, true);
});

test('the sanitiser: C0 as pictures, DEL/C1/bidi as \\u escapes, CRLF kept only in multi-line text, our SGR kept on request', () => {
  assert.equal(terminalSafe('a\x1b[2Jb\x07'), 'a␛[2Jb␇');
  assert.equal(terminalSafe('x\u009b\u202e\u2066\x7fy'), 'x\\u009b\\u202e\\u2066\\u007fy');
  assert.equal(terminalSafe('one\r\ntwo\nthree'), 'one␍␊two␊three');
  assert.equal(terminalSafe('one\r\ntwo\rx', { multiline: true }), 'one\ntwo␍x');
  assert.equal(terminalSafe('\x1b[31mred\x1b[0m \x1b]0;t\x07', { keepSgr: true }), '\x1b[31mred\x1b[0m ␛]0;t␇');
  assert.deepEqual(JSON.parse(terminalSafe(JSON.stringify({ s: 'a\u202eb\u0085' }), { multiline: true })), { s: 'a\u202eb\u0085' }, 'JSON stays JSON and means the same');
});
