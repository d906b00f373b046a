// The ETag store: per registry and environment, per resource URL, the ETag last seen and by which
// request, and the requests that sent If-Match / If-None-Match with what came back. Kept in the
// user's state dir (never the workspace), shared by every regx process and the editor.
//
// One append-only journal per registry + environment (JSON Lines). Each change is one line,
// written under the lock `<file>.lock` (history/dirLock.ts, as history does) and fdatasynced before
// the call resolves: a kill -9 loses at most a change whose promise had not resolved and can
// tear only the last line, which reading skips. Two processes never interleave lines, and
// compaction (fold → temporary file → fsync → rename, under the same lock) cannot drop a line
// another process appended, because no one appends without the lock.

import { EventEmitter } from 'node:events';
import { mkdirSync, watch as watchFs, type FSWatcher } from 'node:fs';
import { open, readFile, rename, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { acquireDirLock } from '../history/dirLock';
import type { ConditionalSend, EtagChange, EtagResource, EtagScope, EtagSighting } from './etagStoreTypes';

const KEEP_PER_RESOURCE = 20;
const MAX_RESOURCES = 5000;

type JournalLine =
  | ({ op: 'seen'; url: string } & EtagSighting)
  | ({ op: 'cond'; url: string } & ConditionalSend)
  | { op: 'forget'; url: string; at: string };

interface Folded {
  stamp: string;
  resources: Map<string, EtagResource>;
  lines: number;
}

export interface EtagStoreOptions {
  /** Lines a journal may hold before it is folded into one line per fact kept (default 2000). */
  compactAfterLines?: number;
  lockStaleMs?: number;
}

export class EtagStore {
  private readonly cache = new Map<string, Folded>();
  private readonly events = new EventEmitter();
  private readonly compactAfterLines: number;
  private readonly lockStaleMs: number;

  constructor(
    readonly stateDir: string,
    options: EtagStoreOptions = {},
  ) {
    this.compactAfterLines = options.compactAfterLines ?? 2000;
    this.lockStaleMs = Math.max(2000, options.lockStaleMs ?? 10_000);
    this.events.setMaxListeners(0);
  }

  /** The journal of one registry + environment. */
  fileFor(scope: EtagScope): string {
    return join(this.stateDir, 'etags', segment(scope.registry), `${segment(scope.environment)}.jsonl`);
  }

  /** Every resource with an ETag in the scope, the most recently seen first. */
  async list(scope: EtagScope): Promise<EtagResource[]> {
    const { resources } = await this.read(scope);
    return [...resources.values()].sort((a, b) => (a.seenAt < b.seenAt ? 1 : a.seenAt > b.seenAt ? -1 : 0)).map(copy);
  }

  async get(scope: EtagScope, url: string): Promise<EtagResource | undefined> {
    const found = (await this.read(scope)).resources.get(resourceKey(url));
    return found && copy(found);
  }

  /**
   * The resource's own entry, or else the nearest enclosing resource with one (the same URL
   * without its query, then each parent path): a write to `/verenigingen/V1/locaties/2` is guarded
   * by the ETag of `/verenigingen/V1`.
   */
  async lookup(scope: EtagScope, url: string): Promise<{ resource: EtagResource; exact: boolean } | undefined> {
    const { resources } = await this.read(scope);
    const keys = candidateKeys(url);
    for (const [index, key] of keys.entries()) {
      const found = resources.get(key);
      if (found) return { resource: copy(found), exact: index === 0 };
    }
    return undefined;
  }

  async seen(scope: EtagScope, url: string, sighting: EtagSighting): Promise<void> {
    await this.append(scope, { op: 'seen', url: resourceKey(url), ...sighting });
    this.emit({ scope, url: resourceKey(url), kind: 'seen' });
  }

  async conditional(scope: EtagScope, url: string, send: ConditionalSend): Promise<void> {
    await this.append(scope, { op: 'cond', url: resourceKey(url), ...send });
    this.emit({ scope, url: resourceKey(url), kind: 'conditional' });
  }

  async forget(scope: EtagScope, url: string): Promise<void> {
    await this.append(scope, { op: 'forget', url: resourceKey(url), at: new Date().toISOString() });
    this.emit({ scope, url: resourceKey(url), kind: 'forgotten' });
  }

  /** Changes made through this store (this process). */
  onDidChange(listener: (change: EtagChange) => void): { dispose(): void } {
    this.events.on('change', listener);
    return { dispose: () => this.events.off('change', listener) };
  }

  /**
   * Changes to one scope's journal from any process (a `regx run` in a terminal while the
   * inspector is open). Reported without a URL: re-read with `list`.
   */
  watch(scope: EtagScope, listener: () => void): { dispose(): void } {
    const file = this.fileFor(scope);
    mkdirSync(dirname(file), { recursive: true });
    let watcher: FSWatcher | undefined;
    try {
      watcher = watchFs(dirname(file), (_event, name) => {
        if (name === null || String(name) === basename(file)) listener();
      });
      watcher.on('error', () => watcher?.close());
    } catch {
      // a file system without change notifications: this process's own changes still arrive
    }
    return { dispose: () => watcher?.close() };
  }

  private emit(change: EtagChange): void {
    this.events.emit('change', change);
  }

  private async read(scope: EtagScope): Promise<Folded> {
    const file = this.fileFor(scope);
    let stamp: string;
    try {
      const s = await stat(file);
      stamp = `${s.ino}:${s.size}:${s.mtimeMs}`;
    } catch {
      return { stamp: '', resources: new Map(), lines: 0 };
    }
    const cached = this.cache.get(file);
    if (cached?.stamp === stamp) return cached;
    const folded = fold(await readFile(file, 'utf8').catch(() => ''), stamp, scope);
    this.cache.set(file, folded);
    return folded;
  }

  private async append(scope: EtagScope, line: JournalLine): Promise<void> {
    const file = this.fileFor(scope);
    await this.locked(file, async () => {
      const handle = await open(file, 'a+');
      let size: number;
      try {
        size = (await handle.stat()).size;
        let prefix = '';
        if (size > 0) {
          // a line torn by an earlier crash must not swallow this one
          const last = Buffer.alloc(1);
          await handle.read(last, 0, 1, size - 1);
          if (last[0] !== 0x0a) prefix = '\n';
        }
        await handle.write(`${prefix}${JSON.stringify(line)}\n`);
        await handle.datasync();
      } finally {
        await handle.close();
      }
      const folded = await this.read(scope);
      // folding pays only when it halves the journal (each resource keeps its last 20 of each kind)
      if (folded.lines > this.compactAfterLines && folded.lines > 2 * keptLines(folded)) await this.compactLocked(file, folded);
    });
  }

  /** Under the lock: one line per sighting and request kept, written beside and renamed over. */
  private async compactLocked(file: string, folded: Folded): Promise<void> {
    const kept = [...folded.resources.values()].sort((a, b) => (a.seenAt < b.seenAt ? 1 : -1)).slice(0, MAX_RESOURCES);
    const out: string[] = [];
    for (const resource of kept) {
      for (const s of resource.sightings) out.push(JSON.stringify({ op: 'seen', url: resource.url, ...s }));
      for (const c of resource.conditional) out.push(JSON.stringify({ op: 'cond', url: resource.url, ...c }));
    }
    const temporary = `${file}.${process.pid}.tmp`;
    const handle = await open(temporary, 'w');
    try {
      await handle.write(out.length ? `${out.join('\n')}\n` : '');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
    const dir = await open(dirname(file), 'r');
    try {
      await dir.sync();
    } catch {
      // directories cannot be synced on every platform; the rename itself is atomic
    } finally {
      await dir.close();
    }
    this.cache.delete(file);
  }

  private async locked<T>(file: string, work: () => Promise<T>): Promise<T> {
    mkdirSync(dirname(file), { recursive: true });
    const lock = await acquireDirLock(`${file}.lock`, { staleMs: this.lockStaleMs });
    try {
      const result = await work();
      if (lock.compromised) throw new Error(`ETag store lock ${file}.lock was taken over while writing: ${lock.compromised.message}`);
      return result;
    } finally {
      await lock.release();
    }
  }
}

const stores = new Map<string, EtagStore>();

/** The one store of a state dir in this process, so the inspector hears the policies' changes. */
export function etagStoreFor(stateDir: string): EtagStore {
  let store = stores.get(stateDir);
  if (!store) stores.set(stateDir, (store = new EtagStore(stateDir)));
  return store;
}

function fold(text: string, stamp: string, scope: EtagScope): Folded {
  const resources = new Map<string, EtagResource>();
  let lines = 0;
  for (const raw of text.split('\n')) {
    if (!raw.trim()) continue;
    lines++;
    let line: JournalLine;
    try {
      line = JSON.parse(raw) as JournalLine;
    } catch {
      continue; // the torn last line of an interrupted write, or damage: skip it, keep the rest
    }
    if (typeof line !== 'object' || line === null || typeof line.url !== 'string') continue;
    if (line.op === 'forget') {
      resources.delete(line.url);
    } else if (line.op === 'seen' && typeof line.etag === 'string') {
      const { op: _op, url, ...sighting } = line;
      let resource = resources.get(url);
      if (!resource) {
        resource = { url, registry: scope.registry, environment: scope.environment, etag: sighting.etag, seenAt: sighting.at, seenBy: sighting.by, sightings: [], conditional: [] };
        resources.set(url, resource);
      }
      resource.etag = sighting.etag;
      resource.seenAt = sighting.at;
      resource.seenBy = sighting.by;
      pushCapped(resource.sightings, sighting);
    } else if (line.op === 'cond') {
      const { op: _op, url, ...send } = line;
      const resource = resources.get(url);
      if (resource) pushCapped(resource.conditional, send);
    }
  }
  return { stamp, resources, lines };
}

function keptLines(folded: Folded): number {
  let n = 0;
  for (const r of folded.resources.values()) n += r.sightings.length + r.conditional.length;
  return n;
}

function pushCapped<T>(list: T[], item: T): void {
  list.push(item);
  if (list.length > KEEP_PER_RESOURCE) list.splice(0, list.length - KEEP_PER_RESOURCE);
}

function copy(resource: EtagResource): EtagResource {
  return { ...resource, sightings: [...resource.sightings], conditional: [...resource.conditional] };
}

/** A file-name-safe spelling of a registry id or environment name (`_` for none). */
function segment(name: string | undefined): string {
  if (!name) return '_';
  return `${encodeURIComponent(name).replace(/\./g, '%2E')}`;
}

/** The URL as the store keys it: no fragment, scheme and host as URL spells them. */
export function resourceKey(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.hash = '';
    return parsed.href;
  } catch {
    return url;
  }
}

/** The URL itself, without its query, then each parent path down to the first segment. */
function candidateKeys(url: string): string[] {
  const keys = [resourceKey(url)];
  let parsed: URL;
  try {
    parsed = new URL(keys[0]!);
  } catch {
    return keys;
  }
  parsed.search = '';
  const segments = parsed.pathname.replace(/\/+$/, '').split('/');
  for (let n = segments.length; n > 1; n--) {
    parsed.pathname = segments.slice(0, n).join('/') || '/';
    const key = parsed.href;
    if (!keys.includes(key)) keys.push(key);
  }
  return keys;
}
