// What the description-loading worker (loadWorker.ts) and the thread that asked for the load
// (workerLoader.ts) say to each other, and how parts of a resolved document travel between them.
//
// Schemas share objects (two operations naming one schema get the same object, a recursive
// schema is a cycle), and structured clone keeps that only within one message. So every object
// sent gets a number: the first message that needs it carries its contents, later ones only the
// number, and the receiving side keeps the objects it built by number. An operation asked for
// later therefore shares its schemas with the ones asked for earlier, exactly as in-process.

import type { OperationInfo } from './types';
import type { OpenApiErrorKind } from './OpenApiError';

/** Main → worker, once: what to load. `bytes` is the root's content, read (and versioned) by the caller. */
export interface LoadRequest {
  kind: 'load';
  source: string;
  bytes: Uint8Array;
  /** Where requests for details arrive and their answers go (answered synchronously, see `flag`). */
  port: import('node:worker_threads').MessagePort;
  /** Int32 slot the worker sets to 1 and notifies after posting an answer on `port`. */
  flag: SharedArrayBuffer;
}

/** An operation as the index lists it, without the details fetched on first read. */
export type OperationSummary = Pick<OperationInfo, 'id' | 'method' | 'path' | 'summary' | 'description' | 'tags' | 'deprecated' | 'location'> & { hasBody: boolean };

/** Worker → main, in order: `header`, `operations` (in batches), `loaded` — or `failed`. */
export type WorkerMessage =
  | {
      kind: 'header';
      threadId: number;
      source: string;
      specVersion: string;
      title: string;
      version: string;
      description?: string;
      servers: string[];
      tags: { name: string; description?: string }[];
      schemaNames: string[];
      sources: string[];
    }
  | { kind: 'operations'; operations: OperationSummary[] }
  | { kind: 'loaded' }
  | { kind: 'failed'; error: { message: string; kind: OpenApiErrorKind; source: string; line?: number; column?: number; pointer?: string } };

/** Main → worker on the port: the parameters, body and responses of an operation, or a named schema. */
export type DetailRequest = { kind: 'operation'; index: number } | { kind: 'schema'; name: string };

/** Worker → main on the port. */
export type DetailAnswer = { ok: true; value: Encoded } | { ok: false; error: { message: string; kind: OpenApiErrorKind; source: string; pointer?: string } };

/**
 * A value with the objects not sent before. They travel as one JSON text (an array, in number
 * order from `first`), each object with `null` where it refers to another object or holds a value
 * JSON cannot say; `links` lists those places as triples (position in the array, index of the key
 * in the object's key order or of the item, what goes there: an object's number, or UNDEFINED, NAN,
 * INFINITY, MINUS_INFINITY). One string and one Int32Array cross threads far faster than the objects
 * themselves, and JSON.parse builds compact objects.
 */
export interface Encoded {
  /** The value itself when it is no object, else its number. */
  root: unknown;
  rootIsRef: boolean;
  first: number;
  json: string;
  links: Int32Array;
}

const UNDEFINED = -1;
const NAN = -2;
const INFINITY = -3;
const MINUS_INFINITY = -4;

function special(value: unknown): number {
  if (value === undefined) return UNDEFINED;
  if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? NAN : value > 0 ? INFINITY : MINUS_INFINITY;
  return 0;
}

export class GraphEncoder {
  private readonly numbers = new Map<object, number>();
  private next = 0;

  encode(value: unknown): Encoded {
    const first = this.next;
    if (typeof value !== 'object' || value === null) return { root: value, rootIsRef: false, first, json: '[]', links: new Int32Array(0) };
    const queue: object[] = [];
    const numberOf = (object: object): number => {
      let n = this.numbers.get(object);
      if (n === undefined) {
        n = this.next++;
        this.numbers.set(object, n);
        queue.push(object);
      }
      return n;
    };
    const root = numberOf(value);
    const copies: unknown[] = [];
    const links: number[] = [];
    for (let i = 0; i < queue.length; i++) {
      const object = queue[i]!;
      if (Array.isArray(object)) {
        const copy: unknown[] = new Array(object.length);
        for (let k = 0; k < object.length; k++) {
          const v: unknown = object[k];
          if (typeof v === 'object' && v !== null) {
            copy[k] = null;
            links.push(i, k, numberOf(v));
          } else {
            const code = special(v);
            copy[k] = code ? null : v;
            if (code) links.push(i, k, code);
          }
        }
        copies.push(copy);
      } else {
        const copy: Record<string, unknown> = {};
        const keys = Object.keys(object);
        for (let k = 0; k < keys.length; k++) {
          const key = keys[k]!;
          const v = (object as Record<string, unknown>)[key];
          let out: unknown = v;
          if (typeof v === 'object' && v !== null) {
            out = null;
            links.push(i, k, numberOf(v));
          } else {
            const code = special(v);
            if (code) {
              out = null;
              links.push(i, k, code);
            }
          }
          if (key === '__proto__') Object.defineProperty(copy, key, { value: out, enumerable: true, configurable: true, writable: true });
          else copy[key] = out;
        }
        copies.push(copy);
      }
    }
    return { root, rootIsRef: true, first, json: JSON.stringify(copies), links: Int32Array.from(links) };
  }
}

export class GraphDecoder {
  private readonly objects: object[] = [];

  decode(encoded: Encoded): unknown {
    if (!encoded.rootIsRef) return encoded.root;
    const fresh = JSON.parse(encoded.json) as object[];
    for (let i = 0; i < fresh.length; i++) this.objects[encoded.first + i] = fresh[i]!;
    const { links } = encoded;
    let current = -1;
    let keys: string[] = [];
    for (let t = 0; t < links.length; t += 3) {
      const at = links[t]!;
      const k = links[t + 1]!;
      const what = links[t + 2]!;
      const value = what >= 0 ? this.objects[what] : what === UNDEFINED ? undefined : what === NAN ? NaN : what === INFINITY ? Infinity : -Infinity;
      const target = fresh[at]!;
      if (Array.isArray(target)) target[k] = value;
      else {
        if (at !== current) {
          keys = Object.keys(target);
          current = at;
        }
        (target as Record<string, unknown>)[keys[k]!] = value;
      }
    }
    return this.objects[encoded.root as number];
  }
}
