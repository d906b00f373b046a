// "Once the next request is written": undici writes a request from an immediate of its own, after
// the microtasks that handed it over, so no timer or immediate set by a run lands reliably after
// the write and before the answer is read. undici publishes `undici:client:sendHeaders` as it
// writes (HTTP/1.1 and HTTP/2; the connection pool listens to it too); what waits for it runs in a
// microtask after that step. Used by a sequential run for the work that can wait while the
// server answers (prepareAhead.ts, reportQueue.ts).

import { subscribe } from 'node:diagnostics_channel';

const waiting = new Set<() => void>();
let subscribed = false;

function written(): void {
  if (waiting.size === 0) return;
  const now = [...waiting];
  waiting.clear();
  queueMicrotask(() => {
    for (const callback of now) callback();
  });
}

/** Calls `callback` once, after the next request any run writes to a connection; returns a cancel. */
export function onNextWrite(callback: () => void): () => void {
  if (!subscribed) {
    subscribed = true;
    subscribe('undici:client:sendHeaders', written);
  }
  waiting.add(callback);
  return () => void waiting.delete(callback);
}
