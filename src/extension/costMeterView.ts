// The cost meter as the status bar shows it: this month's calls and spend per registry and
// environment (the meter files `costs/<registry>--<environment>.json` in the state folder, written
// by the editor's sends and `regx run` alike). Plain code, no `vscode`: tested in Node;
// costMeterStatus.ts puts it in the status bar.
import type { MeterEntry } from '../core/policies/costsMeter';

export interface CostMeterView {
  /** Status bar text; empty when no meter counted anything this month. */
  text: string;
  /** Tooltip as Markdown: one table row per registry and environment. */
  tooltip: string;
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

/** `names`: registry id → display name (the catalog's). */
export function costMeterView(entries: readonly MeterEntry[], names: ReadonlyMap<string, string>): CostMeterView {
  const counted = entries.filter((e) => e.calls > 0 || e.spent > 0 || e.balance !== undefined || e.rateLimit);
  if (counted.length === 0) return { text: '', tooltip: '' };
  const spent = new Map<string, number>();
  for (const e of counted) if (e.spent > 0) spent.set(e.unit, (spent.get(e.unit) ?? 0) + e.spent);
  const calls = counted.reduce((sum, e) => sum + e.calls, 0);
  const parts = [...spent].map(([unit, amount]) => `${amount} ${unit}`);
  const text = `$(dashboard) ${parts.length ? parts.join(', ') : `${calls} call${calls === 1 ? '' : 's'}`}`;
  const period = counted[0]!.period;
  const rows = counted.map((e) => {
    const limit = e.rateLimit ? `${e.rateLimit.remaining ?? '?'} of ${e.rateLimit.limit ?? '?'}` : '';
    return `| ${escape(names.get(e.registry) ?? e.registry)} | ${escape(e.environment)} | ${e.calls} | ${e.spent} ${escape(e.unit)} | ${e.balance ?? ''} | ${escape(limit)} |`;
  });
  const tooltip = [
    `**Register Explorer cost meter** — ${escape(period)}`,
    '',
    '| registry | environment | calls | spent | balance | rate limit left |',
    '|---|---|---:|---:|---:|---|',
    ...rows,
    '',
    'Counted by the editor and `regx run`; a running account, not an invoice.',
  ].join('\n');
  return { text, tooltip };
}
