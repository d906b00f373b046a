import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shellName, toCurl } from '../../src/extension/curl';
import type { PreparedRequest } from '../../src/core/send/types';

const request: PreparedRequest = {
  method: 'POST',
  url: 'https://api.kvk.nl/test/api/v2/zoeken?naam=$Test',
  headers: [
    ['apikey', 'l7xx-secret-value'],
    ['Content-Type', 'application/json'],
  ],
  body: '{"naam":"A \\"quoted\\" `name`"}',
  followRedirects: true,
  timeoutMs: 30000,
  secrets: ['l7xx-secret-value'],
};

test('secrets become shell variables; everything else is quoted for the shell', () => {
  const text = toCurl(request, new Map([['l7xx-secret-value', 'KVK_APIKEY']]));
  assert.ok(!text.includes('l7xx-secret-value'));
  assert.equal(
    text,
    [
      'curl -X POST',
      '-L',
      '"https://api.kvk.nl/test/api/v2/zoeken?naam=\\$Test"',
      '-H "apikey: ${KVK_APIKEY}"',
      '-H "Content-Type: application/json"',
      '--data-binary "{\\"naam\\":\\"A \\\\\\"quoted\\\\\\" \\`name\\`\\"}"',
      '--max-time 30',
    ].join(' \\\n  '),
  );
});

test('a GET without body needs no -X; file bodies are read by curl', () => {
  const text = toCurl({ method: 'GET', url: 'http://x/y', headers: [], followRedirects: false, secrets: [] });
  assert.equal(text, 'curl \\\n  "http://x/y"');
  assert.match(toCurl({ ...request, body: { file: '/tmp/b.json' } }), /--data-binary "@\/tmp\/b\.json"/);
});

test('shell names', () => {
  assert.equal(shellName('kvk.apikey'), 'KVK_APIKEY');
  assert.equal(shellName('kvkApiKey'), 'KVK_API_KEY');
  assert.equal(shellName('KVK_APIKEY'), 'KVK_APIKEY');
  assert.equal(shellName('1x'), '_1X');
});
