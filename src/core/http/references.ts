import type { Diagnostic, VariableReference } from './ast';
import { insertionFix } from './insertionFix';
import * as nodes from './nodes';
import * as recognisers from './recognisers';

// Read once: under tsx every use of an imported name goes through getters (see parser.ts).
const { ReferenceNode } = nodes;
const { isSpaceCode } = recognisers;

const RESPONSE = /^([\w-]+)\.(?:response|request)(?:\.|$)/;
const PLAIN_NAME = /^[\w.-]+$/;
const LEADING_IDENTIFIER = /^[A-Za-z_$][\w$-]*/;

/** What a `{{…}}` expression refers to; see `VariableReference` for the three kinds. */
export function classifyReference(expression: string): Pick<VariableReference, 'kind' | 'name'> {
  if (expression.startsWith('$')) return { kind: 'dynamic', name: dynamicName(expression) };
  const plain = plainReference(expression);
  if (plain !== undefined) return plain;
  const response = RESPONSE.exec(expression);
  if (response) return { kind: 'response', name: response[1]! };
  // httpYac allows JavaScript in braces (`{{ token.access_token }}`); its variable is the
  // leading identifier. A plain dotted name stays whole: REST Client allows `@a.b = …`.
  if (PLAIN_NAME.test(expression)) return { kind: 'variable', name: expression };
  return { kind: 'variable', name: LEADING_IDENTIFIER.exec(expression)?.[0] ?? expression };
}

/**
 * What `RESPONSE` and `PLAIN_NAME` give for an expression of `[\w.-]` only (most are), read
 * without the patterns; undefined for any other expression.
 */
function plainReference(expression: string): Pick<VariableReference, 'kind' | 'name'> | undefined {
  let dot = -1;
  for (let i = 0; i < expression.length; i++) {
    const c = expression.charCodeAt(i);
    if (c === 0x2e) {
      if (dot === -1) dot = i;
    } else if (!(isWordCode(c) || c === 0x2d)) return undefined;
  }
  if (expression.length === 0) return undefined;
  if (dot > 0) {
    // `name.response…` / `name.request…`, then a dot or the end.
    if (wordAfterDot(expression, dot, 'response') || wordAfterDot(expression, dot, 'request')) return { kind: 'response', name: expression.slice(0, dot) };
  }
  return { kind: 'variable', name: expression };
}

/** Whether `word` follows the dot at `dot`, then a dot or the end. */
function wordAfterDot(expression: string, dot: number, word: string): boolean {
  const after = dot + 1 + word.length;
  return expression.startsWith(word, dot + 1) && (after === expression.length || expression.charCodeAt(after) === 0x2e);
}

/**
 * `/^\$[\w.-]*\/` of `expression` (which starts with `$`), read by hand: `$randomInt 1 10`,
 * `$random.integer(1, 10)`: the name stops at the arguments.
 */
function dynamicName(expression: string): string {
  let end = 1;
  while (end < expression.length) {
    const c = expression.charCodeAt(end);
    if (!(isWordCode(c) || c === 0x2e || c === 0x2d)) break;
    end++;
  }
  return end === expression.length ? expression : expression.slice(0, end);
}

/** `\w` without the `u` flag. */
function isWordCode(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

/** Whether `expression` is one plain variable name: `[\w-]` only, not `$…` (most are). */
function isPlainName(expression: string): boolean {
  if (expression.length === 0 || expression.charCodeAt(0) === 0x24) return false;
  for (let i = 0; i < expression.length; i++) {
    const c = expression.charCodeAt(i);
    if (!(isWordCode(c) || c === 0x2d)) return false;
  }
  return true;
}

/**
 * Reads the reference whose `{{` stands at `at` on a line ending at `to`; references never span
 * lines. The line is read where it stands in `source` (the document), and `base` is the offset
 * of the line's start (columns count from there). Gives where the text after its `}}` starts, or
 * -1 when the line has no `}}` after it: then it has a diagnostic, and the rest of the line holds
 * no reference. The parser finds each `{{` with one pointer through the document.
 */
export function readReference(source: string, lineNumber: number, references: VariableReference[], diagnostics: Diagnostic[], at: number, to: number, base: number): number {
  const close = indexBefore(source, '}}', at + 2, to);
  if (close === -1) {
    diagnostics.push({
      range: { start: { line: lineNumber, character: at - base }, end: { line: lineNumber, character: to - base } },
      severity: 'warning',
      code: 'parse/unterminated-variable',
      message: "'{{' has no closing '}}' on this line.",
      data: insertionFix("Close the reference with '}}'", { line: lineNumber, character: to - base }, '}}'),
    });
    return -1;
  }
  // The trimmed expression cut out once, rather than slice, trimStart and trim.
  let first = at + 2;
  while (first < close && isSpaceCode(source.charCodeAt(first))) first++;
  let last = close;
  while (last > first && isSpaceCode(source.charCodeAt(last - 1))) last--;
  const expression = source.slice(first, last);
  // A plain name refers to itself; only other expressions need classifyReference's object.
  // One `new` for both: the compiler inlines one constructor here, not two.
  let kind: VariableReference['kind'] = 'variable';
  let name = expression;
  if (!isPlainName(expression)) ({ kind, name } = classifyReference(expression));
  references.push(new ReferenceNode(expression, kind, name, lineNumber, at - base, close + 2 - base, first - base));
  return close + 2;
}

/**
 * `source.indexOf(pair, from)` when the pair lies wholly before `to`, else -1, without looking
 * past `to`: in a whole document an `indexOf` could run to its end for each line.
 */
function indexBefore(source: string, pair: string, from: number, to: number): number {
  const a = pair.charCodeAt(0);
  const b = pair.charCodeAt(1);
  for (let i = from; i + 1 < to; i++) if (source.charCodeAt(i) === a && source.charCodeAt(i + 1) === b) return i;
  return -1;
}
