// Finds a text in the body's bytes (UTF-8; ASCII letters case-insensitively), in slices so a
// 50 MB body is searched without stalling the page. Pure: tested in Node.
import { chunked, type ChunkedBytes } from './chunkedBytes';

export const MAX_MATCHES = 10_000;

export class ByteSearch {
  readonly matches: number[] = [];
  private pos = 0;
  private readonly needle: Uint8Array;
  private readonly firsts: number[];
  private readonly bytes: ChunkedBytes;
  /**
   * Per first byte (a letter has two): where it occurs next at or after `pos` (-1: not before
   * `searched`), and how far it was looked for. Without them each candidate of one case searched
   * on for the other case: a lowercase body and the 'E' of 'einde' scanned to the end of a 20 MB
   * body at every 'e' (found by the e2e step on a 20 MB body: the page hung).
   */
  private readonly found: number[];
  private readonly searched: number[];

  constructor(bytes: Uint8Array | ChunkedBytes, query: string) {
    this.bytes = chunked(bytes);
    this.needle = new TextEncoder().encode(query.toLowerCase());
    const first = this.needle[0];
    this.firsts = first === undefined ? [] : first >= 0x61 && first <= 0x7a ? [first, first - 0x20] : [first];
    this.found = this.firsts.map(() => -1);
    this.searched = this.firsts.map(() => 0);
  }

  get full(): boolean {
    return this.matches.length >= MAX_MATCHES;
  }

  /** Searches [pos, min(available, pos + maxBytes)); returns true while there is more to search. */
  scan(available: number, maxBytes = 8 * 1024 * 1024): boolean {
    const { bytes, needle } = this;
    if (!needle.length || this.full) return false;
    const limit = Math.min(available - needle.length + 1, this.pos + maxBytes);
    while (this.pos < limit && !this.full) {
      let next = -1;
      for (let k = 0; k < this.firsts.length; k++) {
        if (this.found[k]! < this.pos) {
          const from = Math.max(this.pos, this.searched[k]!);
          const at = from < limit ? bytes.indexOf(this.firsts[k]!, from, limit) : -1;
          this.found[k] = at;
          this.searched[k] = at >= 0 ? at + 1 : Math.max(from, limit);
        }
        const at = this.found[k]!;
        if (at >= this.pos && (next < 0 || at < next)) next = at;
      }
      if (next < 0) {
        this.pos = limit;
        break;
      }
      if (matchesAt(bytes, needle, next)) this.matches.push(next);
      this.pos = next + 1;
    }
    return this.pos < available - needle.length + 1 && !this.full;
  }
}

function matchesAt(bytes: ChunkedBytes, needle: Uint8Array, at: number): boolean {
  for (let i = 0; i < needle.length; i++) {
    let b = bytes.at(at + i);
    if (b >= 0x41 && b <= 0x5a) b += 0x20;
    if (b !== needle[i]) return false;
  }
  return true;
}
