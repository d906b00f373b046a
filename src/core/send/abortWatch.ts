// One 'abort' listener per caller signal, however many sends watch it. A run hands the same
// signal to each of its thousand sends; an EventTarget listener added and removed per send
// (Node validates options and allocates a listener record each time) cost more than the rest of
// the send's bookkeeping, and `setMaxListeners` had to grow with --parallel.

const watchers = new WeakMap<AbortSignal, Set<() => void>>();

/** Calls `listener` once when `signal` aborts; the returned function stops watching. */
export function onAbort(signal: AbortSignal, listener: () => void): () => void {
  let listeners = watchers.get(signal);
  if (!listeners) {
    const created = new Set<() => void>();
    listeners = created;
    watchers.set(signal, created);
    signal.addEventListener(
      'abort',
      () => {
        const pending = [...created];
        created.clear();
        for (const call of pending) call();
      },
      { once: true },
    );
  }
  const own = listeners;
  own.add(listener);
  return () => void own.delete(listener);
}
