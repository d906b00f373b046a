// 202 Accepted with Location (issue 15 §2): the work was accepted and the result will be at
// Location. Offered to follow (Offer 'follow-location'); accepted, the Location is read with GET
// while it keeps answering 202, waiting as Retry-After says — bounded: at most maxPolls reads,
// a wait of at most maxWaitMs each and totalMs in all. The 202 stays the request's record (a later
// request's {{name.response.headers.Location}} reads it); the last read is `record.followed`, and
// the ETag policy, after this one, remembers the resource's ETag from it.

import type { PreparedRequest, ResponseRecord } from '../send/types';
import type { Policy, PolicyContext } from './types';
import { firstHeaderValue } from '../send/firstHeaderValue';

export const FOLLOW_POLICY = 'follow-location';
export const FOLLOW_LIMITS = { maxPolls: 10, maxWaitMs: 30_000, totalMs: 120_000, defaultWaitMs: 1000 };

/** Retry-After as milliseconds (delay-seconds or an HTTP date), capped; the default when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now = Date.now(), limits = FOLLOW_LIMITS): number {
  if (value === undefined) return limits.defaultWaitMs;
  const trimmed = value.trim();
  let ms: number;
  if (/^\d+$/.test(trimmed)) ms = Number(trimmed) * 1000;
  else {
    const at = Date.parse(trimmed);
    ms = Number.isNaN(at) ? limits.defaultWaitMs : at - now;
  }
  return Math.min(Math.max(0, ms), limits.maxWaitMs);
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}

/** The request's headers for a GET of the Location: auth and mandatory headers kept, body and conditions not. */
export function followHeaders(headers: readonly [string, string][]): [string, string][] {
  return headers.filter(([name]) => !/^(if-match|if-none-match|content-type|content-length|content-encoding)$/i.test(name));
}

/**
 * Where a 202 Accepted says its result will be: the Location resolved against the request's URL,
 * and whether it is on the request's own origin (credentials never cross origins, so only then is
 * it followed). Undefined for another status or no readable Location.
 */
export function acceptedLocation(record: ResponseRecord): { location: URL; sameOrigin: boolean } | undefined {
  const response = record.response;
  if (!response || response.status !== 202) return undefined;
  const raw = firstHeaderValue(response.headers, 'location');
  if (!raw) return undefined;
  try {
    const location = new URL(raw, record.request.url);
    return { location, sameOrigin: location.origin === new URL(record.request.url).origin };
  } catch {
    return undefined;
  }
}

export const followPolicy: Policy = {
  name: FOLLOW_POLICY,
  appliesTo: () => true,
  // Not async: every response of every request passes here, and nearly none is a 202.
  after(record, request, context, signal) {
    const accepted = acceptedLocation(record);
    return accepted && followLocation(record, request, context, signal, accepted);
  },
};

async function followLocation(record: ResponseRecord, request: PreparedRequest, context: PolicyContext, signal: AbortSignal, accepted: { location: URL; sameOrigin: boolean }): Promise<void> {
  const { location } = accepted;
  if (!accepted.sameOrigin) {
    (record.notes ??= []).push({ policy: FOLLOW_POLICY, message: `not followed: Location ${location.href} is on another origin` });
    return;
  }
  if (!(await context.ports.decide({ kind: 'follow-location', location: location.href }, signal))) return;
  const started = Date.now();
  let current = record;
  for (let poll = 1; poll <= FOLLOW_LIMITS.maxPolls && !signal.aborted; poll++) {
    const delay = poll === 1 ? 0 : retryAfterMs(firstHeaderValue(current.response?.headers ?? [], 'retry-after'));
    if (Date.now() - started + delay > FOLLOW_LIMITS.totalMs) break;
    await wait(delay, signal);
    if (signal.aborted) break;
    const next = await context.send({ ...request, method: 'GET', url: location.href, headers: followHeaders(request.headers), body: undefined, added: undefined }, signal);
    if (current !== record) next.previous = current;
    (next.notes ??= []).push({ policy: FOLLOW_POLICY, message: `followed Location of the ${record.request.method}'s 202 (read ${poll})` });
    current = next;
    record.followed = current;
    if (next.response?.status !== 202) break;
  }
  const last = record.followed;
  if (!last) return;
  const status = last.response ? String(last.response.status) : (last.error?.message ?? 'no answer');
  const etag = last.response && firstHeaderValue(last.response.headers, 'etag');
  const stillWaiting = last.response?.status === 202;
  (record.notes ??= []).push({
    policy: FOLLOW_POLICY,
    message: stillWaiting
      ? `followed ${location.href}: still 202 after ${FOLLOW_LIMITS.maxPolls} reads or ${FOLLOW_LIMITS.totalMs / 1000} s, stopped`
      : `followed ${location.href}: ${status}${etag ? `, ETag ${etag}` : ''}`,
  });
}
