// A pre-filter in front of the OpenAPI matcher for big descriptions. A template matches a path
// aligned at the end (the matcher may skip a prefix), so its last pure-literal segment must equal
// the path's segment at the same distance from the end. Templates are bucketed by that (distance,
// literal) once per description; a path then reaches only the buckets its own segments name, plus
// the templates with no literal segment at all. The matcher itself still decides and ranks.

import type { OpenApiIndex, OperationInfo } from '../openapi/types';

interface Buckets {
  byTail: Map<string, OperationInfo[]>;
  noLiteral: OperationInfo[];
  maxDistance: number;
  /** Sub-descriptions handed to the matcher, kept so its per-description cache holds. */
  views: Map<string, OpenApiIndex>;
}

const cache = new WeakMap<OpenApiIndex, Buckets>();
const SMALL = 64;

function buckets(index: OpenApiIndex): Buckets {
  let b = cache.get(index);
  if (b) return b;
  b = { byTail: new Map(), noLiteral: [], maxDistance: 0, views: new Map() };
  for (const op of index.operations) {
    const segments = op.path.split('/').filter(Boolean);
    let distance = -1;
    for (let k = 0; k < segments.length; k++) {
      if (!segments[segments.length - 1 - k].includes('{')) {
        distance = k;
        break;
      }
    }
    if (distance < 0) {
      b.noLiteral.push(op);
      continue;
    }
    const key = `${distance}/${segments[segments.length - 1 - distance]}`;
    const list = b.byTail.get(key);
    if (list) list.push(op);
    else b.byTail.set(key, [op]);
    if (distance > b.maxDistance) b.maxDistance = distance;
  }
  cache.set(index, b);
  return b;
}

/** The description as the matcher should see it for `path`: only templates that could match. */
export function indexNear(index: OpenApiIndex, path: string): OpenApiIndex {
  if (index.operations.length <= SMALL) return index;
  const b = buckets(index);
  const segments = path.split(/[?#]/)[0].split('/').filter(Boolean);
  const keys: string[] = [];
  for (let k = 0; k <= b.maxDistance && k < segments.length; k++) {
    const key = `${k}/${segments[segments.length - 1 - k]}`;
    if (b.byTail.has(key)) keys.push(key);
  }
  const id = keys.join('\n');
  let view = b.views.get(id);
  if (!view) {
    view = { ...index, operations: [...keys.flatMap((key) => b.byTail.get(key)!), ...b.noLiteral] };
    b.views.set(id, view);
  }
  return view;
}
