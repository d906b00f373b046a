// Rate-limit headers as servers send them: the IETF draft's `RateLimit` / `RateLimit-Policy`
// (structured fields: `"default";r=50;t=30` and `"default";q=100;w=60`, or the earlier draft's
// `limit=100, remaining=50, reset=30`), and the widespread separate `RateLimit-Limit`,
// `-Remaining`, `-Reset` (also with an `X-` prefix).

import type { RateLimitState } from './costsMeter';

function parameters(value: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const match of value.matchAll(/(?:^|[;,\s])([a-z-]+)=("?)(\d+)\2/gi)) out.set(match[1]!.toLowerCase(), Number(match[3]));
  return out;
}

function first(headers: readonly [string, string][], ...names: string[]): string | undefined {
  for (const name of names) {
    const found = headers.find(([n]) => n.toLowerCase() === name);
    if (found) return found[1];
  }
  return undefined;
}

export function parseRateLimit(headers: readonly [string, string][], at: Date): RateLimitState | undefined {
  const state: RateLimitState = { at: at.toISOString() };
  const combined = first(headers, 'ratelimit');
  if (combined) {
    const p = parameters(combined);
    state.remaining = p.get('r') ?? p.get('remaining');
    state.resetSeconds = p.get('t') ?? p.get('reset');
    state.limit = p.get('limit');
  }
  const policy = first(headers, 'ratelimit-policy', 'x-ratelimit-policy');
  if (policy) {
    const p = parameters(policy);
    state.limit ??= p.get('q');
    state.windowSeconds = p.get('w');
    // The earlier draft: `100;w=60`.
    if (state.limit === undefined && /^\s*\d+/.test(policy)) state.limit = Number(/^\s*(\d+)/.exec(policy)![1]);
  }
  const number = (value: string | undefined) => (value !== undefined && /^\s*\d+\s*$/.test(value) ? Number(value) : undefined);
  state.limit ??= number(first(headers, 'ratelimit-limit', 'x-ratelimit-limit'));
  state.remaining ??= number(first(headers, 'ratelimit-remaining', 'x-ratelimit-remaining'));
  state.resetSeconds ??= number(first(headers, 'ratelimit-reset', 'x-ratelimit-reset'));
  for (const key of ['limit', 'remaining', 'resetSeconds', 'windowSeconds'] as const) if (state[key] === undefined) delete state[key];
  return Object.keys(state).length > 1 ? state : undefined;
}
