import { test } from 'node:test';
import assert from 'node:assert/strict';
import { etagPolicy } from '../../../src/core/policies/etag';
import { etagStoreFor } from '../../../src/core/policies/etagStore';
import { runWithPolicies } from '../../../src/core/policies';
import type { RegistryEntry } from '../../../src/core/catalog/types';
import { recordFor, request, testContext } from './testContext';

const registry = { id: 'x', name: 'X', docs: [], defaultEnvironment: 'sandbox', environments: [], variables: [], auth: { type: 'none' }, mandatoryHeaders: [], folder: '/x', origin: 'workspace' } as RegistryEntry;

test('a 304 to If-None-Match is noted as a cache hit naming the request that saw the ETag; the conditional send is kept with its outcome', async () => {
  const context = testContext({ registry });
  const url = 'http://h/api/v1/klanten/1';
  const get = { ...request('GET', url), source: { name: 'klant', line: 2 } };
  await runWithPolicies(get, context, async (req) => recordFor(req, 200, [['ETag', '"abc"']]), new AbortController().signal, { policies: [etagPolicy] });
  const again = request('GET', url, [['If-None-Match', '"abc"']]);
  const record = await runWithPolicies(again, context, async (req) => recordFor(req, 304), new AbortController().signal, { policies: [etagPolicy] });
  assert.match(record.notes![0]!.message, /^304 Not Modified: cache hit, unchanged since "abc" \(seen by GET 'klant' at /);
  const stored = await etagStoreFor(context.stateDir).get({ registry: 'x', environment: 'sandbox' }, url);
  assert.deepEqual(stored!.conditional.map((c) => [c.header, c.etag, c.outcome, c.filled]), [['If-None-Match', '"abc"', 304, false]]);
  assert.equal(stored!.etag, '"abc"');
});
