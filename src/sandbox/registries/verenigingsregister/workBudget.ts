// The work one search request may do before it is refused. Every registry of the sandbox shares
// one thread, so a query that compares without end freezes all of them: each comparison is
// counted, and past the budget the request answers 400 instead of holding the others up.

/** About a tenth of a second of comparisons on a slow machine; an ordinary query over a thousand verenigingen spends under a third of it. */
export const SEARCH_WORK_LIMIT = 5_000_000;

export class WorkBudgetExceeded extends Error {
  constructor(readonly limit: number) {
    super(`more than ${limit} comparisons`);
    this.name = 'WorkBudgetExceeded';
  }
}

export class WorkBudget {
  private used = 0;

  constructor(readonly limit = SEARCH_WORK_LIMIT) {}

  spend(units: number): void {
    this.used += Math.max(0, units);
    if (this.used > this.limit) throw new WorkBudgetExceeded(this.limit);
  }

  get spent(): number {
    return this.used;
  }
}
