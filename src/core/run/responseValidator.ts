// The `RunHost.validate` the CLI (and the editor) supply: finds the request's registry,
// environment and API description as the language features do (`registryForRequest`), loads
// the description once per run and checks the response with `validateRecord`. A description
// that does not load is said once through `warn` and its requests are simply not validated:
// a broken or unreachable document must never fail the requests it describes.

import type { HttpFile } from '../http/ast';
import type { Catalog } from '../catalog/loadCatalog';
import { registryForRequest } from '../catalog/registryForRequest';
import type { OpenApiIndex, ValidationResult } from '../openapi/types';
import type { PreparedRequest, ResponseRecord } from '../send/types';
import { validateRecord } from '../language/validateRecord';

export interface ResponseValidatorInput {
  file: HttpFile;
  filePath: string;
  /** The run's environment name (`--env`, or the file's `# @env`). */
  environment?: string;
  /** Asked at the first response, so a run whose requests all fail to send reads no catalog. */
  catalog(): Promise<Catalog>;
  /** Index of a description by absolute path or URL: the run's one `OpenApiCache.get`. */
  loadIndex(source: string): Promise<OpenApiIndex>;
  /** Told once per catalog or description that could not be loaded. */
  warn(message: string): void;
}

export type ResponseValidator = (record: ResponseRecord, request: PreparedRequest, signal: AbortSignal) => Promise<ValidationResult | undefined>;

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The URL without its query: the path alone picks the operation, and a query may hold an API key. */
function withoutQuery(url: string): string {
  const cut = url.search(/[?#]/);
  return cut < 0 ? url : url.slice(0, cut);
}

function unlessAborted<T>(work: Promise<T | undefined>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const onAbort = (): void => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    void work.then((value) => {
      signal.removeEventListener('abort', onAbort);
      resolve(value);
    });
  });
}

export function createResponseValidator(input: ResponseValidatorInput): ResponseValidator {
  let catalog: Promise<Catalog | undefined> | undefined;
  // Per source, the one load of this run, failed ones included: a broken document is read and
  // reported once, not once per request that names it.
  const indexes = new Map<string, Promise<OpenApiIndex | undefined>>();
  const index = (source: string): Promise<OpenApiIndex | undefined> => {
    let load = indexes.get(source);
    if (!load) {
      load = input.loadIndex(source).catch((error: unknown) => {
        input.warn(`responses not validated: the API description ${source} did not load (${message(error)})`);
        return undefined;
      });
      indexes.set(source, load);
    }
    return load;
  };

  return async (record, request, signal) => {
    if (!record.response) return undefined;
    catalog ??= input.catalog().catch((error: unknown) => {
      input.warn(`responses not validated: the registry catalog did not load (${message(error)})`);
      return undefined;
    });
    const loaded = await catalog;
    if (!loaded) return undefined;
    const block = input.file.requests.find((r) => r.index === request.source?.requestIndex);
    const resolution = registryForRequest(loaded, input.file, block, input.environment, { filePath: input.filePath, url: request.url });
    if (!resolution?.openapi) return undefined;
    // The load is shared by the run's requests, so an interrupted request stops waiting for it
    // rather than cancelling it.
    const described = await unlessAborted(index(resolution.openapi), signal);
    if (!described) return undefined;
    const checked = { ...record, request: { ...record.request, url: withoutQuery(record.request.url) } };
    return validateRecord(checked, described, { baseUrl: resolution.environment?.baseUrl }).validation;
  };
}
