import type { Body, BodySegment, Directive, Header, Position, Range, RequestBlock, RequestLine, ScriptBlock, VariableDefinition, VariableReference } from './ast';

// The nodes the parser builds, as small classes. A tree of 5,000 requests held every range as a
// fresh `{ start: {…}, end: {…} }` (three objects, about 290,000 in all), and most of a parse
// was the garbage collector moving them out of the young generation. Here a node keeps its
// lines and columns as numbers in private fields and makes a range the first time it is read
// (then keeps it, so a range read twice is the same object, as before). The interfaces of
// `ast.ts` are unchanged; a reader cannot tell, except that the ranges are getters on the
// prototype: a spread (`{ ...header }`) or `Object.keys` does not see them. `toJSON` gives the
// plain tree, keys in the interfaces' order (what `regx parse` prints), and `plainTree`
// gives it as objects for a caller that spreads or clones nodes.

/** A range within one line. */
export function lineSpan(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}

function spanOf(startLine: number, startCharacter: number, endLine: number, endCharacter: number): Range {
  return { start: { line: startLine, character: startCharacter }, end: { line: endLine, character: endCharacter } };
}

/** One shared empty list for the many nodes that have none (frozen: the tree is read-only). */
export const NONE: never[] = Object.freeze([]) as unknown as never[];

/**
 * A directive (`# @name login`) or a header (`Accept: application/json`): one line holding a
 * name and a value, with ranges for the whole line, the name and the value. One class for both,
 * rather than two subclasses of a shared one: a tree holds 13,000 of these for 5,000 requests,
 * and `new` of a derived class costs about twice that of a base class. A directive without a
 * value has no value range (`valueStart` -1); a header always has one, empty or not.
 */
export class NameValueNode implements Directive {
  #line: number;
  #nameStart: number;
  #valueStart: number;
  #end: number;
  /**
   * The ranges made so far (line, name, value), in one field rather than three: most of these
   * nodes are never asked for a range.
   */
  #ranges: [Range?, Range?, Range?] | undefined;

  constructor(
    public name: string,
    public value: string,
    line: number,
    nameStart: number,
    /** Where the value starts; -1 for a directive without one. */
    valueStart: number,
    lineLength: number,
  ) {
    this.#line = line;
    this.#nameStart = nameStart;
    this.#valueStart = valueStart;
    this.#end = lineLength;
  }

  get range(): Range {
    return ((this.#ranges ??= [])[0] ??= lineSpan(this.#line, 0, this.#end));
  }

  get nameRange(): Range {
    return ((this.#ranges ??= [])[1] ??= lineSpan(this.#line, this.#nameStart, this.#nameStart + this.name.length));
  }

  get valueRange(): Range | undefined {
    if (this.#valueStart < 0) return undefined;
    return ((this.#ranges ??= [])[2] ??= lineSpan(this.#line, this.#valueStart, this.#valueStart + this.value.length));
  }

  toJSON(): Directive {
    return { name: this.name, value: this.value, range: this.range, nameRange: this.nameRange, valueRange: this.valueRange };
  }
}

/** A header: a name and value line whose value range is always there. */
export type HeaderNode = NameValueNode & Header;
export const HeaderNode = NameValueNode as new (name: string, value: string, line: number, nameStart: number, valueStart: number, lineLength: number) => HeaderNode;

/** `@host = example.org`: a name and value line with the scope it is defined in. */
export class VariableNode extends NameValueNode implements VariableDefinition {
  constructor(
    name: string,
    value: string,
    public scope: 'file' | 'request',
    line: number,
    nameStart: number,
    valueStart: number,
    lineLength: number,
  ) {
    super(name, value, line, nameStart, valueStart, lineLength);
  }

  override get valueRange(): Range {
    return super.valueRange!;
  }

  override toJSON(): VariableDefinition {
    return { name: this.name, value: this.value, scope: this.scope, range: this.range, nameRange: this.nameRange, valueRange: this.valueRange };
  }
}

/** `{{name}}`: `range` holds the braces, `innerRange` the trimmed expression. */
export class ReferenceNode implements VariableReference {
  #line: number;
  #start: number;
  #end: number;
  #innerStart: number;
  /** The ranges made so far (braces, inner), in one field. */
  #ranges: [Range?, Range?] | undefined;

  constructor(
    public expression: string,
    public kind: VariableReference['kind'],
    public name: string,
    line: number,
    start: number,
    end: number,
    innerStart: number,
  ) {
    this.#line = line;
    this.#start = start;
    this.#end = end;
    this.#innerStart = innerStart;
  }

  get range(): Range {
    return ((this.#ranges ??= [])[0] ??= lineSpan(this.#line, this.#start, this.#end));
  }

  get innerRange(): Range {
    return ((this.#ranges ??= [])[1] ??= lineSpan(this.#line, this.#innerStart, this.#innerStart + this.expression.length));
  }

  toJSON(): VariableReference {
    return { expression: this.expression, kind: this.kind, name: this.name, range: this.range, innerRange: this.innerRange };
  }
}

/** Copied rather than written as a literal, for the reason `add` in parser.ts gives. */
const NO_PIECES: readonly number[] = [];

interface RequestLineRanges {
  range?: Range;
  methodRange?: Range;
  urlRanges?: Range[];
}

/**
 * `GET {{host}}/x HTTP/1.1` and its continuation lines. The URL's pieces are kept as numbers
 * (line, start, end per piece) until `urlRanges` is read.
 */
export class RequestLineNode implements RequestLine {
  public methodImplicit: boolean;
  #line: number;
  #start: number;
  #endLine: number;
  #endCharacter: number;
  #urlStart: number;
  /** Line, start and end of each continuation line's piece; most URLs have none. */
  #more: number[] | undefined;
  /** What has been read so far: the range, the method's range, the URL's ranges. */
  #made: RequestLineRanges | undefined;

  constructor(
    public method: string,
    implicit: boolean,
    public url: string,
    public httpVersion: string | undefined,
    line: number,
    start: number,
    end: number,
    urlStart: number,
  ) {
    this.methodImplicit = implicit;
    this.#line = line;
    this.#start = start;
    this.#endLine = line;
    this.#endCharacter = end;
    this.#urlStart = urlStart;
  }

  /** The column the request line starts at (its indentation), without making its range. */
  get startCharacter(): number {
    return this.#start;
  }

  /** Adds a continuation line's piece (`  &b=2`, from `start` to `end` on `line`) to the URL. */
  extend(joined: string, line: number, start: number, end: number, lineEnd: number): void {
    if (this.#more === undefined) {
      // The first piece's end, before the URL grows.
      this.#more = NO_PIECES.slice();
      this.#more.push(this.#line, this.#urlStart, this.#urlStart + this.url.length);
    }
    this.#more.push(line, start, end);
    this.#endLine = line;
    this.#endCharacter = lineEnd;
    this.url = joined;
    if (this.#made) {
      this.#made.range = undefined;
      this.#made.urlRanges = undefined;
    }
  }

  get methodRange(): Range | undefined {
    if (this.methodImplicit) return undefined;
    return ((this.#made ??= {}).methodRange ??= lineSpan(this.#line, this.#start, this.#start + this.method.length));
  }

  get urlRanges(): Range[] {
    const made = (this.#made ??= {});
    if (made.urlRanges) return made.urlRanges;
    const pieces = this.#more;
    if (pieces === undefined) return (made.urlRanges = [lineSpan(this.#line, this.#urlStart, this.#urlStart + this.url.length)]);
    const ranges: Range[] = [];
    for (let p = 0; p < pieces.length; p += 3) ranges.push(lineSpan(pieces[p]!, pieces[p + 1]!, pieces[p + 2]!));
    return (made.urlRanges = ranges);
  }

  get range(): Range {
    return ((this.#made ??= {}).range ??= spanOf(this.#line, this.#start, this.#endLine, this.#endCharacter));
  }

  toJSON(): RequestLine {
    return { method: this.method, methodImplicit: this.methodImplicit, methodRange: this.methodRange, url: this.url, urlRanges: this.urlRanges, httpVersion: this.httpVersion, range: this.range };
  }
}

/** A script or assertion block; `textStart` is kept as numbers until read. */
export class ScriptNode implements ScriptBlock {
  #startLine: number;
  #endLine: number;
  #endCharacter: number;
  #textLine: number;
  #textCharacter: number;
  /** The range and text start made so far, in one field. */
  #made: { range?: Range; textStart?: Position } | undefined;

  constructor(
    public kind: ScriptBlock['kind'],
    public form: ScriptBlock['form'],
    public text: string,
    /** -1 when the block has no text start (a saved response). */
    textLine: number,
    textCharacter: number,
    public event: string | undefined,
    startLine: number,
    endLine: number,
    endCharacter: number,
  ) {
    this.#textLine = textLine;
    this.#textCharacter = textCharacter;
    this.#startLine = startLine;
    this.#endLine = endLine;
    this.#endCharacter = endCharacter;
  }

  get textStart(): Position | undefined {
    if (this.#textLine < 0) return undefined;
    return ((this.#made ??= {}).textStart ??= { line: this.#textLine, character: this.#textCharacter });
  }

  get range(): Range {
    return ((this.#made ??= {}).range ??= spanOf(this.#startLine, 0, this.#endLine, this.#endCharacter));
  }

  toJSON(): ScriptBlock {
    return { kind: this.kind, form: this.form, text: this.text, textStart: this.textStart, event: this.event, range: this.range };
  }
}

/** The one segment of a body that is all text: its range is the body's. */
export class TextSegmentNode {
  readonly type = 'text' as const;
  #body: BodyNode;

  constructor(
    public text: string,
    body: BodyNode,
  ) {
    this.#body = body;
  }

  get range(): Range {
    return this.#body.range;
  }

  toJSON(): BodySegment {
    return { type: this.type, text: this.text, range: this.range };
  }
}

/** A body from `startLine` to `endLine` (the end column is that line's length). */
export class BodyNode implements Body {
  /** The segments, when the body has includes; a text-only body makes its one segment when read. */
  #segments: BodySegment[] | undefined;
  #startLine: number;
  #endLine: number;
  #endCharacter: number;
  #range: Range | undefined;

  constructor(
    segments: BodySegment[] | undefined,
    public text: string,
    startLine: number,
    endLine: number,
    endCharacter: number,
  ) {
    this.#segments = segments;
    this.#startLine = startLine;
    this.#endLine = endLine;
    this.#endCharacter = endCharacter;
  }

  get range(): Range {
    return (this.#range ??= spanOf(this.#startLine, 0, this.#endLine, this.#endCharacter));
  }

  /** Without includes the body is one text segment, which reads its range from here. */
  get segments(): BodySegment[] {
    return (this.#segments ??= [new TextSegmentNode(this.text, this)]);
  }

  set segments(segments: BodySegment[]) {
    this.#segments = segments;
  }

  toJSON(): Body {
    return { segments: this.segments, text: this.text, range: this.range };
  }
}

/** What the parser's block already holds when the request node is made from it. */
export interface BlockParts {
  title?: string;
  comments: Range[];
  requestLine?: RequestLine;
  headers: Header[];
  scripts: ScriptBlock[];
}

/** A request block: from its separator (or first line) to the line before the next block. */
export class RequestNode implements RequestBlock {
  public index: number;
  public title: string | undefined;
  public name: string | undefined;
  public directives: Directive[];
  public variables: VariableDefinition[];
  public comments: Range[];
  public requestLine: RequestLine;
  public headers: Header[];
  public headerSpreads: RequestBlock['headerSpreads'];
  public body: Body | undefined;
  public scripts: ScriptBlock[];
  #startLine: number;
  /** The separator line's length, or -1 when the block has no separator. */
  #separatorEnd: number;
  #endLine: number;
  #endCharacter: number;
  /** The range and separator range made so far, in one field. */
  #ranges: [Range?, Range?] | undefined;

  // Positional rather than one object of parts: a parse makes 5,000 of these.
  constructor(
    index: number,
    block: BlockParts,
    name: string | undefined,
    directives: Directive[],
    variables: VariableDefinition[],
    headerSpreads: RequestBlock['headerSpreads'],
    body: Body | undefined,
    startLine: number,
    separatorEnd: number,
    endLine: number,
    endCharacter: number,
  ) {
    this.index = index;
    this.title = block.title;
    this.name = name;
    this.directives = directives;
    this.variables = variables;
    this.comments = block.comments;
    this.requestLine = block.requestLine!;
    this.headers = block.headers;
    this.headerSpreads = headerSpreads;
    this.body = body;
    this.scripts = block.scripts;
    this.#startLine = startLine;
    this.#separatorEnd = separatorEnd;
    this.#endLine = endLine;
    this.#endCharacter = endCharacter;
  }

  get range(): Range {
    return ((this.#ranges ??= [])[0] ??= spanOf(this.#startLine, 0, this.#endLine, this.#endCharacter));
  }

  get separatorRange(): Range | undefined {
    if (this.#separatorEnd < 0) return undefined;
    return ((this.#ranges ??= [])[1] ??= lineSpan(this.#startLine, 0, this.#separatorEnd));
  }

  toJSON(): RequestBlock {
    // Two literals rather than a spread: the key order stays that of the interface either way.
    const { index, range, title, separatorRange, name, directives, variables, comments, requestLine, headers, headerSpreads, body, scripts } = this;
    return headerSpreads
      ? { index, range, title, separatorRange, name, directives, variables, comments, requestLine, headers, headerSpreads, body, scripts }
      : { index, range, title, separatorRange, name, directives, variables, comments, requestLine, headers, body, scripts };
  }
}

/**
 * The tree as plain objects (every range an own property), for a caller that spreads, clones
 * or compares nodes structurally; the same as `JSON.parse(JSON.stringify(tree))` minus its
 * `undefined` fields.
 */
export function plainTree<T>(tree: T): T {
  return JSON.parse(JSON.stringify(tree)) as T;
}
