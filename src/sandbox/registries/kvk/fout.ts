import type { SandboxResponse } from '../../types';

/** KVK's error body: `{"fout":[{"code","omschrijving"}]}`. */
export function fout(status: number, code: string, omschrijving: string, headers: Record<string, string> = {}): SandboxResponse {
  return { status, headers: { 'content-type': 'application/hal+json', ...headers }, body: { fout: [{ code, omschrijving }] } };
}
