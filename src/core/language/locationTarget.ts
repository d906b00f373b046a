// `GET {{registreer.response.headers.Location}}/contactgegevens`: a URL built on the Location of
// a resource another request created. The operation is the one of that method whose template is
// `{id}` + the sub-path written after the Location, sharing the most of its path with the
// request that created the resource (ties: the shorter template). Without the creator's
// operation, only a single candidate is taken.

import type { OpenApiIndex, OperationInfo } from '../openapi/types';

const LOCATION_LEAD = /^\{\{\s*([\w-]+)\.response\.headers\.location\s*\}\}/i;

/** The request name whose `Location` the URL starts with. */
export function locationCreator(url: string): string | undefined {
  return LOCATION_LEAD.exec(url)?.[1];
}

function segments(path: string): string[] {
  return path.split('/').filter(Boolean);
}

function sharedSegments(a: string, b: string): number {
  const x = segments(a);
  const y = segments(b);
  let n = 0;
  while (n < x.length && n < y.length && x[n] === y[n]) n++;
  return n;
}

export function operationAfterLocation(index: OpenApiIndex, method: string, url: string, creator: OperationInfo | undefined): OperationInfo | undefined {
  const lead = LOCATION_LEAD.exec(url);
  if (!lead) return undefined;
  const tail = segments(url.slice(lead[0].length).split(/[?#]/)[0]!);
  if (tail.some((s) => s.includes('{{'))) return undefined;
  const upper = method.toUpperCase();
  const candidates = index.operations.filter((op) => {
    if (op.method !== upper) return false;
    const own = segments(op.path);
    if (own.length < tail.length + 1) return false;
    const end = own.slice(own.length - tail.length - 1);
    return /^\{.*\}$/.test(end[0]!) && tail.every((s, i) => end[i + 1] === s);
  });
  if (candidates.length === 1) return candidates[0];
  if (!creator) return undefined;
  const score = (op: OperationInfo) => sharedSegments(creator.path, op.path) - segments(op.path).length / 100;
  return candidates.sort((a, b) => score(b) - score(a))[0];
}
