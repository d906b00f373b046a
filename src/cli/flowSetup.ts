// What `regx flow run` and `regx test` need to load and run flows from a terminal: the catalog
// and an OpenAPI cache for sources, the sandbox when a registry source runs against it, the
// environment files for .http sources, and the step sender: the send session, so each step gets
// its registry's policies as a request from a .http file does.

import { readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CommandIo } from './commands';
import { UsageError } from './errors';
import { findWorkspaceRoot, loadEnvironments, UnknownEnvironmentError } from '../core/env/loadEnvironments';
import type { Catalog } from '../core/catalog/loadCatalog';
import { loadCliCatalog } from './catalog';
import { loadSandboxModule } from './sandboxModule';
import { OpenApiCache } from '../core/openapi/OpenApiCache';
import { parseHttp } from '../core/http/parser';
import { proxyFromEnvironment } from '../core/send/proxyTunnel';
import type { FlowSourceHost } from '../core/flows/sources';
import type { LoadedFlow } from '../core/flows/loadFlow';
import type { FlowRunHost } from '../core/flows/runFlow';
import { HttpSteps } from '../core/flows/httpSteps';
import { SessionStepSender } from '../core/flows/sessionStepSender';
import { SendSession } from '../core/run/session';
import type { SandboxDetails } from '../core/catalog/catalogVariables';
import { defaultStateDir } from '../sandbox/stateDir';
import type { VariableValue } from '../core/variables/types';
import { cliTls, type TlsFlags } from './tlsOptions';

export interface FlowCliOptions {
  env?: string;
  timeoutMs: number;
  /** `--ca`, `--cert`, `--key`, `--pfx`, `--insecure` as given (relative to the working folder). */
  tls: TlsFlags;
  proxy?: string;
}

export interface FlowCli {
  sourceHost: FlowSourceHost;
  /** Ready to run `flow`: the sandbox started when one of its registries runs there. */
  runHost(flow: LoadedFlow, filePath: string): Promise<FlowRunHost & { knownSecrets: string[] }>;
  close(): Promise<void>;
}

function readPem(file: string, what: string): string {
  try {
    const text = readFileSync(file, 'utf8');
    if (!text.includes('-----BEGIN CERTIFICATE-----')) throw new Error('no PEM certificate in it');
    return text;
  } catch (error) {
    throw new UsageError(`${what} '${file}': ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
}

export function createFlowCli(io: CommandIo, options: FlowCliOptions, startDir: string): FlowCli {
  const fetchWithTimeout = (url: string, init?: { signal?: AbortSignal; headers?: Record<string, string> }) =>
    fetch(url, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, AbortSignal.timeout(10_000)]) : AbortSignal.timeout(10_000) });
  const openApi = new OpenApiCache({ readFile: (p) => readFile(p), stat: (p) => stat(p), fetch: fetchWithTimeout });
  let catalog: Promise<Catalog> | undefined;
  const workspace = findWorkspaceRoot(startDir, io.cwd);
  const sourceHost: FlowSourceHost = {
    readText: (path) => readFile(path, 'utf8'),
    catalog: () => (catalog ??= loadCliCatalog(io.env, [workspace], io.unusualRun)),
    openApi: (source) => openApi.get(source),
    parseHttp,
  };
  const closers: (() => Promise<void>)[] = [];

  async function runHost(flow: LoadedFlow, filePath: string): Promise<FlowRunHost & { knownSecrets: string[] }> {
    const secrets: Record<string, string> = {};
    for (const [key, value] of Object.entries(io.env)) if (key.startsWith('REGX_SECRET_') && value) secrets[key.slice('REGX_SECRET_'.length)] = value;
    // The sandbox's CA, when one is started below; the flags' files are checked before it starts.
    const ca: string[] = [];
    const tls = await cliTls({ flags: options.tls, cwd: io.cwd, env: io.env, workspaceRoot: findWorkspaceRoot(dirname(filePath), io.cwd), extraCa: ca, secrets, warn: (message) => io.stderr.write(`warning: ${message}\n`) });
    let sandboxDetails: SandboxDetails | undefined;
    const sandboxSources = [...allSources(flow)].filter((s) => s.kind === 'openapi' && s.registry?.environment.sandbox);
    if (sandboxSources.length) {
      const { ensureSandbox, sandboxBasePort } = await loadSandboxModule();
      const basePort = sandboxBasePort(io.env);
      let sandbox: Awaited<ReturnType<typeof ensureSandbox>>;
      try {
        sandbox = await ensureSandbox({ basePort });
      } catch (error) {
        throw new Error(`the sandbox could not start on ${basePort === 0 ? 'free ports' : `the ports from 127.0.0.1:${basePort}`} (${(error as Error).message}). Stop what uses those ports, set REGX_SANDBOX_PORT to another first port (0 = any free ones), or run 'regx sandbox' yourself.`);
      }
      if (!sandbox.shared) {
        closers.push(() => sandbox.close());
        io.stderr.write(`started the sandbox for this run (${Object.keys(sandbox.registries).length} registries)\n`);
      }
      if (sandbox.caFile) ca.push(readPem(sandbox.caFile, 'sandbox CA'));
      sandboxDetails = sandbox;
      // A sandbox on other ports than the catalog's: requests go where it actually listens.
      for (const source of sandboxSources) {
        if (source.kind !== 'openapi' || !source.registry || !source.baseUrl) continue;
        const actual = sandbox.registries[source.registry.entry.id];
        if (actual) source.baseUrl = actual.replace(/\/+$/, '') + source.baseUrl.slice(new URL(source.baseUrl).origin.length);
      }
    }
    const environments = loadEnvironments({ from: dirname(filePath), root: findWorkspaceRoot(dirname(filePath), io.cwd) });
    for (const warning of environments.warnings) io.stderr.write(`warning: ${warning}\n`);
    let environment: Map<string, VariableValue>;
    try {
      const name = options.env && environments.environments.some((e) => e.name === options.env) ? options.env : undefined;
      environment = environments.select(name);
    } catch (error) {
      if (error instanceof UnknownEnvironmentError) throw new UsageError(error.message);
      throw error;
    }
    const knownSecrets = [...Object.values(secrets), ...[...environment.values(), ...environments.dotenv.values()].filter((v) => v.secret).map((v) => v.value)];
    // The one send session: each step gets its registry's policies (auth, mandatory headers, …).
    const session = new SendSession({
      catalog: await sourceHost.catalog!(),
      environment: options.env,
      variables: { environment, dotenv: environments.dotenv, shared: environments.select(undefined), definedIn: environments.definedIn, processEnv: io.env },
      secrets,
      sandbox: sandboxDetails,
      tls,
      send: { tls: { insecure: options.tls.insecure }, proxy: proxyFromEnvironment(io.env, options.proxy), defaultTimeoutMs: options.timeoutMs || undefined },
      // The flow's own criteria judge its steps; the reports carry no schema verdicts yet.
      validation: 'off',
      stateDir: defaultStateDir(io.env),
      ports: {
        // Nobody to ask in a terminal: offers are declined, writes a flow makes are its own steps.
        decide: async () => false,
        notice: (message) => io.stderr.write(`note: ${message}\n`),
        warn: (message) => io.stderr.write(`warning: ${message}\n`),
        readFile: (path) => readFile(path),
      },
    });
    const sender = new SessionStepSender(session, knownSecrets);
    const httpSteps = new HttpSteps((path) => readFile(path));
    return {
      sender,
      knownSecrets,
      readFile: (path) => readFile(path),
      prepareHttp: (source, request) =>
        httpSteps.prepare(source, request, { environment, environmentName: options.env, definedIn: environments.definedIn, shared: environments.select(undefined), dotenv: environments.dotenv, secrets, processEnv: io.env }),
      httpAnswered: (source, request, record) => httpSteps.answered(source, request, record),
    };
  }

  return {
    sourceHost,
    runHost,
    async close() {
      for (const close of closers.splice(0)) await close();
    },
  };
}

function* allSources(flow: LoadedFlow): Generator<LoadedFlow['sources'] extends Map<string, infer S> ? S : never> {
  yield* flow.sources.values();
  for (const external of flow.externals.values()) yield* allSources(external);
}
