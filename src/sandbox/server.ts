// The sandbox host: one Node process, one loopback origin per registry (kvk over HTTPS under
// the sandbox's private root CA), each registry a request → response function over state.
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { loadOrCreateAuthority } from './authorityStore';
import { lazyOpenApiJson } from './openapiDocument';
import { sandboxRegistrySources, type SandboxRegistryFolders } from './registries/index';
import { SnapshotStore } from './snapshotStore';
import { defaultStateDir } from './stateDir';
import { SANDBOX_ABOUT_PATH, SANDBOX_DEFAULT_BASE_PORT, type SandboxContext, type SandboxRegistry, type SandboxRequest, type SandboxResponse } from './types';

const MAX_BODY_BYTES = 5 * 1024 * 1024;
const LOOPBACK = '127.0.0.1';

export interface SandboxOptions extends SandboxRegistryFolders {
  /** First port; each registry listens on its catalog `sandboxPort` moved by (base - 7400). 0 picks free ports. Default 7400. */
  basePort?: number;
  /** Persist every registry's state here (and keep the CA here). */
  dataDir?: string;
  /** Where the CA lives when there is no `dataDir`; default a per-user state folder. */
  stateDir?: string;
  /** Extra delay in ms before each answer, by registry id: fixed, or drawn from a range per answer. */
  latency?: Record<string, Latency>;
  /** Registry ids to host; default all. */
  registries?: string[];
  now?: () => Date;
  /** Extra registry instances to host beside the known ones (tests, embedders). */
  extraRegistries?: SandboxRegistry[];
}

/** `650`, or `{ min: 500, max: 800 }` for KVK's documented spread. */
export type Latency = number | { min: number; max: number };

function latencyRange(latency: Latency | undefined): { min: number; max: number } {
  if (latency === undefined) return { min: 0, max: 0 };
  return typeof latency === 'number' ? { min: latency, max: latency } : latency;
}

export interface RunningSandbox {
  registries: Record<string, string>;
  caFile: string;
  credentials: Record<string, Record<string, unknown>>;
  close(): Promise<void>;
}

export function knownRegistryIds(folders: SandboxRegistryFolders = {}): string[] {
  return sandboxRegistrySources(folders).map((source) => source.id);
}

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const sources = new Map(sandboxRegistrySources(options).map((source) => [source.id, source]));
  const ids = [...(options.registries ?? sources.keys())];
  if (ids.length === 0 && options.registries === undefined && !options.extraRegistries?.length) throw new Error(`no registry to host: none declares a sandboxPort in ${(options.catalogDirs ?? ['registries/']).join(', ')}`);
  for (const id of ids) {
    if (!sources.has(id)) throw new Error(`unknown sandbox registry '${id}' (known: ${[...sources.keys()].join(', ')})`);
  }
  for (const id of Object.keys(options.latency ?? {})) {
    if (!ids.includes(id) && !options.extraRegistries?.some((r) => r.id === id)) throw new Error(`latency given for '${id}', which this sandbox does not host`);
    const { min, max } = latencyRange(options.latency![id]);
    if (!Number.isFinite(min) || !Number.isFinite(max) || min < 0 || max < min) throw new Error(`latency for '${id}' must be milliseconds ≥ 0 (a range needs min ≤ max)`);
  }
  const basePort = options.basePort ?? SANDBOX_DEFAULT_BASE_PORT;
  const now = options.now ?? (() => new Date());

  const [stored, registries] = await Promise.all([
    loadOrCreateAuthority(options.dataDir ?? options.stateDir ?? defaultStateDir(), now()),
    Promise.all(
      ids.map(async (id) => {
        const factory = await sources.get(id)!.load();
        const registry = factory({ latencyMs: latencyRange(options.latency?.[id]).min });
        return { registry, openapi: lazyOpenApiJson(registry.openapiFile) };
      }),
    ),
  ]);
  for (const registry of options.extraRegistries ?? []) {
    if (ids.includes(registry.id)) throw new Error(`registry '${registry.id}' is given twice`);
    registries.push({ registry, openapi: lazyOpenApiJson(registry.openapiFile) });
    ids.push(registry.id);
  }
  const store = options.dataDir ? new SnapshotStore(options.dataDir) : undefined;
  if (store) await Promise.all(registries.map(({ registry }) => store.restore(registry)));

  const serverCertificate = stored.server;

  // Registries call each other (kla-002) through real HTTP; that client must trust our CA.
  // undici is loaded on the first such call, not at start.
  const closing = new AbortController();
  let agent: import('undici').Agent | undefined;
  const sandboxFetch = (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    const undici = await import('undici');
    agent ??= new undici.Agent({ connect: { ca: stored.authority.cert } });
    return undici.fetch(input as Parameters<typeof undici.fetch>[0], {
      ...(init as Parameters<typeof undici.fetch>[1]),
      dispatcher: agent,
      signal: init?.signal ? AbortSignal.any([init.signal, closing.signal]) : closing.signal,
    });
  }) as unknown as typeof fetch;

  const origins: Record<string, string> = {};
  const byId = new Map(registries.map(({ registry }) => [registry.id, registry]));
  const context: SandboxContext = {
    now,
    origins,
    fetch: sandboxFetch,
    registry: <T extends SandboxRegistry>(id: string) => byId.get(id) as T | undefined,
  };

  const servers: Server[] = [];
  let closed: Promise<void> | undefined;
  // Idempotent: the CLI's signal handler and a caller's `finally` may both close.
  const close = (): Promise<void> => (closed ??= shutdown());
  const shutdown = async (): Promise<void> => {
    closing.abort(new Error('sandbox closing'));
    await Promise.all(
      servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      ),
    );
    await agent?.close();
    if (store) await store.flush(registries.map(({ registry }) => registry));
  };

  try {
    for (const { registry, openapi } of registries) {
      const latency = latencyRange(options.latency?.[registry.id]);
      const listener = (req: IncomingMessage, res: ServerResponse) => {
        void serve(req, res, { registry, openapi, latency, context, origin: origins[registry.id]!, store, closing: closing.signal, caFile: stored.caFile });
      };
      const server = registry.tls ? createHttpsServer({ cert: serverCertificate.cert, key: serverCertificate.key }, listener) : createHttpServer(listener);
      server.keepAliveTimeout = 5000;
      servers.push(server);
      const declared = sources.get(registry.id)?.port;
      // An embedder's extra registry has no catalog port: it takes the next free one after ours.
      const offset = declared !== undefined ? declared - SANDBOX_DEFAULT_BASE_PORT : Math.max(0, ...[...sources.values()].map((s) => s.port - SANDBOX_DEFAULT_BASE_PORT)) + 1 + ids.indexOf(registry.id);
      const port = basePort === 0 ? 0 : basePort + offset;
      await listen(server, port, registry.id);
      const address = server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      origins[registry.id] = `${registry.tls ? 'https' : 'http'}://${LOOPBACK}:${actual}`;
    }
  } catch (error) {
    await close();
    throw error;
  }

  const credentials: Record<string, Record<string, unknown>> = {};
  for (const { registry } of registries) credentials[registry.id] = registry.credentials;
  return { registries: { ...origins }, caFile: stored.caFile, credentials, close };
}

function listen(server: Server, port: number, id: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`port ${port} for the ${id} sandbox is already in use; is another sandbox running? Choose another base with --port, or --port 0 for free ports`)
          : error,
      );
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, LOOPBACK);
  });
}

interface ServeOptions {
  registry: SandboxRegistry;
  openapi: () => Promise<string>;
  latency: { min: number; max: number };
  context: SandboxContext;
  origin: string;
  store: SnapshotStore | undefined;
  closing: AbortSignal;
  caFile: string;
}

async function serve(req: IncomingMessage, res: ServerResponse, options: ServeOptions): Promise<void> {
  const { registry } = options;
  let response: SandboxResponse;
  try {
    const body = await readBody(req);
    if (body === undefined) {
      response = registry.errorResponse?.(413, `request body larger than ${MAX_BODY_BYTES} bytes`) ?? fallbackError(413, 'request body too large');
    } else {
      const url = new URL(req.url ?? '/', options.origin);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      const request: SandboxRequest = { method: (req.method ?? 'GET').toUpperCase(), path: url.pathname, query: url.searchParams, headers, body, origin: options.origin };
      if ((request.method === 'GET' || request.method === 'HEAD') && request.path === '/openapi.json') {
        response = { status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(await options.openapi()) };
      } else if (request.method === 'GET' && request.path === SANDBOX_ABOUT_PATH) {
        // Where this sandbox keeps its CA: a client that found it on the ports (the editor under
        // `npm start`, which runs it with --data) trusts the CA it really serves under.
        response = { status: 200, headers: { 'content-type': 'application/json' }, body: { caFile: options.caFile } };
      } else {
        response = await registry.handle(request, options.context);
        // An answer acknowledges a write only once the write is on disk (--data).
        try {
          await options.store?.commit(registry);
        } catch (error) {
          response = registry.errorResponse?.(500, `the ${registry.id} sandbox could not save this change in its data folder: ${(error as Error).message}`) ?? fallbackError(500, (error as Error).message);
        }
      }
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    try {
      response = registry.errorResponse?.(500, `internal error in the ${registry.id} sandbox: ${message}`) ?? fallbackError(500, message);
    } catch {
      response = fallbackError(500, message);
    }
  }
  const { min, max } = options.latency;
  if (max > 0) await delay(min + Math.random() * (max - min), options.closing);
  try {
    write(res, response);
  } catch (error) {
    // An answer that cannot be sent (bad header value, unserialisable body) is the registry's
    // bug: answer 500 rather than let the rejection take the whole sandbox down.
    if (res.headersSent) res.destroy();
    else write(res, fallbackError(500, `the ${registry.id} sandbox produced an answer that cannot be sent: ${(error as Error).message}`));
  }
}

function fallbackError(status: number, detail: string): SandboxResponse {
  return { status, headers: { 'content-type': 'application/problem+json' }, body: { title: status === 500 ? 'Internal Server Error' : 'Error', status, detail } };
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

function write(res: ServerResponse, response: SandboxResponse): void {
  if (res.destroyed) return;
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(response.headers ?? {})) headers[name.toLowerCase()] = value;
  let payload: Buffer | undefined;
  const body = response.body;
  if (Buffer.isBuffer(body)) payload = body;
  else if (typeof body === 'string') {
    payload = Buffer.from(body);
    headers['content-type'] ??= 'text/plain; charset=utf-8';
  } else if (body !== undefined) {
    payload = Buffer.from(JSON.stringify(body));
    headers['content-type'] ??= 'application/json';
  }
  // 204 and 304 carry no body; HEAD gets the GET headers (Content-Length included), no body.
  if (payload && response.status !== 204 && response.status !== 304) headers['content-length'] = String(payload.length);
  else if (response.status !== 204 && response.status !== 304 && headers['content-length'] === undefined) headers['content-length'] = '0';
  res.writeHead(response.status, headers);
  res.end(payload && response.status !== 204 && response.status !== 304 ? payload : undefined);
}

