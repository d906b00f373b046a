import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RegistryEntry } from '../../src/core/catalog/types';
import { TreeFeatures } from '../../src/extension/treeFeatures';

const registry = (id: string, paid: boolean) => ({ id, name: id, costs: paid ? { model: 'per-call', description: '' } : undefined }) as unknown as RegistryEntry;

test('no per-registry node is offered until its feature registers; disposing takes it away again', () => {
  const features = new TreeFeatures();
  let changes = 0;
  features.onDidChange(() => changes++);
  const paid = registry('a', true);
  const free = registry('b', false);
  assert.deepEqual(features.forRegistry(paid), [], 'nothing placeholder-like before a feature exists');
  const etag = features.register({ id: 'etagStore', label: 'ETag store', icon: 'versions', command: 'x.etag' });
  const cost = features.register({ id: 'costMeter', label: 'Cost meter', icon: 'credit-card', command: 'x.cost', appliesTo: (r) => Boolean(r.costs) });
  assert.deepEqual(features.forRegistry(paid).map((f) => f.id), ['etagStore', 'costMeter']);
  assert.deepEqual(features.forRegistry(free).map((f) => f.id), ['etagStore']);
  etag.dispose();
  etag.dispose();
  assert.deepEqual(features.forRegistry(paid).map((f) => f.id), ['costMeter']);
  cost.dispose();
  assert.deepEqual(features.forRegistry(paid), []);
  assert.equal(changes, 4, 'the tree refreshes on each change, once');
});
