// A structural index of a JSON body, built incrementally from bytes as they arrive: one entry per
// value (object, array, string, number, literal) with where it starts, its key, its parent and where
// it ends (a scalar: its last byte; a container: its subtree) — never a parsed JavaScript value.
// 17 bytes a value; a container's closing byte and its child count are derived when asked for. It runs in slices (`scan(maxBytes)`), so a
// 50 MB body shows its first screen after the first slice and the page never stalls; a token cut
// by the end of what has arrived is read again when the rest comes. The bytes are the chunks as
// they arrived (ChunkedBytes), never one copied array. Pure (no DOM): tested in Node.
import { ChunkedBytes } from './chunkedBytes';

export const Kind = { Object: 1, Array: 2, String: 3, Number: 4, True: 5, False: 6, Null: 7 } as const;
export type Kind = (typeof Kind)[keyof typeof Kind];

const OPEN = -1;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

export class JsonIndex {
  readonly bytes: ChunkedBytes;
  /** Bytes received so far. */
  available = 0;
  /** Every byte has arrived. */
  complete = false;
  count = 0;
  kind: Uint8Array;
  /** Byte offset where the value starts (its first byte). */
  start: Int32Array;
  /** Offset of the key's opening quote; for an array element -(index + 2); -1 for the root. */
  key: Int32Array;
  parent: Int32Array;
  /**
   * A scalar: one past its last byte. A container: the first node after its subtree (its next
   * sibling, if any), -1 while it is open. (`nextOf`, `endOf` read it.)
   */
  private link: Int32Array;
  /** Set when the bytes are not JSON: where and why. Scanning stops there. */
  error: { offset: number; message: string } | undefined;

  private pos = 0;
  private readonly stack: number[] = [];
  /** Children seen so far of each container on the stack (an array element's key is its index). */
  private readonly counts: number[] = [];
  private expectKey = false;
  private pendingKey = -1;
  /** A value just ended inside a container: a ',' or the close must come next. */
  private needComma = false;
  /** A ',' was just read: a close now is a trailing comma. */
  private afterComma = false;
  /** The current key's ':' was read. */
  private sawColon = false;
  private rootDone = false;

  constructor(size: number) {
    this.bytes = new ChunkedBytes(size);
    // Small at first: the first growth, after some bytes are read, sizes the arrays from the
    // density seen so far, so a 50 MB body does not pay for doubling (and its copy) on a guess.
    const capacity = Math.max(1024, Math.ceil(size / 256));
    this.kind = new Uint8Array(capacity);
    this.start = new Int32Array(capacity);
    this.key = new Int32Array(capacity);
    this.parent = new Int32Array(capacity);
    this.link = new Int32Array(capacity);
  }

  /** Keeps arriving bytes (not a copy: the index reads them where they are); `last` with the body's end. */
  append(chunk: Uint8Array, offset: number, last: boolean): void {
    this.bytes.append(chunk, offset);
    this.available = this.bytes.available;
    if (last) this.complete = true;
  }

  /** All bytes are in and scanned (or an error stopped the scan). */
  get done(): boolean {
    return this.error !== undefined || (this.complete && this.pos >= this.available);
  }

  /** Bytes scanned so far (for a progress bar). */
  get scanned(): number {
    return this.pos;
  }

  /** Scans at most `maxBytes` more; returns true when it made progress. */
  scan(maxBytes = 4 * 1024 * 1024): boolean {
    if (this.error) return false;
    const data = this.bytes;
    // The slice ends at `limit`, but a token that starts before it is read to its end.
    const available = this.available;
    const limit = Math.min(available, this.pos + maxBytes);
    const final = this.complete;
    const from = this.pos;
    let pos = this.pos;
    // The chunk holding `pos`: bytes are read from it directly; a token running past it is read through `data`.
    let buf = EMPTY;
    let base = 0;
    let bufEnd = 0;
    while (pos < limit) {
      if (pos >= bufEnd || pos < base) {
        const chunk = data.chunkAt(pos);
        buf = data.chunks[chunk]!;
        base = data.startOf(chunk);
        bufEnd = base + buf.length;
      }
      const b = buf[pos - base]!;
      if (b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09) {
        pos++;
        continue;
      }
      const top = this.stack.length ? this.stack[this.stack.length - 1]! : -1;
      if (this.rootDone && top < 0) return this.fail(pos, 'more data after the JSON value');
      if (b === 0x2c) {
        // ,
        if (top < 0 || !this.needComma) return this.fail(pos, "unexpected ','");
        this.needComma = false;
        this.afterComma = true;
        if (this.kind[top] === Kind.Object) this.expectKey = true;
        pos++;
        continue;
      }
      if (b === 0x3a) {
        // :
        if (top < 0 || this.kind[top] !== Kind.Object || this.pendingKey < 0 || this.sawColon) return this.fail(pos, "unexpected ':'");
        this.sawColon = true;
        pos++;
        continue;
      }
      if (b === 0x7d || b === 0x5d) {
        // } ]
        const want = b === 0x7d ? Kind.Object : Kind.Array;
        if (top < 0 || this.kind[top] !== want) return this.fail(pos, `unexpected '${String.fromCharCode(b)}'`);
        if (this.afterComma) return this.fail(pos, `a ',' before '${String.fromCharCode(b)}'`);
        if (this.pendingKey >= 0) return this.fail(pos, 'a key without a value');
        this.link[top] = this.count;
        this.stack.pop();
        this.counts.pop();
        this.expectKey = false;
        this.pendingKey = -1;
        this.needComma = this.stack.length > 0;
        if (!this.stack.length) this.rootDone = true;
        pos++;
        continue;
      }
      if (this.needComma) return this.fail(pos, `expected ',' or the end of the ${this.kind[top] === Kind.Object ? 'object' : 'array'}`);
      if (b === QUOTE) {
        const close = stringEnd(data, pos, available);
        if (close < 0) {
          if (final) return this.fail(pos, 'unterminated string');
          break; // the rest of the string has not arrived
        }
        if (top >= 0 && this.kind[top] === Kind.Object && this.expectKey) {
          this.pendingKey = pos;
          this.expectKey = false;
          this.sawColon = false;
          this.afterComma = false;
        } else {
          if (top >= 0 && this.kind[top] === Kind.Object && !this.sawColon) return this.fail(pos, "expected ':'");
          const node = this.add(Kind.String, pos, top);
          this.link[node] = close + 1;
        }
        pos = close + 1;
        continue;
      }
      if (top >= 0 && this.kind[top] === Kind.Object && (this.expectKey || this.pendingKey < 0)) return this.fail(pos, 'expected a key');
      if (top >= 0 && this.kind[top] === Kind.Object && !this.sawColon) return this.fail(pos, "expected ':'");
      if (b === 0x7b || b === 0x5b) {
        const node = this.add(b === 0x7b ? Kind.Object : Kind.Array, pos, top);
        this.link[node] = OPEN;
        this.stack.push(node);
        this.counts.push(0);
        this.expectKey = b === 0x7b;
        pos++;
        continue;
      }
      let stop = pos;
      while (stop < available && isScalarByte(stop < bufEnd ? buf[stop - base]! : data.at(stop))) stop++;
      if (stop === available && !final) break; // may go on in the bytes still to come
      const kind = stop <= bufEnd ? scalarKind(buf, pos - base, stop - base) : scalarKind(data.slice(pos, stop), 0, stop - pos);
      if (kind === undefined) return this.fail(pos, `unexpected '${String.fromCharCode(b)}'`);
      const node = this.add(kind, pos, top);
      this.link[node] = stop;
      pos = stop;
    }
    this.pos = pos;
    if (this.complete && pos >= this.available && !this.error) {
      if (this.stack.length) this.fail(pos, 'the body ends inside an object or array');
      else if (this.count === 0) this.fail(pos, 'no JSON value');
    }
    return pos > from;
  }

  private fail(offset: number, message: string): false {
    this.error = { offset, message };
    this.pos = offset;
    return false;
  }

  private add(kind: Kind, at: number, parent: number): number {
    if (this.count === this.kind.length) this.grow(at);
    const node = this.count++;
    this.kind[node] = kind;
    this.start[node] = at;
    this.parent[node] = parent;
    if (parent < 0) {
      this.key[node] = -1;
      if (kind !== Kind.Object && kind !== Kind.Array) this.rootDone = true;
    } else {
      // the parent is the container on top of the stack
      const seen = this.counts[this.counts.length - 1]!;
      this.key[node] = this.kind[parent] === Kind.Object ? this.pendingKey : -(seen + 2);
      this.counts[this.counts.length - 1] = seen + 1;
    }
    this.pendingKey = -1;
    this.sawColon = false;
    this.afterComma = false;
    // A scalar ends here; a container's own close sets it when it ends.
    this.needComma = parent >= 0 && kind !== Kind.Object && kind !== Kind.Array;
    return node;
  }

  /**
   * `at`: where the scan is now. Not `this.pos`, which is where the current slice began: the first
   * growth comes a couple of MB into a slice, and the density over the slice's start overshot the
   * value count by 70% (arrays of 4.9 M entries for 2.9 M values of a 50 MB body, 0.75× the body).
   */
  private grow(at: number): void {
    const estimate = at >= 64 * 1024 ? Math.ceil((this.count / at) * this.bytes.length * 1.08) + 1024 : 0;
    const capacity = Math.max(Math.ceil(this.kind.length * 1.5), estimate);
    const grow32 = (old: Int32Array) => {
      const next = new Int32Array(capacity);
      next.set(old);
      return next;
    };
    const kind = new Uint8Array(capacity);
    kind.set(this.kind);
    this.kind = kind;
    this.start = grow32(this.start);
    this.key = grow32(this.key);
    this.parent = grow32(this.parent);
    this.link = grow32(this.link);
  }

  isContainer(node: number): boolean {
    const kind = this.kind[node];
    return kind === Kind.Object || kind === Kind.Array;
  }

  isOpen(node: number): boolean {
    return this.isContainer(node) && this.link[node] === OPEN;
  }

  /** The first node after `node`'s subtree (its next sibling, if any); -1 while it is open. */
  nextOf(node: number): number {
    return this.isContainer(node) ? this.link[node]! : node + 1;
  }

  /** The last child of a container scanned so far, or -1. */
  lastChild(node: number): number {
    const next = this.link[node]!;
    // the last node of its subtree, then up to the child that holds it
    for (let at = (next === OPEN ? this.count : next) - 1; at > node; at = this.parent[at]!) if (this.parent[at] === node) return at;
    return -1;
  }

  /** Children seen so far: an array's from its last element's index, an object's counted. */
  sizeOf(node: number): number {
    if (this.kind[node] === Kind.Array) {
      const last = this.lastChild(node);
      return last < 0 ? 0 : -this.key[last]! - 1;
    }
    let count = 0;
    for (const _child of this.children(node)) count++;
    return count;
  }

  /** One past the value's last byte; -1 while a container is open. */
  endOf(node: number): number {
    if (!this.isContainer(node)) return this.link[node]!;
    if (this.link[node] === OPEN) return OPEN;
    // The closing bracket follows the last child (after whitespace): down the chain of last
    // children to a scalar or an empty container, then back up (no recursion: nesting may be deep).
    const chain: number[] = [];
    let at = node;
    for (let last = this.lastChild(at); last >= 0 && this.isContainer(last); last = this.lastChild(last)) {
      chain.push(at);
      at = last;
    }
    chain.push(at);
    let end = -1;
    for (let i = chain.length - 1; i >= 0; i--) {
      const container = chain[i]!;
      const last = this.lastChild(container);
      let from = last < 0 ? this.start[container]! + 1 : i === chain.length - 1 ? this.link[last]! : end;
      while (from < this.available && isWhitespace(this.bytes.at(from))) from++;
      end = from + 1;
    }
    return end;
  }

  /** The children scanned so far, in order. */
  *children(node: number): Generator<number> {
    if (!this.isContainer(node)) return;
    let child = node + 1;
    while (child < this.count && this.parent[child] === node) {
      yield child;
      const next = this.nextOf(child);
      if (next === OPEN) return;
      child = next;
    }
  }

  /** Text of the bytes [from, to). */
  text(from: number, to: number): string {
    return decoder.decode(this.bytes.slice(from, to));
  }

  /** The key of an object member (unescaped), the index of an array element, or undefined for the root. */
  keyOf(node: number): string | number | undefined {
    const key = this.key[node]!;
    if (key === -1) return undefined;
    if (key < -1) return -key - 2;
    const close = stringEnd(this.bytes, key, this.available);
    const raw = this.text(key, close + 1);
    try {
      return JSON.parse(raw) as string;
    } catch {
      return raw.slice(1, -1);
    }
  }

  /** Keys and indexes from the root down to `node`. */
  steps(node: number): (string | number)[] {
    const steps: (string | number)[] = [];
    for (let at = node; at >= 0 && this.parent[at]! >= 0; at = this.parent[at]!) steps.push(this.keyOf(at)!);
    return steps.reverse();
  }

  depth(node: number): number {
    let depth = 0;
    for (let at = this.parent[node]!; at >= 0; at = this.parent[at]!) depth++;
    return depth;
  }

  /** The node at `steps`, or undefined when the body (so far) has none there. */
  find(steps: readonly (string | number)[]): number | undefined {
    if (this.count === 0) return undefined;
    let node = 0;
    for (const step of steps) {
      let found: number | undefined;
      for (const child of this.children(node)) {
        if (this.keyOf(child) === step) {
          found = child;
          break;
        }
      }
      if (found === undefined) return undefined;
      node = found;
    }
    return node;
  }

  /** The innermost node whose value (or key) holds byte `offset`. */
  nodeAt(offset: number): number | undefined {
    if (this.count === 0) return undefined;
    // Nodes are in document order: the last one starting at or before the offset, then up to the
    // first ancestor that still encloses it.
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      const begin = this.key[mid]! >= 0 ? this.key[mid]! : this.start[mid]!;
      if (begin <= offset) lo = mid;
      else hi = mid - 1;
    }
    // A scalar holds the offset up to its end; a container up to where the next node begins (so
    // no container's end is derived here: a deep body would make that quadratic).
    for (let node = lo; node >= 0; node = this.parent[node]!) {
      if (!this.isContainer(node)) {
        if (this.link[node]! > offset) return node;
        continue;
      }
      const after = this.link[node]!;
      if (after === OPEN || after >= this.count) return node;
      const begin = this.key[after]! >= 0 ? this.key[after]! : this.start[after]!;
      if (offset < begin) return node;
    }
    return 0;
  }
}

const decoder = new TextDecoder();
const EMPTY: Uint8Array = new Uint8Array(0);

/** Index of the quote closing the string that opens at `open`, or -1 when it is not in [open, limit). */
export function stringEnd(data: ChunkedBytes, open: number, limit: number): number {
  let at = open + 1;
  for (;;) {
    const quote = data.indexOf(QUOTE, at, limit);
    if (quote < 0) return -1;
    let backslashes = 0;
    for (let i = quote - 1; i > open && data.at(i) === BACKSLASH; i--) backslashes++;
    if (backslashes % 2 === 0) return quote;
    at = quote + 1;
  }
}

function isWhitespace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

function isScalarByte(b: number): boolean {
  // digits . - + e E and the letters of true / false / null
  return (b >= 0x30 && b <= 0x39) || b === 0x2e || b === 0x2d || b === 0x2b || (b >= 0x61 && b <= 0x7a) || b === 0x45;
}

function scalarKind(bytes: Uint8Array, from: number, to: number): Kind | undefined {
  const length = to - from;
  const b = bytes[from];
  if (length === 4 && b === 0x74 && bytes[from + 1] === 0x72 && bytes[from + 2] === 0x75 && bytes[from + 3] === 0x65) return Kind.True;
  if (length === 5 && b === 0x66 && bytes[from + 1] === 0x61 && bytes[from + 2] === 0x6c && bytes[from + 3] === 0x73 && bytes[from + 4] === 0x65) return Kind.False;
  if (length === 4 && b === 0x6e && bytes[from + 1] === 0x75 && bytes[from + 2] === 0x6c && bytes[from + 3] === 0x6c) return Kind.Null;
  // Numbers are checked by shape only (a sign or digit first, then number bytes): a decode and a
  // regular expression per number cost a second on a body of a million numbers.
  if (length > 0 && (b === 0x2d || (b! >= 0x30 && b! <= 0x39))) {
    for (let i = from; i < to; i++) {
      const c = bytes[i]!;
      if (!((c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x2d || c === 0x2b || c === 0x65 || c === 0x45)) return undefined;
    }
    return Kind.Number;
  }
  return undefined;
}
