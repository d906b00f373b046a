// The timeline's view model, apart from the DOM so it is tested in plain Node: facets for the
// filters, which gebeurtenissen a filter keeps, tijdstippen in Zulu and in the user's time zone,
// and the rows of the state and compare panes.
import { dataDiff, type DiffRow } from '../../src/core/historiek/dataDiff';
import { replay, type FieldStatus, type ReplayedState } from '../../src/core/historiek/replay';
import type { Gebeurtenis, ReplayRule } from '../../src/core/historiek/types';

export interface Facet {
  value: string;
  count: number;
}

/** Distinct values with their counts, most frequent first, then by name. */
export function facet(gebeurtenissen: readonly Gebeurtenis[], pick: (g: Gebeurtenis) => string): Facet[] {
  const counts = new Map<string, number>();
  for (const g of gebeurtenissen) counts.set(pick(g), (counts.get(pick(g)) ?? 0) + 1);
  return [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

export interface Filter {
  type: string;
  initiator: string;
  search: string;
}

/** Indexes of the gebeurtenissen the filter keeps, oldest first. */
export function filtered(gebeurtenissen: readonly Gebeurtenis[], filter: Filter): number[] {
  const search = filter.search.trim().toLowerCase();
  const out: number[] = [];
  for (const g of gebeurtenissen) {
    if (filter.type && g.type !== filter.type) continue;
    if (filter.initiator && g.initiator !== filter.initiator) continue;
    if (search && !`${g.type}\n${g.beschrijving}\n${g.initiator}`.toLowerCase().includes(search)) continue;
    out.push(g.index);
  }
  return out;
}

export interface Tijdstip {
  /** `2023-09-28T13:00:00Z`, or the text as sent when it is not a time. */
  zulu: string;
  /** `2023-09-28 15:00:00` in `zone`. */
  local: string;
  zone: string;
  /** The registry sent no zone (before v8.6): read as UTC, and said so. */
  assumedUtc: boolean;
  valid: boolean;
}

const NO_ZONE = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/;

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** One formatter per zone: building one costs more than formatting a thousand times. */
function format(timeZone: string): Intl.DateTimeFormat {
  let formatter = formats.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZoneName: 'short' });
    formats.set(timeZone, formatter);
  }
  return formatter;
}

export function tijdstip(text: string, timeZone: string): Tijdstip {
  const bare = NO_ZONE.exec(text.trim());
  const iso = bare ? `${bare[1]}T${bare[2]}Z` : text.trim();
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return { zulu: text, local: text, zone: timeZone, assumedUtc: false, valid: false };
  const parts = Object.fromEntries(
    format(timeZone)
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  ) as Record<string, string>;
  const zulu = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}Z`;
  return { zulu, local: `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`, zone: parts.timeZoneName ?? timeZone, assumedUtc: !!bare, valid: true };
}

export interface StateRow {
  field: string;
  /** Pretty JSON of the value; undefined when the field is not in the state (only marked). */
  value?: string;
  status: FieldStatus | undefined;
  /** `since #3 NaamWerdGewijzigd` or `uncertain since #5: …` (numbers are 1-based as shown). */
  note: string;
}

/** The moment a selection means: the state just before gebeurtenis `index`, or just after it. */
export function momentIndex(index: number, moment: 'before' | 'after'): number {
  return moment === 'before' ? index - 1 : index;
}

export function stateAt(gebeurtenissen: readonly Gebeurtenis[], rules: Readonly<Record<string, readonly ReplayRule[]>>, index: number, moment: 'before' | 'after'): ReplayedState {
  return replay(gebeurtenissen, rules, momentIndex(index, moment));
}

export function stateRows(replayed: ReplayedState, gebeurtenissen: readonly Gebeurtenis[]): StateRow[] {
  const rows: StateRow[] = [];
  const names = [...Object.keys(replayed.state ?? {}), ...Object.keys(replayed.fields).filter((field) => !(field in (replayed.state ?? {})))];
  for (const field of names) {
    const status = replayed.fields[field];
    const value = replayed.state && field in replayed.state ? JSON.stringify(replayed.state[field], null, 2) : undefined;
    const at = status ? `#${status.since + 1} ${gebeurtenissen[status.since]?.type ?? ''}`.trim() : '';
    const note = !status ? 'not set by any replayed gebeurtenis' : status.kind === 'known' ? `since ${at}` : `uncertain since ${at}: ${status.reason}`;
    rows.push({ field, value, status, note });
  }
  return rows;
}

export function compareRows(gebeurtenissen: readonly Gebeurtenis[], rules: Readonly<Record<string, readonly ReplayRule[]>>, left: number, right: number, what: 'data' | 'state'): DiffRow[] {
  if (what === 'data') return dataDiff(gebeurtenissen[left]?.data, gebeurtenissen[right]?.data);
  return dataDiff(replay(gebeurtenissen, rules, left).state, replay(gebeurtenissen, rules, right).state);
}
