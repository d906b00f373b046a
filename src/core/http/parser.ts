import type {
  Diagnostic,
  Directive,
  Header,
  HeaderSpread,
  HttpFile,
  Position,
  Range,
  RequestBlock,
  ScriptBlock,
  VariableDefinition,
  VariableReference,
} from './ast';
import type { BodyIncludes } from './buildBody';
import * as bodies from './buildBody';
import { insertionFix } from './insertionFix';
import { Lines, splitLines } from './splitLines';
import type { LineToken, Section } from './recognisers';
import * as recognisers from './recognisers';
import { pieceSeparator } from './urlPieces';
import { wordsByLength } from './wordsByLength';
import * as nodes from './nodes';
import * as references from './references';
import * as syntax from './syntax';

// Under tsx (the tests and benches) each module runs as CommonJS, where every use of an imported
// name reads it through two getters; the names used for every line or block are read once here.
// (The esbuild bundle has no getters; this costs it nothing.)
const { buildBody } = bodies;
const { classifyIn, scriptLine, scriptOpen, strictRequestLine } = recognisers;
const { HeaderNode, lineSpan, NameValueNode, NONE, RequestLineNode, RequestNode, ScriptNode, VariableNode } = nodes;
const { readReference } = references;
const { BOUNDARY, COMMENT, MULTIPART, NO_IMPLICIT_SPLIT_DIRECTIVES, SEPARATOR } = syntax;

/** Directives that, before the first request, set something for the whole file. */
const FILE_DIRECTIVES: ReadonlySet<string> = new Set(['registry', 'env', 'openapi']);
const isNoImplicitSplitDirective = wordsByLength(NO_IMPLICIT_SPLIT_DIRECTIVES);

interface Draft {
  startLine: number;
  endLine: number;
  title?: string;
  /** Whether the block starts with a `###` line (its range is made by the node when read). */
  separator: boolean;
  directives: Directive[];
  variables: VariableDefinition[];
  comments: Range[];
  scripts: ScriptBlock[];
  requestLine?: InstanceType<typeof RequestLineNode>;
  headers: Header[];
  headerSpreads: HeaderSpread[];
  /**
   * The body's lines, blank ones included: most bodies are one run of lines, `bodyFirst` to
   * `bodyLast` (-1: no body yet), and `bodyLines` stays `NONE`; it lists them all once a line
   * is left out (a comment read as a comment). `bodyIncludes` says which are `< file` lines.
   */
  bodyFirst: number;
  bodyLast: number;
  bodyLines: number[];
  bodyIncludes?: BodyIncludes;
  /**
   * Request lines in the body are body text: a multipart body until its closing boundary (its
   * parts may embed request lines, as an OData `$batch` does), or a block marked with
   * `# @forceRegionDelimiter`.
   */
  noImplicitSplit: boolean;
  /** `--boundary--`, the line that closes the multipart body. */
  closingBoundary?: string;
}

type Token<T extends LineToken['type']> = Extract<LineToken, { type: T }>;

interface OpenScript {
  /** `comment`: an httpYac block comment, kept in the block's comments. */
  kind: ScriptBlock['kind'] | 'comment';
  startLine: number;
  closer: string;
  /** Where the code starts on the opener line. */
  codeStart: number;
}

/** How the comment lines of a run inside a body are read; decided once per run by looking ahead. */
interface CommentRun {
  until: number;
  asBody: boolean;
  /** First line of the next request's block, when the run ends in a request line. */
  splitAt?: number;
}

// A block's short lists are copies of these rather than array literals. A literal carries an
// allocation site, and V8 moves a site whose objects all survive (a tree's lists do, while the
// tree is held) into the old generation; the lists there, pointing at nodes still young, kept
// those alive through scavenges after the tree was dropped (--trace-pretenuring-statistics: the
// sites tenured; a parse of 5,000 requests 0.76x the time with copies, 8 processes under tsx).
const ONE: readonly unknown[] = [undefined];
const TWO: readonly unknown[] = [undefined, undefined];

/** The same entries in an array of exactly their number (up to two are already). */
function exact<T>(items: T[]): T[] {
  return items.length <= 2 ? items : items.slice();
}

/** A draft with every field present from the start, so all drafts share one shape. */
function newDraft(startLine: number): Draft {
  return resetDraft({} as Draft, startLine);
}

/** `draft` emptied for the block starting at `startLine` (its lists went into the tree as they were). */
function resetDraft(draft: Draft, startLine: number): Draft {
  draft.startLine = startLine;
  draft.endLine = startLine;
  draft.title = undefined;
  draft.separator = false;
  draft.directives = NONE;
  draft.variables = NONE;
  draft.comments = NONE;
  draft.scripts = NONE;
  draft.requestLine = undefined;
  draft.headers = NONE;
  draft.headerSpreads = NONE;
  draft.bodyFirst = -1;
  draft.bodyLast = -1;
  draft.bodyLines = NONE;
  draft.bodyIncludes = undefined;
  draft.noImplicitSplit = false;
  draft.closingBoundary = undefined;
  return draft;
}

/** Line `i` added to the draft's body. */
function addBodyLine(draft: Draft, i: number): void {
  if (draft.bodyFirst === -1) draft.bodyFirst = i;
  else if (draft.bodyLines !== NONE || i !== draft.bodyLast + 1) {
    // A line left out: from here on the lines are listed.
    if (draft.bodyLines === NONE) for (let l = draft.bodyFirst; l <= draft.bodyLast; l++) draft.bodyLines = add(draft.bodyLines, l);
    draft.bodyLines.push(i);
  }
  draft.bodyLast = i;
}

/**
 * `list` with `item` added: a block's lists start as the shared `NONE` and become arrays on
 * their first entry, so the many blocks without comments or scripts allocate none.
 */
function add<T>(list: T[], item: T): T[] {
  if (list === NONE) {
    const one = ONE.slice() as T[];
    one[0] = item;
    return one;
  }
  // Two entries (two headers, say) in an array of two; a push would make room for seventeen.
  if (list.length === 1) {
    const two = TWO.slice() as T[];
    two[0] = list[0]!;
    two[1] = item;
    return two;
  }
  list.push(item);
  return list;
}

/**
 * Parses a request file in one pass. Never throws: malformed lines become diagnostics and the
 * rest of the file is still read.
 *
 * Request boundaries: `###` always separates (REST Client, JetBrains, Visual Studio). As in
 * httpYac, a request line with an upper-case method and a one-word or URL-like target also
 * starts a new request when it follows a request's headers or body without `###` — except in a
 * multipart request until its closing boundary, whose parts may embed request lines (OData
 * `$batch`). A line without a method there (`/xml`, `http://host`) stays body text. See README.md.
 */
export function parseHttp(text: string): HttpFile {
  try {
    return new Parser(text).parse();
  } catch (error) {
    // A bug here must not take the editor down with it; report it where the user looks.
    const split = splitLines(text);
    return {
      directives: [],
      variables: [],
      requests: [],
      references: [],
      diagnostics: [
        {
          range: lineSpan(0, 0, 0),
          severity: 'error',
          code: 'parse/internal-error',
          message: `The parser failed on this file: ${error instanceof Error ? error.message : String(error)}`,
        },
      ],
      lineCount: split.lines.length,
      eol: split.eol,
      bom: split.bom,
    };
  }
}

class Parser {
  private readonly lines: Lines;
  private readonly eol: '\n' | '\r\n';
  private readonly bom: boolean;
  private readonly references: VariableReference[] = [];
  private readonly diagnostics: Diagnostic[] = [];
  private draft: Draft;
  private section: Section = 'preamble';
  private script: OpenScript | undefined;
  private run: CommentRun | undefined;
  /** First line of the saved response being read (section `saved-response`). */
  private responseStart = -1;

  constructor(text: string) {
    const split = Lines.of(text);
    this.lines = split.lines;
    this.eol = split.eol;
    this.bom = split.bom;
    this.draft = newDraft(0);
    this.findBraces(0);
  }

  // The line being read, and the positions at its start and end: the ranges made on one line
  // share those (a header's range and name range start at the same position). The tree is
  // read-only, so nothing can tell; a file of 5,000 requests has 36,000 position objects fewer.
  private posLine = -1;
  private posStart: Position | undefined;
  private posEnd: Position | undefined;

  private at(line: number, character: number): Position {
    if (line !== this.posLine) {
      this.posLine = line;
      this.posStart = undefined;
      this.posEnd = undefined;
    }
    if (character === 0) return (this.posStart ??= { line, character: 0 });
    if (character === this.lines.lengthOf(line)) return (this.posEnd ??= { line, character });
    return { line, character };
  }

  private span(line: number, start: number, end: number): Range {
    return { start: this.at(line, start), end: this.at(line, end) };
  }

  private lineRange(start: number, end = start): Range {
    return { start: this.at(start, 0), end: this.at(end, this.lines.lengthOf(end)) };
  }

  parse(): HttpFile {
    this.readLines();
    const lines = this.lines;
    if (this.script) this.unterminated(lines.length - 1);
    if (this.section === 'saved-response') this.closeResponse(lines.length - 1);
    this.finishBlock(lines.length - 1);
    return this.assemble();
  }

  /**
   * The loop over the lines, alone in its function: V8 compiles a long loop while it runs (OSR),
   * before the code after it has ever run, and code after the loop in the same function would
   * leave the compiled loop on every parse (a deoptimization per call, which the profile showed).
   */
  private readLines(): void {
    const lines = this.lines;
    for (let i = 0; i < lines.length; i++) {
      if (this.script) {
        const line = lines.at(i);
        // A script left open ends at the next separator, so one typo does not swallow the file.
        if (this.script.kind !== 'comment' && SEPARATOR.test(line) && !line.includes(this.script.closer)) this.unterminated(i - 1);
        else {
          this.continueScript(i, line);
          continue;
        }
      }
      if (this.run && i > this.run.until) this.run = undefined;
      if (this.run?.splitAt === i) {
        this.run = undefined;
        this.startBlock(i);
      }
      // The line is read where it stands in the text; it is cut out only where a string is needed.
      this.accept(i, this.classify(this.section, i));
    }
  }

  private classify(section: Section, i: number): LineToken {
    const lines = this.lines;
    return classifyIn(section, lines.text, lines.startOf(i), lines.endOf(i));
  }

  private accept(i: number, token: LineToken): void {
    if (this.section === 'saved-response' && token.type !== 'response-line') this.closeResponse(i - 1);
    const draft = this.draft;
    switch (token.type) {
      case 'saved-response':
        if (draft.noImplicitSplit) return this.bodyText(i);
        this.responseStart = i;
        this.section = 'saved-response';
        return;
      case 'response-line':
        return;
      case 'separator':
        this.startBlock(i);
        this.draft.title = token.title;
        this.draft.separator = true;
        return;
      case 'blank':
        if (this.section === 'headers') this.section = 'body';
        else if (this.section === 'body' && draft.bodyFirst !== -1) addBodyLine(draft, i);
        return;
      case 'script-open':
        return this.openScript(i, this.lines.at(i), token);
      case 'block-comment': {
        const line = this.lines.at(i);
        const close = line.indexOf('*/', token.start);
        if (close !== -1) this.draft.comments = add(this.draft.comments, this.lineRange(i));
        else if (i < this.lastCommentClose()) this.script = { kind: 'comment', startLine: i, closer: '*/', codeStart: token.start };
        else {
          // Never closed: only this line is a comment, so the rest of the file is still read
          // (httpYac, too, ignores an opener without its closer).
          this.diagnostics.push({
            range: this.lineRange(i),
            severity: 'error',
            code: 'parse/unterminated-comment',
            message: "This comment has no closing '*/'.",
            data: insertionFix("Close the comment with '*/'", { line: i, character: line.length }, ' */'),
          });
          this.draft.comments = add(this.draft.comments, this.lineRange(i));
        }
        return;
      }
      case 'script-line':
        return this.scriptLine(i, token);
      case 'directive':
      case 'comment':
        if (this.section === 'body' && this.readCommentAsBody(i)) return this.bodyText(i);
        // Reading the run may have opened the next request's block: write to the current one.
        if (token.type === 'comment') {
          this.draft.comments = add(this.draft.comments, this.lineRange(i));
          return;
        }
        return this.directive(i, token);
      case 'variable':
        return this.variable(i, token);
      case 'malformed-variable': {
        const line = this.lines.at(i);
        const name = /^\s*@[^\s=:]+/.exec(line)![0];
        const hasValue = line.trim().length > name.trim().length;
        this.diagnostics.push({
          range: this.lineRange(i),
          severity: 'warning',
          code: 'parse/malformed-variable',
          message: `'${line.trim()}' defines no value: write '${name.trim()} = value'.`,
          data: insertionFix(`Give ${name.trim()} a value`, { line: i, character: name.length }, hasValue ? ' =' : ' = '),
        });
        return;
      }
      case 'request-line':
        if (this.section !== 'preamble') {
          // In a multipart request (until its closing boundary) only ### separates, as in httpYac.
          if (draft.noImplicitSplit) return this.accept(i, { type: this.section === 'headers' ? 'header-without-colon' : 'text' });
          this.startBlock(i);
        }
        return this.requestLine(i, token);
      case 'query':
        return this.query(i, token);
      case 'header':
        return this.header(i, token);
      case 'body-start':
        this.diagnostics.push({
          range: this.lineRange(i),
          severity: 'info',
          code: 'parse/missing-blank-line',
          message: 'The body starts without a blank line after the headers; it is read as the body.',
          data: insertionFix('Insert a blank line before the body', { line: i, character: 0 }, this.eol),
        });
        this.section = 'body';
        return this.accept(i, this.classify('body', i));
      case 'header-spread':
        draft.headerSpreads = add(draft.headerSpreads, { name: token.name, after: draft.headers.length, range: this.lineRange(i), nameRange: this.span(i, token.nameStart, token.nameStart + token.name.length) });
        this.scan(i, token.nameStart);
        return;
      case 'header-without-colon': {
        const line = this.lines.at(i);
        // The fix most often wanted: the colon after the first word (`Authorization Bearer x`).
        const word = /^\s*\S+/.exec(line);
        this.diagnostics.push({
          range: this.lineRange(i),
          severity: 'error',
          code: 'parse/header-without-colon',
          message: `'${line.trim()}' is not a header: a header is 'Name: value'. Leave a blank line before a body.`,
          data: insertionFix(
            "Insert ':' after the header name",
            { line: i, character: word ? word[0].length : 0 },
            word && word[0].length < line.trimEnd().length ? ':' : ': ',
          ),
        });
        this.scan(i, 0);
        return;
      }
      case 'file-include':
        addBodyLine(draft, i);
        (draft.bodyIncludes ??= new Map()).set(i, token);
        this.scan(i, token.pathStart);
        return;
      case 'text':
        if (this.section === 'after-body') {
          this.diagnostics.push({
            range: this.lineRange(i),
            severity: 'warning',
            code: 'parse/text-after-script',
            message: 'Text after a response script or assertion is not part of the request; put it before the script or after a ### separator.',
          });
          return;
        }
        return this.bodyText(i);
    }
  }

  // The commonest lines each have a method of their own rather than a case of `accept`: `accept`
  // is too large for the compiler to inline the node constructors into it, and a `new` left to
  // the generic construct stub cost more than the rest of the case.

  private header(i: number, token: Token<'header'>): void {
    const draft = this.draft;
    draft.headers = add(draft.headers, new HeaderNode(token.name, token.value, i, token.nameStart, token.valueStart, this.lines.lengthOf(i)));
    if (token.name.length === 12 && token.name.toLowerCase() === 'content-type' && MULTIPART.test(token.value)) {
      draft.noImplicitSplit = true;
      const boundary = BOUNDARY.exec(token.value);
      if (boundary) draft.closingBoundary = `--${boundary[1] ?? boundary[2]}--`;
    }
    this.scan(i, token.nameStart);
  }

  private directive(i: number, token: Token<'directive'>): void {
    // Reading a comment run may have opened the next request's block: write to the current one.
    const draft = this.draft;
    if (isNoImplicitSplitDirective(token.name)) draft.noImplicitSplit = true;
    draft.directives = add(draft.directives, new NameValueNode(token.name, token.value, i, token.nameStart, token.value ? token.valueStart : -1, this.lines.lengthOf(i)));
  }

  private variable(i: number, token: Token<'variable'>): void {
    this.draft.variables = add(this.draft.variables, new VariableNode(token.name, token.value, 'file', i, token.nameStart, token.valueStart, this.lines.lengthOf(i)));
    this.scan(i, token.valueStart);
  }

  private scriptLine(i: number, token: Token<'script-line'>): void {
    const line = this.lines.at(i);
    const text = scriptLineText(line);
    this.draft.scripts = add(this.draft.scripts, new ScriptNode(token.kind, scriptLineForm(line, token.kind), text, i, this.lines.trimmedLengthOf(i) - text.length, undefined, i, i, line.length));
    if (this.section !== 'preamble') this.section = 'after-body';
  }

  private bodyText(i: number): void {
    const draft = this.draft;
    addBodyLine(draft, i);
    if (draft.closingBoundary !== undefined && this.lines.at(i).trim() === draft.closingBoundary) draft.noImplicitSplit = false;
    this.scan(i, 0);
  }

  private requestLine(i: number, token: Token<'request-line'>): void {
    this.draft.requestLine = new RequestLineNode(token.method ?? 'GET', token.method === undefined, token.url, token.httpVersion, i, token.methodStart, this.lines.trimmedLengthOf(i), token.urlStart);
    this.section = 'headers';
    this.scan(i, token.urlStart);
  }

  private query(i: number, token: Token<'query'>): void {
    const request = this.draft.requestLine;
    if (!request || this.draft.headers.length > 0) {
      return this.accept(i, { type: 'header-without-colon' });
    }
    // A bare parameter line counts only indented deeper than the request line, and only where a
    // query is meant: the URL already has one, or the line is `name=value`.
    if (token.parameter && (token.start <= request.startCharacter || !(request.url.includes('?') || token.text.includes('=')))) {
      return this.accept(i, { type: 'header-without-colon' });
    }
    request.extend(request.url + pieceSeparator(request.url, token.text) + token.text, i, token.start, token.start + token.text.length, this.lines.trimmedLengthOf(i));
    if (token.httpVersion) request.httpVersion = token.httpVersion;
    this.scan(i, token.start);
  }

  private openScript(i: number, line: string, token: Token<'script-open'>): void {
    const kind = token.kind ?? (this.draft.requestLine ? 'response-handler' : 'pre-request');
    if (this.section !== 'preamble') this.section = 'after-body';
    const close = token.closer === '}}' ? -1 : line.indexOf(token.closer, token.start);
    if (close !== -1) {
      const code = line.slice(token.start, close);
      const text = code.trim();
      const textCharacter = token.start + code.length - code.trimStart().length;
      this.draft.scripts = add(this.draft.scripts, new ScriptNode(kind, token.closer === '}}' ? 'httpyac' : 'jetbrains', text, i, textCharacter, httpYacEvent(line, token.closer), i, i, line.length));
      return;
    }
    this.script = { kind, startLine: i, closer: token.closer, codeStart: token.start };
  }

  private continueScript(i: number, line: string): void {
    const script = this.script!;
    const closed = script.closer === '}}' ? line.trimStart().startsWith('}}') : line.includes(script.closer);
    if (closed) this.closeScript(i, line.indexOf(script.closer));
  }

  private closeScript(endLine: number, closeAt: number): void {
    const script = this.script!;
    this.script = undefined;
    if (script.kind === 'comment') {
      this.draft.comments = add(this.draft.comments, this.lineRange(script.startLine, endLine));
      return;
    }
    const lines = this.lines;
    // The code runs from the opener to the closer (on a line of its own, the whole line).
    const start = script.startLine;
    const stop = endLine > start && closeAt >= 0 ? closeAt : lines.lengthOf(endLine);
    // The text is trimmed; where its first character stands is kept so errors map to file lines.
    let textLine = start;
    let textCharacter = script.codeStart;
    for (let l = start; l <= endLine; l++) {
      const at = lines.firstNonBlank(l, l === start ? script.codeStart : 0, l === endLine ? stop : lines.lengthOf(l));
      if (at === -1) continue;
      textLine = l;
      textCharacter = at;
      break;
    }
    const form = script.closer === '}}' ? 'httpyac' : 'jetbrains';
    const event = httpYacEvent(lines.at(start), script.closer);
    const text = lines.cut(start, script.codeStart, endLine, stop, this.eol).trim();
    this.draft.scripts = add(this.draft.scripts, new ScriptNode(script.kind, form, text, textLine, textCharacter, event, start, endLine, lines.lengthOf(endLine)));
  }

  private unterminated(lastLine: number): void {
    const script = this.script!;
    const end = Math.max(lastLine, script.startLine);
    this.diagnostics.push({
      range: this.lineRange(script.startLine),
      severity: 'error',
      code: 'parse/unterminated-script',
      message: `This script block has no closing '${script.closer}'.`,
      data: insertionFix(`Close the script with '${script.closer}'`, { line: end, character: this.lines.lengthOf(end) }, this.eol + script.closer),
    });
    this.closeScript(end, -1);
  }

  /**
   * Inside a body, comment-shaped lines are body text (YAML, shell) unless the run of
   * comments and blank lines they stand in ends the body: then they are comments, and when
   * the run ends in a request line the comments right above it belong to that request.
   */
  private readCommentAsBody(i: number): boolean {
    if (this.run && i <= this.run.until) return this.run.asBody;
    const lines = this.lines;
    let end = i;
    let groupStart = i;
    while (end + 1 < lines.length) {
      const next = lines.at(end + 1);
      if (next.trim() === '') groupStart = end + 2;
      else if (!COMMENT.test(next) || SEPARATOR.test(next)) break;
      end++;
    }
    const after = end + 1 < lines.length ? lines.at(end + 1) : undefined;
    const endsBody =
      after === undefined ||
      SEPARATOR.test(after) ||
      scriptOpen.match(after) !== undefined ||
      scriptLine.match(after) !== undefined;
    const startsRequest = after !== undefined && !this.draft.noImplicitSplit && strictRequestLine.match(after) !== undefined;
    const started = this.draft.bodyFirst !== -1;
    const asBody = started && !endsBody && !startsRequest;
    this.run = { until: end, asBody };
    if (startsRequest) {
      this.run.splitAt = Math.min(groupStart, end + 1);
      if (this.run.splitAt === i) {
        this.run = undefined;
        this.startBlock(i);
      }
    }
    return asBody;
  }

  private commentClose: number | undefined;

  /** The last line holding `*\/`; found once, when the first block comment opens. */
  private lastCommentClose(): number {
    this.commentClose ??= this.lines.lastLineWith('*/');
    return this.commentClose;
  }

  /** Where the next `{{` of the text stands at or after `searchedFrom` (-1: none there). */
  private nextBraces = -1;
  private searchedFrom = 0;

  /** The references of line `i` from column `from` on. */
  private scan(i: number, from: number): void {
    const lines = this.lines;
    const start = lines.startOf(i);
    const end = lines.endOf(i);
    // Lines are scanned in order, so one pointer to the next `{{` serves them all: a line before
    // it has none, and the text is searched once, by indexOf, rather than line by line.
    if (start + from < this.searchedFrom || (this.nextBraces !== -1 && this.nextBraces < start + from)) this.findBraces(start + from);
    while (this.nextBraces !== -1 && this.nextBraces + 2 <= end) {
      const after = readReference(lines.text, i, this.references, this.diagnostics, this.nextBraces, end, start);
      // A `{{` without `}}`: the rest of its line holds no reference.
      this.findBraces(after === -1 ? end : after);
    }
  }

  private findBraces(from: number): void {
    this.searchedFrom = from;
    this.nextBraces = this.lines.text.indexOf('{{', from);
  }

  /** Keeps the saved response that ends on `endLine` (trailing blank lines left out) as a script. */
  private closeResponse(endLine: number): void {
    let last = endLine;
    while (last > this.responseStart && this.lines.at(last).trim() === '') last--;
    const text: string[] = [];
    for (let l = this.responseStart; l <= last; l++) text.push(this.lines.at(l));
    this.draft.scripts = add(this.draft.scripts, new ScriptNode('response-history', 'response-history', text.join(this.eol).trim(), -1, 0, undefined, this.responseStart, last, this.lines.lengthOf(last)));
    this.section = 'after-body';
  }

  /** Ends the current block on the line before `startLine` and opens a new one there. */
  private startBlock(startLine: number): void {
    this.finishBlock(startLine - 1);
    // The finished draft is done with, unless it waits as `bare` for the next block's `@name`.
    this.draft = this.bare === this.draft ? newDraft(startLine) : resetDraft(this.draft, startLine);
    this.section = 'preamble';
  }

  private finishBlock(endLine: number): void {
    const draft = this.draft;
    draft.endLine = Math.max(endLine, draft.startLine);
    // Arrays grown by push keep room for 16 more entries; the tree keeps copies of their size.
    draft.directives = exact(draft.directives);
    draft.variables = exact(draft.variables);
    draft.comments = exact(draft.comments);
    draft.scripts = exact(draft.scripts);
    draft.headers = exact(draft.headers);
    draft.headerSpreads = exact(draft.headerSpreads);
    // Each block goes into the tree as it ends, so its draft does not outlive it; only a block
    // without a request waits for the next, which may take its `@name`.
    if (this.bare) {
      this.carried = this.danglingDirectives(this.bare, draft);
      this.bare = undefined;
    }
    this.addBlock(draft);
  }

  private readonly requests: RequestBlock[] = [];
  private readonly fileVariables: VariableDefinition[] = [];
  private readonly fileDirectives: Directive[] = [];
  private readonly globalScripts: ScriptBlock[] = [];
  /** A `@name` above a `###` line, for the request below it. */
  private carried: Directive[] = [];
  /** The last block ended, when it has no request line (see `danglingDirectives`). */
  private bare: Draft | undefined;
  /** Diagnostics about blocks as a whole, after those of the lines. */
  private readonly blockDiagnostics: Diagnostic[] = [];

  private addBlock(draft: Draft): void {
    const requests = this.requests;
    const first = requests.length === 0;
    // Loops rather than push(...spread): a block of 200,000 lines would overflow the stack.
    // Counted loops, not for-of: this runs once per request, and an iterator is an object each.
    const { directives: own, variables: defined } = draft;
    if (!draft.requestLine) {
      for (let v = 0; v < defined.length; v++) this.fileVariables.push(defined[v]!);
      for (const script of draft.scripts) if (script.form === 'httpyac') this.globalScripts.push(script);
      if (first) for (const x of own) if (FILE_DIRECTIVES.has(x.name)) this.fileDirectives.push(x);
      this.bare = draft;
      return;
    }
    if (first) {
      for (const variable of defined) this.fileVariables.push(variable);
      const requestLine = draft.requestLine.range.start.line;
      for (const x of own) if (FILE_DIRECTIVES.has(x.name) && x.range.start.line < requestLine) this.fileDirectives.push(x);
    } else {
      for (let v = 0; v < defined.length; v++) defined[v]!.scope = 'request';
    }
    let directives = draft.directives;
    if (this.carried.length > 0) {
      const own = new Set(draft.directives.map((x) => x.name));
      directives = [...this.carried.filter((x) => !own.has(x.name)), ...draft.directives];
      this.carried = [];
    }
    const name = requestName(directives);
    const variables = first ? NONE : draft.variables;
    const body = draft.bodyFirst === -1 ? undefined : buildBody(this.lines, draft.bodyFirst, draft.bodyLast, draft.bodyLines === NONE ? undefined : draft.bodyLines, draft.bodyIncludes, this.eol);
    const headerSpreads = draft.headerSpreads.length ? draft.headerSpreads : undefined;
    // The separator stands on the block's first line.
    const separatorEnd = draft.separator ? this.lines.lengthOf(draft.startLine) : -1;
    requests.push(new RequestNode(requests.length, draft, name, directives, variables, headerSpreads, body, draft.startLine, separatorEnd, draft.endLine, this.lines.lengthOf(draft.endLine)));
  }

  private assemble(): HttpFile {
    for (const diagnostic of this.blockDiagnostics) this.diagnostics.push(diagnostic);
    return {
      directives: this.fileDirectives,
      variables: this.fileVariables,
      requests: this.requests,
      ...(this.globalScripts.length ? { globalScripts: this.globalScripts } : {}),
      references: this.references,
      diagnostics: this.diagnostics,
      lineCount: this.lines.length,
      eol: this.eol,
      bom: this.bom,
    };
  }

  /**
   * `# @name x` written just above `### Title` (a habit from files shared between clients)
   * names the request below it rather than an empty block; say so, so the author can move it.
   */
  private danglingDirectives(draft: Draft, next: Draft): Directive[] {
    if (!next.requestLine || !next.separator) return [];
    const last = Math.max(
      draft.directives.at(-1)?.range.start.line ?? -1,
      draft.comments.at(-1)?.end.line ?? -1,
      draft.variables.at(-1)?.range.start.line ?? -1,
      draft.scripts.at(-1)?.range.end.line ?? -1,
    );
    const named = draft.directives.find((x) => x.name === 'name' && x.range.start.line === last);
    if (!named) return [];
    this.blockDiagnostics.push({
      range: named.range,
      severity: 'info',
      code: 'parse/directive-before-separator',
      message: `'@name ${named.value}' stands above the ### line; it names the request below. Move it under the ### line so every client reads it.`,
    });
    return [named];
  }
}

/** The value of the first `@name` directive, unless empty. */
function requestName(directives: readonly Directive[]): string | undefined {
  for (let d = 0; d < directives.length; d++) if (directives[d]!.name === 'name') return directives[d]!.value || undefined;
  return undefined;
}

function scriptLineText(line: string): string {
  return line.trim().replace(/^(<>|\?\?|>>!?|>|<)\s*/, '');
}

function scriptLineForm(line: string, kind: ScriptBlock['kind']): ScriptBlock['form'] {
  if (kind === 'assertion' || kind === 'response-history') return kind;
  return /^\s*>>/.test(line) ? 'save-response' : 'file';
}

/** `{{@response` → `@response`; undefined for JetBrains blocks and a plain `{{`. */
function httpYacEvent(line: string, closer: string): string | undefined {
  if (closer !== '}}') return undefined;
  return /^\s*\{\{([@+][\w-]*)/.exec(line)?.[1];
}


