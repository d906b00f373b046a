// The policy pipeline: the one function the send session calls instead of a bare send. It picks
// the policies of the request's registry (by the registry's data, never by its id), lets each
// rewrite the request, sends it, and lets each look at — and possibly replace — the record.

import type { RegistryEntry } from '../catalog/types';
import type { AddedHeader, PreparedRequest, ResponseRecord } from '../send/types';
import { RegxError } from '../errors';
import type { Policy, PolicyContext } from './types';
import { authPolicy } from './auth';
import { headersPolicy } from './headers';
import { costsPolicy } from './costs';
import { etagPolicy } from './etag';
import { duplicatesPolicy } from './duplicates';
import { followPolicy } from './follow';

/**
 * Every policy, in the order they run: before-hooks in this order, then the send, then
 * after-hooks in this order (each sees the record the previous one left). A policy module
 * registers itself with one line here.
 */
export const POLICIES: readonly Policy[] = [
  headersPolicy,
  authPolicy,
  costsPolicy,
  // after-hooks that replace the record run before the ETag policy, so it remembers the ETag of
  // the record they end on (the resource a 202 pointed at, the registration sent again)
  duplicatesPolicy,
  followPolicy,
  etagPolicy,
];

/** The policies that apply to requests of this registry (undefined: a request of no known registry). */
export function policiesFor(registry: RegistryEntry | undefined, all: readonly Policy[] = POLICIES): readonly Policy[] {
  // Asked per send; which policies apply depends only on the (loaded, unchanging) registry entry.
  let byRegistry = applying.get(all);
  if (!byRegistry) applying.set(all, (byRegistry = new Map()));
  let list = byRegistry.get(registry);
  if (!list) byRegistry.set(registry, (list = all.filter((policy) => policy.appliesTo(registry))));
  return list;
}

const applying = new WeakMap<readonly Policy[], Map<RegistryEntry | undefined, readonly Policy[]>>();

export type Send = (request: PreparedRequest, signal: AbortSignal) => Promise<ResponseRecord>;

export interface RunWithPoliciesOptions {
  /** Defaults to `policiesFor(context.registry)`. */
  policies?: readonly Policy[];
}

/**
 * Runs the before-hooks, the send and the after-hooks. A before-hook's error (a RegxError such as
 * `declined` or `auth`) stops the request before it is sent and propagates to the caller. An
 * after-hook that fails does not lose the response: the failure becomes a note on the record and
 * a notice. A record an after-hook returns replaces the current one and keeps it as `previous`.
 */
export async function runWithPolicies(
  request: PreparedRequest,
  context: PolicyContext,
  send: Send,
  signal: AbortSignal,
  options: RunWithPoliciesOptions = {},
): Promise<ResponseRecord> {
  const policies = options.policies ?? policiesFor(context.registry);
  let prepared = request;
  // Indexed, not for-of: test/bench/forOf.mjs.
  for (let i = 0; i < policies.length; i++) {
    const policy = policies[i]!;
    if (!policy.before) continue;
    throwIfAborted(signal);
    // A hook that has nothing to do answers at once: no await (a microtask) for it.
    const answer = policy.before(prepared, context, signal);
    const next = answer instanceof Promise ? await answer : answer;
    prepared = withAddedHeaders(prepared, next, policy.name);
  }
  throwIfAborted(signal);
  let record = await send(prepared, signal);
  if (prepared.added?.length && !record.added) record.added = prepared.added;
  for (let i = 0; i < policies.length; i++) {
    const policy = policies[i]!;
    if (!policy.after || signal.aborted) continue;
    try {
      const answer = policy.after(record, prepared, context, signal);
      const replacement = answer instanceof Promise ? await answer : answer;
      if (replacement && replacement !== record) {
        replacement.previous ??= record;
        record = replacement;
      }
    } catch (error) {
      if (signal.aborted) break;
      const message = `${policy.name}: ${error instanceof Error ? error.message : String(error)}`;
      (record.notes ??= []).push({ policy: policy.name, message: `failed: ${message}` });
      context.ports.notice(`Policy ${message}`);
    }
  }
  return record;
}

/**
 * The request a before-hook returned, with `added` listing every header it added or changed that
 * the hook did not list itself (so the record always says which policy put which header there).
 */
function withAddedHeaders(before: PreparedRequest, after: PreparedRequest, by: string): PreparedRequest {
  // A hook with nothing to do hands back the request it was given.
  if (after === before) return after;
  const old = new Map(before.headers.map(([name, value]) => [name.toLowerCase(), value]));
  const listed = new Set((after.added ?? []).map((a) => a.header.toLowerCase()));
  const found: AddedHeader[] = [];
  for (const [name, value] of after.headers) {
    const key = name.toLowerCase();
    if (old.get(key) === value || listed.has(key)) continue;
    listed.add(key);
    found.push({ header: name, by });
  }
  if (found.length === 0 && after.added === before.added) return after;
  return { ...after, added: [...(after.added ?? before.added ?? []), ...found] };
}

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new RegxError('aborted', 'the request was stopped');
}

export { recordChain } from './recordChain';
