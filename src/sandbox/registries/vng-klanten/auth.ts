// ZGW JWT authorisation: `Authorization: Bearer <jwt>`, HS256 with the secret of the client the
// `client_id` claim names; each client has the scopes of the Klanten API it was given.
import type { SandboxResponse } from '../../types';
import { fout } from './problems';

export type Scope = 'klanten.lezen' | 'klanten.aanmaken' | 'klanten.bijwerken' | 'klanten.verwijderen' | 'audittrails.lezen';

export interface ZgwClient {
  secret: string;
  scopes: Scope[];
}

/** Who called, from the verified token: what the audit trail records. */
export interface Caller {
  clientId: string;
  userId: string;
  userRepresentation: string;
}

/** The caller when the token is valid and grants `scope`, else the 401/403 answer. */
export async function authorise(authorization: string | undefined, clients: Record<string, ZgwClient>, scope: Scope): Promise<{ caller: Caller } | { denied: SandboxResponse }> {
  const deny = (response: SandboxResponse) => ({ denied: response });
  if (!authorization) return deny(fout(401, 'not_authenticated', 'Authenticatiegegevens zijn niet opgegeven.', { 'www-authenticate': 'Bearer' }));
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match) return deny(fout(403, 'jwt-decode-error', "De Authorization header moet de vorm 'Bearer <JWT>' hebben."));
  const token = match[1]!;
  const { decodeJwt, jwtVerify } = await import('jose');
  let claims: Record<string, unknown>;
  try {
    claims = decodeJwt(token);
  } catch {
    return deny(fout(403, 'jwt-decode-error', 'JWT kon niet worden gedecodeerd.'));
  }
  const clientId = claims.client_id;
  if (typeof clientId !== 'string' || clientId === '') return deny(fout(403, 'missing-client-identifier', 'Client identifier (client_id) ontbreekt in de JWT.'));
  const client = clients[clientId];
  if (!client) return deny(fout(403, 'invalid-client-identifier', `Client identifier '${clientId}' is niet bekend.`));
  try {
    await jwtVerify(token, new TextEncoder().encode(client.secret), { algorithms: ['HS256'] });
  } catch (error) {
    const expired = (error as { code?: string }).code === 'ERR_JWT_EXPIRED';
    return deny(fout(403, expired ? 'jwt-expired' : 'invalid-jwt-signature', expired ? 'De JWT is verlopen.' : 'De JWT-handtekening is ongeldig.'));
  }
  if (!client.scopes.includes(scope)) return deny(fout(403, 'permission_denied', `De client '${clientId}' heeft de scope '${scope}' niet.`));
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return { caller: { clientId, userId: text(claims.user_id), userRepresentation: text(claims.user_representation) } };
}
