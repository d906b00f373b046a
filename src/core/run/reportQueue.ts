// In a sequential run, what only reports a finished request — its progress events and the host's
// record of it (history) — waits until the next request is written, so it runs while the server
// answers instead of between one response and the next send. Reports keep their order: one that
// cannot wait first runs those that wait. What waits runs after the next write, or within a
// millisecond when no write comes (the next request failed to prepare, or connects slowly), and
// at the latest when the run ends.

import { onNextWrite } from './afterWrite';

export class ReportQueue {
  private queued: (() => void)[] = [];
  private cancel: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private failure: { error: unknown } | undefined;
  private readonly flushNow = () => this.flush();

  /** Runs `report` now, or after the next write when it may `wait` (a sequential run). */
  add(report: () => void, wait: boolean): void {
    if (!wait && this.queued.length === 0) return report();
    this.queued.push(report);
    if (!wait) return this.flush();
    if (this.cancel) return;
    this.cancel = onNextWrite(this.flushNow);
    this.timer = setTimeout(this.flushNow, 1);
  }

  /** Runs what waits. A report that throws does not stop the others; `end` throws its error. */
  flush(): void {
    this.cancel?.();
    this.cancel = undefined;
    clearTimeout(this.timer);
    this.timer = undefined;
    const queued = this.queued;
    this.queued = [];
    for (const report of queued) {
      try {
        report();
      } catch (error) {
        this.failure ??= { error };
      }
    }
  }

  /** The run is over: runs what waits, then throws the first error a waiting report threw. */
  end(): void {
    this.flush();
    if (this.failure) throw this.failure.error;
  }
}
