import { OpenApiError, throwIfAborted } from './OpenApiError';
import { normaliseSource, yieldToEventLoop } from './documentSource';
import { parsePointer, pointerOf } from './jsonPointer';

// Resolves every `$ref` in place: the `{ $ref }` object is replaced by the node it points at, so
// two references to one schema become one shared object and a cycle becomes a cycle of object
// references (never an unbounded copy). External documents are loaded on demand through
// `loadDocument`; their own relative `$ref`s resolve against their own location.

type Json = Record<string, unknown> | unknown[];

export interface RefResolveOptions {
  signal?: AbortSignal;
  /** `3.1.x` lets `$ref` siblings add keywords to a schema; before 3.1 they are ignored. */
  siblingsApply: boolean;
  loadDocument(source: string): Promise<unknown>;
}

interface Site {
  parent: Json;
  key: string | number;
  doc: string;
  path: (string | number)[];
}

// Keys whose value is literal data, not part of the description: a `$ref` inside is content.
const LITERAL_KEYS = new Set(['example', 'enum', 'const', 'default']);
// Keys whose children are named by the author (a property called `default` is still a schema).
const MAP_KEYS = new Set([
  'properties', 'patternProperties', 'definitions', '$defs', 'schemas', 'parameters', 'responses', 'headers',
  'content', 'examples', 'links', 'callbacks', 'securitySchemes', 'requestBodies', 'paths', 'webhooks',
  'dependentSchemas', 'encoding', 'variables', 'pathItems',
]);
const DOC_ONLY_SIBLINGS = new Set(['$ref', 'description', 'summary']);
const SLICE_MS = 12;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null;
}

function refOf(value: Json): string | undefined {
  if (Array.isArray(value)) return undefined;
  const ref = (value as Record<string, unknown>).$ref;
  return typeof ref === 'string' ? ref : undefined;
}

export class RefResolver {
  private readonly docs = new Map<string, unknown>();
  private readonly visited = new WeakSet<object>();
  private pending: Site[] = [];
  /** Documents still to load, with the first `$ref` site that wants each (for error messages). */
  private readonly wanted = new Map<string, Site>();
  private readonly missing = new Set<string>();
  private lastYield = Date.now();

  constructor(
    private readonly options: RefResolveOptions,
  ) {}

  /** Every document that took part, the root first. */
  get sources(): string[] {
    return [...this.docs.keys()];
  }

  async resolve(root: unknown, rootSource: string): Promise<void> {
    this.docs.set(rootSource, root);
    if (!isObject(root)) return;
    this.visited.add(root);
    // Work in slices (each path item, each named schema) so a huge document yields in between.
    for (const [key, value] of Object.entries(root)) {
      if (key.startsWith('x-') || !isObject(value)) continue;
      if (MAP_KEYS.has(key) || key === 'components') {
        this.visited.add(value);
        for (const [childKey, child] of Object.entries(value)) {
          if (key === 'components' && isObject(child) && !refOf(child)) {
            this.visited.add(child);
            for (const grandKey of Object.keys(child)) {
              this.child(child, grandKey, rootSource, [key, childKey, grandKey], false);
              await this.maybeYield(rootSource);
            }
          } else {
            this.child(value, childKey, rootSource, [key, childKey], false);
            await this.maybeYield(rootSource);
          }
        }
      } else {
        this.child(root as Json, key, rootSource, [key], false);
      }
    }
    while (this.pending.length > 0) {
      const sites = this.pending;
      this.pending = [];
      for (const [source, site] of this.wanted) {
        if (this.docs.has(source)) continue;
        try {
          this.docs.set(source, await this.options.loadDocument(source));
        } catch (cause) {
          if (!(cause instanceof OpenApiError) || cause.kind !== 'read') throw cause;
          const pointer = pointerOf(site.path);
          throw new OpenApiError(`$ref at ${site.doc}#${pointer} names ${source}, which cannot be read: ${cause.message}`, {
            kind: 'ref',
            source: site.doc,
            pointer,
            cause,
          });
        }
      }
      this.wanted.clear();
      for (const site of sites) {
        this.child(site.parent, site.key, site.doc, site.path, false);
        await this.maybeYield(rootSource);
      }
    }
  }

  private async maybeYield(source: string): Promise<void> {
    if (Date.now() - this.lastYield < SLICE_MS) return;
    await yieldToEventLoop();
    throwIfAborted(this.options.signal, source);
    this.lastYield = Date.now();
  }

  private visit(node: Json, doc: string, path: (string | number)[], isMap: boolean): void {
    if (this.visited.has(node)) return;
    this.visited.add(node);
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        if (isObject(node[i])) this.child(node, i, doc, path.concat(i), false);
      }
      return;
    }
    for (const key of Object.keys(node)) {
      if (!isMap && (LITERAL_KEYS.has(key) || key.startsWith('x-'))) continue;
      const value = (node as Record<string, unknown>)[key];
      if (isObject(value)) this.child(node, key, doc, path.concat(key), !isMap && MAP_KEYS.has(key));
    }
  }

  private child(parent: Json, key: string | number, doc: string, path: (string | number)[], isMap: boolean): void {
    const value = (parent as Record<string | number, unknown>)[key];
    if (!isObject(value)) return;
    const ref = refOf(value);
    if (ref === undefined) {
      this.visit(value, doc, path, isMap);
      return;
    }
    const target = this.target(value as Record<string, unknown>, ref, doc, path, new Set());
    if (target === undefined) {
      const site = { parent, key, doc, path };
      this.pending.push(site);
      for (const source of this.missing) if (!this.wanted.has(source)) this.wanted.set(source, site);
      this.missing.clear();
      return;
    }
    (parent as Record<string | number, unknown>)[key] = target.node;
    if (isObject(target.node)) this.visit(target.node, target.doc, target.path, false);
  }

  /** The node a `$ref` names, or undefined when its document is still to be loaded. */
  private target(
    refObject: Record<string, unknown>,
    ref: string,
    doc: string,
    path: (string | number)[],
    seen: Set<string>,
  ): { node: unknown; doc: string; path: (string | number)[] } | undefined {
    const hash = ref.indexOf('#');
    const file = hash < 0 ? ref : ref.slice(0, hash);
    const fragment = hash < 0 ? '' : ref.slice(hash + 1);
    const targetDoc = file === '' ? doc : normaliseSource(file, doc);
    if (!this.docs.has(targetDoc)) {
      this.missing.add(targetDoc);
      return undefined;
    }
    const key = `${targetDoc}#${fragment}`;
    if (seen.has(key)) {
      throw new OpenApiError(`$ref "${ref}" at ${doc}#${pointerOf(path)} points at itself through other $refs`, {
        kind: 'ref',
        source: doc,
        pointer: pointerOf(path),
      });
    }
    seen.add(key);
    let node = this.docs.get(targetDoc);
    const targetPath: (string | number)[] = [];
    for (const segment of parsePointer(fragment)) {
      if (isObject(node)) {
        const inner = refOf(node);
        if (inner !== undefined) {
          const hop = this.target(node as Record<string, unknown>, inner, targetDoc, targetPath, seen);
          if (hop === undefined) return undefined;
          node = hop.node;
        }
      }
      const next = isObject(node) ? (node as Record<string, unknown>)[segment] : undefined;
      if (next === undefined) {
        throw new OpenApiError(
          `$ref "${ref}" at ${doc}#${pointerOf(path)} does not resolve: ${targetDoc} has no "${segment}" at #${pointerOf(targetPath)}`,
          { kind: 'ref', source: doc, pointer: pointerOf(path) },
        );
      }
      node = next;
      targetPath.push(segment);
    }
    if (isObject(node)) {
      const inner = refOf(node);
      if (inner !== undefined) {
        const hop = this.target(node as Record<string, unknown>, inner, targetDoc, targetPath, seen);
        if (hop === undefined) return undefined;
        return this.withSiblings(refObject, hop);
      }
    }
    return this.withSiblings(refObject, { node, doc: targetDoc, path: targetPath });
  }

  private withSiblings<T extends { node: unknown }>(refObject: Record<string, unknown>, target: T): T {
    if (!this.options.siblingsApply || !isObject(target.node) || Array.isArray(target.node)) return target;
    const extra = Object.keys(refObject).filter((k) => !DOC_ONLY_SIBLINGS.has(k));
    if (extra.length === 0) return target;
    const merged: Record<string, unknown> = {};
    for (const k of Object.keys(refObject)) if (k !== '$ref') merged[k] = refObject[k];
    merged.allOf = [...(Array.isArray(merged.allOf) ? merged.allOf : []), target.node];
    return { ...target, node: merged };
  }
}

export async function resolveRefs(root: unknown, rootSource: string, options: RefResolveOptions): Promise<string[]> {
  const resolver = new RefResolver(options);
  await resolver.resolve(root, rootSource);
  return resolver.sources;
}
