// One row of the table `npm run bench` prints at the end (test/run-bench.mjs collects the
// `##BENCH {json}` lines every bench writes to stdout beside its own output).

export interface BenchRow {
  /** The bench file's short name (engine, parse, complete, …). */
  bench: string;
  /** What was measured: a tool, a file, an operation. */
  name: string;
  /** Median, in `unit`. */
  median: number;
  p95?: number;
  unit: 'ms' | 'req/s' | 'MB';
  /** Peak RSS in MB (a whole process), when measured. */
  rssMb?: number;
  /** This row against a baseline measured in the same run: this / baseline (or baseline / this for req/s). */
  ratio?: number;
  /**
   * The median of the ratios of runs made side by side (this one and the baseline's in the same
   * round), where the bench has them: a drift in the machine's speed between rounds then cancels,
   * which the ratio of the two medians leaves in.
   */
  paired?: number;
  /** The baseline's name, for the ratio. */
  versus?: string;
  /** The goal for the ratio, e.g. '≤ 1.15×'. */
  goal?: string;
  /** Whether the ratio meets the goal (the goals are printed, never asserted). */
  met?: boolean;
}

/** Written only when run by `npm run bench` (REGX_BENCH_ROWS=1), which gathers the rows into its table. */
export function emitRow(row: BenchRow): void {
  if (process.env.REGX_BENCH_ROWS) console.log(`##BENCH ${JSON.stringify(row)}`);
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** `≤ 1.15×` → met when ratio ≤ 1.15. */
export function goalMet(ratio: number, goal: string): boolean {
  const m = /([≤≥])\s*([\d.]+)/.exec(goal);
  if (!m) return false;
  return m[1] === '≤' ? ratio <= Number(m[2]) : ratio >= Number(m[2]);
}
