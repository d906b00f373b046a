// One release's description as the diff reads it: the parsed documents (the root and every file
// its `$ref`s name), unresolved, so each node keeps the place where it is written. `$ref`s are
// followed lazily while walking, which gives every node its definition site (source + pointer):
// what the report shows as a line, and what the impact map looks changes up by.

import { normaliseSource, readSourceText, yieldToEventLoop, type OpenApiHost } from '../openapi/documentSource';
import { parseDocumentText } from '../openapi/parseDocumentText';
import { OpenApiError, throwIfAborted } from '../openapi/OpenApiError';
import { escapePointerSegment, parsePointer } from '../openapi/jsonPointer';
import { openApiVersionOf } from '../openapi/loadOpenApi';
import { lineIndex } from './lineIndex';

export type Obj = Record<string, unknown>;

/** A node with the place it is written. */
export interface Located<T = unknown> {
  node: T;
  source: string;
  pointer: string;
}

export function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A node reached from its parent. Its pointer is written out only when asked for: a diff walks
 * hundreds of thousands of nodes of a big description and reports a few thousand places, and
 * building every pointer string up front was most of what it allocated.
 */
export class ChildLocated<T = unknown> implements Located<T> {
  private written: string | undefined;
  constructor(
    readonly node: T,
    readonly source: string,
    readonly parent: Located,
    readonly key: string | number,
  ) {}

  get pointer(): string {
    return (this.written ??= `${this.parent.pointer}/${escapePointerSegment(String(this.key))}`);
  }
}

export function child<T = unknown>(at: Located, key: string | number): Located<T> | undefined {
  const node = at.node;
  const value = Array.isArray(node) ? node[Number(key)] : isObj(node) ? node[String(key)] : undefined;
  if (value === undefined) return undefined;
  return new ChildLocated(value as T, at.source, at, key);
}

export function siteKey(at: { source: string; pointer: string }): string {
  return `${at.source}#${at.pointer}`;
}

export class SpecDocument {
  readonly specVersion: string;
  readonly swagger2: boolean;
  readonly openapi31: boolean;
  private readonly lines = new Map<string, (pointers: Iterable<string>) => Map<string, number>>();

  constructor(
    readonly source: string,
    private readonly docs: Map<string, { value: unknown; text: string }>,
  ) {
    const root = docs.get(source)!.value;
    this.specVersion = openApiVersionOf(root) ?? '';
    this.swagger2 = this.specVersion.startsWith('2');
    this.openapi31 = this.specVersion.startsWith('3.1');
  }

  /** The text of the root or of a file its `$ref`s name, as read (to show a URL's lines). */
  textOf(source: string): string | undefined {
    return this.docs.get(source)?.text;
  }

  get root(): Located<Obj> {
    return { node: this.docs.get(this.source)!.value as Obj, source: this.source, pointer: '' };
  }

  /** The node itself, or what its `$ref` chain leads to (with the place it is written). */
  deref<T = unknown>(at: Located<T>): Located<T> {
    let current: Located = at;
    // Most nodes hold no `$ref`: they are returned as they are, nothing allocated. Most `$ref`s
    // lead to a node without one: the places passed are kept (to stop at a cycle) from the second.
    let first: Located | undefined;
    let seen: Set<string> | undefined;
    for (let hops = 0; hops < 64; hops++) {
      const ref = isObj(current.node) && typeof current.node.$ref === 'string' ? current.node.$ref : undefined;
      if (ref === undefined) return current as Located<T>;
      const target = this.target(ref, current.source);
      if (!target) return current as Located<T>;
      if (first === undefined) first = target;
      else {
        seen ??= new Set([siteKey(first)]);
        if (seen.has(siteKey(target))) return current as Located<T>;
        seen.add(siteKey(target));
      }
      // OpenAPI 3.1 lets keywords beside a `$ref` add to the schema: keep them as an allOf.
      if (this.openapi31 && isObj(current.node) && Object.keys(current.node).some((k) => k !== '$ref' && k !== 'description' && k !== 'summary')) {
        const { $ref: _ignored, ...siblings } = current.node;
        return { node: { ...siblings, allOf: [target.node] } as T, source: current.source, pointer: current.pointer };
      }
      current = target;
    }
    return current as Located<T>;
  }

  /** By the file a `$ref` is written in, then by its text: no key string built per look-up. */
  private readonly targets = new Map<string, Map<string, Located | null>>();

  /** Where a `$ref` leads; the same `$ref` text recurs thousands of times in a big document. */
  private target(ref: string, from: string): Located | undefined {
    let inFile = this.targets.get(from);
    if (!inFile) this.targets.set(from, (inFile = new Map()));
    let found = inFile.get(ref);
    if (found === undefined) inFile.set(ref, (found = this.resolveTarget(ref, from) ?? null));
    return found ?? undefined;
  }

  private resolveTarget(ref: string, from: string): Located | undefined {
    const hash = ref.indexOf('#');
    const file = hash < 0 ? ref : ref.slice(0, hash);
    const fragment = hash < 0 ? '' : ref.slice(hash + 1);
    const source = file === '' ? from : normaliseSource(file, from);
    const doc = this.docs.get(source);
    if (!doc) return undefined;
    let node: unknown = doc.value;
    const keys: string[] = [];
    for (const segment of parsePointer(fragment)) {
      node = Array.isArray(node) ? node[Number(segment)] : isObj(node) ? node[segment] : undefined;
      if (node === undefined) return undefined;
      keys.push(escapePointerSegment(segment));
    }
    return { node, source, pointer: keys.length ? `/${keys.join('/')}` : '' };
  }

  /** One-based lines of the given pointers of one source (the nearest written ancestor's line when a node has none of its own). */
  linesOf(source: string, pointers: Iterable<string>): Map<string, number> {
    let find = this.lines.get(source);
    if (!find) {
      const text = this.docs.get(source)?.text ?? '';
      find = (wanted) => lineIndex(text, wanted);
      this.lines.set(source, find);
    }
    return find(pointers);
  }
}

/**
 * Generators (swagger-core's YAML writer among them) continue a long quoted string on a line
 * indented no deeper than its key, which YAML forbids and parsers reject ("deficient
 * indentation"); KVK's published Zoeken 1.3 has one. Such a line is indented two more spaces and
 * the text parsed again, so real documents compare; line numbers stay as they are.
 */
function parseLeniently(text: string, source: string): { text: string; value: unknown } {
  let current = text;
  for (let attempt = 0; ; attempt++) {
    try {
      return { text: current, value: parseDocumentText(current, source) };
    } catch (error) {
      const line = error instanceof OpenApiError && error.kind === 'syntax' && /deficient indentation/.test(error.message) ? error.line : undefined;
      if (line === undefined || attempt >= 100) throw error;
      const lines = current.split('\n');
      if (line - 1 >= lines.length) throw error;
      lines[line - 1] = `  ${lines[line - 1]}`;
      current = lines.join('\n');
    }
  }
}

const EXTERNAL_REF = /["']?\$ref["']?\s*:\s*["']?([^"'#\s,}]+)(#[^"'\s,}]*)?/g;

/** Reads and parses a description and every file its `$ref`s name (not the URLs of other hosts). */
export async function loadSpecDocument(source: string, host: OpenApiHost): Promise<SpecDocument> {
  const root = normaliseSource(source);
  const docs = new Map<string, { value: unknown; text: string }>();
  const queue = [root];
  while (queue.length) {
    const next = queue.shift()!;
    if (docs.has(next)) continue;
    throwIfAborted(host.signal, root);
    let text: string;
    let value: unknown;
    try {
      text = await readSourceText(next, host);
      await yieldToEventLoop();
      ({ text, value } = parseLeniently(text, next));
    } catch (error) {
      // A file a `$ref` names that cannot be read leaves that `$ref` unresolved, not the diff undone.
      if (next === root || !(error instanceof OpenApiError)) throw error;
      continue;
    }
    if (next === root && !openApiVersionOf(value)) {
      throw new OpenApiError(`${root} is not an OpenAPI 3.x or Swagger 2.0 document (no "openapi" or "swagger" field)`, { kind: 'format', source: root });
    }
    docs.set(next, { value, text });
    // Files named by `$ref` are found in the text, so a big document is not walked for them.
    for (const m of text.matchAll(EXTERNAL_REF)) {
      const file = m[1]!;
      if (/^https?:/i.test(file) && !/^https?:/i.test(next)) continue;
      const target = normaliseSource(file, next);
      if (!docs.has(target) && !queue.includes(target)) queue.push(target);
    }
    await yieldToEventLoop();
  }
  return new SpecDocument(root, docs);
}
