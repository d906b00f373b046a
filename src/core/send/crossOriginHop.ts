// What may follow a redirect to another origin. Credentials are written for one origin: on a
// hop to another, every credential header (HTTP's own, those the registries' `auth` names, and
// any header whose value holds a secret) stays behind, as does every query parameter of the new
// URL that carries a secret. A 307/308 would re-send the body, which often holds a password:
// that needs the user's leave (`# @redirect-body`, `--redirect-body`).

import { PROTOCOL_CREDENTIALS } from '../history/redactor';
import { MIN_SECRET_LENGTH } from '../history/redactor';
import { secretSpellings } from '../history/secretSpellings';

/** What a hop left behind, as the record shows it. */
export interface DroppedOnHop {
  headers?: string[];
  parameters?: string[];
}

/** Tests whether a text holds any of `secrets`, in any spelling the Redactor knows. */
export function secretMatcher(secrets: readonly string[]): (text: string) => boolean {
  const exact = new Set(secrets.filter((s) => s && s.length < MIN_SECRET_LENGTH));
  const forms = [...new Set(secrets.filter((s) => s && s.length >= MIN_SECRET_LENGTH).flatMap((s) => [...secretSpellings(s)]))];
  return (text) => exact.has(text.trim()) || forms.some((form) => text.includes(form));
}

export interface CrossOriginInput {
  headers: [string, string][];
  next: URL;
  secrets: readonly string[];
  /** Credential header names besides HTTP's own (the registries' `auth`, the user's). */
  credentialHeaders?: readonly string[];
}

/** The headers and URL that may go to the other origin, and what was dropped from them. */
export function crossOriginHop(input: CrossOriginInput): { headers: [string, string][]; url: URL; dropped: DroppedOnHop } {
  const names = new Set([...PROTOCOL_CREDENTIALS.headers, ...(input.credentialHeaders ?? [])].map((n) => n.toLowerCase()));
  const holdsSecret = secretMatcher(input.secrets);
  const droppedHeaders: string[] = [];
  const headers = input.headers.filter(([name, value]) => {
    const keep = !names.has(name.toLowerCase()) && !holdsSecret(value);
    if (!keep && !droppedHeaders.some((d) => d.toLowerCase() === name.toLowerCase())) droppedHeaders.push(name);
    return keep;
  });
  const url = new URL(input.next.href);
  const droppedParameters: string[] = [];
  for (const [name, value] of [...url.searchParams]) {
    if (!holdsSecret(value) && !holdsSecret(name)) continue;
    url.searchParams.delete(name);
    if (!droppedParameters.includes(name)) droppedParameters.push(name);
  }
  const dropped: DroppedOnHop = {};
  if (droppedHeaders.length) dropped.headers = droppedHeaders;
  if (droppedParameters.length) dropped.parameters = droppedParameters;
  return { headers, url, dropped };
}
