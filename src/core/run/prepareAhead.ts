// A sequential run prepares the next request once the one before it is written to its
// connection, so resolving its variables overlaps the server's answer instead of standing
// between one response and the next send: a sequential run waits on its main thread for each
// answer, and what it does between a response and the next send adds up over 1,000 requests.
//
// Only a preparation that cannot come out differently later is kept: none that read a dynamic
// variable (`{{$guid}}`, `{{$timestamp}}`), a response reference or a script global — the
// resolution says so (`volatile`) — and none of a request that runs `# @ref`s first or includes a
// body file. A request that writes such a reference itself is not prepared early at all; the
// others are prepared again in their turn.
//
// When: undici writes a request from an immediate of its own, after the microtasks that handed
// it over, so no timer or immediate set by the run lands reliably after the write and before the
// answer is read. undici publishes `undici:client:sendHeaders` as it writes (the connection pool
// listens to it too); the preparation starts in a microtask after that step.

import { subscribe } from 'node:diagnostics_channel';
import type { HttpFile, RequestBlock } from '../http/ast';
import { isReference, referencesIn } from './dependencies';
import type { Prepared } from './prepareRequest';

type Ready = Extract<Prepared, { request: unknown }>;

/** Runs waiting for a request to be written; any write starts their preparations. */
const armed = new Set<PrepareAhead>();
let subscribed = false;

function written(): void {
  if (armed.size === 0) return;
  const now = [...armed];
  armed.clear();
  queueMicrotask(() => {
    for (const ahead of now) ahead.fire();
  });
}

export class PrepareAhead {
  private readonly early = new Map<number, Promise<Ready | undefined>>();
  private waiting: { block: RequestBlock; still: () => boolean } | undefined;

  constructor(
    private readonly file: HttpFile,
    private readonly prepare: (block: RequestBlock) => Promise<Prepared>,
  ) {}

  /**
   * Prepares `block` once the next request is written to a connection, if `still()` holds then
   * (it has not started meanwhile) and it is not known to need its own turn.
   */
  afterNextWrite(block: RequestBlock, still: () => boolean): void {
    if (this.early.has(block.index) || !this.eligible(block)) return;
    this.waiting = { block, still };
    armed.add(this);
    if (!subscribed) {
      subscribed = true;
      subscribe('undici:client:sendHeaders', written);
    }
  }

  /** A request was written: the waiting preparation starts. */
  fire(): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    if (!waiting?.still()) return;
    this.early.set(
      waiting.block.index,
      this.prepare(waiting.block).then(
        (prepared) => ('request' in prepared && !prepared.volatile ? prepared : undefined),
        () => undefined,
      ),
    );
  }

  /** The early preparation of `block`, if one was started (it resolves to undefined when it cannot be used). */
  take(block: RequestBlock): Promise<Ready | undefined> | undefined {
    const early = this.early.get(block.index);
    this.early.delete(block.index);
    return early;
  }

  /** The run is over: nothing more starts. */
  stop(): void {
    this.waiting = undefined;
    armed.delete(this);
    this.early.clear();
  }

  private eligible(block: RequestBlock): boolean {
    if (block.directives.some(isReference)) return false;
    if (block.body?.segments.some((segment) => segment.type === 'file')) return false;
    return !referencesIn(this.file, block.range).some((reference) => reference.kind !== 'variable');
  }
}
