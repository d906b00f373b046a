// A response body to a webview in chunks, in order, with flow control: the webview acknowledges
// the bytes it has taken in and the host stays at most `inFlight` bytes ahead of that. Without the
// window a 50 MB body would sit in the message queues (and in the webview's task queue) all at
// once, on top of the copies each side keeps. No `vscode` here: the response panel supplies
// `post` (webview.postMessage) and feeds `acknowledge`, and the unit tests do the same in Node.
import { createReadStream } from 'node:fs';

/** The first chunk is small so the first screen does not wait for megabytes to cross. */
export const FIRST_CHUNK = 256 * 1024;
export const CHUNK = 2 * 1024 * 1024;
/** Bytes sent and not yet acknowledged, at most. */
export const IN_FLIGHT = 2 * CHUNK;
/** A webview that takes nothing for this long was closed or reloaded: the stream stops. */
export const STALL_MS = 15_000;

export interface BodySource {
  /** The body kept in memory … */
  bytes?: Uint8Array;
  /** … or saved to this file. */
  file?: string;
}

export interface ChunkStreamOptions {
  firstChunk?: number;
  chunk?: number;
  inFlight?: number;
  stallMs?: number;
  /** False once the receiver is gone (the panel closed): the stream stops at its next chunk. */
  alive?: () => boolean;
}

/**
 * The stream stopped before the whole body was sent: the receiver took nothing for `stallMs`
 * (`gone` false), or it went away — the panel closed, or the view asked for the body again and a
 * newer stream took over (`gone` true; nothing is wrong then, and nobody waits for the rest).
 */
export class StalledError extends Error {
  constructor(readonly gone = false) {
    super(gone ? 'the response view went away before the body was sent' : 'the response view stopped taking the body');
  }
}

/** What the receiver has taken in, and the one sender that waits for it to take more. */
export class AckWindow {
  received = 0;
  private wake: (() => void) | undefined;
  private stopped = false;

  /** Ends the stream this window paces at its next chunk, at once if it waits for room. */
  stop(): void {
    this.stopped = true;
    this.wake?.();
  }

  /** The receiver's count of bytes taken in; counts only grow (a late, smaller ack is ignored). */
  acknowledge(received: number): void {
    if (!Number.isFinite(received)) return;
    this.received = Math.max(this.received, received);
    this.wake?.();
  }

  /** Resolves once fewer than `inFlight` bytes before `offset` are unacknowledged. */
  async room(offset: number, inFlight: number, stallMs: number, alive: () => boolean): Promise<void> {
    if (this.stopped || !alive()) throw new StalledError(true);
    while (offset - this.received > inFlight) {
      const before = this.received;
      let timer: ReturnType<typeof setTimeout> | undefined;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        timer = setTimeout(resolve, stallMs);
      });
      clearTimeout(timer);
      this.wake = undefined;
      if (this.stopped || !alive()) throw new StalledError(true);
      if (this.received === before) throw new StalledError();
    }
  }
}

export type PostChunk = (bytes: Uint8Array, offset: number, last: boolean) => PromiseLike<unknown>;

/**
 * A plain Uint8Array holding a copy of `bytes`. Not `bytes.slice()`: on a Node Buffer that is a
 * view, and whatever its kind, VS Code passes only typed arrays whose constructor is a plain one
 * (Uint8Array, …) as bytes — a Buffer (FastBuffer) went through JSON as {type:'Buffer', data:[…]},
 * which the webview's guard refused, so a body read from its file never arrived.
 */
export function plainCopy(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}

/**
 * Sends the whole body through `post`, in order, each chunk a fresh copy: a message carrying a
 * view of a larger buffer sends the whole buffer behind it (VS Code serialises ArrayBuffers, not
 * views), so a subarray of a 50 MB body would cross as 50 MB every time. Returns the bytes sent.
 */
export async function streamBody(source: BodySource, post: PostChunk, window: AckWindow, options: ChunkStreamOptions = {}): Promise<number> {
  const firstChunk = options.firstChunk ?? FIRST_CHUNK;
  const chunk = options.chunk ?? CHUNK;
  const inFlight = options.inFlight ?? IN_FLIGHT;
  const stallMs = options.stallMs ?? STALL_MS;
  const alive = options.alive ?? (() => true);
  const send = async (bytes: Uint8Array, offset: number, last: boolean) => {
    await window.room(offset, inFlight, stallMs, alive);
    await post(bytes, offset, last);
  };
  if (source.bytes) {
    const bytes = source.bytes;
    let offset = 0;
    do {
      const end = Math.min(bytes.length, offset + (offset === 0 ? firstChunk : chunk));
      await send(plainCopy(bytes.subarray(offset, end)), offset, end >= bytes.length);
      offset = end;
    } while (offset < bytes.length);
    return bytes.length;
  }
  if (!source.file) throw new Error('this body was not kept');
  let offset = 0;
  let first = true;
  const stream = createReadStream(source.file, { highWaterMark: chunk });
  try {
    for await (const piece of stream as AsyncIterable<Buffer>) {
      const pieces = first && piece.length > firstChunk ? [piece.subarray(0, firstChunk), piece.subarray(firstChunk)] : [piece];
      first = false;
      for (const part of pieces) {
        // A piece read from the file (or the first chunk cut from it) may be a view of a larger buffer.
        await send(plainCopy(part), offset, false);
        offset += part.length;
      }
    }
  } finally {
    stream.destroy();
  }
  await send(new Uint8Array(), offset, true);
  return offset;
}
