// Finds a sandbox already listening on the default ports, or starts one: what `--env sandbox`
// and the extension use, so several tools share one sandbox instead of fighting over ports.
import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:tls';
import { isAbsolute, join } from 'node:path';
import { Agent, request } from 'undici';
import { CA_FILE_NAME } from './authorityStore';
import { sandboxRegistrySources, type SandboxRegistryFolders } from './registries/index';
import { startSandbox, type RunningSandbox, type SandboxOptions } from './server';
import { defaultStateDir } from './stateDir';
import { SANDBOX_ABOUT_PATH, SANDBOX_DEFAULT_BASE_PORT } from './types';

// A port with nothing on it refuses at once, so this bound only waits on something that listens:
// a busy machine (a loaded CI runner, a build) can take more than a second to answer on loopback,
// and a probe that gives up too soon starts a second sandbox that then fails on the taken ports.
const PROBE_TIMEOUT_MS = 5000;

export interface FoundSandbox extends RunningSandbox {
  /** False when this call started the sandbox (and `close()` stops it); true when it was running already. */
  shared: boolean;
}

/** Demo credentials of every known registry, without starting anything. */
export async function sandboxCredentials(folders: SandboxRegistryFolders = {}): Promise<Record<string, Record<string, unknown>>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const source of sandboxRegistrySources(folders)) out[source.id] = (await source.load())({}).credentials;
  return out;
}

/**
 * The sandbox listening at `basePort`'s fixed offsets, if every known registry answers there
 * with an OpenAPI document at `/openapi.json`; `undefined` otherwise (nothing, or something else).
 */
export async function findRunningSandbox(basePort: number = SANDBOX_DEFAULT_BASE_PORT, stateDir: string = defaultStateDir(), folders: SandboxRegistryFolders = {}): Promise<FoundSandbox | undefined> {
  const sources = sandboxRegistrySources(folders);
  if (sources.length === 0) return undefined;
  // A loopback probe only: certificate trust is checked by the real client later, with caFile.
  const agent = new Agent({ connect: { rejectUnauthorized: false, timeout: PROBE_TIMEOUT_MS } });
  try {
    const registries: Record<string, string> = {};
    const answers = await Promise.all(
      sources.map(async ({ id, port, load }) => {
        const scheme = (await load())({}).tls ? 'https' : 'http';
        const origin = `${scheme}://127.0.0.1:${basePort + port - SANDBOX_DEFAULT_BASE_PORT}`;
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
    const tlsOrigin = Object.values(registries).find((origin) => origin.startsWith('https:'));
    // A sandbox started with --data (`npm start`) keeps its CA there, not in our state dir: ask it
    // where its CA is, and name a CA file only when the running kvk chains to it.
    const told = await announcedCaFile(tlsOrigin ?? Object.values(registries)[0]!, agent);
    let caFile = '';
    for (const candidate of [told, join(stateDir, CA_FILE_NAME)]) {
      if (!candidate || !existsSync(candidate)) continue;
      if (tlsOrigin && !(await chainsTo(tlsOrigin, readFileSync(candidate, 'utf8')))) continue;
      caFile = candidate;
      break;
    }
    return { registries, caFile, credentials: await sandboxCredentials(folders), shared: true, close: async () => undefined };
  } finally {
    await agent.close();
  }
}

/** The CA file a running sandbox names at SANDBOX_ABOUT_PATH; undefined from an older sandbox or anything else. */
async function announcedCaFile(origin: string, agent: Agent): Promise<string | undefined> {
  try {
    const response = await request(`${origin}${SANDBOX_ABOUT_PATH}`, { dispatcher: agent, signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    if (response.statusCode !== 200) {
      await response.body.dump();
      return undefined;
    }
    const body = (await response.body.json()) as { caFile?: unknown };
    return typeof body.caFile === 'string' && isAbsolute(body.caFile) ? body.caFile : undefined;
  } catch {
    return undefined;
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

/**
 * The sandbox's first port as the CLI's `--env sandbox` uses it: `REGX_SANDBOX_PORT`, else the
 * default 7400. `0` asks for a sandbox of this run's own on free ports (nothing is probed), which
 * is how tests and a machine whose 7400-7406 are taken run `--env sandbox`.
 */
export function sandboxBasePort(env: NodeJS.ProcessEnv): number {
  const text = env.REGX_SANDBOX_PORT?.trim();
  if (!text) return SANDBOX_DEFAULT_BASE_PORT;
  const port = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(port === 0 || (port >= 1024 && port <= 65000))) throw new Error(`REGX_SANDBOX_PORT is a port from 1024 to 65000, or 0 for free ports, not '${text}'`);
  return port;
}

/** The running sandbox on the base port's ports, or a new one started there (base 0: always a new one). */
export async function ensureSandbox(options: SandboxOptions = {}): Promise<FoundSandbox> {
  const basePort = options.basePort ?? SANDBOX_DEFAULT_BASE_PORT;
  const found = basePort === 0 ? undefined : await findRunningSandbox(basePort, options.dataDir ?? options.stateDir ?? defaultStateDir(), options);
  if (found) return found;
  return { ...(await startSandbox({ ...options, basePort })), shared: false };
}
