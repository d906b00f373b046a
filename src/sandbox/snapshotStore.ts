// Persists each registry's `snapshot()` under `--data DIR`. Saving is debounced and skipped
// when nothing changed, so a burst of requests costs one serialisation per registry, and a
// registry whose reads change state (credits, call counters) is still saved.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { atomicWrite } from './atomicWrite';
import type { SandboxRegistry } from './types';

const DEBOUNCE_MS = 100;

export class SnapshotStore {
  private readonly written = new Map<string, string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly pending = new Set<Promise<void>>();
  private failure: Error | undefined;

  constructor(private readonly dir: string) {}

  private file(id: string): string {
    return join(this.dir, `${id}.json`);
  }

  /** Restores `registry` from its file, if there is one. A corrupt file is an error, not a reset. */
  async restore(registry: SandboxRegistry): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.file(registry.id), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    let state: unknown;
    try {
      state = JSON.parse(text);
    } catch (error) {
      throw new Error(`sandbox data file ${this.file(registry.id)} is not valid JSON (${(error as Error).message}); move it away to start fresh`);
    }
    registry.restore(state);
    this.written.set(registry.id, text);
  }

  /** Called after every request; writes at most once per debounce interval. */
  schedule(registry: SandboxRegistry): void {
    if (this.timers.has(registry.id)) return;
    const timer = setTimeout(() => {
      this.timers.delete(registry.id);
      this.track(this.save(registry));
    }, DEBOUNCE_MS);
    timer.unref();
    this.timers.set(registry.id, timer);
  }

  private track(promise: Promise<void>): void {
    this.pending.add(promise);
    void promise.finally(() => this.pending.delete(promise));
  }

  private async save(registry: SandboxRegistry): Promise<void> {
    try {
      const text = JSON.stringify(registry.snapshot());
      if (this.written.get(registry.id) === text) return;
      this.written.set(registry.id, text);
      await atomicWrite(this.file(registry.id), text);
    } catch (error) {
      this.failure = error as Error;
    }
  }

  /** Writes everything still scheduled; called on close so the last changes are not lost. */
  async flush(registries: SandboxRegistry[]): Promise<void> {
    for (const [id, timer] of this.timers) {
      clearTimeout(timer);
      this.timers.delete(id);
    }
    await Promise.all(this.pending);
    await Promise.all(registries.map((registry) => this.save(registry)));
    if (this.failure) throw new Error(`could not save sandbox data in ${this.dir}: ${this.failure.message}`);
  }
}
