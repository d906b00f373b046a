// Fixes as edits a person looks at before anything changes: a preview per file (each changed
// line before and after), then — only when asked — the files written. A file that changed since
// it was read is left alone and reported, never overwritten; a write goes through a temporary
// file and a rename, so a crash leaves the old file or the new one, never half of one.

import { randomBytes } from 'node:crypto';
import { readFile, rename, writeFile, stat } from 'node:fs/promises';
import type { Impact } from './types';
import type { TextEdit } from '../../language/types';
import { TextLines } from '../../language/textLines';

export interface FilePlan {
  file: string;
  before: string;
  after: string;
  edits: TextEdit[];
  /** Changed lines: one-based number, old text, new text. */
  lines: { line: number; before: string; after: string }[];
}

/** The edits of every impact that has a fix, per file, overlapping edits dropped (first wins). */
export async function planFixes(impacts: readonly Impact[], read: (file: string) => Promise<string> = (f) => readFile(f, 'utf8')): Promise<FilePlan[]> {
  const byFile = new Map<string, TextEdit[]>();
  for (const impact of impacts) {
    if (!impact.fix) continue;
    const list = byFile.get(impact.file) ?? [];
    list.push(...impact.fix.edits);
    byFile.set(impact.file, list);
  }
  const plans: FilePlan[] = [];
  for (const [file, edits] of byFile) {
    const before = await read(file);
    const lines = new TextLines(before);
    const spans = edits
      .map((edit) => ({ edit, start: lines.offsetAt(edit.range.start), end: lines.offsetAt(edit.range.end) }))
      .sort((a, b) => a.start - b.start);
    const kept: typeof spans = [];
    for (const span of spans) {
      const last = kept[kept.length - 1];
      if (last && span.start < last.end) continue;
      if (last && span.start === last.start && span.end === last.end) continue;
      kept.push(span);
    }
    let after = before;
    for (const span of [...kept].reverse()) after = after.slice(0, span.start) + span.edit.newText + after.slice(span.end);
    if (after === before) continue;
    const oldLines = before.split(/\r?\n/);
    const newLines = after.split(/\r?\n/);
    const changed: FilePlan['lines'] = [];
    // edits never add or remove line breaks (names and paths), so lines correspond one to one
    for (let i = 0; i < Math.max(oldLines.length, newLines.length); i++) {
      if (oldLines[i] !== newLines[i]) changed.push({ line: i + 1, before: oldLines[i] ?? '', after: newLines[i] ?? '' });
    }
    plans.push({ file, before, after, edits: kept.map((s) => s.edit), lines: changed });
  }
  return plans.sort((a, b) => a.file.localeCompare(b.file));
}

export function renderPlans(plans: readonly FilePlan[], shown: (file: string) => string = (f) => f): string {
  const out: string[] = [];
  for (const plan of plans) {
    out.push(`--- ${shown(plan.file)}`);
    for (const l of plan.lines) out.push(`${String(l.line).padStart(5)} - ${l.before}`, `${String(l.line).padStart(5)} + ${l.after}`);
  }
  return out.length ? `${out.join('\n')}\n` : '';
}

/** Writes each plan whose file is still as it was read; returns the files left alone. */
export async function writePlans(plans: readonly FilePlan[]): Promise<{ written: string[]; skipped: { file: string; reason: string }[] }> {
  const written: string[] = [];
  const skipped: { file: string; reason: string }[] = [];
  for (const plan of plans) {
    const now = await readFile(plan.file, 'utf8').catch(() => undefined);
    if (now !== plan.before) {
      skipped.push({ file: plan.file, reason: 'changed since it was read' });
      continue;
    }
    const mode = (await stat(plan.file)).mode & 0o777;
    const temporary = `${plan.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(temporary, plan.after, { mode });
    await rename(temporary, plan.file);
    written.push(plan.file);
  }
  return { written, skipped };
}
