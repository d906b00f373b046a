// prepareRequest's check that the resolved URL parses: a bad one fails the request where it is
// written, before anything is sent; a good one passes, a non-ASCII host or path included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { parseHttp } from '../../../src/core/http/parser';
import { prepareRequest, type PrepareContext } from '../../../src/core/run/prepareRequest';

function contextFor(text: string): PrepareContext {
  return { file: parseHttp(text), filePath: '/tmp/requests.http', scope: { environment: new Map([['host', { value: 'api.example.com', source: 'environment', secret: false }]]) }, exchanges: new Map(), readFile: (path) => readFile(path) };
}

test('a URL the parser refuses fails the request at its request line, with what it resolved to', async () => {
  const context = contextFor('### one\nGET http://{{host}}:99999/items\n\n### two\nGET http://exa mple.com/x\n');
  for (const [index, url, line] of [
    [0, 'http://api.example.com:99999/items', 1],
    [1, 'http://exa mple.com/x', 4],
  ] as const) {
    const prepared = await prepareRequest(context.file.requests[index]!, context);
    assert.ok('failure' in prepared, url);
    assert.equal(prepared.failure.code, 'invalid-url');
    assert.equal(prepared.failure.message, `'${url}' is not a valid URL`);
    assert.equal(prepared.failure.range?.start.line, line);
  }
});

test('plain, non-ASCII and oddly written URLs that parse are prepared as written', async () => {
  const urls = ['https://{{host}}/items?page=1', 'https://b\u00fccher.example/titel/\u00e9t\u00e9', 'http://{{host}}/a b?q=x y', 'HTTP://{{host}}/./x/../y', 'http:///{{host}}/x'];
  const context = contextFor(urls.map((url, i) => `### r${i}\nGET ${url}\n`).join('\n'));
  for (const [i, block] of context.file.requests.entries()) {
    const prepared = await prepareRequest(block, context);
    assert.ok('request' in prepared, JSON.stringify(prepared));
    assert.equal(prepared.request.url, urls[i]!.replace('{{host}}', 'api.example.com'));
  }
});
