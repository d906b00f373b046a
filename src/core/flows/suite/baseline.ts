// A baseline: per request of a test set, what the recorded run saw — status, whether the response
// matched its documented schema, and its shape (field paths and types, never values). Comparing a
// new run with it says, per request, what changed: status, schema validity, fields added, removed,
// renamed, type changed.

import type { FieldRename } from '../../catalog/types';
import { diffShapes, type Shape, type ShapeChange } from './responseShape';

export interface ObservedRequest {
  /** Stable across runs: `flow FILE#workflow/step` or `http FILE#name`. */
  id: string;
  method: string;
  /** The operation's path template, or the URL path for a request file. */
  path: string;
  operationId?: string;
  /** Registry the request went to, for release knowledge. */
  registry?: string;
  status?: number;
  /** true/false: checked against the documented response; null: not checked. */
  valid: boolean | null;
  shape?: Shape;
}

export interface Baseline {
  version: 1;
  suite: string;
  environment?: string;
  recordedAt: string;
  requests: ObservedRequest[];
}

export type RequestChange =
  | { kind: 'status'; from?: number; to?: number }
  | { kind: 'validity'; from: boolean | null; to: boolean | null }
  | { kind: 'shape'; change: ShapeChange }
  | { kind: 'new-request' }
  | { kind: 'missing-request' };

export interface RequestComparison {
  id: string;
  method: string;
  path: string;
  changes: RequestChange[];
}

export function makeBaseline(suite: string, environment: string | undefined, requests: ObservedRequest[], now: Date): Baseline {
  const baseline: Baseline = { version: 1, suite, recordedAt: now.toISOString(), requests };
  if (environment) baseline.environment = environment;
  return baseline;
}

export function parseBaseline(text: string): Baseline {
  const value = JSON.parse(text) as Baseline;
  if (value?.version !== 1 || !Array.isArray(value.requests)) throw new Error('not a regx test baseline (version 1 with requests)');
  return value;
}

export function compareWithBaseline(baseline: Baseline, observed: ObservedRequest[], renamesFor: (registry: string | undefined) => readonly FieldRename[]): RequestComparison[] {
  const before = new Map(baseline.requests.map((r) => [r.id, r]));
  const seen = new Set<string>();
  const out: RequestComparison[] = [];
  for (const now of observed) {
    seen.add(now.id);
    const was = before.get(now.id);
    const changes: RequestChange[] = [];
    if (!was) changes.push({ kind: 'new-request' });
    else {
      if (was.status !== now.status) changes.push({ kind: 'status', from: was.status, to: now.status });
      if (was.valid !== now.valid) changes.push({ kind: 'validity', from: was.valid, to: now.valid });
      if (was.shape && now.shape) for (const change of diffShapes(was.shape, now.shape, renamesFor(now.registry ?? was.registry))) changes.push({ kind: 'shape', change });
    }
    out.push({ id: now.id, method: now.method, path: now.path, changes });
  }
  for (const was of baseline.requests) if (!seen.has(was.id)) out.push({ id: was.id, method: was.method, path: was.path, changes: [{ kind: 'missing-request' }] });
  return out;
}
