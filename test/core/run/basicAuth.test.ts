import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHttp } from '../../../src/core/http/parser';
import { runHttpFile } from '../../../src/core/run/runHttpFile';
import { sendRequest } from '../../../src/core/send/sendRequest';
import { encodeBasicCredentials } from '../../../src/core/send/basicAuth';
import { historyEntry } from '../../../src/core/history/historyEntry';
import { Redactor } from '../../../src/core/history/redactor';
import { startHttpServer, type TestServer } from '../../helpers/http-servers';

let server: TestServer;
const dir = mkdtempSync(join(tmpdir(), 'regx-basic-'));

before(async () => {
  // Answers with what it decoded, and echoes the header as received (a hostile server might).
  server = await startHttpServer((req, res) => {
    const header = req.headers.authorization ?? '';
    const decoded = /^Basic \S+$/i.test(header) ? Buffer.from(header.slice(6), 'base64').toString() : null;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ header, decoded }));
  });
});
after(() => server.close());

async function send(lines: string[]) {
  const text = lines.join('\n');
  const secrets = { pass: 'Pa55word-for-basic' };
  const result = await runHttpFile(
    {
      file: parseHttp(text),
      filePath: join(dir, 'basic.http'),
      scope: { environment: new Map([['base', { value: server.url, source: 'environment', secret: false }], ['user', { value: 'jan', source: 'environment', secret: false }]]), secrets },
    },
    { send: (request, signal) => sendRequest(request, { signal }), readFile: (p) => readFile(p) },
  );
  return result;
}

test("'Basic user:password' and 'Basic user password' are sent base64-encoded, as REST Client and httpYac send them", async () => {
  for (const header of ['Authorization: Basic {{user}}:{{pass}}', 'Authorization: Basic {{user}} {{pass}}', 'authorization: basic   {{user}}:{{pass}}  ']) {
    const result = await send(['GET {{base}}/who', header, '']);
    const body = JSON.parse(result.results[0]!.record!.response!.body.preview);
    assert.equal(body.decoded, 'jan:Pa55word-for-basic', header);
    assert.match(body.header, /^Basic [A-Za-z0-9+/]+=*$/i);
    // The server echoed the encoded pair: history shows neither it nor the password.
    const entry = JSON.stringify(historyEntry(result.results[0]!.record!, new Redactor(result.secrets)));
    assert.ok(!entry.includes(Buffer.from('jan:Pa55word-for-basic').toString('base64')), entry);
    assert.ok(!entry.includes('Pa55word'), entry);
  }
});

test('an already encoded Basic value, Bearer and other schemes are sent as written', () => {
  assert.equal(encodeBasicCredentials('Basic amFuOnB3'), undefined);
  assert.equal(encodeBasicCredentials('Bearer a b'), undefined);
  assert.equal(encodeBasicCredentials('Basic a:b'), `Basic ${Buffer.from('a:b').toString('base64')}`);
  assert.equal(encodeBasicCredentials('Basic jan pass word'), `Basic ${Buffer.from('jan:pass word').toString('base64')}`);
});
