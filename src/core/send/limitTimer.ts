// One timer for the time limits of every send under way. A send's limits (idle timeout,
// deadline) are nearly always far away and nearly never reached: a timer of its own per send
// (created, re-armed per chunk, cleared) was a measurable part of a short request's cost. Here a
// send registers when its limit falls due and a check to run then; the one timer fires at the
// earliest of them, runs the checks that are due, and is set again for the next. A send that
// ends just leaves the set.

interface Watched {
  dueAt: number;
  /** Called when `dueAt` has come: the new due time, or undefined when the limit was reached (and acted on). */
  check(now: number): number | undefined;
}

const watched = new Set<Watched>();
let timer: NodeJS.Timeout | undefined;
let timerAt = Infinity;

/**
 * Runs `check` when `performance.now()` reaches `dueAt` (give absolute times). `check` returns
 * the next due time to be asked again, or undefined when done. The returned function stops it.
 */
export function watchLimit(dueAt: number, check: (now: number) => number | undefined): () => void {
  const entry: Watched = { dueAt, check };
  watched.add(entry);
  // With nothing watched the timer must not hold the process open; the first watch holds it again.
  if (watched.size === 1) timer?.ref();
  schedule(dueAt);
  return () => {
    if (watched.delete(entry) && watched.size === 0) timer?.unref();
  };
}

function schedule(at: number): void {
  if (timer && at >= timerAt) return;
  clearTimeout(timer);
  timerAt = at;
  // setTimeout's limit is 2^31-1 ms; a later limit is looked at again then.
  timer = setTimeout(fire, Math.min(Math.max(at - performance.now(), 0), 2 ** 31 - 1));
  if (watched.size === 0) timer.unref();
}

function fire(): void {
  timer = undefined;
  timerAt = Infinity;
  const now = performance.now();
  let next = Infinity;
  for (const entry of [...watched]) {
    // A timer may fire a fraction of a millisecond before performance.now() says it is due.
    if (entry.dueAt - now < 1) {
      const again = entry.check(now);
      if (again === undefined) {
        watched.delete(entry);
        continue;
      }
      entry.dueAt = again;
    }
    if (entry.dueAt < next) next = entry.dueAt;
  }
  if (next < Infinity) schedule(next);
}
