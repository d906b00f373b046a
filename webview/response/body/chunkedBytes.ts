// A response body held as the chunks it arrived in, never copied into one array. A chunk that
// reached the page through postMessage (as VS Code's webview frames hand over the host's
// messages) stays resident until a full garbage collection whether the page keeps it or not
// (the render bench: copied into one array and detached, a 50 MB body still cost 2.03× in the
// renderer; collected after each message, 1.09×). Kept as the body's storage, those bytes are the
// body, once. Pure (no DOM): tested in Node.

export class ChunkedBytes {
  /** The chunks in order; chunk i holds the bytes from starts[i]. */
  readonly chunks: Uint8Array[] = [];
  private readonly starts: number[] = [];
  /** The chunks cover [0, available). */
  available = 0;
  /** The chunk found last: scans go forward, so it is usually the one asked for next. */
  private last = 0;

  /** `length`: the body's size; bytes beyond it are dropped. */
  constructor(readonly length: number) {}

  /** A store over bytes that are all there (tests, a body given as text). */
  static of(bytes: Uint8Array): ChunkedBytes {
    const store = new ChunkedBytes(bytes.length);
    store.append(bytes, 0);
    return store;
  }

  /**
   * Keeps `chunk` (a view of it, no copy) as the bytes from `offset`. Chunks come in order: the
   * part of one before `available` is there already and skipped; a gap before it is an error.
   */
  append(chunk: Uint8Array, offset: number): void {
    if (offset > this.available) throw new Error(`a chunk at byte ${offset} while the body has arrived up to byte ${this.available}`);
    const from = this.available - offset;
    const to = Math.min(chunk.length, this.length - offset);
    if (to <= from) return;
    this.chunks.push(from === 0 && to === chunk.length ? chunk : chunk.subarray(from, to));
    this.starts.push(offset + from);
    this.available = offset + to;
  }

  /** The index of the chunk holding byte `at` (0 <= at < available). */
  chunkAt(at: number): number {
    const last = this.last;
    if (last < this.chunks.length && this.starts[last]! <= at && at < this.starts[last]! + this.chunks[last]!.length) return last;
    const next = last + 1;
    if (next < this.chunks.length && this.starts[next]! <= at && at < this.starts[next]! + this.chunks[next]!.length) return (this.last = next);
    let lo = 0;
    let hi = this.chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return (this.last = lo);
  }

  /** Where chunk `i` starts in the body. */
  startOf(i: number): number {
    return this.starts[i]!;
  }

  /** The byte at `at` (0 <= at < available). */
  at(at: number): number {
    const i = this.chunkAt(at);
    return this.chunks[i]![at - this.starts[i]!]!;
  }

  /** The first `byte` in [from, to), or -1. Searches only that range (a row's reach stays a row's). */
  indexOf(byte: number, from: number, to: number): number {
    const end = Math.min(to, this.available);
    if (from >= end) return -1;
    for (let i = this.chunkAt(Math.max(0, from)); i < this.chunks.length && this.starts[i]! < end; i++) {
      const chunk = this.chunks[i]!;
      const base = this.starts[i]!;
      const hi = Math.min(chunk.length, end - base);
      const found = (hi === chunk.length ? chunk : chunk.subarray(0, hi)).indexOf(byte, Math.max(0, from - base));
      if (found >= 0) return base + found;
    }
    return -1;
  }

  /** The bytes [from, to) of what arrived: a view when one chunk holds them, else a copy. */
  slice(from: number, to: number): Uint8Array {
    const end = Math.min(to, this.available);
    if (end <= from) return new Uint8Array(0);
    const first = this.chunkAt(from);
    const base = this.starts[first]!;
    const chunk = this.chunks[first]!;
    if (end - base <= chunk.length) return chunk.subarray(from - base, end - base);
    const out = new Uint8Array(end - from);
    for (let i = first, at = from; at < end; i++) {
      const part = this.chunks[i]!.subarray(at - this.starts[i]!, Math.min(this.chunks[i]!.length, end - this.starts[i]!));
      out.set(part, at - from);
      at += part.length;
    }
    return out;
  }
}

/** Bytes given as one array (tests, a body in hand) or as a store. */
export function chunked(bytes: Uint8Array | ChunkedBytes): ChunkedBytes {
  return bytes instanceof ChunkedBytes ? bytes : ChunkedBytes.of(bytes);
}
