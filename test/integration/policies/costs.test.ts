// The costs policy against the sandbox on loopback: credits counted from what the server says a
// call cost, a budget stopping the call that would pass it before the credit is spent, the
// confirm threshold asking once, the meter persisted per registry and environment, free
// environments costing nothing, and the rate-limit headers read.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAuthPolicy } from '../../../src/core/policies/auth';
import { createCostsPolicy } from '../../../src/core/policies/costs';
import { CostMeter } from '../../../src/core/policies/costsMeter';
import { parseRateLimit } from '../../../src/core/policies/costsRateLimit';
import { RegxError } from '../../../src/core/errors';
import { get, jsonBody, policySandbox, type PolicySandbox } from './sandboxContext';

let box: PolicySandbox;
before(async () => {
  box = await policySandbox();
});
after(() => box.close());

const fresh = () => mkdtempSync(join(tmpdir(), 'regx-costs-'));

async function companyNumbers(context: ReturnType<PolicySandbox['context']>, count: number): Promise<number[]> {
  const list = await box.run(get(box.url('data-collectief', `/api/v1/companies?page=1&pageSize=${count}`)), context, [createAuthPolicy()]);
  return (jsonBody(list) as { companies: { companyNumber: number }[] }).companies.map((c) => c.companyNumber);
}

test('DATA-collectief: credits counted per download; --budget 2 stops the third download before its credit is spent', async () => {
  const stateDir = fresh();
  const context = box.context('data-collectief', { stateDir });
  const policies = [createAuthPolicy(), createCostsPolicy()];
  const numbers = await companyNumbers(context, 3);
  const balance = async () => (jsonBody(await box.run(get(box.url('data-collectief', '/api/v1/downloadstatistics')), context, policies)) as { credits: { remaining: number } }).credits.remaining;
  const start = await balance();
  context.variables.set('budget', '2');

  const one = await box.run(get(box.url('data-collectief', `/api/v1/companies/${numbers[0]}`)), context, policies);
  assert.deepEqual(one.cost, { amount: 1, unit: 'credits', balance: start - 1 });
  // Owned now: downloading it again costs nothing, and the server says so.
  const again = await box.run(get(box.url('data-collectief', `/api/v1/companies/${numbers[0]}`)), context, policies);
  assert.deepEqual(again.cost, { amount: 0, unit: 'credits', balance: start - 1 });
  const two = await box.run(get(box.url('data-collectief', `/api/v1/companies/${numbers[1]}`)), context, policies);
  assert.equal(two.cost?.amount, 1);

  const sentBefore = context.sent.length;
  await assert.rejects(
    box.run(get(box.url('data-collectief', `/api/v1/companies/${numbers[2]}`)), context, policies),
    (error: unknown) => RegxError.is(error, 'budget') && /may cost 1 credits .*has spent 2 of its budget of 2/.test(error.message) && /--budget 3/.test(error.hint ?? ''),
  );
  assert.equal(context.sent.length, sentBefore, 'the over-budget download was not sent');
  context.variables.delete('budget');
  assert.equal(await balance(), start - 2, 'the server charged exactly two credits');

  const meter = await new CostMeter(stateDir).read('data-collectief', 'sandbox', 'credits');
  assert.equal(meter.spent, 2);
  assert.equal(meter.balance, start - 2);
  const onDisk = JSON.parse(await readFile(join(stateDir, 'costs', 'data-collectief--sandbox.json'), 'utf8'));
  assert.equal(onDisk.spent, 2);
  assert.equal(onDisk.unit, 'credits');
});

test('costs off: the same download goes out with no budget check and no cost on the record', async () => {
  const context = box.context('data-collectief', { stateDir: fresh() });
  context.variables.set('budget', '0');
  const [number] = await companyNumbers(context, 1);
  const record = await box.run(get(box.url('data-collectief', `/api/v1/companies/${number! + 7}`)), context, [createAuthPolicy()]);
  assert.ok(record.response);
  assert.equal(record.cost, undefined);
});

test('the confirm threshold asks once (Offer spend); declining sends nothing', async () => {
  const stateDir = fresh();
  const answers = [false, true];
  const context = box.context('data-collectief', { stateDir, answer: () => answers.shift()! });
  context.variables.set('costConfirmAbove', '0');
  const policies = [createAuthPolicy(), createCostsPolicy()];
  const numbers = await companyNumbers(context, 12);
  const sent = context.sent.length;
  await assert.rejects(box.run(get(box.url('data-collectief', `/api/v1/companies/${numbers[10]}`)), context, policies), (error: unknown) => RegxError.is(error, 'declined'));
  assert.equal(context.sent.length, sent);
  assert.deepEqual(context.offers, [{ kind: 'spend', registry: 'DATA-collectief API', environment: 'sandbox', projected: 1, unit: 'credits', limit: 0 }]);
  await box.run(get(box.url('data-collectief', `/api/v1/companies/${numbers[10]}`)), context, policies);
  await box.run(get(box.url('data-collectief', `/api/v1/companies/${numbers[11]}`)), context, policies);
  assert.equal(context.offers.length, 2, 'asked again after the decline, then not after the yes');
});

test('KVK in the sandbox (a free environment) costs nothing, even with a budget of 0; AllSolutions counts its calls', async () => {
  const stateDir = fresh();
  const kvk = box.context('kvk', { stateDir });
  kvk.variables.set('budget', '0');
  const record = await box.run(get(box.url('kvk', '/test/api/v1/basisprofielen/68750110')), kvk, [createAuthPolicy(), createCostsPolicy()]);
  assert.equal(record.response?.status, 200);
  assert.deepEqual(record.cost, { amount: 0, unit: 'calls' });

  const all = box.context('allsolutions', { stateDir });
  const policies = [createAuthPolicy(), createCostsPolicy()];
  await box.run(get(box.url('allsolutions', '/api/v1/artikelen')), all, policies);
  const second = await box.run(get(box.url('allsolutions', '/api/v1/artikelen')), all, policies);
  assert.deepEqual(second.cost, { amount: 0, unit: 'calls' });
  const meter = await new CostMeter(stateDir).read('allsolutions', 'sandbox', 'calls');
  assert.equal(meter.calls, 2);
  const served = Number(second.response!.headers.find(([n]) => n === 'x-calls-this-month')![1]);
  assert.equal(meter.serverCount, served, 'the server’s own count (token call included) is kept');
  assert.deepEqual((await new CostMeter(stateDir).list()).map((e) => e.registry), ['allsolutions', 'kvk']);
});

test('rate-limit headers: the IETF structured fields, the earlier draft and the separate headers', () => {
  const at = new Date('2026-12-05T18:00:00Z');
  assert.deepEqual(parseRateLimit([['RateLimit', '"default";r=0;t=30'], ['RateLimit-Policy', '"default";q=100;w=60']], at), { at: at.toISOString(), limit: 100, remaining: 0, resetSeconds: 30, windowSeconds: 60 });
  assert.deepEqual(parseRateLimit([['ratelimit', 'limit=10, remaining=4, reset=7']], at), { at: at.toISOString(), limit: 10, remaining: 4, resetSeconds: 7 });
  assert.deepEqual(parseRateLimit([['X-RateLimit-Limit', '60'], ['X-RateLimit-Remaining', '59']], at), { at: at.toISOString(), limit: 60, remaining: 59 });
  assert.equal(parseRateLimit([['content-type', 'application/json']], at), undefined);
});
