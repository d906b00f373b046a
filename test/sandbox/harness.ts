// Shared by every sandbox test file: starts one sandbox on free loopback ports per file, calls
// it over real HTTP(S), records every exchange, and at the end checks each recorded response
// against the OpenAPI document that registry serves (status declared, body matches schema).
import { after, before } from 'node:test';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { dereference } from '@apidevtools/json-schema-ref-parser';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
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

  const harness: SandboxHarness = {
    get sandbox() {
      if (!running) throw new Error('sandbox not started yet: call the harness from inside a test');
      return running;
    },
    get ca() {
      return ca;
    },
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
    stateDir = await mkdtemp(join(tmpdir(), 'regx-sandbox-test-'));
    running = await startSandbox({ ...options, basePort: 0, stateDir });
    ca = await readFile(running.caFile, 'utf8');
    agent = new Agent({ connect: { ca } });
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

interface OpenApiOperation {
  responses?: Record<string, { content?: Record<string, { schema?: object }> }>;
}
interface OpenApiDocument {
  paths?: Record<string, Record<string, OpenApiOperation>>;
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

async function checkExchanges(harness: SandboxHarness, exchanges: Exchange[]): Promise<string[]> {
  const documents = new Map<string, OpenApiDocument>();
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  const compiled = new WeakMap<object, ValidateFunction>();
  const problems: string[] = [];
  for (const exchange of exchanges) {
    if (exchange.path === '/openapi.json') continue;
    let document = documents.get(exchange.registry);
    if (!document) {
      const served = await request(harness.url(exchange.registry, '/openapi.json'), { dispatcher: new Agent({ connect: { ca: harness.ca } }) });
      document = (await dereference((await served.body.json()) as object)) as OpenApiDocument;
      documents.set(exchange.registry, document);
    }
    const where = `${exchange.registry} ${exchange.method} ${exchange.path} → ${exchange.status}`;
    const operation = findOperation(document, exchange.method, exchange.path);
    if (!operation) continue; // an unknown route: nothing to check it against
    const responses = operation.responses ?? {};
    const declared = responses[String(exchange.status)] ?? responses[`${String(exchange.status)[0]}XX`] ?? responses.default;
    if (!declared) {
      problems.push(`${where}: status not declared`);
      continue;
    }
    if (exchange.method === 'HEAD' || exchange.status === 304 || exchange.body === undefined) continue;
    const mediaType = exchange.contentType.split(';')[0]!.trim();
    const content = declared.content ?? {};
    const media = content[mediaType] ?? (mediaType.endsWith('json') ? Object.entries(content).find(([name]) => name.endsWith('json'))?.[1] : undefined);
    if (!media) {
      problems.push(`${where}: content-type ${mediaType} not declared (declared: ${Object.keys(content).join(', ') || 'none'})`);
      continue;
    }
    if (!media.schema) continue;
    let validate = compiled.get(media.schema);
    if (!validate) {
      validate = ajv.compile(media.schema);
      compiled.set(media.schema, validate);
    }
    if (!validate(exchange.body)) {
      problems.push(`${where}: ${ajv.errorsText(validate.errors, { dataVar: 'body' })}`);
    }
  }
  return problems;
}

function findOperation(document: OpenApiDocument, method: string, path: string): OpenApiOperation | undefined {
  const actual = path.split('/').filter(Boolean);
  let best: { operation: OpenApiOperation; literal: number } | undefined;
  for (const [template, item] of Object.entries(document.paths ?? {})) {
    const parts = template.split('/').filter(Boolean);
    if (parts.length !== actual.length) continue;
    let literal = 0;
    let matches = true;
    for (let i = 0; i < parts.length; i++) {
      if (parts[i]!.startsWith('{')) continue;
      if (parts[i] !== actual[i]) {
        matches = false;
        break;
      }
      literal++;
    }
    if (!matches) continue;
    const operation = Object.entries(item).find(([name]) => METHODS.has(name) && name.toUpperCase() === method)?.[1];
    if (operation && (!best || literal > best.literal)) best = { operation, literal };
  }
  return best?.operation;
}
