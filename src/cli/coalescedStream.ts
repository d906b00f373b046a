/**
 * A stream whose writes are gathered and passed on together at most every `intervalMs` (and on
 * `flush()`). `regx run` writes two progress lines per request; written one by one that is two
 * write(2) calls per request on stderr, each waking whoever reads the pipe (a CI runner, the
 * bench), for lines nobody reads faster than a few times a second. Order is kept: everything the
 * command writes to this stream goes through the one buffer.
 */
export interface CoalescedStream extends NodeJS.WritableStream {
  /** Passes on what is buffered now. */
  flush(): void;
}

export function coalescedStream(target: NodeJS.WritableStream, intervalMs = 50): CoalescedStream {
  let pending: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (pending.length === 0) return;
    const text = pending.join('');
    pending = [];
    target.write(text);
  };
  const write = (chunk: unknown, ...rest: unknown[]): boolean => {
    if (typeof chunk !== 'string') {
      flush();
      return (target.write as (...args: unknown[]) => boolean)(chunk, ...rest);
    }
    pending.push(chunk);
    if (!timer) {
      timer = setTimeout(flush, intervalMs);
      // A pending flush must not keep the process alive; the command flushes before it ends.
      timer.unref();
    }
    const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    if (callback) queueMicrotask(callback);
    return true;
  };
  return new Proxy(target, {
    get(object, property) {
      if (property === 'write') return write;
      if (property === 'flush') return flush;
      const value = Reflect.get(object, property, object) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(object) : value;
    },
  }) as CoalescedStream;
}
