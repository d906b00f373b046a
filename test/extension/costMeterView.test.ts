// The cost meter in the status bar: this month's spend per unit in the text, one row per registry
// and environment in the tooltip; nothing shown before anything was counted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { costMeterView } from '../../src/extension/costMeterView';
import type { MeterEntry } from '../../src/core/policies/costsMeter';

const entry = (over: Partial<MeterEntry>): MeterEntry => ({ registry: 'x', environment: 'sandbox', unit: 'calls', period: '2026-12', calls: 0, spent: 0, updatedAt: '2026-12-05T00:00:00Z', ...over });

test('spend per unit in the text; a row per meter with calls, spent, balance and rate limit in the tooltip', () => {
  const view = costMeterView(
    [
      entry({ registry: 'data-collectief', unit: 'credits', calls: 5, spent: 3, balance: 97 }),
      entry({ registry: 'kvk', environment: 'test', calls: 12, spent: 0, rateLimit: { limit: 100, remaining: 88, at: '' } }),
      entry({ registry: 'allsolutions', environment: 'production', calls: 20_003, spent: 3, serverCount: 20_003 }),
    ],
    new Map([['data-collectief', 'DATA-collectief API'], ['kvk', 'KVK Handelsregister API']]),
  );
  assert.equal(view.text, '$(dashboard) 3 credits, 3 calls');
  assert.match(view.tooltip, /\| DATA\\-collectief API \| sandbox \| 5 \| 3 credits \| 97 \| {2}\|/);
  assert.match(view.tooltip, /\| KVK Handelsregister API \| test \| 12 \| 0 calls \| {2}\| 88 of 100 \|/);
  assert.match(view.tooltip, /\| allsolutions \| production \| 20003 \| 3 calls \|/);
  assert.match(view.tooltip, /— 2026\\-12/);
});

test('only free calls: their count; nothing counted: nothing shown', () => {
  assert.equal(costMeterView([entry({ registry: 'kvk', calls: 1 })], new Map()).text, '$(dashboard) 1 call');
  assert.deepEqual(costMeterView([entry({})], new Map()), { text: '', tooltip: '' });
  assert.deepEqual(costMeterView([], new Map()), { text: '', tooltip: '' });
});
