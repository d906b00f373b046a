import { dirname, isAbsolute, resolve } from 'node:path';
import type { Directive, HttpFile, Range, RequestBlock } from '../http/ast';
import type { RegistryEntry, RegistryEnvironment } from './types';
import { findEnvironment, findRegistry, type Catalog } from './loadCatalog';
import { registryForUrl } from './matchBaseUrl';

// Which registry (and environment, and OpenAPI description) a request talks to. In order:
// the request's own `# @registry`, the file's, then the request URL against every environment's
// base URL. `# @openapi ./spec.yaml` (or a URL) names the API description directly: with no
// registry it makes an ad-hoc one, with a registry it replaces that registry's description.

export interface RegistryResolution {
  /** The catalog entry; undefined for an ad-hoc `# @openapi` API. */
  entry?: RegistryEntry;
  environment?: RegistryEnvironment;
  /** Absolute path or URL of the OpenAPI description to index, when there is one. */
  openapi?: string;
  via: 'directive' | 'base-url' | 'openapi-directive';
  /** Problems worth showing at the directive (unknown registry or environment). */
  problems: { code: string; message: string; range?: Range }[];
}

export interface RegistryLookupOptions {
  /** Path of the `.http` file: `# @openapi ./spec.yaml` is relative to it. */
  filePath?: string;
  /** The request URL with variables resolved (`{{baseUrl}}/x` → `http://127.0.0.1:7402/x`). */
  url?: string;
}

function directive(request: RequestBlock | undefined, file: HttpFile, name: string): Directive | undefined {
  // The last one wins, the request's over the file's. Loops from the end, not filter(): three
  // lookups per resolution and a run resolves every request.
  return lastNamed(request?.directives, name) ?? lastNamed(file.directives, name);
}

function lastNamed(directives: readonly Directive[] | undefined, name: string): Directive | undefined {
  if (!directives) return undefined;
  for (let i = directives.length - 1; i >= 0; i--) if (directives[i]!.name.toLowerCase() === name) return directives[i];
  return undefined;
}

/** `./spec.yaml` relative to the request file, or a URL as written. */
export function resolveOpenApiDirective(value: string, filePath: string | undefined): string {
  if (/^https?:\/\//i.test(value) || isAbsolute(value)) return value;
  return filePath ? resolve(dirname(filePath), value) : resolve(value);
}

export function registryForRequest(
  catalog: Catalog,
  file: HttpFile,
  request: RequestBlock | undefined,
  envName: string | undefined,
  options: RegistryLookupOptions = {},
): RegistryResolution | undefined {
  const problems: RegistryResolution['problems'] = [];
  const registryDirective = directive(request, file, 'registry');
  const envDirective = directive(request, file, 'env');
  const openapiDirective = directive(request, file, 'openapi');
  const wantedEnv = envName ?? (envDirective?.value || undefined);
  const adHoc = openapiDirective?.value ? resolveOpenApiDirective(openapiDirective.value, options.filePath) : undefined;

  let entry: RegistryEntry | undefined;
  let environment: RegistryEnvironment | undefined;
  let via: RegistryResolution['via'] | undefined;
  if (registryDirective?.value) {
    entry = findRegistry(catalog, registryDirective.value);
    if (entry) via = 'directive';
    else {
      problems.push({
        code: 'catalog/unknown-registry',
        message: `unknown registry "${registryDirective.value}"; known: ${catalog.entries.map((e) => e.id).join(', ')}`,
        range: registryDirective.valueRange ?? registryDirective.range,
      });
    }
  }
  const url = options.url ?? (request?.requestLine && !request.requestLine.url.includes('{{') ? request.requestLine.url : undefined);
  if (!entry && url) {
    const match = registryForUrl(catalog, url, wantedEnv);
    if (match) {
      entry = match.entry;
      environment = match.environment;
      via = 'base-url';
    }
  }
  if (entry && !environment) {
    if (wantedEnv) environment = entry.environments.find((e) => e.name === wantedEnv);
    // the URL can still tell the environment when the directive named only the registry
    if (!environment && url) environment = registryForUrl({ entries: [entry], diagnostics: [] }, url, wantedEnv)?.environment;
    if (!environment && wantedEnv && envDirective?.value === wantedEnv) {
      problems.push({
        code: 'catalog/unknown-environment',
        message: `registry ${entry.id} has no environment "${wantedEnv}"; known: ${entry.environments.map((e) => e.name).join(', ')}`,
        range: envDirective.valueRange ?? envDirective.range,
      });
    }
    environment ??= findEnvironment(entry, undefined);
  }
  if (!entry) {
    if (adHoc) return { openapi: adHoc, via: 'openapi-directive', problems };
    return problems.length ? { via: 'directive', problems } : undefined;
  }
  return { entry, environment, openapi: adHoc ?? environment?.openapi, via: via ?? 'directive', problems };
}
