import { test } from 'node:test';
import assert from 'node:assert/strict';
import { operationMarkdown, registryMarkdown } from '../../src/extension/documentation';
import MarkdownIt from 'markdown-it';
import type { RegistryEntry } from '../../src/core/catalog/types';
import type { OperationInfo } from '../../src/core/openapi/types';

const registry: RegistryEntry = {
  id: 'kvk',
  name: 'KVK Handelsregister API',
  docs: [{ title: 'Testing', url: 'https://developers.kvk.nl/documentation/testing' }],
  defaultEnvironment: 'sandbox',
  environments: [{ name: 'sandbox', baseUrl: 'https://127.0.0.1:7400', openapi: 'openapi.yaml', sandbox: true }],
  auth: { type: 'apiKey', name: 'apikey', in: 'header', secret: 'kvkApiKey' },
  variables: [],
    mandatoryHeaders: [],
  folder: '/x',
  origin: 'bundled',
};

const operation: OperationInfo = {
  id: 'getBasisprofiel',
  method: 'GET',
  path: '/test/api/v1/basisprofielen/{kvkNummer}',
  summary: 'Basisprofiel | ophalen',
  tags: ['Basisprofiel'],
  deprecated: true,
  parameters: [{ name: 'kvkNummer', in: 'path', required: true, deprecated: false, schema: { type: 'string', pattern: '^[0-9]{8}$' }, description: 'KVK\nnummer' }],
  responses: [{ status: '200', description: 'OK', headers: {}, content: { 'application/json': {} } }],
  location: { source: '/r/kvk/openapi.yaml', pointer: '/paths', line: 12 },
};

test('operation documentation: deprecation, parameters table (cells escaped), responses, source', () => {
  const text = operationMarkdown(operation, registry, registry.environments[0]!);
  assert.match(text, /^# GET `\/test\/api\/v1\/basisprofielen\/\{kvkNummer\}`/);
  assert.match(text, /\*\*Deprecated\.\*\*/);
  assert.match(text, /\| `kvkNummer` \| path \| yes \| string \| KVK nummer \|/);
  assert.match(text, /\*\*Basisprofiel \| ophalen\*\*/);
  assert.match(text, /\| 200 \| OK \| `application\/json` \|/);
  assert.match(text, /line 12/);
});

test('registry documentation names the secret to set and links the docs', () => {
  const text = registryMarkdown(registry);
  assert.match(text, /`kvkApiKey`/);
  assert.match(text, /\{\{kvkApiKey\}\}/);
  assert.match(text, /\[Testing\]\(https:\/\/developers\.kvk\.nl\/documentation\/testing\)/);
  assert.match(text, /\| sandbox \(default\) \| `https:\/\/127\.0\.0\.1:7400` \| offline sandbox \|/);
});

test('tables render as tables in a Markdown preview (markdown-it, as VS Code uses), not as paragraphs of pipes', () => {
  const md = new MarkdownIt();
  const withHeaders: RegistryEntry = { ...registry, mandatoryHeaders: [{ name: 'VR-Initiator', value: '{{vrInitiator}}', description: 'who | calls' }] };
  const operationHtml = md.render(operationMarkdown(operation, withHeaders, registry.environments[0]!));
  assert.equal(operationHtml.match(/<table>/g)?.length, 3, operationHtml);
  assert.doesNotMatch(operationHtml, /<p>\|/);
  // One row per parameter, the escaped pipe stays inside its cell.
  assert.match(operationHtml, /<td>who \| calls<\/td>/);
  const registryHtml = md.render(registryMarkdown({ ...registry, environments: [...registry.environments, { name: 'production', baseUrl: 'https://api.kvk.nl', openapi: 'openapi.yaml' }] }));
  assert.equal(registryHtml.match(/<table>/g)?.length, 1);
  assert.equal(registryHtml.match(/<tr>/g)?.length, 3, registryHtml);
});
