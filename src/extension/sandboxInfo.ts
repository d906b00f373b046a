// What the extension knows about a running sandbox, and the two pure steps around it: reading
// the ready line `regx sandbox --json` prints, and naming its demo credentials as the catalog's
// secrets. No `vscode` here, so it is tested in plain Node.
import type { RegistryEntry } from '../core/catalog/types';

export interface SandboxInfo {
  /** Base URL by registry id. */
  registries: Record<string, string>;
  /** The sandbox's private root CA (kvk is served over HTTPS under it). */
  caFile: string;
  /** Demo credentials by registry id, e.g. `{ kvk: { apikey: '…' } }`. */
  credentials: Record<string, Record<string, unknown>>;
  /** True when another process runs it. */
  shared: boolean;
}

export function parseReadyLine(line: string): SandboxInfo | undefined {
  const text = line.trim();
  if (!text.startsWith('{')) return undefined;
  try {
    const value = JSON.parse(text) as { registries?: unknown; caFile?: unknown; credentials?: unknown };
    if (typeof value.registries !== 'object' || value.registries === null) return undefined;
    return {
      registries: value.registries as Record<string, string>,
      caFile: typeof value.caFile === 'string' ? value.caFile : '',
      credentials: (typeof value.credentials === 'object' && value.credentials !== null ? value.credentials : {}) as Record<string, Record<string, unknown>>,
      shared: false,
    };
  } catch {
    return undefined;
  }
}

/**
 * The sandbox's demo credentials under the catalog's secret names (`KVK_APIKEY` ← kvk's
 * `apikey`), so a request written for the real registry runs unchanged against the sandbox.
 */
export function sandboxSecrets(info: Pick<SandboxInfo, 'credentials'>, entries: readonly RegistryEntry[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of entries) {
    const auth = entry.auth;
    if (!('secret' in auth)) continue;
    const credentials = info.credentials[entry.id];
    if (!credentials) continue;
    const keys = [auth.type === 'apiKey' ? auth.name : undefined, 'secret', 'password', 'apikey', 'apiKey'].filter((key): key is string => !!key);
    const key = keys.find((candidate) => typeof credentials[candidate] === 'string');
    if (key) out[auth.secret] = credentials[key] as string;
  }
  return out;
}
