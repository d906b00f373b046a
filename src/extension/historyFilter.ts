// Which history entries the History view shows (no `vscode` here, tested in plain Node). One
// history file holds every send on the machine (the editor in every workspace, each `regx run`),
// so the view shows this workspace's own by default: entries sent from a file inside one of its
// folders. The active file, one registry, or everything on demand.
import { relative, isAbsolute } from 'node:path';
import type { HistoryEntry } from '../core/history/historyStore';

export type HistoryFilter = { kind: 'workspace' } | { kind: 'file'; file: string } | { kind: 'registry'; id: string } | { kind: 'all' };

export const DEFAULT_HISTORY_FILTER: HistoryFilter = { kind: 'workspace' };

function inside(file: string, folder: string): boolean {
  const path = relative(folder, file);
  return path !== '' && !path.startsWith('..') && !isAbsolute(path);
}

/** True when `entry` belongs in the view under `filter`; `folders` are the workspace folders' paths. */
export function historyMatches(entry: HistoryEntry, filter: HistoryFilter, folders: readonly string[]): boolean {
  switch (filter.kind) {
    case 'all':
      return true;
    case 'registry':
      return entry.request.registry?.id === filter.id;
    case 'file':
      return entry.request.source?.file === filter.file;
    case 'workspace': {
      const file = entry.request.source?.file;
      return file !== undefined && folders.some((folder) => inside(file, folder));
    }
  }
}

/** How the view says what it shows: `this workspace · 2 of 314`. */
export function describeHistoryFilter(filter: HistoryFilter, shown: number, total: number, fileLabel?: string): string {
  const what = filter.kind === 'all' ? 'all' : filter.kind === 'workspace' ? 'this workspace' : filter.kind === 'registry' ? filter.id : (fileLabel ?? filter.file);
  return filter.kind === 'all' ? `all · ${total}` : `${what} · ${shown} of ${total}`;
}

/** Registry ids seen in the entries, for the filter's choices. */
export function historyRegistries(entries: readonly HistoryEntry[]): string[] {
  return [...new Set(entries.flatMap((entry) => (entry.request.registry ? [entry.request.registry.id] : [])))].sort();
}

export function isHistoryFilter(value: unknown): value is HistoryFilter {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { kind?: unknown; file?: unknown; id?: unknown };
  return v.kind === 'workspace' || v.kind === 'all' || (v.kind === 'file' && typeof v.file === 'string') || (v.kind === 'registry' && typeof v.id === 'string');
}
