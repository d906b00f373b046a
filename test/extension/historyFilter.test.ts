import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { HistoryEntry } from '../../src/core/history/historyStore';
import { describeHistoryFilter, historyMatches, historyRegistries, isHistoryFilter } from '../../src/extension/historyFilter';

const ws = join('/', 'home', 'me', 'samples');
const entry = (file: string | undefined, registry?: string) => ({ request: { method: 'GET', url: 'http://x/', headers: [], source: file ? { file } : undefined, registry: registry ? { id: registry, environment: 'sandbox' } : undefined } }) as unknown as HistoryEntry;

const own = entry(join(ws, 'kvk', 'zoeken.http'), 'kvk');
const virtual = entry(join(ws, 'history.http'), 'vr-beheer'); // a tree operation's send: named inside the folder
const cli = entry(join('/', 'ci', 'checkout', 'suite.http'), 'kvk'); // a regx run elsewhere
const sibling = entry(join('/', 'home', 'me', 'samples-old', 'a.http'), 'vr-publiek');
const unknown = entry(undefined);

test("by default the view shows the workspace's own entries: sent from files inside its folders", () => {
  const shown = [own, virtual, cli, sibling, unknown].filter((e) => historyMatches(e, { kind: 'workspace' }, [ws]));
  assert.deepEqual(shown, [own, virtual]);
  assert.deepEqual([own, cli].filter((e) => historyMatches(e, { kind: 'workspace' }, [])), [], 'no folder open: nothing is the workspace\'s');
});

test('on demand: one file, one registry, or all', () => {
  const all = [own, virtual, cli, sibling, unknown];
  assert.deepEqual(all.filter((e) => historyMatches(e, { kind: 'file', file: join(ws, 'kvk', 'zoeken.http') }, [ws])), [own]);
  assert.deepEqual(all.filter((e) => historyMatches(e, { kind: 'registry', id: 'kvk' }, [ws])), [own, cli]);
  assert.deepEqual(all.filter((e) => historyMatches(e, { kind: 'all' }, [ws])), all);
  assert.deepEqual(historyRegistries(all), ['kvk', 'vr-beheer', 'vr-publiek']);
});

test('the view says what it shows, and a stored filter of the wrong shape is not taken', () => {
  assert.equal(describeHistoryFilter({ kind: 'workspace' }, 2, 314), 'this workspace · 2 of 314');
  assert.equal(describeHistoryFilter({ kind: 'all' }, 314, 314), 'all · 314');
  assert.equal(describeHistoryFilter({ kind: 'file', file: '/a/b.http' }, 1, 3, 'b.http'), 'b.http · 1 of 3');
  assert.equal(isHistoryFilter({ kind: 'file' }), false);
  assert.equal(isHistoryFilter({ kind: 'registry', id: 'kvk' }), true);
  assert.equal(isHistoryFilter('all'), false);
});
