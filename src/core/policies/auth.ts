// Auth per registry, as the registry's `auth` in registry.yaml says (one policy for all):
// - apiKey: the key as a header (KVK `apikey`), or as a query parameter where the registry takes
//   it there; `header-or-query` leaves a key the user wrote in the query where it is.
// - zgw-jwt: a ZGW JWT minted for every request from the client id and secret.
// - basic: `Authorization: Basic` from the user and password, or a sub-account's pair.
// - token: a token asked for with the registry's token call, cached in memory, as Bearer.
// Auth the user wrote in the request is theirs: nothing is added or replaced then. Every value
// added goes into the request's secrets, so history, reports and logs redact it.

import type { AuthScheme, RegistryEntry } from '../catalog/types';
import type { PreparedRequest, ResponseRecord } from '../send/types';
import type { Policy, PolicyContext } from './types';
import { credential, fill, hasHeader, hasQueryParameter } from './authValues';
import { mintZgwJwt } from './jwt';
import { TokenCache } from './token';
import { SubAccounts } from './authSubAccounts';

export const AUTH_POLICY = 'auth';

const AUTHORIZATION = 'Authorization';

export interface AuthPolicyOptions {
  tokens?: TokenCache;
  subAccounts?: SubAccounts;
  now?: () => Date;
}

/** The request with one more header, listed as the auth policy's, its value among the secrets. */
function add(request: PreparedRequest, name: string, value: string, from: string, secrets: string[]): PreparedRequest {
  return {
    ...request,
    headers: [...request.headers, [name, value]],
    secrets: [...request.secrets, ...secrets],
    added: [...(request.added ?? []), { header: name, by: AUTH_POLICY, from }],
  };
}

function variableOf(template: string): string | undefined {
  return /\{\{\s*([^{}\s$]+)\s*\}\}/.exec(template)?.[1];
}

function missingNotice(registry: RegistryEntry, what: string, names: string[]): string {
  const secret = names.find((n) => registry.variables.some((v) => v.name === n && v.role === 'credential'));
  const how = secret ? `set it with 'Register Explorer: Set Secret' (CLI: REGX_SECRET_${secret})` : 'define it in the environment (http-client.env.json) or the settings';
  return `${registry.name}: ${what} not added: ${[...new Set(names)].join(', ')} ${names.length === 1 ? 'is' : 'are'} not set; ${how}.`;
}

export function createAuthPolicy(options: AuthPolicyOptions = {}): Policy {
  const tokens = options.tokens ?? new TokenCache();
  const subAccounts = options.subAccounts ?? new SubAccounts();
  const now = options.now ?? (() => new Date());
  // Bearer tokens that came from the cache, with their cache key: a 401 on one renews it once.
  const cachedTokens = new Map<string, string>();

  async function apiKey(scheme: Extract<AuthScheme, { type: 'apiKey' }>, request: PreparedRequest, context: PolicyContext): Promise<PreparedRequest> {
    const registry = context.registry!;
    if (hasHeader(request, scheme.name) || hasQueryParameter(request.url, scheme.name)) return request;
    const key = await credential(context, scheme.secret);
    if (key === undefined) {
      context.ports.notice(missingNotice(registry, `the ${scheme.name} key`, [scheme.secret]));
      return request;
    }
    if (scheme.in === 'query') {
      const url = new URL(request.url);
      url.searchParams.append(scheme.name, key);
      return { ...request, url: url.href, secrets: [...request.secrets, key], added: [...(request.added ?? []), { header: scheme.name, by: AUTH_POLICY, from: `query parameter, ${scheme.secret}` }] };
    }
    return add(request, scheme.name, key, scheme.secret, [key]);
  }

  async function zgwJwt(scheme: Extract<AuthScheme, { type: 'zgw-jwt' }>, request: PreparedRequest, context: PolicyContext): Promise<PreparedRequest> {
    const registry = context.registry!;
    const clientId = await fill(scheme.clientId, context);
    const secret = await credential(context, scheme.secret);
    const missing = [...clientId.missing, ...(secret === undefined ? [scheme.secret] : [])];
    if (missing.length || secret === undefined) {
      context.ports.notice(missingNotice(registry, 'the ZGW JWT', missing));
      return request;
    }
    // User and representation are optional claims: an unset one leaves the claim at its default.
    const userId = scheme.userId ? await fill(scheme.userId, context) : undefined;
    const userRepresentation = scheme.userRepresentation ? await fill(scheme.userRepresentation, context) : undefined;
    const jwt = await mintZgwJwt(
      {
        clientId: clientId.value,
        userId: userId && !userId.missing.length ? userId.value : undefined,
        userRepresentation: userRepresentation && !userRepresentation.missing.length ? userRepresentation.value : undefined,
      },
      secret,
      now(),
    );
    return add(request, AUTHORIZATION, `Bearer ${jwt}`, `ZGW JWT minted for ${clientId.value}`, [secret, jwt]);
  }

  async function basic(scheme: Extract<AuthScheme, { type: 'basic' }>, request: PreparedRequest, context: PolicyContext): Promise<PreparedRequest> {
    const registry = context.registry!;
    const user = await fill(scheme.username, context);
    const password = user.missing.length ? undefined : (subAccounts.password(context, user.value) ?? (await credential(context, scheme.secret)));
    if (user.missing.length || password === undefined) {
      context.ports.notice(missingNotice(registry, 'Basic credentials', [...user.missing, ...(password === undefined && !user.missing.length ? [scheme.secret] : [])]));
      return request;
    }
    const encoded = Buffer.from(`${user.value}:${password}`, 'utf8').toString('base64');
    const sub = subAccounts.password(context, user.value) !== undefined;
    return add(request, AUTHORIZATION, `Basic ${encoded}`, `Basic ${user.value}${sub ? ' (linked sub-account)' : ''}`, [password, encoded]);
  }

  async function token(scheme: Extract<AuthScheme, { type: 'token' }>, request: PreparedRequest, context: PolicyContext, signal: AbortSignal): Promise<PreparedRequest> {
    // The token call itself carries the login, not a token.
    const tokenUrl = new URL(request.url);
    if (request.method.toUpperCase() === scheme.request.method && tokenUrl.pathname.endsWith(scheme.request.path)) return withHeaders(scheme, request, context);
    let next = await withHeaders(scheme, request, context);
    if (hasHeader(request, AUTHORIZATION)) return next;
    const login = await tokens.login(scheme, request, context, signal);
    if (!login) return next;
    next = add(next, AUTHORIZATION, `Bearer ${login.token}`, `token from ${scheme.request.method} ${scheme.request.path}${login.cached ? ' (cached)' : ''}`, login.secrets);
    if (login.cached) cachedTokens.set(login.token, login.key);
    else cachedTokens.delete(login.token);
    return next;
  }

  /** The token scheme's own headers (AllSolutions' koppeling: X-Client-Id / X-Client-Secret) on every call. */
  async function withHeaders(scheme: Extract<AuthScheme, { type: 'token' }>, request: PreparedRequest, context: PolicyContext): Promise<PreparedRequest> {
    let next = request;
    const missing: string[] = [];
    for (const [name, template] of Object.entries(scheme.headers ?? {})) {
      if (hasHeader(request, name)) continue;
      const filled = await fill(template, context);
      if (filled.missing.length) {
        missing.push(...filled.missing);
        continue;
      }
      next = add(next, name, filled.value, /\{\{\s*([^{}\s]+)\s*\}\}/.exec(template)?.[1] ?? 'registry.yaml', filled.secrets);
    }
    if (missing.length) context.ports.notice(missingNotice(context.registry!, 'a login header', missing));
    return next;
  }

  return {
    name: AUTH_POLICY,
    appliesTo: (registry) => Boolean(registry && registry.auth.type !== 'none'),
    async before(request, context, signal) {
      const scheme = context.registry?.auth;
      if (!scheme) return request;
      switch (scheme.type) {
        case 'none':
          return request;
        case 'apiKey':
          return apiKey(scheme, request, context);
        case 'zgw-jwt':
          return hasHeader(request, AUTHORIZATION) ? request : zgwJwt(scheme, request, context);
        case 'basic':
          return hasHeader(request, AUTHORIZATION) ? request : basic(scheme, request, context);
        case 'token':
          return token(scheme, request, context, signal);
      }
    },
    async after(record, request, context, signal): Promise<ResponseRecord | void> {
      const scheme = context.registry?.auth;
      if (scheme?.type === 'basic' && scheme.subAccounts) {
        const user = subAccounts.learn(scheme, record, request, context);
        if (user) {
          const userVariable = variableOf(scheme.username) ?? 'the user';
          context.ports.notice(
            `${context.registry!.name}: linked '${user}'. Requests with ${userVariable} = ${user} now authenticate as it in this session (its password is kept in memory only); to keep using it, store its password as ${scheme.secret} ('Register Explorer: Set Secret', CLI: REGX_SECRET_${scheme.secret}).`,
          );
        }
      }
      // A cached token the server no longer takes (revoked, server restarted): ask a new one, send once more.
      const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.find(([name]) => name.toLowerCase() === 'authorization')?.[1] ?? '')?.[1];
      const key = bearer === undefined ? undefined : cachedTokens.get(bearer);
      if (scheme?.type === 'token' && key && record.response?.status === 401) {
        cachedTokens.delete(bearer!);
        tokens.forget(key);
        const without: PreparedRequest = { ...request, headers: request.headers.filter(([name]) => name.toLowerCase() !== AUTHORIZATION.toLowerCase()) };
        const login = await tokens.login(scheme, without, context, signal);
        if (!login) return;
        context.ports.notice(`${context.registry!.name}: the cached token was refused (401); asked a new one and sent the request again.`);
        const resent = add({ ...without, added: without.added?.filter((a) => a.header !== AUTHORIZATION) }, AUTHORIZATION, `Bearer ${login.token}`, `token from ${scheme.request.method} ${scheme.request.path} (renewed after a 401)`, login.secrets);
        const record = await context.send(resent, signal);
        record.added ??= resent.added;
        return record;
      }
    },
  };
}

export const authPolicy: Policy = createAuthPolicy();
