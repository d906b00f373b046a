import type { OpenApiIndex } from './types';
import { OpenApiError, throwIfAborted } from './OpenApiError';
import { normaliseSource, readSourceText, yieldToEventLoop, type OpenApiHost } from './documentSource';
import { parseDocumentText } from './parseDocumentText';
import { RefResolver, resolveRefs, type RefResolveOptions } from './resolveRefs';
import { scanRefs } from './scanRefs';
import { scanOperationLines } from './scanOperationLines';
import { buildIndex } from './buildIndex';

export type { OpenApiHost } from './documentSource';

export interface LoadedOpenApi {
  index: OpenApiIndex;
  /** Every file or URL read, the root first: what a cache must watch. */
  sources: string[];
}

/**
 * Reads, parses and indexes one OpenAPI 3.0/3.1 or Swagger 2.0 document with every `$ref`
 * resolved. Phases (read, parse, resolve, index) are separated by event-loop turns and the
 * resolver and indexer yield inside, so a 50 MB document does not hold the thread for long.
 */
export async function loadOpenApiWithSources(source: string, host: OpenApiHost): Promise<LoadedOpenApi> {
  const root = normaliseSource(source);
  const text = await readSourceText(root, host);
  await yieldToEventLoop();
  throwIfAborted(host.signal, root);
  const doc = parseDocumentText(text, root);
  const version = openApiVersionOf(doc);
  if (!version) {
    throw new OpenApiError(`${root} is not an OpenAPI 3.x or Swagger 2.0 document (no "openapi" or "swagger" field)`, {
      kind: 'format',
      source: root,
    });
  }
  const lines = scanOperationLines(text);
  await yieldToEventLoop();
  throwIfAborted(host.signal, root);
  const options = { signal: host.signal, siblingsApply: version.startsWith('3.1'), loadDocument: async (external: string) => parseDocumentText(await readSourceText(external, host), external) };
  const onDemand = resolvableOnDemand(text, doc, root, options);
  if (onDemand) {
    const index = await buildIndex(doc as Record<string, unknown>, { source: root, lines, signal: host.signal, resolver: onDemand });
    return { index, sources: [root] };
  }
  const sources = await resolveRefs(doc, root, options);
  await yieldToEventLoop();
  throwIfAborted(host.signal, root);
  const index = await buildIndex(doc as Record<string, unknown>, { source: root, lines, signal: host.signal });
  return { index, sources };
}

/**
 * A resolver for on-demand use when every `$ref` the text holds is local and resolves (checked
 * per distinct value, a few thousand even in a 50 MB description); undefined when the document
 * names others or something does not resolve — the whole-document walk then loads them, or says
 * exactly which `$ref` is wrong and where.
 */
function resolvableOnDemand(text: string, doc: unknown, root: string, options: RefResolveOptions): RefResolver | undefined {
  const refs = scanRefs(text);
  if (!refs) return undefined;
  const resolver = new RefResolver(options);
  resolver.adopt(root, doc);
  for (const ref of refs) {
    if (!ref.startsWith('#')) return undefined;
    try {
      resolver.check(ref, root);
    } catch {
      return undefined;
    }
  }
  return resolver;
}

export async function loadOpenApi(source: string, host: OpenApiHost): Promise<OpenApiIndex> {
  return (await loadOpenApiWithSources(source, host)).index;
}

/** `2.0`, `3.0.3`, `3.1.0`… or undefined when the value is no API description. */
export function openApiVersionOf(doc: unknown): string | undefined {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return undefined;
  const record = doc as Record<string, unknown>;
  const version = record.openapi ?? record.swagger;
  if (typeof version === 'string' && /^(2\.0|3\.\d+)/.test(version)) return version;
  if (typeof version === 'number' && (version === 2 || version === 3)) return version.toFixed(1);
  return undefined;
}
