// The raw view's rows, found incrementally as bytes arrive: a row ends at a line break, and a
// line longer than WRAP bytes (a minified 50 MB JSON is one line) is cut into rows of WRAP bytes,
// never inside a UTF-8 character. Pure (no DOM): tested in Node.
import { chunked, type ChunkedBytes } from './chunkedBytes';

export const WRAP = 2000;

export class RawRows {
  /** Byte offset where each row starts; row i ends where row i + 1 starts (or at `available`). */
  starts: Int32Array = new Int32Array(1024);
  count = 0;
  private pos = 0;

  private readonly bytes: ChunkedBytes;

  constructor(bytes: Uint8Array | ChunkedBytes) {
    this.bytes = chunked(bytes);
  }

  /** Finds the rows in [pos, available); a row still open at `available` is counted when `complete`. */
  scan(available: number, complete: boolean): void {
    const bytes = this.bytes;
    let pos = this.pos;
    if (this.count === 0 && available > 0) this.push(0);
    while (pos < available) {
      const limit = Math.min(available, pos + WRAP);
      // Within this row's reach only: indexOf over the whole buffer would scan to its end for every
      // row of a body without line breaks (a minified one), which is quadratic.
      const found = bytes.indexOf(0x0a, pos, limit);
      if (found >= 0) {
        pos = found + 1;
      } else if (limit - pos === WRAP) {
        // The byte after the cut says whether the cut splits a character: wait for it to arrive.
        if (limit >= available && !complete) break;
        let cut = limit;
        while (cut > pos + 1 && cut < available && (bytes.at(cut) & 0xc0) === 0x80) cut--;
        pos = cut;
      } else {
        break; // a short last piece: wait for more bytes, or it is the last row
      }
      if (pos < available || !complete) this.push(pos);
    }
    this.pos = pos;
  }

  /** [start, end) of row `index`, for the bytes received so far. */
  range(index: number, available: number): [number, number] {
    const start = this.starts[index]!;
    const end = index + 1 < this.count ? this.starts[index + 1]! : available;
    return [start, end];
  }

  /** The row holding byte `offset`. */
  rowAt(offset: number): number {
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private push(offset: number): void {
    if (this.count === this.starts.length) {
      const grown = new Int32Array(this.starts.length * 2);
      grown.set(this.starts);
      this.starts = grown;
    }
    this.starts[this.count++] = offset;
  }
}
