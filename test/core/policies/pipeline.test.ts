import { test } from 'node:test';
import assert from 'node:assert/strict';
import { policiesFor, recordChain, runWithPolicies } from '../../../src/core/policies';
import type { Policy } from '../../../src/core/policies';
import type { RegistryEntry } from '../../../src/core/catalog/types';
import type { PreparedRequest } from '../../../src/core/send/types';
import { recordFor, request, testContext } from './testContext';

const registry = (mandatoryHeaders: RegistryEntry['mandatoryHeaders']): RegistryEntry => ({
  id: 'x', name: 'X', docs: [], defaultEnvironment: 'sandbox', environments: [], variables: [], auth: { type: 'none' }, mandatoryHeaders, folder: '/x', origin: 'workspace',
});

test('policiesFor selects by what the registry declares, keeping the list order', () => {
  const headers: Policy = { name: 'headers', appliesTo: (r) => (r?.mandatoryHeaders.length ?? 0) > 0 };
  const always: Policy = { name: 'always', appliesTo: () => true };
  const known: Policy = { name: 'known', appliesTo: (r) => r !== undefined };
  const all = [always, headers, known];
  assert.deepEqual(policiesFor(registry([{ name: 'A', value: '1' }]), all).map((p) => p.name), ['always', 'headers', 'known']);
  assert.deepEqual(policiesFor(registry([]), all).map((p) => p.name), ['always', 'known']);
  assert.deepEqual(policiesFor(undefined, all).map((p) => p.name), ['always']);
});

test('before-hooks run in order and the record lists each header a policy added or changed', async () => {
  const order: string[] = [];
  const first: Policy = {
    name: 'first',
    appliesTo: () => true,
    before: (req) => {
      order.push('first');
      return { ...req, headers: [...req.headers, ['X-One', '1']] };
    },
  };
  const second: Policy = {
    name: 'second',
    appliesTo: () => true,
    before: (req) => {
      order.push(`second saw ${req.headers.map(([n]) => n).join(',')}`);
      const headers = req.headers.map(([n, v]): [string, string] => (n === 'Accept' ? [n, 'application/json'] : [n, v]));
      return { ...req, headers: [...headers, ['If-Match', 'W/"3"']], added: [...(req.added ?? []), { header: 'If-Match', by: 'second', from: 'the store' }] };
    },
  };
  const untouched: Policy = { name: 'untouched', appliesTo: () => true, before: (req) => req };
  let sent: PreparedRequest | undefined;
  const record = await runWithPolicies(request('PATCH', 'http://h/a', [['Accept', '*/*']]), testContext(), async (req) => {
    sent = req;
    return recordFor(req, 202);
  }, new AbortController().signal, { policies: [first, second, untouched] });
  assert.deepEqual(order, ['first', 'second saw Accept,X-One']);
  assert.deepEqual(sent!.headers, [['Accept', 'application/json'], ['X-One', '1'], ['If-Match', 'W/"3"']]);
  assert.deepEqual(record.added, [
    { header: 'X-One', by: 'first' },
    { header: 'If-Match', by: 'second', from: 'the store' },
    { header: 'Accept', by: 'second' },
  ]);
});

test('an after-hook may replace the record; the first is kept as previous, later hooks see the replacement', async () => {
  const seen: number[] = [];
  const resend: Policy = {
    name: 'resend',
    appliesTo: () => true,
    after: async (record, req, ctx, signal) => {
      if (record.response?.status !== 412) return;
      return ctx.send({ ...req, headers: [['If-Match', 'W/"4"']] }, signal);
    },
  };
  const watcher: Policy = { name: 'watcher', appliesTo: () => true, after: (record) => void seen.push(record.response!.status) };
  const context = testContext({ send: async (req) => recordFor(req, 202) });
  const record = await runWithPolicies(request('PATCH', 'http://h/a'), context, async (req) => recordFor(req, 412), new AbortController().signal, { policies: [resend, watcher] });
  assert.equal(record.response!.status, 202);
  assert.equal(record.previous!.response!.status, 412);
  assert.deepEqual(seen, [202]);
  assert.deepEqual(recordChain(record).map((r) => r.response!.status), [412, 202]);
  assert.deepEqual(context.sent[0]!.headers, [['If-Match', 'W/"4"']]);
});

test('a failing after-hook loses no response: a note on the record and a notice', async () => {
  const broken: Policy = { name: 'broken', appliesTo: () => true, after: () => { throw new Error('store unreadable'); } };
  const context = testContext();
  const record = await runWithPolicies(request('GET', 'http://h/a'), context, async (req) => recordFor(req, 200), new AbortController().signal, { policies: [broken] });
  assert.equal(record.response!.status, 200);
  assert.deepEqual(record.notes, [{ policy: 'broken', message: 'failed: broken: store unreadable' }]);
  assert.match(context.notices[0]!, /store unreadable/);
});

test('a before-hook refusal stops the send; a stopped run sends nothing', async () => {
  const { RegxError } = await import('../../../src/core/errors');
  const refuse: Policy = { name: 'refuse', appliesTo: () => true, before: () => { throw new RegxError('declined', 'not sent: the user declined'); } };
  let sends = 0;
  const send = async (req: PreparedRequest) => { sends++; return recordFor(req, 200); };
  await assert.rejects(runWithPolicies(request('GET', 'http://h/a'), testContext(), send, new AbortController().signal, { policies: [refuse] }), (e) => RegxError.is(e, 'declined'));
  const stopped = new AbortController();
  stopped.abort();
  await assert.rejects(runWithPolicies(request('GET', 'http://h/a'), testContext(), send, stopped.signal, { policies: [] }), (e) => RegxError.is(e, 'aborted'));
  assert.equal(sends, 0);
});
