// Starts the offline sandbox registries (`regx sandbox --json`) for the e2e suite and `npm start`.
// The samples' `sandbox` environment points at the default ports (7400 + offset), so the sandbox
// runs there; when one of those ports is taken, starting fails with a message naming the port.
import { join } from 'node:path';
import { startProcess, portInUse } from './processes.mjs';

export const SANDBOX_BASE_PORT = 7400;

/**
 * Where `npm start` keeps the sandbox's state and CA (`--data`) under a checkout: the e2e suite
 * runs its sandbox the same way under its scratch folder, so the editor must find that CA.
 */
export function startDataDir(base) {
  return join(base, '.regx', 'sandbox');
}
export const SANDBOX_REGISTRY_COUNT = 7;

function parseReadyLine(output) {
  for (const line of output.split('\n')) {
    const text = line.trim();
    if (!text.startsWith('{')) continue;
    try {
      const info = JSON.parse(text);
      if (info && typeof info === 'object' && info.registries) return [text, info];
    } catch {
      /* a line still being written */
    }
  }
  return null;
}

/** Base URLs by registry id, whichever shape `regx sandbox --json` prints them in. */
export function registryUrls(info) {
  const { registries } = info;
  if (Array.isArray(registries)) return Object.fromEntries(registries.map((r) => [r.id, r.baseUrl ?? r.url ?? r.origin]));
  return Object.fromEntries(Object.entries(registries).map(([id, v]) => [id, typeof v === 'string' ? v : (v.baseUrl ?? v.url ?? v.origin)]));
}

export async function startSandbox({ root, basePort = SANDBOX_BASE_PORT, dataDir, env = {} } = {}) {
  const taken = [];
  for (let offset = 0; offset < SANDBOX_REGISTRY_COUNT; offset++) {
    if (await portInUse(basePort + offset)) taken.push(basePort + offset);
  }
  if (taken.length) {
    throw new Error(
      `the sandbox needs ports ${basePort}..${basePort + SANDBOX_REGISTRY_COUNT - 1} on 127.0.0.1 (the samples' "sandbox" environment points there), ` +
        `but ${taken.join(', ')} ${taken.length === 1 ? 'is' : 'are'} in use. Stop whatever listens there (\`ss -ltnp | grep ${taken[0]}\`) and retry.`,
    );
  }
  const args = [join(root, 'dist', 'cli.js'), 'sandbox', '--json', '--port', String(basePort)];
  if (dataDir) args.push('--data', dataDir);
  const handle = startProcess('sandbox', process.execPath, args, { cwd: root, env, ready: parseReadyLine, timeoutMs: 30_000 });
  const [, info] = await handle.ready;
  return { handle, info, urls: registryUrls(info) };
}

/** The table `npm start` prints. */
export function sandboxTable(info) {
  const urls = registryUrls(info);
  const width = Math.max(...Object.keys(urls).map((id) => id.length));
  const lines = Object.entries(urls).map(([id, url]) => `  ${id.padEnd(width)}  ${url}`);
  if (info.caFile) lines.push(`  CA certificate (kvk's private root): ${info.caFile}`);
  return lines.join('\n');
}
