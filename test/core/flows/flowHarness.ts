// A flow against a loopback server of the test's own: the OpenAPI description and the Arazzo
// file are written to a temporary folder, the server answers as the test scripts it, and the
// requests go out over real HTTP through the step sender. Waits are recorded, not slept.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOpenApi } from '../../../src/core/openapi/loadOpenApi';
import { parseHttp } from '../../../src/core/http/parser';
import { SendPipeline } from '../../../src/core/send/sendPipeline';
import { loadFlow, type LoadFlowResult } from '../../../src/core/flows/loadFlow';
import { runFlow, type FlowRunHost, type FlowRunOptions } from '../../../src/core/flows/runFlow';
import { PipelineStepSender } from '../../helpers/pipelineStepSender';
import type { FlowSourceHost } from '../../../src/core/flows/sources';
import type { FlowEvent, FlowRunResult } from '../../../src/core/flows/flowRunTypes';
import { startHttpServer, type Handler, type TestServer } from '../../helpers/http-servers';

export interface FlowFixture {
  server: TestServer;
  dir: string;
  /** Milliseconds each retry wait asked for, in order. */
  sleeps: number[];
  close(): Promise<void>;
  load(arazzo: string, extraFiles?: Record<string, string>): Promise<LoadFlowResult>;
  run(arazzo: string, options?: Partial<FlowRunOptions> & { host?: Partial<FlowRunHost> }): Promise<FlowRunResult & { events: FlowEvent[] }>;
}

export const sourceHost: FlowSourceHost = {
  readText: (path) => readFile(path, 'utf8'),
  openApi: (source) => loadOpenApi(source, { readFile: (p) => readFile(p) }),
  parseHttp,
};

/** `openapi` may use `SERVER` where the server's URL goes. */
export async function flowFixture(openapi: string, handler: Handler): Promise<FlowFixture> {
  const server = await startHttpServer(handler);
  const dir = await mkdtemp(join(tmpdir(), 'regx-flow-'));
  await writeFile(join(dir, 'api.yaml'), openapi.replace(/SERVER/g, server.url));
  const sleeps: number[] = [];
  const fixture: FlowFixture = {
    server,
    dir,
    sleeps,
    async close() {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
    async load(arazzo, extraFiles = {}) {
      for (const [name, text] of Object.entries(extraFiles)) await writeFile(join(dir, name), text.replace(/SERVER/g, server.url));
      const file = join(dir, 'flow.arazzo.yaml');
      await writeFile(file, arazzo);
      return loadFlow(arazzo, file, sourceHost);
    },
    async run(arazzo, options = {}) {
      const loaded = await fixture.load(arazzo);
      if (!loaded.flow) throw new Error(`flow did not load:\n${loaded.diagnostics.map((d) => `${d.range.start.line}: ${d.message}`).join('\n')}`);
      const events: FlowEvent[] = [];
      const { host: hostOverrides, ...rest } = options;
      const host: FlowRunHost = {
        sender: new PipelineStepSender(new SendPipeline()),
        readFile: (p) => readFile(p),
        sleep: async (ms) => {
          sleeps.push(ms);
        },
        ...hostOverrides,
      };
      const result = await runFlow({ flow: loaded.flow, onEvent: (e) => events.push(e), ...rest }, host);
      return { ...result, events };
    },
  };
  return fixture;
}

export function json(response: import('node:http').ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}
