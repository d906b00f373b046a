// In a sequential run, what only reports a finished request — its progress events and the host's
// record of it (history) — waits until the next request is written, so it runs while the server
// answers instead of between one response and the next send. Reports keep their order: one that
// cannot wait first runs those that wait. What waits runs after the next write, or within 10 ms
// when no write comes (the next request failed to prepare, or connects slowly), and at the latest
// when the run ends. The fallback timer is made at most once per 10 ms, not per request: a
// setTimeout cost ~29 us in a run's cold code (node --cpu-prof).

import { onNextWrite } from './afterWrite';

const FALLBACK_MS = 10;

export class ReportQueue {
  private queued: (() => void)[] = [];
  private cancel: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private failure: { error: unknown } | undefined;
  private readonly flushNow = () => this.flush();
  private readonly fallback = () => {
    this.timer = undefined;
    this.flush();
  };

  /** Runs `report` now, or after the next write when it may `wait` (a sequential run). */
  add(report: () => void, wait: boolean): void {
    if (!wait && this.queued.length === 0) return report();
    this.queued.push(report);
    if (!wait) return this.flush();
    this.cancel ??= onNextWrite(this.flushNow);
    this.timer ??= setTimeout(this.fallback, FALLBACK_MS);
  }

  /** Runs what waits. A report that throws does not stop the others; `end` throws its error. */
  flush(): void {
    this.cancel?.();
    this.cancel = undefined;
    const queued = this.queued;
    if (queued.length === 0) return;
    this.queued = [];
    for (let i = 0; i < queued.length; i++) {
      try {
        queued[i]!();
      } catch (error) {
        this.failure ??= { error };
      }
    }
  }

  /** The run is over: runs what waits, then throws the first error a waiting report threw. */
  end(): void {
    this.close();
    if (this.failure) throw this.failure.error;
  }

  /** Runs what waits and leaves no timer behind (errors are kept for `end`). */
  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.flush();
  }
}
