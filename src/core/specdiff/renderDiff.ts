// A spec diff (and, when given, what it hits in the workspace) as text: `pretty` for a terminal,
// `markdown` for a pull request or release ticket, `json` for tools. Every string that came from a
// description is passed through `printable`, so a hostile document cannot drive the terminal.

import { relative } from 'node:path';
import type { SpecChange, SpecDiff } from './types';
import type { Impact, ImpactMap } from './impact/types';
import { printable } from '../report/prettyReporter';

export type DiffReporter = 'pretty' | 'markdown' | 'json';

export interface RenderOptions {
  color?: boolean;
  /** Paths in the output are shown relative to this folder. */
  cwd?: string;
  impact?: ImpactMap;
}

const COLORS = { breaking: 31, warning: 33, info: 36, dim: 2, bold: 1 } as const;

function shown(path: string, cwd: string | undefined): string {
  if (!cwd || /^https?:/i.test(path)) return path;
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') ? rel : path;
}

function where(change: SpecChange, side: 'old' | 'new', cwd: string | undefined): string {
  const ref = change[side];
  return ref ? `${shown(ref.source, cwd)}${ref.line ? `:${ref.line}` : ''}` : '—';
}

export function counts(diff: SpecDiff): Record<'breaking' | 'warning' | 'info', number> {
  const result = { breaking: 0, warning: 0, info: 0 };
  for (const c of diff.changes) result[c.severity]++;
  return result;
}

function impactLine(impact: Impact, cwd: string | undefined): string {
  return `${shown(impact.file, cwd)}:${impact.range.start.line + 1}:${impact.range.start.character + 1} ${impact.message}${impact.fix ? ` (fix: ${impact.fix.title})` : ''}`;
}

/**
 * How many places of one change the JSON report lists; the rest are counted (`moreOccurrences`).
 * A component used by every operation of a big API would otherwise repeat thousands of times.
 */
export const JSON_OCCURRENCES_LISTED = 100;

function reported(change: SpecChange): SpecChange | (SpecChange & { moreOccurrences: number }) {
  const extra = change.occurrences.length - JSON_OCCURRENCES_LISTED;
  return extra > 0 ? { ...change, occurrences: change.occurrences.slice(0, JSON_OCCURRENCES_LISTED), moreOccurrences: extra } : change;
}

/** `JSON.stringify(value, null, 2)` placed at an indentation (its line breaks are all structural). */
function indented(value: unknown, pad: string): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${pad}`);
}

const WRAPPED_HEAD = '{\n  "changes": [\n    ';
const WRAPPED_TAIL = '\n  ]\n}';
/** Changes serialised per piece: one JSON.stringify call each, a few hundred kilobytes. */
const CHANGES_PER_PIECE = 64;

/**
 * Changes as `indented(change, '    ')` writes each, joined by `,\n    `: items of the report's
 * `changes`. JSON writes them at that depth itself when they are the items of a wrapper's
 * `changes`, and the wrapper is cut off (no second pass over every line break, no join).
 */
function inChanges(changes: readonly unknown[]): string {
  const text = JSON.stringify({ changes }, null, 2);
  return text.slice(WRAPPED_HEAD.length, text.length - WRAPPED_TAIL.length);
}

/**
 * The JSON report in pieces, a batch of changes each, so a diff of two big descriptions is
 * written as it is serialised instead of as one string of tens of megabytes. Joined, the pieces
 * are `JSON.stringify(report, null, 2)` plus a line break.
 */
export function* jsonReport(diff: SpecDiff, options: RenderOptions = {}): Generator<string> {
  yield `{\n  "old": ${indented(diff.old, '  ')},\n  "new": ${indented(diff.new, '  ')},\n  "summary": ${indented(counts(diff), '  ')},\n  "changes": ${diff.changes.length ? '[' : '[]'}`;
  for (let at = 0; at < diff.changes.length; at += CHANGES_PER_PIECE) {
    // the separator apart: the batch is written as JSON gave it, not copied into a longer string
    yield at === 0 ? '\n    ' : ',\n    ';
    yield inChanges(diff.changes.slice(at, at + CHANGES_PER_PIECE).map(reported));
  }
  yield `${diff.changes.length ? '\n  ]' : ''}${options.impact ? `,\n  "impact": ${indented(options.impact, '  ')}` : ''}\n}\n`;
}

/** The report in pieces to write one after another (the JSON report per change; the others whole). */
export function renderDiffChunks(diff: SpecDiff, reporter: DiffReporter, options: RenderOptions = {}): Iterable<string> {
  return reporter === 'json' ? jsonReport(diff, options) : [renderDiff(diff, reporter, options)];
}

export function renderDiff(diff: SpecDiff, reporter: DiffReporter, options: RenderOptions = {}): string {
  if (reporter === 'json') return [...jsonReport(diff, options)].join('');
  const cwd = options.cwd;
  const impactsOf = new Map<string, Impact[]>();
  for (const impact of options.impact?.impacts ?? []) {
    const list = impactsOf.get(impact.changeId) ?? [];
    list.push(impact);
    impactsOf.set(impact.changeId, list);
  }
  const n = counts(diff);
  const title = `${diff.old.title} ${diff.old.version} → ${diff.new.title === diff.old.title ? '' : `${diff.new.title} `}${diff.new.version}`;
  if (reporter === 'markdown') {
    const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
    const lines = [`# ${cell(title)}`, '', `${n.breaking} breaking, ${n.warning} warnings, ${n.info} other changes.`, ''];
    if (options.impact) lines.push(`${options.impact.impacts.length} place${options.impact.impacts.length === 1 ? '' : 's'} in ${options.impact.files.length} file${options.impact.files.length === 1 ? '' : 's'} of the workspace use a changed element.`, '');
    if (diff.changes.length) {
      lines.push('| severity | change | old | new | id |', '|---|---|---|---|---|');
      for (const c of diff.changes) lines.push(`| ${c.severity} | ${cell(c.message)}${c.rename ? ` — ${cell(c.rename.evidence.join('; '))}` : ''} | ${cell(where(c, 'old', cwd))} | ${cell(where(c, 'new', cwd))} | \`${c.id}\` |`);
    }
    if (options.impact?.impacts.length) {
      lines.push('', '## Impacted places', '');
      for (const impact of options.impact.impacts) lines.push(`- \`${cell(shown(impact.file, cwd))}:${impact.range.start.line + 1}\` ${cell(impact.message)} (\`${impact.changeId}\`)${impact.fix ? ` — fix: ${cell(impact.fix.title)}` : ''}`);
    }
    return `${printable(lines.join('\n'))}\n`;
  }
  const paint = (style: keyof typeof COLORS, text: string) => (options.color ? `\x1b[${COLORS[style]}m${text}\x1b[0m` : text);
  const out: string[] = [paint('bold', printable(title))];
  for (const c of diff.changes) {
    out.push(`${paint(c.severity, c.severity.padEnd(8))} ${printable(c.message)}`);
    out.push(paint('dim', `         ${c.id}  old ${printable(where(c, 'old', cwd))}  new ${printable(where(c, 'new', cwd))}`));
    if (c.rename) out.push(paint('dim', `         because: ${printable(c.rename.evidence.join('; '))}`));
    for (const impact of impactsOf.get(c.id) ?? []) out.push(`         ↳ ${printable(impactLine(impact, cwd))}`);
  }
  // Places no change of the diff stands for: a flow that still names the old release's description.
  const known = new Set(diff.changes.map((c) => c.id));
  const other = (options.impact?.impacts ?? []).filter((impact) => !known.has(impact.changeId));
  if (other.length) {
    out.push(`${paint('warning', 'release '.padEnd(8))} the workspace names the old release`);
    for (const impact of other) out.push(`         ↳ ${printable(impactLine(impact, cwd))}`);
  }
  out.push('', `${n.breaking} breaking, ${n.warning} warning${n.warning === 1 ? '' : 's'}, ${n.info} info`);
  if (options.impact) {
    const hits = options.impact.impacts;
    const breaking = hits.filter((h) => h.severity === 'breaking').length;
    out.push(`${hits.length} impacted place${hits.length === 1 ? '' : 's'} in ${options.impact.files.length} file${options.impact.files.length === 1 ? '' : 's'} (${breaking} breaking, ${hits.filter((h) => h.fix).length} with a fix)`);
  }
  return `${out.join('\n')}\n`;
}
