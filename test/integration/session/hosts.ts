// The two hosts of the send session, side by side in plain Node: `regx run` (the CLI command,
// in process, with its own flags, env files and history file) and the editor's adapter
// (src/extension/editorSession.ts with fake ports instead of vscode), each against a fresh
// sandbox of its own on free ports so both see the same registry state.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { run as runCommand } from '../../../src/cli/commands/run';
import { loadCatalog } from '../../../src/core/catalog';
import { credentialVariables } from '../../../src/core/catalog/catalogVariables';
import { loadEnvironments } from '../../../src/core/env/loadEnvironments';
import { parseHttp } from '../../../src/core/http/parser';
import { HistoryStore, type HistoryEntry } from '../../../src/core/history/historyStore';
import { OpenApiCache } from '../../../src/core/openapi/OpenApiCache';
import { registriesDir } from '../../../src/core/paths';
import type { RunResult } from '../../../src/core/run/runTypes';
import { ConnectionPool } from '../../../src/core/send/connectionPool';
import { editorSession } from '../../../src/extension/editorSession';
import { editorTls } from '../../../src/extension/editorTls';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/server';

/** One request per registry; the auth and mandatory headers the file leaves out come from the policies. */
export const EVERY_REGISTRY = `### KVK: the key written in the file
# @registry kvk
# @name zoek
GET {{kvkBaseUrl}}/test/api/v2/zoeken?naam=Test&type=rechtspersoon&resultatenPerPagina=10
apikey: {{kvkApiKey}}

?? status == 200

### KVK: the key added by the auth policy, the number from the named response
# @registry kvk
GET {{kvkBaseUrl}}/test/api/v1/basisprofielen/{{zoek.response.body.$.resultaten[0].kvkNummer}}?geoData=false

### VR Publiek: the key in the query, where the user wrote it
# @registry vr-publiek
GET {{vrPubliekBaseUrl}}/v1/verenigingen/zoeken?q=naam:schaak*&limit=2&vr-api-key={{vrPubliekApiKey}}

### VR ACM
# @registry vr-acm
GET {{vrAcmBaseUrl}}/v1/verenigingen?insz={{vrAcmInsz}}

### VR Beheer: x-correlation-id and VR-Initiator added
# @registry vr-beheer
GET {{vrBeheerBaseUrl}}/v1/verenigingen/V0001001

### VNG Klanten: a ZGW JWT minted per request
# @registry vng-klanten
GET {{klantenBaseUrl}}/api/v1/klanten?bronorganisatie=002220647&page=1

### DATA-collectief: Basic credentials
# @registry data-collectief
GET {{dataCollectiefBaseUrl}}/api/v1/messagereasons

### AllSolutions: the token flow
# @registry allsolutions
GET {{allSolutionsBaseUrl}}/api/v1/artikelen
`;

export interface Workspace {
  dir: string;
  file: string;
  sandbox: RunningSandbox;
  /** Origin → registry id, to compare two sandboxes' URLs. */
  origins: Map<string, string>;
  /** Every credential value the file's environment holds (the registries' `role: credential` variables and their auth secrets). */
  secrets: string[];
}

/**
 * A workspace whose environment `name` points every catalog base URL at a fresh sandbox: public
 * values in http-client.env.json, credentials in http-client.private.env.json — the sandbox's
 * demo values, or `planted(variable)` for each credential when given.
 */
export async function workspace(dir: string, name: string, planted?: (variable: string) => string): Promise<Workspace> {
  mkdirSync(dir, { recursive: true });
  const sandbox = await startSandbox({ basePort: 0, stateDir: join(dir, 'sandbox-state') });
  const catalog = await loadCatalog({ bundledDir: registriesDir(), workspaceDirs: [], readFile: (p) => readFile(p), listDir: (p) => readdir(p) });
  const credentials = credentialVariables(catalog.entries);
  const publicValues: Record<string, string> = {};
  const privateValues: Record<string, string> = {};
  const origins = new Map<string, string>();
  for (const entry of catalog.entries) {
    const origin = sandbox.registries[entry.id];
    if (!origin) continue;
    origins.set(origin, entry.id);
    const base = entry.variables.find((v) => v.role === 'baseUrl');
    if (base) publicValues[base.name] = origin;
    for (const [variable, value] of Object.entries(sandbox.credentials[entry.id] ?? {})) {
      if (typeof value !== 'string') continue;
      if (credentials.has(variable)) privateValues[variable] = planted ? planted(variable) : value;
      else publicValues[variable] = value;
    }
  }
  writeFileSync(join(dir, 'http-client.env.json'), JSON.stringify({ [name]: publicValues }, null, 2));
  writeFileSync(join(dir, 'http-client.private.env.json'), JSON.stringify({ [name]: privateValues }, null, 2));
  const file = join(dir, 'every-registry.http');
  writeFileSync(file, EVERY_REGISTRY);
  return { dir, file, sandbox, origins, secrets: Object.values(privateValues) };
}

export interface HostRun {
  history: HistoryEntry[];
  /** Everything the host printed or logged: stdout, stderr, reports; notices and warnings in the editor. */
  output: string;
  result?: RunResult;
}

function readHistory(path: string): HistoryEntry[] {
  try {
    return readFileSync(path, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as HistoryEntry);
  } catch {
    return [];
  }
}

/** `regx run FILE --env NAME` in process, with `extra` flags and environment variables. */
export async function cliHost(ws: Workspace, env: string, extra: string[] = [], vars: Record<string, string> = {}): Promise<HostRun & { code: number }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let printed = '';
  stdout.on('data', (c: Buffer) => (printed += c.toString()));
  stderr.on('data', (c: Buffer) => (printed += c.toString()));
  const history = join(ws.dir, 'cli-history.jsonl');
  const io = {
    stdout,
    stderr,
    cwd: ws.dir,
    signal: new AbortController().signal,
    env: { HOME: ws.dir, NO_COLOR: '1', REGX_HISTORY: history, REGX_STATE_DIR: join(ws.dir, 'cli-state'), ...vars },
  };
  const code = await runCommand([ws.file, '--env', env, '--ca', ws.sandbox.caFile, ...extra], io);
  return { code, history: readHistory(history), output: printed };
}

/** The editor's send path: env files as VariableSources reads them, SecretStorage as `secrets`, fake ports. */
export async function editorHost(ws: Workspace, env: string, secrets: Record<string, string> = {}): Promise<HostRun> {
  const catalog = await loadCatalog({ bundledDir: registriesDir(), workspaceDirs: [ws.dir], readFile: (p) => readFile(p), listDir: (p) => readdir(p) });
  const loaded = loadEnvironments({ from: ws.dir, root: ws.dir });
  const historyPath = join(ws.dir, 'editor-history.jsonl');
  const store = new HistoryStore(historyPath);
  const logged: string[] = [];
  const pool = new ConnectionPool({ idleCloseMs: 60_000 });
  const session = editorSession({
    catalog,
    environment: env,
    variables: { environment: loaded.select(env), dotenv: loaded.dotenv, processEnv: {} },
    secrets,
    settings: { timeoutMs: 30_000, deadlineMs: 300_000, maxBodyBytes: 512 * 1024 * 1024, historyRedact: [], etagMode: 'auto' },
    tls: editorTls({ settings: { tlsCaFiles: [], tlsRegistries: {}, tlsSystemCertificates: true }, folder: ws.dir, sandboxCa: readFileSync(ws.sandbox.caFile, 'utf8'), env: {}, warn: (message) => logged.push(message) }),
    pool,
    loadIndex: (source) => new OpenApiCache({ readFile: (p) => readFile(p), stat: (p) => stat(p) }).get(source),
    history: { append: (entry) => store.append(entry) },
    stateDir: join(ws.dir, 'editor-state'),
    ports: {
      decide: async () => false,
      notice: (message) => logged.push(message),
      warn: (message) => logged.push(message),
    },
  });
  try {
    const file = parseHttp(readFileSync(ws.file, 'utf8'));
    const result = await session.run({ file, filePath: ws.file, onEvent: (event) => event.type === 'notice' && logged.push(event.message) });
    // What sendController logs for each failed request, through the session's redactor.
    const redactor = session.redactor(result.secrets);
    for (const item of result.results) if (item.outcome === 'failed') logged.push(redactor.text(`${item.method} ${redactor.url(item.url)}: ${item.reason ?? 'failed'}`));
    await store.close();
    return { history: readHistory(historyPath), output: logged.join('\n'), result };
  } finally {
    await pool.destroy();
  }
}
