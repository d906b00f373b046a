// ZGW error bodies (vng-api-common): `Fout` and, for 400, `ValidatieFout` with `invalidParams`.
import { randomUUID } from 'node:crypto';
import type { SandboxResponse } from '../../types';

export interface InvalidParam {
  name: string;
  code: string;
  reason: string;
}

const TITLES: Record<number, string> = {
  400: 'Invalid input.',
  401: 'Authenticatiegegevens zijn niet opgegeven.',
  403: 'U heeft geen toestemming om deze actie uit te voeren.',
  404: 'Niet gevonden.',
  405: 'Methode niet toegestaan.',
  406: 'Kon niet voldoen aan de opgegeven Accept header.',
  413: 'Verzoek te groot.',
  415: 'Niet-ondersteund mediatype in verzoek.',
  500: 'Er is een serverfout opgetreden.',
};

export const API_VERSION = '1.0.0';

export function fout(status: number, code: string, detail: string, headers: Record<string, string> = {}): SandboxResponse {
  return {
    status,
    headers: { 'content-type': 'application/problem+json', 'api-version': API_VERSION, ...headers },
    body: { type: `https://sandbox.register-explorer.invalid/ref/fouten/${code}/`, code, title: TITLES[status] ?? 'Fout.', status, detail, instance: `urn:uuid:${randomUUID()}` },
  };
}

export function validatieFout(invalidParams: InvalidParam[]): SandboxResponse {
  const response = fout(400, 'invalid', 'Validatiefout.');
  (response.body as Record<string, unknown>).invalidParams = invalidParams;
  return response;
}
