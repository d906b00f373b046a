// "Once the next request is written": undici writes a request from an immediate of its own, after
// the microtasks that handed it over, so no timer or immediate set by a run lands reliably after
// the write and before the answer is read. undici publishes `undici:client:sendHeaders` as it
// writes (HTTP/1.1 and HTTP/2; the connection pool listens to it too); what waits for it runs in a
// microtask after that step. Used by a sequential run for the work that can wait while the server
// answers (prepareAhead.ts, reportQueue.ts). A promise reaction, not queueMicrotask or
// process.nextTick: those make an async resource or id per call (7-8 us a request in a run's cold
// code, node --cpu-prof).

import { subscribe } from 'node:diagnostics_channel';

// Arrays, not a Set made anew per write: a run writes a thousand requests and waits here with one
// or two callbacks at a time.
let waiting: (() => void)[] = [];
let subscribed = false;
const settled = Promise.resolve();
const cancelled = (): void => undefined;

function runAll(callbacks: (() => void)[]): void {
  for (let i = 0; i < callbacks.length; i++) {
    try {
      callbacks[i]!();
    } catch {
      // Each keeps its own failures (a report's error waits for its run's end; a preparation
      // settles to "prepare it in its turn"): nothing may escape into the process from here.
    }
  }
}

function written(): void {
  if (waiting.length === 0) return;
  const now = waiting;
  waiting = [];
  void settled.then(() => runAll(now));
}

/** Calls `callback` once, after the next request any run writes to a connection; returns a cancel. */
export function onNextWrite(callback: () => void): () => void {
  if (!subscribed) {
    subscribed = true;
    subscribe('undici:client:sendHeaders', written);
  }
  const list = waiting;
  if (!list.includes(callback)) list.push(callback);
  return () => {
    const at = list.indexOf(callback);
    if (at < 0) return;
    // A list that fired may be running: a callback can cancel itself there (a report queue
    // flushing), and a splice would skip the one after it, so it is struck out instead.
    if (list === waiting) list.splice(at, 1);
    else list[at] = cancelled;
  };
}
