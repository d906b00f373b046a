// Sub-accounts a Basic-auth registry links on request (DATA-collectief's RegisterAccount): the
// call answers with the new user and its password, and every later call of that user must
// authenticate as it. The tool keeps the pair in this process's memory only — never on disk — so
// requests whose user variable names the new user authenticate without the user copying the
// password anywhere; it tells the user how to store it for later sessions.

import type { AuthScheme } from '../catalog/types';
import type { PreparedRequest, ResponseRecord } from '../send/types';
import type { PolicyContext } from './types';
import { atPointer, baseUrlFor, pathBelow } from './authValues';

type BasicScheme = Extract<AuthScheme, { type: 'basic' }>;

export class SubAccounts {
  private readonly passwords = new Map<string, string>();

  private key(context: PolicyContext, user: string): string {
    return `${context.registry?.id ?? ''}\n${context.environment ?? ''}\n${user}`;
  }

  password(context: PolicyContext, user: string): string | undefined {
    return this.passwords.get(this.key(context, user));
  }

  /** Remembers the account a successful sub-account call returned; the user it linked, or undefined. */
  learn(scheme: BasicScheme, record: ResponseRecord, request: PreparedRequest, context: PolicyContext): string | undefined {
    const call = scheme.subAccounts;
    const response = record.response;
    if (!call || !response || response.status < 200 || response.status > 299) return undefined;
    if (request.method.toUpperCase() !== call.method) return undefined;
    if (pathBelow(request.url, baseUrlFor(request, context)) !== call.path) return undefined;
    let body: unknown;
    try {
      body = JSON.parse(response.body.preview);
    } catch {
      return undefined;
    }
    const user = atPointer(body, call.user);
    const password = atPointer(body, call.password);
    if (typeof user !== 'string' || typeof password !== 'string' || !user || !password) return undefined;
    this.passwords.set(this.key(context, user), password);
    return user;
  }
}
