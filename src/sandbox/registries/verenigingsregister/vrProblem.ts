import { randomBytes } from 'node:crypto';
import { problem } from '../../responses';
import type { SandboxResponse } from '../../types';

/** The register's one title for every problem (see the Beheer 400 example in the sources). */
export const VR_PROBLEM_TITLE = 'Er heeft zich een fout voorgedaan!';

/**
 * An RFC 7807 answer in the register's shape: `type`, `title`, `detail`, `status` and an
 * `instance` under `/v1/foutmeldingen/{id}`, plus `validationErrors` (field → messages) for 400s
 * about the request body, or other extension members (RFC 7807 §3.2) such as a 409's duplicates.
 */
export function vrProblem(
  origin: string,
  status: number,
  detail: string,
  extra: { validationErrors?: Record<string, string[]>; members?: Record<string, unknown>; headers?: Record<string, string> } = {},
): SandboxResponse {
  const kind = { 400: 'validatie', 403: 'niet-geautoriseerd', 404: 'niet-gevonden', 405: 'methode', 409: 'conflict', 412: 'precondition-failed', 413: 'te-groot', 415: 'mediatype' }[status] ?? 'fout';
  return problem(
    {
      type: `urn:verenigingsregister:${kind}`,
      title: VR_PROBLEM_TITLE,
      detail,
      status,
      instance: `${origin}/v1/foutmeldingen/${randomBytes(16).toString('hex')}`,
      ...(extra.validationErrors ? { validationErrors: extra.validationErrors } : {}),
      ...extra.members,
    },
    extra.headers,
  );
}

export const UNPARSABLE_BODY = 'Request kon niet correct behandeld worden. Controleer het formaat en probeer het opnieuw.';
