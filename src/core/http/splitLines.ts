import * as recognisers from './recognisers';

// Read once: under tsx every use of an imported name goes through getters (see parser.ts).
const { isSpaceCode } = recognisers;

// Splits a document into lines the way VS Code does (`\r\n`, `\n` and a lone `\r` all end a
// line), so a range computed here is the range the editor shows.

export interface SplitText {
  /** Each line without its line break. */
  lines: string[];
  /** The first line break found; `\n` for a file with none (or only lone `\r`). */
  eol: '\n' | '\r\n';
  bom: boolean;
}

const LINE_BREAK = /\r\n|\r|\n/;

export function splitLines(input: string): SplitText {
  const bom = input.charCodeAt(0) === 0xfeff;
  const text = bom ? input.slice(1) : input;
  // Without a `\r` the lines are what a split on `\n` gives, several times faster than the pattern.
  if (text.indexOf('\r') === -1) return { lines: text.split('\n'), eol: '\n', bom };
  const first = LINE_BREAK.exec(text);
  return { lines: text.split(LINE_BREAK), eol: first?.[0] === '\r\n' ? '\r\n' : '\n', bom };
}

/** Where the lines start and end; the arrays may be longer than the text has lines. */
interface Offsets {
  starts: Int32Array;
  ends: Int32Array;
}

// The two loops over the line breaks are functions of their own that return right after the
// loop: V8 compiles a long loop while it runs (OSR), before the code after it has ever run, and
// code after the loop in the same function would leave the compiled loop on every call.

/** Fills `offsets` for a text whose line breaks are all `\n`; gives the last line's index. */
function breaksLf(input: string, from: number, offsets: Offsets): number {
  let { starts, ends } = offsets;
  let line = 0;
  for (let at = input.indexOf('\n', from); at !== -1; at = input.indexOf('\n', at + 1)) {
    if (line + 1 === starts.length) {
      starts = offsets.starts = doubled(starts);
      ends = offsets.ends = doubled(ends);
    }
    ends[line] = at;
    starts[++line] = at + 1;
  }
  return line;
}

/** Fills `offsets` for a text with `\r\n`, `\r` or `\n` line breaks; gives the last line's index. */
function breaksAny(input: string, from: number, offsets: Offsets): number {
  let { starts, ends } = offsets;
  let line = 0;
  for (let i = from; i < input.length; i++) {
    const c = input.charCodeAt(i);
    if (c !== 10 && c !== 13) continue;
    if (line + 1 === starts.length) {
      starts = offsets.starts = doubled(starts);
      ends = offsets.ends = doubled(ends);
    }
    ends[line] = i;
    if (c === 13 && input.charCodeAt(i + 1) === 10) i++;
    starts[++line] = i + 1;
  }
  return line;
}

/** The same offsets in an array twice as long. */
function doubled(offsets: Int32Array): Int32Array {
  const more = new Int32Array(offsets.length * 2);
  more.set(offsets);
  return more;
}

/**
 * The lines of a document as offsets into its text, cut out one at a time (`at`), so a parser
 * holds no array of 40,000 strings while it reads; the same lines as `splitLines`.
 */
export class Lines {
  readonly length: number;

  private constructor(
    /** The document, its BOM included (offsets count from its first character). */
    readonly text: string,
    private readonly starts: Int32Array,
    private readonly ends: Int32Array,
    /** Whether the text holds a `\r`; without one every line break is `\n`. */
    private readonly hasCr: boolean,
    /** The number of lines; the arrays may be longer. */
    length: number,
  ) {
    this.length = length;
  }

  static of(input: string): { lines: Lines; eol: '\n' | '\r\n'; bom: boolean } {
    const bom = input.charCodeAt(0) === 0xfeff;
    const from = bom ? 1 : 0;
    const hasCr = input.indexOf('\r', from) !== -1;
    // One pass: the offsets go into arrays sized for lines of about 16 characters, grown when
    // a file has shorter ones, rather than a pass to count the lines first.
    const offsets: Offsets = { starts: new Int32Array(Math.max(16, input.length >> 4)), ends: new Int32Array(Math.max(16, input.length >> 4)) };
    offsets.starts[0] = from;
    const last = hasCr ? breaksAny(input, from, offsets) : breaksLf(input, from, offsets);
    offsets.ends[last] = input.length;
    // As in splitLines: the first line break found, `\n` for none or a lone `\r`.
    const eol = last > 0 && input.charCodeAt(offsets.ends[0]!) === 13 && input.charCodeAt(offsets.ends[0]! + 1) === 10 ? '\r\n' : '\n';
    return { lines: new Lines(input, offsets.starts, offsets.ends, hasCr, last + 1), eol, bom };
  }

  /** Line `i` without its line break. */
  at(i: number): string {
    return this.text.slice(this.starts[i]!, this.ends[i]!);
  }

  /**
   * Lines `first` to `last` joined with `eol`: one cut of the text when every line break in it
   * is `\n` (and `eol` is), rather than a string per line and a join.
   */
  join(first: number, last: number, eol: string): string {
    return this.cut(first, 0, last, this.lengthOf(last), eol);
  }

  /** The text from `character` of `line` to `endCharacter` of `endLine`, its line breaks `eol`. */
  cut(line: number, character: number, endLine: number, endCharacter: number, eol: string): string {
    if (!this.hasCr && eol === '\n') return this.text.slice(this.starts[line]! + character, this.starts[endLine]! + endCharacter);
    if (line === endLine) return this.at(line).slice(character, endCharacter);
    const parts: string[] = [this.at(line).slice(character)];
    for (let i = line + 1; i < endLine; i++) parts.push(this.at(i));
    parts.push(this.at(endLine).slice(0, endCharacter));
    return parts.join(eol);
  }

  /** The first character of `line` from `from` to `to` that is not `\s`, or -1. */
  firstNonBlank(line: number, from: number, to: number): number {
    const start = this.starts[line]!;
    for (let at = start + from; at < start + to; at++) if (!isSpaceCode(this.text.charCodeAt(at))) return at - start;
    return -1;
  }

  lengthOf(i: number): number {
    return this.ends[i]! - this.starts[i]!;
  }

  /** Where line `i` starts in `text`. */
  startOf(i: number): number {
    return this.starts[i]!;
  }

  /** Where line `i` ends in `text` (its line break, or the end of the text). */
  endOf(i: number): number {
    return this.ends[i]!;
  }

  /** `at(i).trimEnd().length`, without cutting the line. */
  trimmedLengthOf(i: number): number {
    const start = this.starts[i]!;
    let end = this.ends[i]!;
    while (end > start && isSpaceCode(this.text.charCodeAt(end - 1))) end--;
    return end - start;
  }

  /** The last line holding `needle` (which holds no line break), or -1. */
  lastLineWith(needle: string): number {
    const at = this.text.lastIndexOf(needle);
    if (at === -1 || at < this.starts[0]!) return -1;
    let low = 0;
    let high = this.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= at) low = mid;
      else high = mid - 1;
    }
    return low;
  }
}
