// Loading a big API description off the calling thread: parsing and indexing 50 MB take seconds,
// which in the editor's extension host would freeze every extension. The description's bytes
// (read by the caller, so its cache versions them as before) go to a worker thread
// (loadWorker.ts) that parses and indexes them; the operations come back in batches, each turned
// into an index entry between event-loop turns. An operation's parameters, body and responses,
// and a named schema, are asked for when first read — synchronously (the worker answers on a
// MessagePort and wakes this thread through a SharedArrayBuffer; one operation takes
// milliseconds), so the index keeps its plain synchronous shape for every reader.
//
// Small descriptions load in-process (a worker costs tens of milliseconds to start), as do
// descriptions named by URL. A description over the size cap is refused, a load over the time
// cap stopped, each with a message that says so; an AbortSignal stops the worker too.

import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import type { OpenApiIndex, OperationInfo } from './types';
import { isUrl, normaliseSource, type OpenApiHost } from './documentSource';
import { loadOpenApiWithSources, type LoadedOpenApi } from './loadOpenApi';
import { OpenApiError, throwIfAborted } from './OpenApiError';
import { defineLazy, withLazyDetails, type Details } from './buildIndex';
import { GraphDecoder, type DetailAnswer, type DetailRequest, type LoadRequest, type WorkerMessage } from './workerProtocol';

export interface WorkerLoaderOptions {
  /** The worker's script: dist/openapiWorker.js, built from loadWorker.ts. */
  script: string | URL;
  /** Smaller descriptions load in-process; default 2 MB. */
  minBytes?: number;
  /** Bigger descriptions are refused; default 200 MB. */
  maxBytes?: number;
  /** A load that takes longer is stopped; default 120 s. */
  timeoutMs?: number;
  /** How long one operation's details may take to come back; default 10 s. */
  detailTimeoutMs?: number;
}

export type DescriptionLoader = (source: string, host: OpenApiHost) => Promise<LoadedOpenApi>;

export const DEFAULT_MIN_WORKER_BYTES = 2 * 1024 * 1024;
export const DEFAULT_MAX_DESCRIPTION_FILE_BYTES = 200 * 1024 * 1024;

/** Which worker thread holds an index loaded through a worker (for tests and logs). */
const threadOf = new WeakMap<OpenApiIndex, number>();
export function workerThreadOf(index: OpenApiIndex): number | undefined {
  return threadOf.get(index);
}

// A worker lives as long as its index: once nobody holds the index, the worker is stopped.
const workers = new FinalizationRegistry<Worker>((worker) => void worker.terminate());

/** A loader for OpenApiCache (`host.load`) that sends big local descriptions to a worker thread. */
export function workerLoader(options: WorkerLoaderOptions): DescriptionLoader {
  return async (source, host) => {
    const root = normaliseSource(source);
    if (isUrl(root)) return loadOpenApiWithSources(root, host);
    throwIfAborted(host.signal, root);
    let data: string | Uint8Array;
    try {
      data = await host.readFile(root);
    } catch (cause) {
      throwIfAborted(host.signal, root);
      throw new OpenApiError(`cannot read ${root}: ${(cause as Error).message}`, { kind: 'read', source: root, cause });
    }
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    const max = options.maxBytes ?? DEFAULT_MAX_DESCRIPTION_FILE_BYTES;
    if (bytes.byteLength > max) {
      throw new OpenApiError(`${root} is ${megabytes(bytes.byteLength)}; API descriptions over ${megabytes(max)} are not loaded`, { kind: 'read', source: root });
    }
    const readFile = (path: string): Promise<string | Uint8Array> => (path === root ? Promise.resolve(bytes) : host.readFile(path));
    if (bytes.byteLength < (options.minBytes ?? DEFAULT_MIN_WORKER_BYTES)) return loadOpenApiWithSources(root, { ...host, readFile });
    return loadInWorker(root, bytes, host.signal, options);
  };
}

function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

/** Loads `source` (whose content is `bytes`) in a new worker thread. */
export function loadInWorker(source: string, bytes: Uint8Array, signal: AbortSignal | undefined, options: WorkerLoaderOptions): Promise<LoadedOpenApi> {
  throwIfAborted(signal, source);
  const worker = new Worker(options.script);
  worker.unref();
  const { port1, port2 } = new MessageChannel();
  port1.unref();
  const flag = new SharedArrayBuffer(4);
  const flagView = new Int32Array(flag);
  const decoder = new GraphDecoder();
  const detailTimeout = options.detailTimeoutMs ?? 10_000;
  // In this scope, not the promise's: what stays registered after the load holds no index.
  const state = { exited: false };
  worker.on('exit', () => (state.exited = true));
  worker.on('error', () => (state.exited = true));

  const ask = (request: DetailRequest): unknown => {
    if (state.exited) throw new OpenApiError(`the worker that loaded ${source} has stopped; reload the description`, { kind: 'read', source });
    Atomics.store(flagView, 0, 0);
    port1.postMessage(request);
    const deadline = Date.now() + detailTimeout;
    if (Atomics.wait(flagView, 0, 0, detailTimeout) === 'timed-out') {
      throw new OpenApiError(`the worker that loaded ${source} did not answer within ${duration(detailTimeout)}`, { kind: 'read', source });
    }
    // The flag can be seen before the answer is in the port's queue (a full unit run met it once
    // under load): look again in short sleeps until the deadline.
    let received = receiveMessageOnPort(port1);
    while (!received && !state.exited && Date.now() < deadline) {
      Atomics.wait(flagView, 0, 1, 1);
      received = receiveMessageOnPort(port1);
    }
    if (!received) throw new OpenApiError(`the worker that loaded ${source} answered nothing`, { kind: 'read', source });
    const answer = received.message as DetailAnswer;
    if (!answer.ok) throw new OpenApiError(answer.error.message, { kind: answer.error.kind, source: answer.error.source, pointer: answer.error.pointer });
    return decoder.decode(answer.value);
  };

  return new Promise<LoadedOpenApi>((resolve, reject) => {
    let index: OpenApiIndex | undefined;
    let sources: string[] = [];
    let settled = false;
    const finish = (error?: OpenApiError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (error || !index) {
        void worker.terminate();
        reject(error ?? new OpenApiError(`loading ${source} in a worker gave no index`, { kind: 'read', source }));
        return;
      }
      // The listeners below hold this scope, and with it the index: gone, the index can be collected.
      worker.removeListener('message', onMessage);
      worker.removeListener('error', onError);
      worker.removeListener('exit', onExit);
      workers.register(index, worker);
      resolve({ index, sources });
      index = undefined;
    };
    const onAbort = (): void => finish(new OpenApiError(`loading ${source} was cancelled`, { kind: 'aborted', source }));
    signal?.addEventListener('abort', onAbort, { once: true });
    const timeoutMs = options.timeoutMs ?? 120_000;
    const timer = setTimeout(
      () => finish(new OpenApiError(`loading ${source} took longer than ${duration(timeoutMs)} and was stopped`, { kind: 'read', source })),
      timeoutMs,
    );

    const onMessage = (message: WorkerMessage): void => {
      if (settled) return;
      switch (message.kind) {
        case 'header': {
          sources = message.sources;
          const schemas: OpenApiIndex['schemas'] = {};
          for (const name of message.schemaNames) defineLazy(schemas, name, () => ask({ kind: 'schema', name }));
          index = {
            source: message.source,
            specVersion: message.specVersion,
            title: message.title,
            version: message.version,
            description: message.description,
            servers: message.servers,
            tags: message.tags,
            operations: [],
            schemas,
          };
          threadOf.set(index, message.threadId);
          break;
        }
        case 'operations': {
          const operations = index!.operations;
          for (const summary of message.operations) {
            const position = operations.length;
            // The same fields in the same order as buildIndex gives them.
            const info: OperationInfo = {
              id: summary.id,
              method: summary.method,
              path: summary.path,
              summary: summary.summary,
              description: summary.description,
              tags: summary.tags,
              deprecated: summary.deprecated,
              parameters: [],
              responses: [],
              location: summary.location,
            };
            operations.push(withLazyDetails(info, () => ask({ kind: 'operation', index: position }) as Details, summary.hasBody));
          }
          break;
        }
        case 'loaded':
          finish();
          break;
        case 'failed': {
          const e = message.error;
          finish(new OpenApiError(e.message, { kind: e.kind, source: e.source, line: e.line, column: e.column, pointer: e.pointer }));
          break;
        }
      }
    };
    const onError = (error: Error): void => finish(new OpenApiError(`loading ${source} failed in its worker: ${error.message}`, { kind: 'read', source, cause: error }));
    const onExit = (): void => finish(new OpenApiError(`the worker loading ${source} stopped before it was done`, { kind: 'read', source }));
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);

    const owned = bytes.byteOffset === 0 && bytes.buffer instanceof ArrayBuffer && bytes.byteLength === bytes.buffer.byteLength;
    const request: LoadRequest = { kind: 'load', source, bytes, port: port2, flag };
    // The bytes move to the worker without a copy when the array is theirs alone.
    worker.postMessage(request, owned ? [port2, bytes.buffer as ArrayBuffer] : [port2]);
  });
}
