// EtagResource[] (the ETag store) → EtagInspectorView: what the ETag inspector shows, decided
// here in plain code (no `vscode`), so it is tested in Node and the webview only lays it out.
import { STATUS_CODES } from 'node:http';
import { basename } from 'node:path';
import type { EtagResource, RequestRef } from '../core/policies/etagStoreTypes';
import type { EtagHistoryRow, EtagInspectorView, EtagResourceView, Tone } from '../../webview/etags/protocol';
import { pathOf } from './responseView';

/** "PATCH verenigingen.http:12 (wijzig)": the request by its method, file and line (1-based, as the editor counts; the ref holds the parser's 0-based line), and name. */
export function requestLabel(ref: RequestRef): string {
  const where = ref.file ? `${basename(ref.file)}${ref.line !== undefined ? `:${ref.line + 1}` : ''}` : 'request';
  return `${ref.method} ${where}${ref.name ? ` (${ref.name})` : ''}`;
}

function statusText(status: number): string {
  return `${status} ${STATUS_CODES[status] ?? ''}`.trim();
}

/** What a conditional send's outcome means for the ETag it sent. */
export function conditionalOutcome(header: 'If-Match' | 'If-None-Match', outcome: number | 'error'): { outcome: string; tone: Tone } {
  if (outcome === 'error') return { outcome: 'no response', tone: 'error' };
  if (outcome === 412) return { outcome: `${statusText(412)}: the resource changed since this ETag`, tone: 'warning' };
  if (outcome === 304) return { outcome: `${statusText(304)}: unchanged since this ETag`, tone: 'info' };
  if (outcome >= 200 && outcome < 300) return { outcome: header === 'If-Match' ? `${statusText(outcome)}: the ETag was current` : statusText(outcome), tone: 'success' };
  return { outcome: statusText(outcome), tone: outcome >= 400 ? 'error' : 'info' };
}

/** Sightings and conditional sends of one resource in one list, newest first. */
export function historyRows(resource: EtagResource): EtagHistoryRow[] {
  const rows: EtagHistoryRow[] = [
    ...resource.sightings.map((s): EtagHistoryRow => ({ at: s.at, kind: 'seen', etag: s.etag, outcome: statusText(s.status), tone: s.status >= 400 ? 'error' : 'success', by: requestLabel(s.by) })),
    ...resource.conditional.map((c): EtagHistoryRow => ({ at: c.at, kind: c.header, etag: c.etag, ...conditionalOutcome(c.header, c.outcome), by: requestLabel(c.by), filled: c.filled })),
  ];
  // At the same instant the sighting a send's response made is the newer of the two: it goes above.
  const rank = (row: EtagHistoryRow) => (row.kind === 'seen' ? 0 : 1);
  return rows.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : rank(a) - rank(b)));
}

export function resourceView(resource: EtagResource): EtagResourceView {
  return {
    url: resource.url,
    path: pathOf(resource.url),
    etag: resource.etag,
    seenAt: resource.seenAt,
    seenBy: requestLabel(resource.seenBy),
    history: historyRows(resource),
    conflicts: resource.conditional.filter((c) => c.outcome === 412).length,
  };
}

export function etagInspectorView(registry: { id: string; name: string }, environment: string, resources: readonly EtagResource[], now: Date): EtagInspectorView {
  return { registry: registry.id, registryName: registry.name, environment, readAt: now.toISOString(), resources: resources.map(resourceView) };
}
