// The ZGW JWT (VNG's "Authorisaties" for the Zaakgericht Werken APIs): an HS256 token the client
// signs itself with the secret it shares with the API. The standard asks for `iss` and
// `client_id` (the client id), `iat` (now), `user_id` and `user_representation` (who acts, for
// the audit trail). A fresh token per request keeps `iat` current: servers refuse old ones.
// Signed with `jose` (a maintained JOSE implementation) rather than hand-made HMAC and base64url.

export interface ZgwClaims {
  clientId: string;
  userId?: string;
  userRepresentation?: string;
}

export async function mintZgwJwt(claims: ZgwClaims, secret: string, now: Date = new Date()): Promise<string> {
  const { SignJWT } = await import('jose');
  return new SignJWT({
    client_id: claims.clientId,
    // Unset: the client acts for itself (the catalog's documented default).
    user_id: claims.userId || claims.clientId,
    user_representation: claims.userRepresentation ?? '',
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(claims.clientId)
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .sign(new TextEncoder().encode(secret));
}
