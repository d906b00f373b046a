import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keyTarget, MAX_SPACER_PX, rowWindow, scrollTopFor, spacerHeight, virtualTop } from '../../webview/components/virtualWindow';

test('a short list renders every row from the top', () => {
  assert.deepEqual(rowWindow({ count: 5, rowHeight: 22, viewHeight: 400, scrollTop: 0 }), { first: 0, end: 5, offset: 0, spacerHeight: 110 });
  assert.deepEqual(rowWindow({ count: 0, rowHeight: 22, viewHeight: 400, scrollTop: 0 }), { first: 0, end: 0, offset: 0, spacerHeight: 0 });
});

test('10,000 rows: only the rows in view plus the overscan are rendered, at their own offset', () => {
  const window = rowWindow({ count: 10_000, rowHeight: 22, viewHeight: 440, scrollTop: 22 * 5000 + 7, overscan: 4 });
  assert.equal(window.first, 4996);
  assert.equal(window.end, 5000 + 21 + 4);
  assert.equal(window.offset, 4996 * 22);
  assert.equal(window.spacerHeight, 220_000);
});

test('millions of rows: the spacer is capped and the scroll position is scaled, both ends reachable', () => {
  const count = 3_000_000;
  const input = { count, rowHeight: 22, viewHeight: 440 };
  assert.equal(spacerHeight(count, 22), MAX_SPACER_PX);
  const bottom = MAX_SPACER_PX - 440;
  const last = rowWindow({ ...input, scrollTop: bottom, overscan: 0 });
  assert.equal(last.end, count);
  assert.equal(virtualTop({ ...input, scrollTop: bottom }), count * 22 - 440);
  // The rendered rows start at the view's top (scrollTop) minus the part of the first row above it.
  const middle = rowWindow({ ...input, scrollTop: bottom / 2, overscan: 0 });
  assert.ok(middle.offset <= bottom / 2 && middle.offset > bottom / 2 - 22);
  // scrollTopFor is virtualTop's inverse: the row asked for comes out on top.
  for (const index of [0, 1, 1234, 1_500_000, count - 20]) {
    const window = rowWindow({ ...input, scrollTop: scrollTopFor(index, input), overscan: 0 });
    assert.ok(Math.abs(window.first - index) <= 1, `row ${index} → first ${window.first}`);
  }
});

test('navigation keys move the active row within the list', () => {
  assert.equal(keyTarget('ArrowDown', 0, 10, 5), 1);
  assert.equal(keyTarget('ArrowDown', 9, 10, 5), 9);
  assert.equal(keyTarget('ArrowUp', 0, 10, 5), 0);
  assert.equal(keyTarget('PageDown', 0, 10, 5), 4);
  assert.equal(keyTarget('PageUp', 9, 10, 5), 5);
  assert.equal(keyTarget('Home', 7, 10, 5), 0);
  assert.equal(keyTarget('End', 0, 10, 5), 9);
  assert.equal(keyTarget('x', 0, 10, 5), undefined);
  assert.equal(keyTarget('ArrowDown', 0, 0, 5), undefined);
});
