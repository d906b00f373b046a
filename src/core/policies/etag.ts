// The ETag policy (issue 15 §2): every ETag a registry answers with is remembered per registry,
// environment and resource (EtagStore, in the state dir); a write without If-Match gets the one
// last seen for its resource (or the resource it belongs to) unless `etagMode` is `off`; every
// conditional send is noted with its outcome; and a 412 fetches the resource's current ETag and
// offers to resend with it — the user's file is never changed. HTTP's own rules (RFC 9110 §8.8.3,
// §13.1.1), so it applies to every registry; a registry that sends no ETags is unaffected.

import type { PreparedRequest, ResponseRecord } from '../send/types';
import type { Policy, PolicyContext } from './types';
import type { EtagScope, RequestRef } from './etagStoreTypes';
import { etagStoreFor } from './etagStore';
import { hasHeader } from './authValues';
import { recordChain } from './recordChain';
import { changesSince } from './preconditionChanges';
import { firstHeaderValue } from '../send/firstHeaderValue';

export const ETAG_POLICY = 'etag';

/** Methods that change a resource and so may carry If-Match. */
const WRITES = new Set(['PUT', 'PATCH', 'DELETE', 'POST']);

function scopeOf(context: PolicyContext): EtagScope {
  return { registry: context.registry?.id, environment: context.environment };
}

function refOf(record: ResponseRecord, request: PreparedRequest): RequestRef {
  return { recordId: record.id, method: request.method, file: request.source?.file, line: request.source?.line, name: request.source?.name };
}

/**
 * `auto` (default) fills If-Match; `ask` offers to (Offer 'use-stored-etag'; declined, the write
 * goes as written); `off` neither fills nor remembers. The editor's older `track`/`enforce` read as off/auto.
 */
export function etagMode(context: PolicyContext): 'auto' | 'ask' | 'off' {
  const value = context.variable('etagMode')?.toLowerCase();
  return value === 'off' || value === 'track' ? 'off' : value === 'ask' ? 'ask' : 'auto';
}

/** Where the ETag of a 2xx answer belongs: a created resource's Location, else the request URL. */
function resourceOf(record: ResponseRecord): string {
  const response = record.response!;
  const location = firstHeaderValue(response.headers, 'location');
  if (location && [201, 202].includes(response.status)) {
    try {
      return new URL(location, record.request.url).href;
    } catch {
      // not a URL: the request's own
    }
  }
  return record.request.url;
}

async function remember(record: ResponseRecord, request: PreparedRequest, context: PolicyContext): Promise<void> {
  const response = record.response;
  if (!response) return;
  const store = etagStoreFor(context.stateDir);
  const scope = scopeOf(context);
  const by = refOf(record, request);
  const at = new Date().toISOString();
  for (const name of ['If-Match', 'If-None-Match'] as const) {
    const sent = firstHeaderValue(record.request.headers, name);
    if (sent) await store.conditional(scope, record.request.url, { header: name, etag: sent, at, by, outcome: response.status, filled: Boolean(request.added?.some((a) => a.by === ETAG_POLICY && a.header === name)) });
  }
  const etag = firstHeaderValue(response.headers, 'etag');
  if (etag && response.status >= 200 && response.status < 300) await store.seen(scope, resourceOf(record), { etag, at, by, status: response.status });
}

/** The resource's current ETag after a 412: a GET of it with the request's own headers (auth included), minus the conditions. */
async function refresh(request: PreparedRequest, context: PolicyContext, signal: AbortSignal): Promise<{ etag?: string; record: ResponseRecord }> {
  const headers = request.headers.filter(([name]) => !/^(if-match|if-none-match|content-type|content-length)$/i.test(name));
  const current = await context.send({ ...request, method: 'GET', headers, body: undefined }, signal);
  const etag = current.response && current.response.status < 300 ? firstHeaderValue(current.response.headers, 'etag') : undefined;
  if (etag) await etagStoreFor(context.stateDir).seen(scopeOf(context), request.url, { etag, at: new Date().toISOString(), by: refOf(current, { ...request, method: 'GET' }), status: current.response!.status });
  return { etag, record: current };
}

export const etagPolicy: Policy = {
  name: ETAG_POLICY,
  appliesTo: (registry) => registry !== undefined,
  async before(request, context, signal) {
    const mode = etagMode(context);
    if (mode === 'off' || !WRITES.has(request.method.toUpperCase()) || hasHeader(request, 'If-Match')) return request;
    const found = await etagStoreFor(context.stateDir).lookup(scopeOf(context), request.url);
    // A POST creates under a resource: only an enclosing resource's ETag guards it, never a stale exact match.
    if (!found || (request.method.toUpperCase() === 'POST' && found.exact)) return request;
    const { resource } = found;
    const seenBy = [resource.seenBy.method, resource.seenBy.name ? `'${resource.seenBy.name}'` : undefined, resource.seenBy.line !== undefined ? `line ${resource.seenBy.line + 1}` : undefined].filter(Boolean).join(' ');
    if (mode === 'ask' && !(await context.ports.decide({ kind: 'use-stored-etag', method: request.method.toUpperCase(), url: request.url, etag: resource.etag, seen: `${seenBy} at ${resource.seenAt}` }, signal))) return request;
    return {
      ...request,
      headers: [...request.headers, ['If-Match', resource.etag]],
      added: [...(request.added ?? []), { header: 'If-Match', by: ETAG_POLICY, from: `the ETag store: seen by ${seenBy} at ${resource.seenAt}` }],
    };
  },
  async after(record, request, context, signal) {
    if (etagMode(context) === 'off') return;
    // the records an earlier policy replaced (a 409 sent again, a 202 followed) carry ETags and conditions too
    const chain = recordChain(record).flatMap((r) => (r.followed ? [r, ...recordChain(r.followed)] : [r]));
    for (const [index, each] of chain.entries()) await remember(each, index === 0 ? request : { ...request, method: each.request.method, source: each.request.source ?? request.source, added: each.added }, context);
    const noneMatch = firstHeaderValue(record.request.headers, 'If-None-Match');
    if (record.response?.status === 304 && noneMatch) {
      // a cache hit: the copy the user has (the response that carried this ETag) is still current
      const known = await etagStoreFor(context.stateDir).get(scopeOf(context), record.request.url);
      const seen = known?.sightings.find((s) => s.etag === noneMatch);
      (record.notes ??= []).push({ policy: ETAG_POLICY, message: `304 Not Modified: cache hit, unchanged since ${noneMatch}${seen ? ` (seen by ${seen.by.method}${seen.by.name ? ` '${seen.by.name}'` : ''} at ${seen.at})` : ''}` });
      return;
    }
    if (record.response?.status !== 412 || !firstHeaderValue(record.request.headers, 'If-Match')) return;
    const { etag, record: current } = await refresh(request, context, signal);
    if (!etag) {
      context.ports.notice(`${request.method} ${request.url}: 412 Precondition Failed, and the current ETag could not be read`);
      return;
    }
    const sent = firstHeaderValue(record.request.headers, 'If-Match')!;
    const changes = await changesSince(request, sent, etag, current, context, signal);
    (record.notes ??= []).push({ policy: ETAG_POLICY, message: `412: the resource changed since ${sent} (now ${etag})${changes.length ? `:\n  ${changes.join('\n  ')}` : ''}` });
    const accepted = await context.ports.decide({ kind: 'resend-with-etag', url: request.url, etag, changes }, signal);
    if (!accepted) {
      context.ports.notice(`${request.method} ${request.url}: 412, the resource changed since ${sent} (now ${etag})${changes.length ? `: ${changes.join('; ')}` : ''}`);
      return;
    }
    const headers = request.headers.filter(([name]) => name.toLowerCase() !== 'if-match');
    const resent: PreparedRequest = { ...request, headers: [...headers, ['If-Match', etag]], added: [...(request.added ?? []).filter((a) => a.header !== 'If-Match'), { header: 'If-Match', by: ETAG_POLICY, from: 'the current ETag after a 412 (you accepted the resend)' }] };
    const again = await context.send(resent, signal);
    await remember(again, resent, context);
    if (resent.added?.length && !again.added) again.added = resent.added;
    return again;
  },
};
