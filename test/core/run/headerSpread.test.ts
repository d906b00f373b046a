// httpYac's header spread: `...defaultHeaders` on a header line puts every entry of an object
// variable there as a header. Recognised by the parser (not "not a header"), sent to a loopback
// server in place, and refused with a clear failure when the variable is not such an object.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHttp } from '../../../src/core/http/parser';
import { runHttpFile } from '../../../src/core/run/runHttpFile';
import { sendRequest } from '../../../src/core/send/sendRequest';
import { startHttpServer, type TestServer } from '../../helpers/http-servers';

let server: TestServer;
const dir = mkdtempSync(join(tmpdir(), 'regx-spread-'));

before(async () => {
  server = await startHttpServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(req.rawHeaders));
  });
});
after(() => server.close());

const FILE = (defaults: string) => [`@defaultHeaders = ${defaults}`, '', 'GET {{base}}/h', 'X-First: 1', '...defaultHeaders', 'X-Last: 2', ''].join('\n');

test('the parser reads `...name` in the headers as a spread, not as a header without a colon', () => {
  const file = parseHttp(FILE('{"Accept": "application/json"}'));
  const request = file.requests.find((r) => r.requestLine)!;
  assert.deepEqual(file.diagnostics.filter((d) => d.code === 'parse/header-without-colon'), []);
  assert.deepEqual(request.headers.map((h) => h.name), ['X-First', 'X-Last']);
  assert.deepEqual(request.headerSpreads?.map((s) => [s.name, s.after, s.nameRange.start.line, s.nameRange.start.character, s.nameRange.end.character]), [['defaultHeaders', 1, 4, 3, 17]]);
  // Only in the headers: in a body `...x` stays body text.
  const body = parseHttp('POST http://h/x\nContent-Type: text/plain\n\n...notHeaders\n');
  assert.equal(body.requests[0]!.headerSpreads, undefined);
  assert.match(body.requests[0]!.body!.text, /\.\.\.notHeaders/);
});

async function send(text: string) {
  return runHttpFile(
    { file: parseHttp(text), filePath: join(dir, 'spread.http'), scope: { environment: new Map([['base', { value: server.url, source: 'environment', secret: false }], ['trace', { value: 'abc', source: 'environment', secret: false }]]) } },
    { send: (request, signal) => sendRequest(request, { signal }), readFile: (p) => readFile(p) },
  );
}

test('an object variable is sent as headers where the spread stands, its values resolved', async () => {
  const result = await send(FILE('{"Accept": "application/json", "X-Trace": "{{trace}}", "X-Count": 3}'));
  const raw = JSON.parse(result.results[0]!.record!.response!.body.preview) as string[];
  const names = raw.filter((_, i) => i % 2 === 0).filter((n) => /^(X-|Accept$)/.test(n));
  assert.deepEqual(names, ['X-First', 'Accept', 'X-Trace', 'X-Count', 'X-Last']);
  assert.equal(raw[raw.indexOf('X-Trace') + 1], 'abc');
  assert.equal(raw[raw.indexOf('X-Count') + 1], '3');
});

test('a spread of something that is not an object of headers fails the request at its line, nothing sent', async () => {
  for (const value of ['"just text"', '[1, 2]', '{"bad name": "x"}', '{"X-Nested": {"a": 1}}']) {
    const result = await send(FILE(value));
    const item = result.results[0]!;
    assert.equal(item.record, undefined, value);
    assert.equal(item.prepareError?.code, 'header-spread', value);
    assert.match(item.prepareError!.message, /'\.\.\.defaultHeaders' spreads headers from a variable that is not an object/);
  }
});
