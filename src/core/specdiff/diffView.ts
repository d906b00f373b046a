// The spec diff as the editor's diff panel shows it: one group per operation (a change of a shared
// schema appears under every operation it reaches), the groups with a breaking change first, and
// inside each group breaking before warnings before info. Each change carries its line in each
// document and the places of the workspace it hits, so the panel can open either. A change that
// belongs to no operation (servers, security schemes) is in the group 'Whole description'.

import { relative } from 'node:path';
import type { Severity, SpecChange, SpecDiff } from './types';
import { SEVERITY_ORDER } from './types';
import type { Impact, ImpactMap } from './impact/types';
import { counts } from './renderDiff';

/** A line of one of the two documents, to open. */
export interface DiffViewSource {
  side: 'old' | 'new';
  /** File path or URL, as the diff read it. */
  source: string;
  /** What the panel prints: the path relative to the workspace, or the URL. */
  label: string;
  /** One-based; absent when the text did not let the diff find it. */
  line?: number;
}

/** A place of the workspace that uses the changed element. */
export interface DiffViewImpact {
  /** Index into `DiffView.impacts`. */
  index: number;
  file: string;
  label: string;
  /** Zero-based, as in the file's range. */
  line: number;
  character: number;
  message: string;
  severity: Severity;
  /** The fix's title, when the change says how to follow it. */
  fix?: string;
}

export interface DiffViewChange {
  id: string;
  /** `source-description`: no change of the diff, the workspace's flows that still name the old release's document. */
  kind: SpecChange['kind'] | 'source-description';
  severity: Severity;
  message: string;
  /** `97% sure: same type string; …` for a rename. */
  evidence?: string;
  sources: DiffViewSource[];
  /** Indexes into `DiffView.impacts`. */
  impacts: number[];
}

export interface DiffViewGroup {
  /** `GET /v1/verenigingen/{vCode}`, or 'Whole description'. */
  title: string;
  /** `→ /v2/zoeken` for a moved operation. */
  detail?: string;
  severity: Severity;
  changes: DiffViewChange[];
}

export interface DiffView {
  /** What was compared, as the user named the two sides (`vr-beheer staging-v8.6`, a file). */
  oldLabel: string;
  newLabel: string;
  /** `Verenigingsregister Beheer API 8.6 → 9.41`. */
  title: string;
  counts: Record<Severity, number>;
  groups: DiffViewGroup[];
  /** Every impacted place, in the impact map's order (breaking first, then by file and line). */
  impacts: DiffViewImpact[];
  /** Request files and flows that were read. */
  filesRead: number;
  /** The panel can apply fixes (a workspace was scanned and some impacts have one). */
  fixes: number;
}

export const WHOLE_DESCRIPTION = 'Whole description';

export interface DiffViewOptions {
  oldLabel: string;
  newLabel: string;
  /** Paths are shown relative to these folders (the first that contains the path). */
  roots?: readonly string[];
}

function shown(path: string, roots: readonly string[]): string {
  if (/^https?:/i.test(path)) return path;
  for (const root of roots) {
    const rel = relative(root, path);
    if (rel && !rel.startsWith('..') && !/^[a-z]:/i.test(rel) && !rel.startsWith('/')) return rel;
  }
  return path;
}

function worst(a: Severity, b: Severity): Severity {
  return SEVERITY_ORDER[a] <= SEVERITY_ORDER[b] ? a : b;
}

export function diffView(diff: SpecDiff, impact: ImpactMap | undefined, options: DiffViewOptions): DiffView {
  const roots = options.roots ?? [];
  const impacts: DiffViewImpact[] = (impact?.impacts ?? []).map((i: Impact, index) => ({
    index,
    file: i.file,
    label: shown(i.file, roots),
    line: i.range.start.line,
    character: i.range.start.character,
    message: i.message,
    severity: i.severity,
    ...(i.fix ? { fix: i.fix.title } : {}),
  }));
  const impactsOf = new Map<string, number[]>();
  (impact?.impacts ?? []).forEach((i, index) => {
    const list = impactsOf.get(i.changeId) ?? [];
    list.push(index);
    impactsOf.set(i.changeId, list);
  });

  const groups = new Map<string, DiffViewGroup & { order: number }>();
  let order = 0;
  const groupOf = (title: string, detail?: string) => {
    let group = groups.get(title);
    if (!group) groups.set(title, (group = { title, ...(detail ? { detail } : {}), severity: 'info', changes: [], order: order++ }));
    return group;
  };
  for (const change of diff.changes) {
    const view: DiffViewChange = {
      id: change.id,
      kind: change.kind,
      severity: change.severity,
      message: change.message,
      ...(change.rename ? { evidence: `${Math.round(change.rename.confidence * 100)}% sure: ${change.rename.evidence.join('; ')}` } : {}),
      sources: (['old', 'new'] as const).flatMap((side) => {
        const ref = change[side];
        return ref ? [{ side, source: ref.source, label: shown(ref.source, roots), ...(ref.line ? { line: ref.line } : {}) }] : [];
      }),
      impacts: impactsOf.get(change.id) ?? [],
    };
    const titles = new Map<string, string | undefined>();
    for (const o of change.occurrences) {
      const op = o.operation;
      titles.set(`${op.method} ${op.path}`, op.newPath && op.newPath !== op.path ? `→ ${op.newPath}` : undefined);
    }
    if (!titles.size) titles.set(WHOLE_DESCRIPTION, undefined);
    for (const [title, detail] of titles) {
      const group = groupOf(title, detail);
      group.changes.push(view);
      group.severity = group.changes.length === 1 ? change.severity : worst(group.severity, change.severity);
    }
  }
  // Places no change of the diff stands for (a flow naming the old release's description): one
  // entry of their own under the whole description, so every impacted place is listed.
  const known = new Set(diff.changes.map((c) => c.id));
  for (const [changeId, list] of impactsOf) {
    if (known.has(changeId)) continue;
    const severity = list.map((i) => impacts[i]!.severity).reduce(worst);
    const group = groupOf(WHOLE_DESCRIPTION);
    group.changes.push({ id: changeId, kind: 'source-description', severity, message: "the workspace names the old release's description", sources: [], impacts: list });
    group.severity = group.changes.length === 1 ? severity : worst(group.severity, severity);
  }
  const sorted = [...groups.values()].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.order - b.order);
  for (const group of sorted) group.changes.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  return {
    oldLabel: options.oldLabel,
    newLabel: options.newLabel,
    title: `${diff.old.title} ${diff.old.version} → ${diff.new.title === diff.old.title ? '' : `${diff.new.title} `}${diff.new.version}`,
    counts: counts(diff),
    groups: sorted.map(({ order: _order, ...group }) => group),
    impacts,
    filesRead: impact?.files.length ?? 0,
    fixes: impacts.filter((i) => i.fix).length,
  };
}
