import type { Diagnostic, VariableReference } from './ast';
import { insertionFix } from './insertionFix';
import * as nodes from './nodes';
import * as recognisers from './recognisers';

// Read once: under tsx every use of an imported name goes through getters (see parser.ts).
const { ReferenceNode } = nodes;
const { isSpaceCode } = recognisers;

/** `$randomInt 1 10`, `$random.integer(1, 10)`: the name stops at the arguments. */
const DYNAMIC_NAME = /^\$[\w.-]*/;
const RESPONSE = /^([\w-]+)\.(?:response|request)(?:\.|$)/;
const PLAIN_NAME = /^[\w.-]+$/;
const LEADING_IDENTIFIER = /^[A-Za-z_$][\w$-]*/;

/** What a `{{…}}` expression refers to; see `VariableReference` for the three kinds. */
export function classifyReference(expression: string): Pick<VariableReference, 'kind' | 'name'> {
  if (expression.startsWith('$')) return { kind: 'dynamic', name: DYNAMIC_NAME.exec(expression)![0] };
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
    for (const word of ['response', 'request']) {
      const after = dot + 1 + word.length;
      if (expression.startsWith(word, dot + 1) && (after === expression.length || expression.charCodeAt(after) === 0x2e)) return { kind: 'response', name: expression.slice(0, dot) };
    }
  }
  return { kind: 'variable', name: expression };
}

/** `\w` without the `u` flag. */
function isWordCode(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

/**
 * Finds the `{{…}}` references in one line from `from` to `to`. A `{{` with no `}}` after it
 * on the line gets a diagnostic; references never span lines.
 */
export function scanReferences(
  line: string,
  lineNumber: number,
  references: VariableReference[],
  diagnostics: Diagnostic[],
  from = 0,
  to = line.length,
): void {
  let at = line.indexOf('{{', from);
  while (at !== -1 && at < to) {
    const close = line.indexOf('}}', at + 2);
    if (close === -1 || close + 2 > to) {
      diagnostics.push({
        range: { start: { line: lineNumber, character: at }, end: { line: lineNumber, character: to } },
        severity: 'warning',
        code: 'parse/unterminated-variable',
        message: "'{{' has no closing '}}' on this line.",
        data: insertionFix("Close the reference with '}}'", { line: lineNumber, character: to }, '}}'),
      });
      return;
    }
    // The trimmed expression cut out once, rather than slice, trimStart and trim.
    let first = at + 2;
    while (first < close && isSpaceCode(line.charCodeAt(first))) first++;
    let last = close;
    while (last > first && isSpaceCode(line.charCodeAt(last - 1))) last--;
    const expression = line.slice(first, last);
    const { kind, name } = classifyReference(expression);
    references.push(new ReferenceNode(expression, kind, name, lineNumber, at, close + 2, first));
    at = line.indexOf('{{', close + 2);
  }
}
