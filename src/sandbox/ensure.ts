// Finds a sandbox already listening on the default ports, or starts one: what `--env sandbox`
// and the extension use, so several tools share one sandbox instead of fighting over ports.
import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:tls';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { CA_FILE_NAME } from './authorityStore';
import { registryModules } from './registries/index';
import { knownRegistryIds, startSandbox, type RunningSandbox, type SandboxOptions } from './server';
import { defaultStateDir } from './stateDir';
import { SANDBOX_DEFAULT_BASE_PORT, SANDBOX_PORT_OFFSETS } from './types';

const PROBE_TIMEOUT_MS = 1000;

export interface FoundSandbox extends RunningSandbox {
  /** False when this call started the sandbox (and `close()` stops it); true when it was running already. */
  shared: boolean;
}

/** Demo credentials of every known registry, without starting anything. */
export async function sandboxCredentials(ids: string[] = knownRegistryIds()): Promise<Record<string, Record<string, unknown>>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const id of ids) out[id] = (await registryModules[id]!()).default({}).credentials;
  return out;
}

/**
 * The sandbox listening at `basePort`'s fixed offsets, if every known registry answers there
 * with an OpenAPI document at `/openapi.json`; `undefined` otherwise (nothing, or something else).
 */
export async function findRunningSandbox(basePort: number = SANDBOX_DEFAULT_BASE_PORT, stateDir: string = defaultStateDir()): Promise<FoundSandbox | undefined> {
  const ids = knownRegistryIds();
  // A loopback probe only: certificate trust is checked by the real client later, with caFile.
  const agent = new Agent({ connect: { rejectUnauthorized: false, timeout: PROBE_TIMEOUT_MS } });
  try {
    const registries: Record<string, string> = {};
    const answers = await Promise.all(
      ids.map(async (id) => {
        const module = await registryModules[id]!();
        const scheme = module.default({}).tls ? 'https' : 'http';
        const origin = `${scheme}://127.0.0.1:${basePort + SANDBOX_PORT_OFFSETS[id]!}`;
        registries[id] = origin;
        try {
          const response = await request(`${origin}/openapi.json`, { dispatcher: agent, signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
          const body = (await response.body.json()) as { openapi?: unknown };
          return response.statusCode === 200 && typeof body.openapi === 'string';
        } catch {
          return false;
        }
      }),
    );
    if (!answers.every(Boolean)) return undefined;
    const caFile = join(stateDir, CA_FILE_NAME);
    const tlsOrigin = Object.values(registries).find((origin) => origin.startsWith('https:'));
    // A sandbox started with --data keeps its CA there: only name our CA file if it is the one in use.
    const trusted = existsSync(caFile) && (!tlsOrigin || (await chainsTo(tlsOrigin, readFileSync(caFile, 'utf8'))));
    return { registries, caFile: trusted ? caFile : '', credentials: await sandboxCredentials(ids), shared: true, close: async () => undefined };
  } finally {
    await agent.close();
  }
}

/** True when the TLS server at `origin` presents a certificate that chains to `ca`. */
function chainsTo(origin: string, ca: string): Promise<boolean> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port), ca, servername: 'localhost', rejectUnauthorized: false, timeout: PROBE_TIMEOUT_MS }, () => {
      resolve(socket.authorized);
      socket.end();
    });
    socket.on('timeout', () => {
      resolve(false);
      socket.destroy();
    });
    socket.on('error', () => resolve(false));
  });
}

/** The running sandbox on the default ports, or a new one started there. */
export async function ensureSandbox(options: SandboxOptions = {}): Promise<FoundSandbox> {
  const found = await findRunningSandbox(options.basePort ?? SANDBOX_DEFAULT_BASE_PORT, options.dataDir ?? options.stateDir ?? defaultStateDir());
  if (found) return found;
  return { ...(await startSandbox(options)), shared: false };
}
