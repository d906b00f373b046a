// What the extension knows about a running sandbox, and the two pure steps around it: reading
// the ready line `regx sandbox --json` prints. No `vscode` here, so it is tested in plain Node.

export interface SandboxInfo {
  /** Base URL by registry id. */
  registries: Record<string, string>;
  /** The sandbox's private root CA (kvk is served over HTTPS under it). */
  caFile: string;
  /** Demo values by registry id under the catalog's variable names, e.g. `{ kvk: { kvkApiKey: '…' } }`. */
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
