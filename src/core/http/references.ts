import type { Diagnostic, VariableReference } from './ast';
import { insertionFix } from './insertionFix';

/** `$randomInt 1 10`, `$random.integer(1, 10)`: the name stops at the arguments. */
const DYNAMIC_NAME = /^\$[\w.-]*/;
const RESPONSE = /^([\w-]+)\.(?:response|request)(?:\.|$)/;
const PLAIN_NAME = /^[\w.-]+$/;
const LEADING_IDENTIFIER = /^[A-Za-z_$][\w$-]*/;

/** What a `{{…}}` expression refers to; see `VariableReference` for the three kinds. */
export function classifyReference(expression: string): Pick<VariableReference, 'kind' | 'name'> {
  if (expression.startsWith('$')) return { kind: 'dynamic', name: DYNAMIC_NAME.exec(expression)![0] };
  const response = RESPONSE.exec(expression);
  if (response) return { kind: 'response', name: response[1]! };
  // httpYac allows JavaScript in braces (`{{ token.access_token }}`); its variable is the
  // leading identifier. A plain dotted name stays whole: REST Client allows `@a.b = …`.
  if (PLAIN_NAME.test(expression)) return { kind: 'variable', name: expression };
  return { kind: 'variable', name: LEADING_IDENTIFIER.exec(expression)?.[0] ?? expression };
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
    const inner = line.slice(at + 2, close);
    const lead = inner.length - inner.trimStart().length;
    const expression = inner.trim();
    const { kind, name } = classifyReference(expression);
    // One literal (no spread), so every reference has the same shape with its fields in the object.
    references.push({
      expression,
      kind,
      name,
      range: { start: { line: lineNumber, character: at }, end: { line: lineNumber, character: close + 2 } },
      innerRange: {
        start: { line: lineNumber, character: at + 2 + lead },
        end: { line: lineNumber, character: at + 2 + lead + expression.length },
      },
    });
    at = line.indexOf('{{', close + 2);
  }
}
