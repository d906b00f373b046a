// The chunked body stream's flow control: order, sizes, copies, the ack window and a stalled receiver.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AckWindow, StalledError, streamBody } from '../../src/extension/bodyChunks';

function body(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31) & 0xff;
  return bytes;
}

/** A receiver that takes each chunk in and acknowledges it after a turn of the event loop. */
function receiver(window: AckWindow, log: { offset: number; length: number; last: boolean; ahead: number; own: boolean }[], total: Uint8Array) {
  let received = 0;
  return async (bytes: Uint8Array, offset: number, last: boolean) => {
    log.push({ offset, length: bytes.length, last, ahead: offset + bytes.length - window.received, own: bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.length && Object.getPrototypeOf(bytes) === Uint8Array.prototype });
    total.set(bytes, offset);
    received = offset + bytes.length;
    const now = received;
    setImmediate(() => window.acknowledge(now));
  };
}

test('a body kept as a Node Buffer goes as plain Uint8Arrays of their own (VS Code sends a Buffer as JSON)', async () => {
  const source = Buffer.from(body(300_000));
  const window = new AckWindow();
  const log: { offset: number; length: number; last: boolean; ahead: number; own: boolean }[] = [];
  const copy = new Uint8Array(source.length);
  await streamBody({ bytes: source }, receiver(window, log, copy), window, { firstChunk: 1000, chunk: 100_000 });
  assert.deepEqual(copy, new Uint8Array(source));
  assert.ok(log.every((entry) => entry.own), JSON.stringify(log));
});

test('a body in memory goes in order: a small first chunk, then full chunks, each its own buffer, never more than the window ahead', async () => {
  const source = body(1_000_000);
  const window = new AckWindow();
  const log: { offset: number; length: number; last: boolean; ahead: number; own: boolean }[] = [];
  const copy = new Uint8Array(source.length);
  const sent = await streamBody({ bytes: source }, receiver(window, log, copy), window, { firstChunk: 1000, chunk: 100_000, inFlight: 250_000 });
  assert.equal(sent, source.length);
  assert.deepEqual(copy, source);
  assert.equal(log[0]!.length, 1000);
  assert.ok(log.slice(1, -1).every((entry) => entry.length === 100_000));
  assert.deepEqual(log.map((entry) => entry.last), log.map((_, i) => i === log.length - 1));
  let offset = 0;
  for (const entry of log) {
    assert.equal(entry.offset, offset);
    offset += entry.length;
  }
  // A chunk goes only when fewer than inFlight bytes before it are unacknowledged.
  assert.ok(log.every((entry) => entry.ahead - entry.length <= 250_000), JSON.stringify(log.map((e) => e.ahead)));
  assert.ok(log.every((entry) => entry.own), 'each chunk is a buffer of its own, not a view of the body');
});

test('a body saved to a file streams the same bytes, then an empty last chunk', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'regx-chunks-'));
  try {
    const source = body(700_000);
    writeFileSync(join(dir, 'body.bin'), source);
    const window = new AckWindow();
    const log: { offset: number; length: number; last: boolean; ahead: number; own: boolean }[] = [];
    const copy = new Uint8Array(source.length);
    await streamBody({ file: join(dir, 'body.bin') }, receiver(window, log, copy), window, { firstChunk: 4096, chunk: 65536, inFlight: 131072 });
    assert.deepEqual(copy, source);
    assert.equal(log[0]!.length, 4096);
    assert.deepEqual(log.at(-1), { ...log.at(-1)!, length: 0, last: true, offset: source.length });
    assert.ok(log.every((entry) => entry.own));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a receiver that stops acknowledging stops the stream instead of waiting forever', async () => {
  const window = new AckWindow();
  const posted: number[] = [];
  await assert.rejects(
    streamBody({ bytes: body(1_000_000) }, async (_bytes, offset) => void posted.push(offset), window, { firstChunk: 100_000, chunk: 100_000, inFlight: 200_000, stallMs: 20 }),
    StalledError,
  );
  // What was sent before it stalled: the window's worth and one chunk more, nothing past it.
  assert.deepEqual(posted, [0, 100_000, 200_000]);
});

test('a receiver that goes away (panel closed) stops the stream at the next chunk', async () => {
  const window = new AckWindow();
  let alive = true;
  const posted: number[] = [];
  await assert.rejects(
    streamBody({ bytes: body(500_000) }, async (_bytes, offset, _last) => {
      posted.push(offset);
      window.acknowledge(offset + 100_000);
      if (offset >= 100_000) alive = false;
    }, window, { firstChunk: 100_000, chunk: 100_000, alive: () => alive }),
    StalledError,
  );
  assert.deepEqual(posted, [0, 100_000]);
});

test('a stalled receiver and one that went away are told apart: only the stall is a failure of the view', async () => {
  const stalled = await streamBody({ bytes: body(1_000_000) }, async () => undefined, new AckWindow(), { firstChunk: 100_000, chunk: 100_000, inFlight: 200_000, stallMs: 20 }).catch((error: unknown) => error);
  assert.ok(stalled instanceof StalledError && !stalled.gone);
  const gone = await streamBody({ bytes: body(500_000) }, async () => undefined, new AckWindow(), { firstChunk: 100_000, chunk: 100_000, alive: () => false }).catch((error: unknown) => error);
  assert.ok(gone instanceof StalledError && gone.gone);
});

test('a stopped window ends its stream at once, though the stall limit is far off', async () => {
  const window = new AckWindow();
  const posted: number[] = [];
  const started = Date.now();
  const stream = streamBody({ bytes: body(1_000_000) }, async (_bytes, offset) => {
    posted.push(offset);
    // Nothing is acknowledged: the sender waits for room after the window's worth.
    if (offset === 200_000) setTimeout(() => window.stop(), 10);
  }, window, { firstChunk: 100_000, chunk: 100_000, inFlight: 200_000, stallMs: 60_000 });
  const error = await stream.catch((e: unknown) => e);
  assert.ok(error instanceof StalledError && error.gone, String(error));
  assert.ok(Date.now() - started < 5_000, 'it did not wait for the stall limit');
  assert.deepEqual(posted, [0, 100_000, 200_000]);
});

test('acks only grow: a late, smaller or malformed count does not reopen the window', () => {
  const window = new AckWindow();
  window.acknowledge(500);
  window.acknowledge(200);
  window.acknowledge(Number.NaN);
  assert.equal(window.received, 500);
});
