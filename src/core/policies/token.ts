// A registry's token login (`auth.type: token`, AllSolutions): the tool asks the token call
// itself, keeps the token in memory until shortly before it expires, and puts it on each
// request as `Authorization: Bearer`. Tokens and passwords are never written anywhere: the cache
// lives in this process only, keyed by a hash of what identifies the login.

import { createHash } from 'node:crypto';
import { RegxError } from '../errors';
import type { AuthScheme } from '../catalog/types';
import type { PreparedRequest } from '../send/types';
import type { PolicyContext } from './types';
import { atPointer, baseUrlFor, credential, fill } from './authValues';

type TokenScheme = Extract<AuthScheme, { type: 'token' }>;

/** Renewed this long before the server says it expires, so a request never carries a dying token. */
const EARLY_MS = 30_000;
/** When the answer says nothing about expiry. */
const DEFAULT_LIFETIME_MS = 5 * 60_000;

interface Cached {
  token: string;
  expiresAt: number;
}

export interface TokenLogin {
  token: string;
  /** Values that must never be written down: the token and the credentials sent for it. */
  secrets: string[];
  /** True when the token came from the cache (a 401 may then mean it was revoked). */
  cached: boolean;
  key: string;
}

export class TokenCache {
  private readonly tokens = new Map<string, Cached>();
  private readonly pending = new Map<string, Promise<Cached>>();

  constructor(private readonly now: () => number = Date.now) {}

  forget(key: string): void {
    this.tokens.delete(key);
  }

  clear(): void {
    this.tokens.clear();
  }

  /** A valid token for this request's registry, environment and credentials: cached or asked for. */
  async login(scheme: TokenScheme, request: PreparedRequest, context: PolicyContext, signal: AbortSignal): Promise<TokenLogin | undefined> {
    const registry = context.registry!;
    const password = await credential(context, scheme.secret);
    const minLength = registry.variables.find((v) => v.name === scheme.secret)?.minLength;
    if (password === undefined) {
      context.ports.notice(`${registry.name}: no ${scheme.secret} is set, so no token was asked for; set it with 'Register Explorer: Set Secret' (CLI: REGX_SECRET_${scheme.secret}).`);
      return undefined;
    }
    if (minLength && password.length < minLength) {
      throw new RegxError(
        'weak-credential',
        `${registry.name} requires at least ${minLength} characters for ${scheme.secret} (this one has ${password.length}); the tool does not send it`,
        `Its terms of use refuse shorter passwords: set a password of ${minLength} characters or more in ${registry.name}, then store it again as ${scheme.secret}.`,
      );
    }
    const base = baseUrlFor(request, context);
    const headers: [string, string][] = [];
    const secrets = [password];
    const missing: string[] = [];
    for (const [name, template] of Object.entries(scheme.headers ?? {})) {
      const filled = await fill(template, context);
      missing.push(...filled.missing);
      secrets.push(...filled.secrets);
      headers.push([name, filled.value]);
    }
    const body: Record<string, string> = {};
    for (const [name, template] of Object.entries(scheme.request.body ?? {})) {
      const filled = await fill(template, context);
      missing.push(...filled.missing);
      secrets.push(...filled.secrets);
      body[name] = filled.value;
    }
    if (missing.length) {
      context.ports.notice(`${registry.name}: no token was asked for: ${[...new Set(missing)].join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set.`);
      return undefined;
    }
    const key = createHash('sha256')
      .update(JSON.stringify([registry.id, context.environment ?? '', base, headers, body]))
      .digest('hex');
    const hit = this.tokens.get(key);
    if (hit && hit.expiresAt - EARLY_MS > this.now()) return { token: hit.token, secrets: [...secrets, hit.token], cached: true, key };
    let asking = this.pending.get(key);
    if (!asking) {
      asking = this.ask(scheme, base, headers, body, secrets, context, signal).finally(() => this.pending.delete(key));
      this.pending.set(key, asking);
    }
    const fresh = await asking;
    this.tokens.set(key, fresh);
    return { token: fresh.token, secrets: [...secrets, fresh.token], cached: false, key };
  }

  private async ask(scheme: TokenScheme, base: string, headers: [string, string][], body: Record<string, string>, secrets: string[], context: PolicyContext, signal: AbortSignal): Promise<Cached> {
    const registry = context.registry!;
    const hasBody = scheme.request.method === 'POST';
    const call: PreparedRequest = {
      method: scheme.request.method,
      url: `${base}${scheme.request.path}`,
      headers: [...headers, ['accept', 'application/json'], ...(hasBody ? ([['content-type', 'application/json']] as [string, string][]) : [])],
      body: hasBody ? JSON.stringify(body) : undefined,
      followRedirects: false,
      secrets,
      registry: context.environment ? { id: registry.id, environment: context.environment } : undefined,
    };
    const what = `the token call ${call.method} ${scheme.request.path}`;
    const record = await context.send(call, signal);
    if (record.error) throw new RegxError('auth', `${registry.name}: ${what} failed: ${record.error.message}`, record.error.hint);
    const response = record.response!;
    let parsed: unknown;
    try {
      parsed = JSON.parse(response.body.preview);
    } catch {
      parsed = undefined;
    }
    if (response.status < 200 || response.status > 299) {
      const detail = parsed && typeof parsed === 'object' ? ((parsed as Record<string, unknown>).detail ?? (parsed as Record<string, unknown>).title ?? (parsed as Record<string, unknown>).message) : undefined;
      throw new RegxError(
        'auth',
        `${registry.name}: ${what} answered ${response.status}${typeof detail === 'string' ? `: ${detail.slice(0, 200)}` : ''}`,
        `Check the credentials it sends (${[scheme.secret, ...Object.keys(scheme.headers ?? {})].join(', ')}).`,
      );
    }
    const token = atPointer(parsed, scheme.token);
    if (typeof token !== 'string' || token === '') throw new RegxError('auth', `${registry.name}: ${what} answered ${response.status} without a token at ${scheme.token}`);
    const lifetime = scheme.expiresIn ? Number(atPointer(parsed, scheme.expiresIn)) : Number.NaN;
    return { token, expiresAt: this.now() + (Number.isFinite(lifetime) && lifetime > 0 ? lifetime * 1000 : DEFAULT_LIFETIME_MS) };
  }
}
