// Shipped flows against a sandbox of this test file's own (port 0): each flow is loaded as the CLI
// loads it (catalog, the registry's OpenAPI description), its registry sources pointed at this
// sandbox, and run through the step sender over real HTTP.
//
// The credentials and mandatory headers of each registry are the send session's policies, which
// are not on main yet; until they are, `demoCredentials` adds the sandbox's published demo values
// here, in the test only (never in a flow, never in src/): apiKey headers, Basic, a ZGW JWT, the
// AllSolutions token, VR-Initiator + a fresh x-correlation-id. When the session lands, its send()
// replaces this and the flows stay as they are.
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { after, before } from 'node:test';
import { SignJWT } from 'jose';
import { loadCatalog } from '../../../src/core/catalog/loadCatalog';
import { loadOpenApi } from '../../../src/core/openapi/loadOpenApi';
import { parseHttp } from '../../../src/core/http/parser';
import { registriesDir } from '../../../src/core/paths';
import { SendPipeline } from '../../../src/core/send/sendPipeline';
import { loadFlow, type LoadedFlow } from '../../../src/core/flows/loadFlow';
import { runFlow, type FlowRunOptions } from '../../../src/core/flows/runFlow';
import { PipelineStepSender } from '../../helpers/pipelineStepSender';
import type { StepExchange, StepRequestSpec, StepSender } from '../../../src/core/flows/stepSender';
import type { FlowSourceHost } from '../../../src/core/flows/sources';
import type { FlowRunResult } from '../../../src/core/flows/flowRunTypes';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/server';

export interface SandboxFlows {
  readonly sandbox: RunningSandbox;
  load(relativePath: string, environment?: string): Promise<LoadedFlow>;
  run(relativePath: string, workflowId: string, options?: Partial<FlowRunOptions> & { environment?: string }): Promise<FlowRunResult>;
  sender(): StepSender;
}

export const sourceHost: FlowSourceHost = {
  readText: (path) => readFile(path, 'utf8'),
  catalog: () => loadCatalog({ bundledDir: registriesDir(), readFile: (p) => readFile(p), listDir: (p) => readdir(p) }),
  openApi: (source) => loadOpenApi(source, { readFile: (p) => readFile(p) }),
  parseHttp,
};

class DemoCredentialSender implements StepSender {
  private allSolutionsToken?: Promise<string>;
  constructor(
    private readonly inner: PipelineStepSender,
    private readonly sandbox: RunningSandbox,
  ) {}

  private async headersFor(spec: StepRequestSpec): Promise<[string, string][]> {
    const demo = (this.sandbox.credentials[spec.registry ?? ''] ?? {}) as Record<string, string>;
    switch (spec.registry) {
      case 'kvk':
        return [['apikey', demo.kvkApiKey!]];
      case 'vr-publiek':
        return [['vr-api-key', demo.vrPubliekApiKey!]];
      case 'vr-beheer':
        return [['VR-Initiator', demo.vrInitiator!], ['x-correlation-id', randomUUID()]];
      case 'data-collectief':
        return [['Authorization', `Basic ${Buffer.from(`${demo.dataCollectiefUser}:${demo.dataCollectiefPassword}`).toString('base64')}`]];
      case 'vng-klanten': {
        const jwt = await new SignJWT({ client_id: demo.klantenClientId, user_id: 'flows-test', user_representation: 'Flows test' })
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuedAt()
          .setIssuer(demo.klantenClientId!)
          .sign(new TextEncoder().encode(demo.klantenSecret));
        return [['Authorization', `Bearer ${jwt}`]];
      }
      case 'allsolutions': {
        const client: [string, string][] = [['X-Client-Id', demo.allSolutionsClientId!], ['X-Client-Secret', demo.allSolutionsClientSecret!]];
        if (/\/token$/.test(new URL(spec.url).pathname)) return client;
        this.allSolutionsToken ??= (async () => {
          const origin = this.sandbox.registries.allsolutions!;
          const response = await fetch(`${origin}/api/v1/token`, { method: 'POST', headers: Object.fromEntries([...client, ['content-type', 'application/json']]), body: JSON.stringify({ username: demo.allSolutionsUser, password: demo.allSolutionsPassword }) });
          return ((await response.json()) as { access_token: string }).access_token;
        })();
        return [...client, ['Authorization', `Bearer ${await this.allSolutionsToken}`]];
      }
      default:
        return [];
    }
  }

  async send(spec: StepRequestSpec, options: { environment?: string; signal: AbortSignal }): Promise<StepExchange> {
    const present = new Set(spec.headers.map(([name]) => name.toLowerCase()));
    const added = (await this.headersFor(spec)).filter(([name]) => !present.has(name.toLowerCase()));
    return this.inner.send({ ...spec, headers: [...spec.headers, ...added] }, options);
  }
}

export function useSandboxFlows(): SandboxFlows {
  let sandbox: RunningSandbox | undefined;
  let stateDir: string | undefined;
  let ca = '';
  before(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'regx-flows-sandbox-'));
    sandbox = await startSandbox({ basePort: 0, stateDir });
    ca = await readFile(sandbox.caFile, 'utf8');
  });
  after(async () => {
    await sandbox?.close();
    if (stateDir) await rm(stateDir, { recursive: true, force: true });
  });
  const flows: SandboxFlows = {
    get sandbox() {
      if (!sandbox) throw new Error('the sandbox is not started yet');
      return sandbox;
    },
    async load(relativePath, environment) {
      const file = join(registriesDir(), relativePath);
      const loaded = await loadFlow(await readFile(file, 'utf8'), file, sourceHost, { environment });
      if (!loaded.flow) throw new Error(`${relativePath} did not load:\n${loaded.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.column} ${d.message}`).join('\n')}`);
      for (const source of loaded.flow.sources.values()) {
        if (source.kind !== 'openapi' || !source.registry?.environment.sandbox || !source.baseUrl) continue;
        const origin = flows.sandbox.registries[source.registry.entry.id]!;
        source.baseUrl = origin + source.baseUrl.slice(new URL(source.baseUrl).origin.length);
      }
      return loaded.flow;
    },
    sender() {
      const inner = new PipelineStepSender(new SendPipeline([]), { tls: { ca: [...rootCertificates, ca] }, defaultTimeoutMs: 15_000 });
      return new DemoCredentialSender(inner, flows.sandbox);
    },
    async run(relativePath, workflowId, options = {}) {
      const flow = await flows.load(relativePath, options.environment);
      return runFlow({ flow, workflowId, ...options }, { sender: flows.sender(), readFile: (p) => readFile(p) });
    },
  };
  return flows;
}

/** Why a run failed, readable in an assertion message. */
export function failureOf(result: FlowRunResult): string {
  return result.workflows.map((w) => `${w.workflowId}: ${w.status}${w.failure ? ` at ${w.failure.stepId ?? '-'}: ${w.failure.reason}` : ''}`).join('\n');
}
