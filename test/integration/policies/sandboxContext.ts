// A sandbox on free loopback ports and a PolicyContext per registry against it: the catalog's
// real entries, the sandbox's demo values as the environment's variables, secrets from a map the
// test fills, sends through the real send path (undici, the sandbox's private root trusted).
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { rootCertificates } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../../../src/core/catalog';
import type { RegistryEntry } from '../../../src/core/catalog/types';
import { registriesDir } from '../../../src/core/paths';
import { runWithPolicies } from '../../../src/core/policies/pipeline';
import type { Offer, Policy, PolicyContext } from '../../../src/core/policies/types';
import { sendRequest } from '../../../src/core/send/sendRequest';
import type { PreparedRequest, ResponseRecord } from '../../../src/core/send/types';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/server';

export interface SandboxPolicyContext extends PolicyContext {
  notices: string[];
  offers: Offer[];
  /** Every request that went out through `send` (the policies' own calls included). */
  sent: PreparedRequest[];
  secrets: Map<string, string>;
  variables: Map<string, string>;
}

export interface PolicySandbox {
  sandbox: RunningSandbox;
  entries: RegistryEntry[];
  stateDir: string;
  context(registryId: string, options?: { answer?: (offer: Offer) => boolean; stateDir?: string }): SandboxPolicyContext;
  url(registryId: string, path: string): string;
  /** The request through the policies and out. */
  run(request: PreparedRequest, context: PolicyContext, policies: readonly Policy[]): Promise<ResponseRecord>;
  close(): Promise<void>;
}

export async function policySandbox(): Promise<PolicySandbox> {
  const dir = await mkdtemp(join(tmpdir(), 'regx-policies-'));
  const sandbox = await startSandbox({ basePort: 0, stateDir: join(dir, 'sandbox') });
  const catalog = await loadCatalog({ bundledDir: registriesDir(), readFile: (p) => readFile(p), listDir: (p) => readdir(p) });
  const ca = [...rootCertificates, await readFile(sandbox.caFile, 'utf8')];
  const send = (request: PreparedRequest, signal: AbortSignal) => sendRequest(request, { signal, tls: { ca } });
  const stateDir = join(dir, 'state');
  return {
    sandbox,
    entries: catalog.entries,
    stateDir,
    context(registryId, options = {}) {
      const registry = catalog.entries.find((e) => e.id === registryId)!;
      const variables = new Map<string, string>();
      for (const [name, value] of Object.entries(sandbox.credentials[registryId] ?? {})) if (typeof value === 'string') variables.set(name, value);
      const secrets = new Map<string, string>();
      const notices: string[] = [];
      const offers: Offer[] = [];
      const sent: PreparedRequest[] = [];
      return {
        registry,
        environment: 'sandbox',
        secret: async (name) => secrets.get(name),
        variable: (name) => variables.get(name),
        send: async (request, signal) => {
          sent.push(request);
          return send(request, signal);
        },
        ports: {
          decide: async (offer) => {
            offers.push(offer);
            return options.answer?.(offer) ?? false;
          },
          notice: (message) => notices.push(message),
        },
        stateDir: options.stateDir ?? stateDir,
        notices,
        offers,
        sent,
        secrets,
        variables,
      };
    },
    url: (registryId, path) => `${sandbox.registries[registryId]}${path}`,
    run: (request, context, policies) => runWithPolicies(request, context, (r, signal) => context.send(r, signal), new AbortController().signal, { policies }),
    async close() {
      await sandbox.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export function get(url: string, headers: [string, string][] = []): PreparedRequest {
  return { method: 'GET', url, headers, followRedirects: true, secrets: [] };
}

export function jsonBody(record: ResponseRecord): unknown {
  return JSON.parse(record.response!.body.preview);
}
