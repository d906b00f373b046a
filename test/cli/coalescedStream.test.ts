import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { coalescedStream } from '../../src/cli/coalescedStream';

function recorder(): { stream: Writable; writes: string[] } {
  const writes: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      writes.push(chunk.toString('utf8'));
      callback();
    },
  });
  return { stream, writes };
}

test('progress lines are passed on together, in order, on flush or after the interval', async () => {
  const { stream, writes } = recorder();
  const out = coalescedStream(stream, 20);
  out.write('→ GET a\n');
  out.write('  [1/2] ok 200\n');
  out.write('→ GET b\n');
  assert.deepEqual(writes, [], 'nothing is written line by line');
  await new Promise((resolve) => setTimeout(resolve, 60));
  assert.deepEqual(writes, ['→ GET a\n  [1/2] ok 200\n→ GET b\n'], 'one write after the interval');
  out.write('  [2/2] ok 200\n');
  out.flush();
  assert.deepEqual(writes.slice(1), ['  [2/2] ok 200\n']);
  out.flush();
  assert.equal(writes.length, 2, 'an empty flush writes nothing');
});

test('bytes written to the stream go after what was buffered before them', () => {
  const { stream, writes } = recorder();
  const out = coalescedStream(stream, 1000);
  out.write('text first\n');
  out.write(Buffer.from('bytes second\n'));
  assert.deepEqual(writes, ['text first\n', 'bytes second\n']);
});
