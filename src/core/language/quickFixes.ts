// Quick fixes travel inside each diagnostic's `data`, computed while the diagnostic is (the
// checker knows the insertion point then), so the code-action provider and `regx check --fix`
// need no second analysis.

import type { Diagnostic, Position } from '../http/ast';
import type { QuickFix } from './types';

export interface FixData {
  fixes: QuickFix[];
}

export function withFixes(diagnostic: Diagnostic, fixes: QuickFix[]): Diagnostic {
  return fixes.length ? { ...diagnostic, data: { fixes } satisfies FixData } : diagnostic;
}

export function quickFixes(diagnostic: Diagnostic): QuickFix[] {
  const data = diagnostic.data as Partial<FixData> | undefined;
  return Array.isArray(data?.fixes) ? data.fixes : [];
}

export function insertAt(position: Position, newText: string): QuickFix['edits'][number] {
  return { range: { start: position, end: position }, newText };
}

/** Applies edits (non-overlapping) to a text, for tests and a future `--fix`. */
export function applyEdits(text: string, edits: readonly QuickFix['edits'][number][], offsetAt: (p: Position) => number): string {
  const sorted = [...edits].sort((a, b) => offsetAt(b.range.start) - offsetAt(a.range.start));
  let out = text;
  for (const edit of sorted) out = out.slice(0, offsetAt(edit.range.start)) + edit.newText + out.slice(offsetAt(edit.range.end));
  return out;
}
