// AllSolutions bills REST API calls above 20,000 per calendar month (240,000 per year). The
// counter runs per calendar month in Dutch time, so a call at 00:30 on the 1st counts in the new
// month as the invoice does.

export const FREE_CALLS_PER_MONTH = 20_000;
export const FREE_CALLS_PER_YEAR = 240_000;

/** `2026-03` for any instant in March 2026, Amsterdam time. */
export function calendarMonth(at: Date): string {
  // Made per call, not at load: building a formatter loads ICU time-zone data, which a sandbox
  // start should not pay for. CallCounter calls this once an hour.
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit' }).formatToParts(at);
  return `${parts.find((p) => p.type === 'year')!.value}-${parts.find((p) => p.type === 'month')!.value}`;
}

export interface Usage {
  month: string;
  calls: number;
  freeRemaining: number;
  billable: number;
  yearCalls: number;
}

export class CallCounter {
  // Months only change on the hour (Amsterdam's offsets are whole hours), so one formatting per
  // hour serves every call in it.
  private cachedHour = Number.NaN;
  private cachedMonth = '';

  /** Calls per calendar month, e.g. `{ "2026-03": 1234 }`. */
  constructor(private readonly months: Record<string, number> = {}) {}

  private monthOf(at: Date): string {
    const hour = Math.floor(at.getTime() / 3_600_000);
    if (hour !== this.cachedHour) {
      this.cachedMonth = calendarMonth(at);
      this.cachedHour = hour;
    }
    return this.cachedMonth;
  }

  count(at: Date): Usage {
    const month = this.monthOf(at);
    this.months[month] = (this.months[month] ?? 0) + 1;
    return this.usage(at);
  }

  usage(at: Date): Usage {
    const month = this.monthOf(at);
    const calls = this.months[month] ?? 0;
    const year = month.slice(0, 4);
    const yearCalls = Object.entries(this.months)
      .filter(([m]) => m.startsWith(year))
      .reduce((total, [, n]) => total + n, 0);
    return { month, calls, freeRemaining: Math.max(0, FREE_CALLS_PER_MONTH - calls), billable: Math.max(0, calls - FREE_CALLS_PER_MONTH), yearCalls };
  }

  toJSON(): Record<string, number> {
    return { ...this.months };
  }
}

export function usageHeaders(usage: Usage): Record<string, string> {
  return {
    'x-calls-month': usage.month,
    'x-calls-this-month': String(usage.calls),
    'x-free-calls-remaining': String(usage.freeRemaining),
    'x-billable-calls-this-month': String(usage.billable),
  };
}
