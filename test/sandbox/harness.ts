// Shared by every sandbox test file: starts one sandbox on free loopback ports per file, calls
// it over real HTTP(S), records every exchange, and at the end checks each recorded response
// against the OpenAPI document that registry serves (status declared, body matches schema).
import { after, before } from 'node:test';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request, fetch as undiciFetch } from 'undici';
import { loadOpenApi, matchOperation, validateResponse, type OpenApiHost, type OpenApiIndex } from '../../src/core/openapi/index';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../src/sandbox/server';

export type QueryValue = string | number | boolean | (string | number)[];

export interface CallOptions {
  headers?: Record<string, string>;
  /** Objects are sent as JSON; strings and Buffers as they are. */
  body?: unknown;
  query?: Record<string, QueryValue | undefined> | URLSearchParams;
}

export interface CallResult {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON when the answer is JSON, else the text; `undefined` for an empty body. */
  body: unknown;
  text: string;
}

export interface Exchange {
  registry: string;
  method: string;
  path: string;
  status: number;
  contentType: string;
  body: unknown;
  text: string;
}

export interface SandboxHarness {
  readonly sandbox: RunningSandbox;
  /** Settles once the sandbox listens; await it in a file's own `before` hooks (hooks may overlap). */
  readonly started: Promise<RunningSandbox>;
  /** The sandbox's root CA (PEM), trusted by `call`. */
  readonly ca: string;
  /** Every exchange `call` made, in order. */
  readonly exchanges: Exchange[];
  url(registry: string, path: string, query?: CallOptions['query']): string;
  call(registry: string, method: string, path: string, options?: CallOptions): Promise<CallResult>;
  /** Fails with every recorded response that the served OpenAPI document does not describe. */
  assertConformance(): Promise<void>;
}

export interface HarnessOptions extends Omit<SandboxOptions, 'basePort'> {
  /** Check recorded exchanges against the served documents after the file (default true). */
  conformance?: boolean;
}

export function useSandbox(options: HarnessOptions = {}): SandboxHarness {
  let running: RunningSandbox | undefined;
  let ca = '';
  let agent: Agent | undefined;
  let stateDir: string | undefined;
  const exchanges: Exchange[] = [];
  let markStarted!: (value: RunningSandbox) => void;
  let markFailed!: (error: unknown) => void;
  const started = new Promise<RunningSandbox>((resolve, reject) => {
    markStarted = resolve;
    markFailed = reject;
  });
  // A file that never awaits `started` must not see an unhandled rejection as well as the hook failure.
  started.catch(() => undefined);

  const harness: SandboxHarness = {
    get sandbox() {
      if (!running) throw new Error('sandbox not started yet: call the harness from inside a test');
      return running;
    },
    get ca() {
      return ca;
    },
    started,
    exchanges,
    url(registry, path, query) {
      const base = harness.sandbox.registries[registry];
      if (!base) throw new Error(`registry '${registry}' is not hosted by this sandbox`);
      const url = new URL(path, base);
      if (query) {
        const entries = query instanceof URLSearchParams ? [...query.entries()] : Object.entries(query);
        for (const [name, value] of entries) {
          if (value === undefined) continue;
          for (const one of Array.isArray(value) ? value : [value]) url.searchParams.append(name, String(one));
        }
      }
      return url.toString();
    },
    async call(registry, method, path, callOptions = {}) {
      const url = harness.url(registry, path, callOptions.query);
      const headers: Record<string, string> = { ...callOptions.headers };
      let body: string | Buffer | undefined;
      if (Buffer.isBuffer(callOptions.body) || typeof callOptions.body === 'string') body = callOptions.body;
      else if (callOptions.body !== undefined) {
        body = JSON.stringify(callOptions.body);
        if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
      }
      const response = await request(url, { method: method.toUpperCase() as 'GET', headers, body, dispatcher: agent });
      const text = await response.body.text();
      const flat: Record<string, string> = {};
      for (const [name, value] of Object.entries(response.headers)) {
        if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      const contentType = flat['content-type'] ?? '';
      let parsed: unknown = text === '' ? undefined : text;
      if (text !== '' && /json/.test(contentType)) parsed = JSON.parse(text);
      exchanges.push({ registry, method: method.toUpperCase(), path: new URL(url).pathname, status: response.statusCode, contentType, body: parsed, text });
      return { status: response.statusCode, headers: flat, body: parsed, text };
    },
    async assertConformance() {
      const problems = await checkExchanges(harness, exchanges);
      if (problems.length > 0) throw new Error(`responses not described by the served OpenAPI document:\n${problems.join('\n')}`);
    },
  };

  before(async () => {
    try {
      stateDir = await mkdtemp(join(tmpdir(), 'regx-sandbox-test-'));
      running = await startSandbox({ ...options, basePort: 0, stateDir });
      ca = await readFile(running.caFile, 'utf8');
      agent = new Agent({ connect: { ca } });
      markStarted(running);
    } catch (error) {
      markFailed(error);
      throw error;
    }
  });
  after(async () => {
    try {
      if (running && options.conformance !== false) await harness.assertConformance();
    } finally {
      await agent?.close();
      await running?.close();
      if (stateDir) await rm(stateDir, { recursive: true, force: true });
    }
  });
  return harness;
}

// ---- conformance against the served OpenAPI document -------------------------------------

async function checkExchanges(harness: SandboxHarness, exchanges: Exchange[]): Promise<string[]> {
  const indexes = new Map<string, OpenApiIndex>();
  const agent = new Agent({ connect: { ca: harness.ca } });
  const host: OpenApiHost = {
    readFile: async (path) => {
      throw new Error(`the served document should not refer to local files (${path})`);
    },
    fetch: ((url: string, init?: { signal?: AbortSignal; headers?: Record<string, string> }) =>
      undiciFetch(url, { ...init, dispatcher: agent })) as unknown as NonNullable<OpenApiHost['fetch']>,
  };
  const problems: string[] = [];
  try {
    for (const exchange of exchanges) {
      if (exchange.path === '/openapi.json') continue;
      let index = indexes.get(exchange.registry);
      if (!index) {
        index = await loadOpenApi(harness.url(exchange.registry, '/openapi.json'), host);
        indexes.set(exchange.registry, index);
      }
      // An unknown route has nothing to be checked against.
      if (!matchOperation(index, exchange.method, exchange.path)) continue;
      const body = exchange.method === 'HEAD' || exchange.status === 304 ? undefined : exchange.body;
      const result = validateResponse(index, { method: exchange.method, path: exchange.path }, exchange.status, exchange.contentType || undefined, body);
      if (!result.valid) {
        const where = `${exchange.registry} ${exchange.method} ${exchange.path} → ${exchange.status}`;
        problems.push(`${where} (${result.against ?? ''}): ${result.errors.map((e) => `${e.path} ${e.message}`).join('; ')}`);
      }
    }
  } finally {
    await agent.close();
  }
  return problems;
}
