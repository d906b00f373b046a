import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DisposableStore } from '../../src/extension/lifecycle';

test('children are disposed once, last registered first; late registrations are disposed at once', () => {
  const order: string[] = [];
  const store = new DisposableStore();
  store.register({ dispose: () => order.push('a') });
  store.register({ dispose: () => order.push('b') });
  store.register({
    dispose: () => {
      throw new Error('a failing child does not stop the others');
    },
  });
  const error = console.error;
  console.error = () => {};
  try {
    store.dispose();
    store.dispose();
  } finally {
    console.error = error;
  }
  assert.deepEqual(order, ['b', 'a']);
  store.register({ dispose: () => order.push('late') });
  assert.deepEqual(order, ['b', 'a', 'late']);
});
