import { OpenApiError, throwIfAborted } from './OpenApiError';
import { normaliseSource, yieldToEventLoop } from './documentSource';
import { parsePointer, pointerOf } from './jsonPointer';

// Resolves every `$ref` in place: the `{ $ref }` object is replaced by the node it points at, so
// two references to one schema become one shared object and a cycle becomes a cycle of object
// references (never an unbounded copy). External documents are loaded on demand through
// `loadDocument`; their own relative `$ref`s resolve against their own location.
// The walk uses an explicit stack (a chain of 20,000 schemas must not overflow the call stack)
// and hands the event loop back every few milliseconds.

type Json = Record<string, unknown> | unknown[];

export interface RefResolveOptions {
  signal?: AbortSignal;
  /** `3.1.x` lets `$ref` siblings add keywords to a schema; before 3.1 they are ignored. */
  siblingsApply: boolean;
  loadDocument(source: string): Promise<unknown>;
}

/** Where a node sits, as a linked list to its root: the pointer is built only for messages. */
type PathNode = { up: PathNode; key: string | number } | undefined;

interface Site {
  parent: Json;
  key: string | number;
  doc: string;
  /** Path of `parent[key]`. */
  path: PathNode;
}

interface Frame {
  node: Json;
  doc: string;
  path: PathNode;
  /** Keys of this node are names (of properties, paths…), not keywords. */
  isMap: boolean;
}

interface Target {
  node: unknown;
  doc: string;
  path: PathNode;
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

function pointerOfPath(path: PathNode): string {
  const keys: (string | number)[] = [];
  for (let node = path; node; node = node.up) keys.push(node.key);
  return pointerOf(keys.reverse());
}

function pathOf(keys: (string | number)[]): PathNode {
  let path: PathNode;
  for (const key of keys) path = { up: path, key };
  return path;
}

export class RefResolver {
  private readonly docs = new Map<string, unknown>();
  // A Set, not a WeakSet: it lives only as long as one resolve, and a WeakSet of millions of
  // nodes made garbage collection (ephemeron tables) the biggest cost of a 50 MB document.
  private readonly visited = new Set<object>();
  private pending: Site[] = [];
  /** Documents still to load, with the first `$ref` site that wants each (for error messages). */
  private readonly wanted = new Map<string, Site>();
  private readonly missing = new Set<string>();
  private readonly stack: Frame[] = [];
  private lastYield = Date.now();

  constructor(private readonly options: RefResolveOptions) {}

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
      const keyPath = pathOf([key]);
      if (MAP_KEYS.has(key) || key === 'components') {
        this.visited.add(value);
        for (const [childKey, child] of Object.entries(value)) {
          if (key === 'components' && isObject(child) && !refOf(child)) {
            this.visited.add(child);
            for (const grandKey of Object.keys(child)) {
              this.step(child, grandKey, rootSource, pathOf([key, childKey, grandKey]), false);
              await this.drain(rootSource);
            }
          } else {
            this.step(value, childKey, rootSource, { up: keyPath, key: childKey }, false);
            await this.drain(rootSource);
          }
        }
      } else {
        this.step(root as Json, key, rootSource, keyPath, false);
        await this.drain(rootSource);
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
          const pointer = pointerOfPath(site.path);
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
        this.step(site.parent, site.key, site.doc, site.path, false);
        await this.drain(rootSource);
      }
    }
  }

  private async drain(source: string): Promise<void> {
    let steps = 0;
    for (let frame = this.stack.pop(); frame; frame = this.stack.pop()) {
      this.expand(frame);
      if (++steps % 256 === 0 && Date.now() - this.lastYield >= SLICE_MS) await this.yield(source);
    }
    if (Date.now() - this.lastYield >= SLICE_MS) await this.yield(source);
  }

  private expand({ node, doc, path, isMap }: Frame): void {
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) this.step(node, i, doc, { up: path, key: i }, false);
    } else {
      for (const key of Object.keys(node)) {
        if (!isMap && (LITERAL_KEYS.has(key) || key.startsWith('x-'))) continue;
        this.step(node, key, doc, { up: path, key }, !isMap && MAP_KEYS.has(key));
      }
    }
  }

  /**
   * On demand, for a document whose `$ref`s all point inside the documents already given
   * (`adopt`): resolves `parent[key]` and everything below it, in place and synchronously, as the
   * whole-document walk would have. What an earlier call resolved is not walked again.
   * `keys` is where `parent[key]` sits (for messages); `isMap` as for the walk (a `parameters`
   * list or a `responses` map: its children are named by the author).
   */
  resolveBelow(parent: Json, key: string | number, doc: string, keys: (string | number)[], isMap = false): void {
    this.step(parent, key, doc, pathOf(keys), isMap);
    for (let frame = this.stack.pop(); frame; frame = this.stack.pop()) this.expand(frame);
    this.refuseExternal();
  }

  /** Replaces `parent[key]` by its target when it is a `$ref`, without walking below. */
  resolveHere(parent: Json, key: string | number, doc: string, keys: (string | number)[]): unknown {
    const value = (parent as Record<string | number, unknown>)[key];
    if (!isObject(value)) return value;
    const ref = refOf(value);
    if (ref === undefined) return value;
    const target = this.target(value as Record<string, unknown>, ref, doc, pathOf(keys), new Set());
    if (target === undefined) this.refuseExternal(pathOf(keys), doc);
    (parent as Record<string | number, unknown>)[key] = target!.node;
    return target!.node;
  }

  /** Throws when `ref` (written in `doc`) does not resolve among the documents given. */
  check(ref: string, doc: string): void {
    if (this.target({ $ref: ref }, ref, doc, undefined, new Set()) === undefined) this.refuseExternal(undefined, doc);
  }

  /** Lets on-demand resolution see a document already parsed (the root, for one). */
  adopt(source: string, doc: unknown): void {
    this.docs.set(source, doc);
  }

  private refuseExternal(path?: PathNode, doc?: string): void {
    const site = this.pending[0];
    const wanted = [...this.missing, ...this.wanted.keys()][0];
    this.pending = [];
    this.wanted.clear();
    this.missing.clear();
    if (!site && !wanted) return;
    const where = site ? `${site.doc}#${pointerOfPath(site.path)}` : `${doc ?? ''}#${pointerOfPath(path)}`;
    throw new OpenApiError(`$ref at ${where} names ${wanted ?? 'another document'}, which was not loaded`, {
      kind: 'ref',
      source: site?.doc ?? doc ?? '',
      pointer: site ? pointerOfPath(site.path) : pointerOfPath(path),
    });
  }

  private async yield(source: string): Promise<void> {
    await yieldToEventLoop();
    throwIfAborted(this.options.signal, source);
    this.lastYield = Date.now();
  }

  private push(node: unknown, doc: string, path: PathNode, isMap: boolean): void {
    if (!isObject(node) || this.visited.has(node)) return;
    this.visited.add(node);
    this.stack.push({ node, doc, path, isMap });
  }

  /** Resolves `parent[key]` if it is a `$ref`, and queues what it leads to. */
  private step(parent: Json, key: string | number, doc: string, path: PathNode, isMap: boolean): void {
    const value = (parent as Record<string | number, unknown>)[key];
    if (!isObject(value)) return;
    const ref = refOf(value);
    if (ref === undefined) {
      this.push(value, doc, path, isMap);
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
    this.push(target.node, target.doc, target.path, false);
  }

  /** The node a `$ref` names, or undefined when its document is still to be loaded. */
  private target(refObject: Record<string, unknown>, ref: string, doc: string, path: PathNode, seen: Set<string>): Target | undefined {
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
      const pointer = pointerOfPath(path);
      throw new OpenApiError(`$ref "${ref}" at ${doc}#${pointer} points at itself through other $refs`, { kind: 'ref', source: doc, pointer });
    }
    seen.add(key);
    let node = this.docs.get(targetDoc);
    const keys: string[] = [];
    for (const segment of parsePointer(fragment)) {
      if (isObject(node)) {
        const inner = refOf(node);
        if (inner !== undefined) {
          const hop = this.target(node as Record<string, unknown>, inner, targetDoc, pathOf(keys), seen);
          if (hop === undefined) return undefined;
          node = hop.node;
        }
      }
      const next = isObject(node) ? (node as Record<string, unknown>)[segment] : undefined;
      if (next === undefined) {
        const pointer = pointerOfPath(path);
        throw new OpenApiError(
          `$ref "${ref}" at ${doc}#${pointer} does not resolve: ${targetDoc} has no "${segment}" at #${pointerOf(keys)}`,
          { kind: 'ref', source: doc, pointer },
        );
      }
      node = next;
      keys.push(segment);
    }
    if (isObject(node)) {
      const inner = refOf(node);
      if (inner !== undefined) {
        const hop = this.target(node as Record<string, unknown>, inner, targetDoc, pathOf(keys), seen);
        if (hop === undefined) return undefined;
        return this.withSiblings(refObject, hop);
      }
    }
    return this.withSiblings(refObject, { node, doc: targetDoc, path: pathOf(keys) });
  }

  private withSiblings(refObject: Record<string, unknown>, target: Target): Target {
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
