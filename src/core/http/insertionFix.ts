import type { Position } from './ast';

/**
 * A diagnostic's quick fix that inserts text, in the shape `core/language` reads from
 * `Diagnostic.data` (`{ fixes: QuickFix[] }`), so parse diagnostics get code actions like the
 * checker's without a second analysis. Built structurally: core/http sits below core/language.
 */
export function insertionFix(title: string, at: Position, newText: string) {
  return { fixes: [{ title, edits: [{ range: { start: at, end: at }, newText }], preferred: true }] };
}
