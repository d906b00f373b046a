// Keeps each registry's state under `--data DIR` so that an acknowledged write survives a crash
// (kill -9, power loss): after every request the host calls `commit`, which appends what the
// request changed to `<id>.journal` and fsyncs it before the answer is sent. The journal is
// compacted into the snapshot `<id>.json` (written whole, fsynced, renamed) once it grows, and on
// close. A restart reads the snapshot, then replays the journal; a last line torn by a crash
// was never acknowledged and is dropped.
import { closeSync, fsyncSync, openSync } from 'node:fs';
import { open, readFile, rename, rm, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { apply, diff, flatten, isEmpty, unflatten, type FlatState, type StateDelta } from './stateDelta';
import type { SandboxRegistry } from './types';

/** Journal lines before it is folded into the snapshot. */
const COMPACT_AFTER_LINES = 500;

interface Tracked {
  /** The state as last made durable. */
  flat: FlatState;
  lines: number;
  /** The snapshot file exists: journal lines apply to it, not to a fresh registry's seed. */
  hasSnapshot: boolean;
  journal?: Awaited<ReturnType<typeof open>>;
  /** Commits of one registry run one after another. */
  queue: Promise<void>;
}

function syncFolder(dir: string): void {
  // The new name of a renamed or created file is durable only once its folder is.
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export class SnapshotStore {
  private readonly tracked = new Map<string, Tracked>();

  constructor(private readonly dir: string) {}

  private snapshotFile(id: string): string {
    return join(this.dir, `${id}.json`);
  }

  private journalFile(id: string): string {
    return join(this.dir, `${id}.journal`);
  }

  /** Restores `registry` from its snapshot and journal, if any. A corrupt file is an error, not a reset. */
  async restore(registry: SandboxRegistry): Promise<void> {
    const id = registry.id;
    let state: unknown;
    let restored = false;
    const text = await readFile(this.snapshotFile(id), 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (text !== undefined) {
      try {
        state = JSON.parse(text);
        restored = true;
      } catch (error) {
        throw new Error(`sandbox data file ${this.snapshotFile(id)} is not valid JSON (${(error as Error).message}); move it away to start fresh`);
      }
    }
    const raw = await readFile(this.journalFile(id)).catch(() => Buffer.alloc(0));
    // Only the last line can be torn (a crash mid-append): its answer was never sent. It is cut
    // off the file too, or the next line appended would be glued to it.
    const end = raw.lastIndexOf(0x0a) + 1;
    if (end < raw.length) await truncate(this.journalFile(id), end);
    let flat = restored ? flatten(state) : undefined;
    let replayed = 0;
    raw.subarray(0, end).toString('utf8').split('\n').forEach((line, index) => {
      if (!line.trim()) return;
      let delta: StateDelta;
      try {
        delta = JSON.parse(line) as StateDelta;
      } catch (error) {
        throw new Error(`sandbox journal ${this.journalFile(id)}:${index + 1} is not valid JSON (${(error as Error).message}); move it away to start fresh`);
      }
      flat ??= flatten(registry.snapshot());
      apply(flat, delta);
      replayed++;
    });
    if (flat) registry.restore(unflatten(flat));
    this.tracked.set(id, { flat: flatten(registry.snapshot()), lines: replayed, hasSnapshot: restored, queue: Promise.resolve() });
  }

  /**
   * Makes what the last request changed durable; resolves only then. Commits of one registry are
   * chained, so a commit also covers changes of requests still waiting for theirs.
   */
  commit(registry: SandboxRegistry): Promise<void> {
    const tracked = this.track(registry);
    const run = tracked.queue.then(() => this.append(registry, tracked));
    tracked.queue = run.catch(() => undefined);
    return run;
  }

  private track(registry: SandboxRegistry): Tracked {
    let tracked = this.tracked.get(registry.id);
    if (!tracked) {
      tracked = { flat: flatten(registry.snapshot()), lines: 0, hasSnapshot: false, queue: Promise.resolve() };
      this.tracked.set(registry.id, tracked);
    }
    return tracked;
  }

  private async append(registry: SandboxRegistry, tracked: Tracked): Promise<void> {
    const next = flatten(registry.snapshot());
    const delta = diff(tracked.flat, next);
    if (isEmpty(delta)) return;
    // The first change of a registry without a snapshot: its starting state is written first,
    // so the journal never depends on a seed being built the same way again.
    if (!tracked.hasSnapshot) await this.compact(registry.id, tracked);
    if (!tracked.journal) {
      tracked.journal = await open(this.journalFile(registry.id), 'a');
      syncFolder(this.dir);
    }
    await tracked.journal.write(`${JSON.stringify(delta)}\n`);
    await tracked.journal.datasync();
    tracked.flat = next;
    if (++tracked.lines >= COMPACT_AFTER_LINES) await this.compact(registry.id, tracked);
  }

  /** The snapshot becomes the durable state; only then is the journal emptied. */
  private async compact(id: string, tracked: Tracked): Promise<void> {
    const file = this.snapshotFile(id);
    const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const handle = await open(temporary, 'w', 0o644);
    try {
      await handle.writeFile(JSON.stringify(unflatten(tracked.flat)));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
    syncFolder(this.dir);
    // Replaying the old journal onto the new snapshot would give the same state, so a crash
    // between the rename and this truncation loses nothing.
    await tracked.journal?.close();
    tracked.journal = undefined;
    await writeFile(this.journalFile(id), '');
    tracked.lines = 0;
    tracked.hasSnapshot = true;
  }

  /** Folds everything into the snapshots; called on close. */
  async flush(registries: SandboxRegistry[]): Promise<void> {
    const failures: string[] = [];
    await Promise.all(
      registries.map(async (registry) => {
        try {
          await this.commit(registry);
          const tracked = this.track(registry);
          await tracked.queue;
          if (tracked.lines > 0 || tracked.journal) await this.compact(registry.id, tracked);
          await rm(this.journalFile(registry.id), { force: true });
        } catch (error) {
          failures.push(`${registry.id}: ${(error as Error).message}`);
        }
      }),
    );
    if (failures.length) throw new Error(`could not save sandbox data in ${this.dir}: ${failures.join('; ')}`);
  }
}
