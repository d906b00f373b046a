// The editor's questions for the policies' offers: each says what happens and has one accepting
// action; accepting a write or a spend is modal, following a 202 is not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { offerPrompt } from '../../src/extension/offerPrompt';
import { cliDecisions, CLI_DECLINE_HINTS } from '../../src/cli/policyFlags';
import type { Offer } from '../../src/core/policies/types';

const offers: Offer[] = [
  { kind: 'resend-with-etag', url: 'http://h/v1/verenigingen/V1', etag: 'W/"7"', changes: Array.from({ length: 12 }, (_, i) => `gebeurtenis ${i + 1}`) },
  { kind: 'confirm-duplicates', url: 'http://h/v1/verenigingen', candidates: [{ id: 'V0001001', name: 'Schaakclub' }, {}] },
  { kind: 'follow-location', location: 'http://h/v1/verenigingen/V2' },
  { kind: 'resend-write-dependency', name: 'registreer', method: 'POST', url: '{{vrBeheerBaseUrl}}/v1/verenigingen/feitelijkeverenigingen' },
  { kind: 'spend', registry: 'DATA-collectief', environment: 'production', projected: 12, unit: 'credits', limit: 10 },
];

test('every offer kind has its question and one action; writes and spends are modal', () => {
  const prompts = offers.map(offerPrompt);
  assert.deepEqual(prompts.map((p) => p.modal), [true, true, false, true, true]);
  assert.deepEqual(prompts.map((p) => p.action), ['Resend with current ETag', 'Register anyway', 'Follow', 'Send POST again', 'Spend']);
  assert.match(prompts[0]!.detail!, /• gebeurtenis 1\n[\s\S]*• gebeurtenis 10\n… and 2 more$/);
  assert.match(prompts[1]!.detail!, /• V0001001 — Schaakclub\n• unnamed candidate/);
  assert.match(prompts[3]!.message, /'registreer'.*\(POST\).*changes data/);
  assert.match(prompts[4]!.message, /12 credits at DATA-collectief \(production\), over the limit of 10/);
});

test('the CLI accepts an offer only where a flag said so beforehand, and names that flag when it does not', async () => {
  const signal = new AbortController().signal;
  const none = cliDecisions({ confirmDuplicates: false, followLocation: false, withDependencies: false });
  assert.deepEqual(await Promise.all(offers.map((o) => none.decide(o, signal))), [false, false, false, false, true]);
  const all = cliDecisions({ on412: 'refresh', confirmDuplicates: true, followLocation: true, withDependencies: true, budget: 11 });
  assert.deepEqual(await Promise.all(offers.map((o) => all.decide(o, signal))), [true, true, true, true, false]);
  assert.equal(await cliDecisions({ confirmDuplicates: false, followLocation: false, withDependencies: false, budget: 12 }).decide(offers[4]!, signal), true);
  for (const offer of offers) assert.match(CLI_DECLINE_HINTS[offer.kind], /--[a-z0-9-]+/);
});

test("a run's projected cost: the editor asks once, modally, naming the threshold; the CLI accepts with --yes, a budget it fits in, or a person's yes", async () => {
  const offer: Offer = {
    kind: 'spend-run',
    lines: ['DATA-collectief API (production): this run downloads 12 companies you do not own: 12 credits'],
    spends: [{ registry: 'DATA-collectief API', environment: 'production', amount: 12, unit: 'credits', limit: 10 }],
  };
  const prompt = offerPrompt(offer);
  assert.equal(prompt.modal, true);
  assert.equal(prompt.action, 'Send');
  assert.equal(prompt.message, 'This run downloads 12 companies you do not own: 12 credits. Send?');
  assert.match(prompt.detail!, /Over the confirm threshold: DATA-collectief API \(production\) 10 credits — the environment's costConfirmAbove variable, else the setting registerExplorer.costs.warnAbove/);
  const signal = new AbortController().signal;
  const flags = { confirmDuplicates: false, followLocation: false, withDependencies: false };
  assert.equal(await cliDecisions(flags).decide(offer, signal), false);
  assert.equal(await cliDecisions({ ...flags, yes: true }).decide(offer, signal), true);
  assert.equal(await cliDecisions({ ...flags, budget: 12 }).decide(offer, signal), true);
  assert.equal(await cliDecisions({ ...flags, budget: 11 }).decide(offer, signal), false);
  const asked: string[] = [];
  assert.equal(await cliDecisions(flags, async (question) => (asked.push(question), true)).decide(offer, signal), true);
  assert.match(asked[0]!, /12 credits\nSpend it\? \[y\/N\] $/);
});

test("etagMode ask: the editor asks modally, naming the ETag and who saw it; the CLI (auto or off) is never asked and sends it", async () => {
  const offer: Offer = { kind: 'use-stored-etag', method: 'PATCH', url: 'http://h/v1/verenigingen/V1', etag: 'W/"3"', seen: "GET 'lees' line 12 at 2026-12-05T10:00:00Z" };
  const prompt = offerPrompt(offer);
  assert.equal(prompt.modal, true);
  assert.equal(prompt.action, 'Send with If-Match');
  assert.match(prompt.message, /PATCH with If-Match W\/"3", the ETag last seen for http:\/\/h\/v1\/verenigingen\/V1/);
  assert.match(prompt.detail!, /Seen by GET 'lees' line 12/);
  assert.equal(await cliDecisions({ confirmDuplicates: false, followLocation: false, withDependencies: false }).decide(offer, new AbortController().signal), true);
});
