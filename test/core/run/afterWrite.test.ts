// "Once the next request is written" (src/core/run/afterWrite.ts): callbacks wait for undici's
// `undici:client:sendHeaders`, run once, in order, and a cancel holds whether it comes before the
// write or while the written list runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { channel } from 'node:diagnostics_channel';
import { onNextWrite } from '../../../src/core/run/afterWrite';

const sendHeaders = channel('undici:client:sendHeaders');
const write = () => sendHeaders.publish({ request: {}, headers: '', socket: {} });
const microtasks = () => new Promise<void>((resolve) => setImmediate(resolve));

test('callbacks run once, in order, after the next write and not before it', async () => {
  const log: string[] = [];
  onNextWrite(() => log.push('a'));
  onNextWrite(() => log.push('b'));
  await microtasks();
  assert.deepEqual(log, []);
  write();
  await microtasks();
  write();
  await microtasks();
  assert.deepEqual(log, ['a', 'b']);
});

test('one callback added twice before a write runs once', async () => {
  let calls = 0;
  const callback = () => void calls++;
  onNextWrite(callback);
  onNextWrite(callback);
  write();
  await microtasks();
  assert.equal(calls, 1);
});

test('a cancel before the write keeps the callback from running, and the others still run', async () => {
  const log: string[] = [];
  onNextWrite(() => log.push('a'));
  const cancel = onNextWrite(() => log.push('b'));
  onNextWrite(() => log.push('c'));
  cancel();
  write();
  await microtasks();
  assert.deepEqual(log, ['a', 'c']);
});

test('a cancel after the write but before the list runs still holds', async () => {
  const log: string[] = [];
  const cancel = onNextWrite(() => log.push('a'));
  onNextWrite(() => log.push('b'));
  write();
  cancel();
  await microtasks();
  assert.deepEqual(log, ['b']);
});

test('a callback that cancels itself while its list runs does not keep the next one from running', async () => {
  const log: string[] = [];
  let cancelSelf: () => void = () => undefined;
  cancelSelf = onNextWrite(() => {
    log.push('self');
    cancelSelf();
  });
  onNextWrite(() => log.push('next'));
  write();
  await microtasks();
  assert.deepEqual(log, ['self', 'next']);
});

test('a callback that throws does not stop the others', async () => {
  const log: string[] = [];
  onNextWrite(() => {
    throw new Error('boom');
  });
  onNextWrite(() => log.push('after'));
  write();
  await microtasks();
  assert.deepEqual(log, ['after']);
});
