// q= is user input on a host that serves every registry from one thread: a wildcard query must
// not backtrack for minutes, and no single query may do unbounded work.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { useSandbox } from './harness';
import { wildcardMatch } from '../../src/sandbox/registries/verenigingsregister/wildcardMatch';
import { WorkBudget } from '../../src/sandbox/registries/verenigingsregister/workBudget';
import { searchVerenigingen, SearchRequestError } from '../../src/sandbox/registries/verenigingsregister/searchVerenigingen';
import { seedVerenigingStore } from '../../src/sandbox/registries/verenigingsregister/seedVerenigingen';

const sandbox = useSandbox({ registries: ['vr-publiek', 'vr-beheer', 'vr-acm'] });

function publiek(q: string) {
  const key = String(sandbox.sandbox.credentials['vr-publiek']!.vrPubliekApiKey);
  return sandbox.call('vr-publiek', 'GET', '/v1/verenigingen/zoeken', { query: { q }, headers: { 'vr-api-key': key } });
}

test('wildcards match exactly as the anchored pattern they stand for (* any run, ? one character)', () => {
  const regexOf = (pattern: string) => new RegExp(`^${pattern.split('').map((c) => (c === '*' ? '[^]*' : c === '?' ? '[^]' : c)).join('')}$`);
  fc.assert(
    fc.property(fc.stringMatching(/^[ab*?]{0,8}$/), fc.stringMatching(/^[ab]{0,10}$/), (pattern, text) => {
      assert.equal(wildcardMatch(pattern, text), regexOf(pattern).test(text), `${pattern} on ${text}`);
    }),
    { seed: 21, numRuns: 5000 },
  );
});

test('the backtracking attack q=naam:*e*e…*q answers at once, and the other registries keep answering meanwhile', { timeout: 60_000 }, async () => {
  await sandbox.started;
  // Anyone may register a name with many e's; a backtracking matcher then tries C(40, 12) splits.
  const registered = await sandbox.call('vr-beheer', 'POST', '/v1/verenigingen/feitelijkeverenigingen', {
    headers: { 'x-correlation-id': randomUUID(), 'VR-Initiator': 'OVO000099' },
    body: { naam: `Feest ${'e'.repeat(40)}`, korteNaam: 'FE', startdatum: '2010-03-01', hoofdactiviteitenVerenigingsloket: ['KECU'] },
  });
  assert.equal(registered.status, 202, registered.text);
  const attack = `naam:${'*e'.repeat(12)}*q`;
  const [search, other] = await Promise.all([publiek(attack), sandbox.call('vr-acm', 'GET', '/openapi.json')]);
  assert.equal(search.status, 200, search.text);
  assert.equal(other.status, 200);
  // Bare terms search every field: the same pattern over all of them.
  assert.equal((await publiek(`${'*e'.repeat(12)}*q`)).status, 200);
});

test('a query past the work budget, the clause limit or the nesting limit is a 400 in the register\'s problem shape, never a 500', { timeout: 60_000 }, async () => {
  await sandbox.started;
  const clauses = await publiek(Array.from({ length: 1100 }, (_, i) => `x${i}`).join(' '));
  assert.equal(clauses.status, 400);
  assert.match((clauses.body as { detail: string }).detail, /meer dan 1024 termen/);
  const deep = await publiek(`${'('.repeat(500)}x${')'.repeat(500)}`);
  assert.equal(deep.status, 400);
  assert.match((deep.body as { detail: string }).detail, /te diep genest/);
  const nots = await publiek(`${'NOT '.repeat(500)}x`);
  assert.equal(nots.status, 400);
  // A thousand wildcard patterns over every field of every vereniging: refused, not run to the end.
  const heavy = await publiek(Array.from({ length: 1000 }, (_, i) => `*?z${i}*`).join(' '));
  assert.equal(heavy.status, 400, heavy.text.slice(0, 200));
  assert.match((heavy.body as { detail: string }).detail, /te veel rekenwerk/);
  assert.match((heavy.body as { type: string }).type, /^urn:verenigingsregister:/);
});

test('the budget is spent per request: a small budget refuses what a big one allows', () => {
  const verenigingen = seedVerenigingStore().all().map((s) => s.vereniging);
  const request = { q: '*a*e*', sort: null, offset: null, limit: null, hoofdactiviteiten: [] };
  assert.ok(searchVerenigingen(verenigingen, { ...request, budget: new WorkBudget() }).totalCount > 0);
  assert.throws(() => searchVerenigingen(verenigingen, { ...request, budget: new WorkBudget(100) }), SearchRequestError);
});
