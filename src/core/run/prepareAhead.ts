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
// It starts once the request before is written (afterWrite.ts).

import type { HttpFile, RequestBlock } from '../http/ast';
import { onNextWrite } from './afterWrite';
import { isReference, referencesIn } from './dependencies';
import type { Prepared } from './prepareRequest';

type Ready = Extract<Prepared, { request: unknown }>;

export class PrepareAhead {
  private readonly early = new Map<number, Promise<Ready | undefined>>();
  private cancel: (() => void) | undefined;

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
    this.cancel?.();
    this.cancel = onNextWrite(() => {
      this.cancel = undefined;
      if (still()) this.start(block);
    });
  }

  private start(block: RequestBlock): void {
    this.early.set(
      block.index,
      this.prepare(block).then(
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
    this.cancel?.();
    this.cancel = undefined;
    this.early.clear();
  }

  private eligible(block: RequestBlock): boolean {
    if (block.directives.some(isReference)) return false;
    if (block.body?.segments.some((segment) => segment.type === 'file')) return false;
    return !referencesIn(this.file, block.range).some((reference) => reference.kind !== 'variable');
  }
}
