import { createHash } from 'node:crypto';
import type { OpenApiIndex } from './types';
import { isUrl, normaliseSource, type OpenApiHost } from './documentSource';
import { loadOpenApiWithSources } from './loadOpenApi';
import type { DescriptionLoader } from './workerLoader';
import { OpenApiError, throwIfAborted } from './OpenApiError';

// Indexes by source, kept while their version is unchanged. A file's version is its mtime and
// size (and those of every file its `$ref`s reached); a URL's is its ETag, or a hash of its body
// when the server sends none. One load per source runs at a time: callers asking meanwhile
// share it. The caller creates and owns the cache (one per extension run, one per CLI run).

export interface FileStat {
  mtimeMs: number;
  size: number;
}

export interface OpenApiCacheHost {
  readFile(path: string): Promise<string | Uint8Array>;
  stat(path: string): Promise<FileStat>;
  fetch?: OpenApiHost['fetch'];
  /**
   * How a description is read, parsed and indexed; default in this thread. The editor gives a
   * worker-backed one (workerLoader.ts) so a big description never blocks the extension host.
   */
  load?: DescriptionLoader;
  /** Milliseconds since the epoch; lets tests drive URL revalidation. */
  now?: () => number;
}

export interface OpenApiCacheOptions {
  /** How long a URL's index is used without asking the server again; default 60 s. */
  urlMaxAgeMs?: number;
}

interface Entry {
  index: OpenApiIndex;
  /** Version of each source read, by source. */
  versions: Map<string, string>;
  checkedAt: number;
}

export class OpenApiCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<OpenApiIndex>>();
  /** How many times a document was actually loaded (not served from the cache). */
  loads = 0;

  constructor(
    private readonly host: OpenApiCacheHost,
    private readonly options: OpenApiCacheOptions = {},
  ) {}

  /**
   * The index of `source`, loaded only when it changed since the last call. The load is shared by
   * every caller meanwhile, so one caller's `signal` ends only its own wait: the load goes on and
   * fills the cache for the others and the next call.
   */
  get(source: string, signal?: AbortSignal): Promise<OpenApiIndex> {
    const key = normaliseSource(source);
    let running = this.inFlight.get(key);
    if (!running) {
      running = this.refresh(key).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, running);
    }
    return signal ? untilAborted(running, signal, key) : running;
  }

  /** The cached index without any check, when one exists. */
  peek(source: string): OpenApiIndex | undefined {
    return this.entries.get(normaliseSource(source))?.index;
  }

  invalidate(source?: string): void {
    if (source === undefined) this.entries.clear();
    else this.entries.delete(normaliseSource(source));
  }

  private now(): number {
    return this.host.now ? this.host.now() : Date.now();
  }

  private async refresh(key: string, signal?: AbortSignal): Promise<OpenApiIndex> {
    const cached = this.entries.get(key);
    if (cached && (await this.unchanged(cached, signal))) return cached.index;
    throwIfAborted(signal, key);
    const versions = new Map<string, string>();
    const readFile = async (path: string): Promise<string | Uint8Array> => {
      // stat before read: if the file changes in between, the next call sees a newer version
      versions.set(path, await this.fileVersion(path));
      return this.host.readFile(path);
    };
    const fetchAndRecord = this.host.fetch
      ? async (url: string, init?: { signal?: AbortSignal; headers?: Record<string, string> }): Promise<Response> => {
          const response = await (this.host.fetch as NonNullable<OpenApiHost['fetch']>)(url, init);
          if (!response.ok) return response;
          const body = await response.text();
          versions.set(url, response.headers.get('etag') ?? `sha256:${hash(body)}`);
          return new Response(body, { status: response.status, headers: response.headers });
        }
      : undefined;
    this.loads++;
    const { index, sources } = await (this.host.load ?? loadOpenApiWithSources)(key, { readFile, fetch: fetchAndRecord, signal });
    // A loader may read some files itself (a worker reads the files a $ref names): version those now.
    for (const source of sources) if (!isUrl(source) && !versions.has(source)) versions.set(source, await this.fileVersion(source).catch(() => 'gone'));
    this.entries.set(key, { index, versions, checkedAt: this.now() });
    return index;
  }

  private async fileVersion(path: string): Promise<string> {
    const stat = await this.host.stat(path);
    return `${stat.mtimeMs}:${stat.size}`;
  }

  private async unchanged(entry: Entry, signal: AbortSignal | undefined): Promise<boolean> {
    const maxAge = this.options.urlMaxAgeMs ?? 60_000;
    const fresh = this.now() - entry.checkedAt < maxAge;
    for (const [source, version] of entry.versions) {
      throwIfAborted(signal, source);
      try {
        if (!isUrl(source)) {
          if ((await this.fileVersion(source)) !== version) return false;
        } else if (!fresh) {
          if ((await this.urlVersion(source, version, signal)) !== version) return false;
        }
      } catch (error) {
        if (error instanceof OpenApiError && error.kind === 'aborted') throw error;
        return false;
      }
    }
    if (!fresh) entry.checkedAt = this.now();
    return true;
  }

  private async urlVersion(url: string, known: string, signal: AbortSignal | undefined): Promise<string> {
    if (!this.host.fetch) return known;
    const etag = known.startsWith('sha256:') ? undefined : known;
    const response = await this.host.fetch(url, { signal, headers: etag ? { 'if-none-match': etag } : {} });
    if (response.status === 304) return known;
    const body = await response.text();
    return response.headers.get('etag') ?? `sha256:${hash(body)}`;
  }
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal, source: string): Promise<T> {
  if (signal.aborted) return Promise.reject(new OpenApiError(`loading ${source} was cancelled`, { kind: 'aborted', source }));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new OpenApiError(`loading ${source} was cancelled`, { kind: 'aborted', source }));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
