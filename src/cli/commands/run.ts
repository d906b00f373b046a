// `regx run FILE`: runs the requests of a .http file against an environment and reports.
// Progress goes to stderr, the report to stdout (or --out). Exit 0 when everything passed,
// 1 when a request or assertion failed, 2 for usage and parse errors, 130 when interrupted.

import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import type { CommandIo } from '../commands';
import { UsageError } from '../errors';
import { oneOf, parseOptions, wholeNumber, type CommandHelp, type OptionSpec } from '../options';
import { parseHttp } from '../../core/http/parser';
import { findWorkspaceRoot, loadEnvironments, UnknownEnvironmentError } from '../../core/env/loadEnvironments';
import { defaultHistoryPath, HistoryStore } from '../../core/history/historyStore';
import { UnknownRequestError } from '../../core/run/runHttpFile';
import { SendSession } from '../../core/run/session';
import { loadCliCatalog } from '../catalog';
import { loadSandboxModule } from '../sandboxModule';
import { coalescedStream, type CoalescedStream } from '../coalescedStream';
import { OpenApiCache } from '../../core/openapi/OpenApiCache';
import { descriptionFetch } from '../../core/openapi/descriptionFetch';
import { ConnectionPool } from '../../core/send/connectionPool';
import { proxyFromEnvironment } from '../../core/send/proxyTunnel';
import { defaultSpillDir, releaseBody, sweepBodies } from '../../core/send/spillFolder';
import { buildReport } from '../../core/report/reportModel';
import { prettyReporter } from '../../core/report/prettyReporter';
import { jsonReporter } from '../../core/report/jsonReporter';
import { junitReporter } from '../../core/report/junitReporter';
import type { VariableValue } from '../../core/variables/types';
import type { SandboxDetails } from '../../core/catalog/catalogVariables';
import { createScriptRunner } from '../../core/scripts/scriptRunner';
import { ALLOW_SCRIPTS_SETTING, projectAllowsScripts } from '../../core/scripts/projectSetting';
import { defaultStateDir } from '../../sandbox/stateDir';
import { cliDecisions, CLI_DECLINE_HINTS, type PolicyFlags } from '../policyFlags';
import { RUN_V8_FLAGS, setV8Flags } from '../v8Flags';
import { cliTls, TLS_ENVIRONMENT, tlsFlagDefaults, tlsOptionSpecs, type TlsFlags } from '../tlsOptions';

export interface RunArguments extends PolicyFlags, TlsFlags {
  file: string;
  env?: string;
  names: string[];
  all: boolean;
  reporter: 'pretty' | 'json' | 'junit';
  out?: string;
  timeoutMs: number;
  history: string | false | undefined;
  /** Decoded bytes beyond which a response download stops (0 = none). */
  maxBodyBytes?: number;
  /** The whole exchange's limit in ms (0 = none); `timeoutMs` limits each wait. */
  deadlineMs?: number;
  /** Keep response bodies that went to disk (else deleted once the report is out). */
  keepBodies: boolean;
  /** Fetch no API description named by a URL (validation then skips those requests). */
  offline?: boolean;
  /** Extra header, query parameter and JSON field names whose values are never written down. */
  redact: string[];
  proxy?: string;
  /** A 307/308 to another origin may re-send the body. */
  redirectBody: boolean;
  /** Responses checked against their documented schema: `warn` reports, `error` also fails the request. */
  validate: 'off' | 'warn' | 'error';
  /** `--allow-scripts` / `--no-scripts`; undefined = the project setting decides (default off). */
  scripts?: boolean;
  /** Requests under way at once (1 = one after another). */
  parallel: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * The options of `regx run`, one entry each: the parser and `regx run --help` both read this
 * table, so a new flag is one line here (plus its field in RunArguments).
 */
export const RUN_OPTIONS: readonly OptionSpec<RunArguments>[] = [
  { flag: '--env', value: 'NAME', help: "environment from http-client.env.json (else the file's # @env); 'sandbox' uses or starts the sandbox", set: (o, v) => (o.env = v) },
  { flag: '--name', value: 'REQ', help: 'run the request named REQ (# @name), and the named ones it needs; repeat for more', set: (o, v) => void o.names.push(v) },
  { flag: '--all', help: 'run every request of the file (the default when no --name is given)', set: (o) => (o.all = true) },
  { flag: '--reporter', value: 'pretty|json|junit', help: 'report format on stdout (default pretty)', set: (o, v) => (o.reporter = oneOf('--reporter', v, ['pretty', 'json', 'junit'] as const)) },
  { flag: '--out', value: 'PATH', help: 'write the report to PATH instead of stdout (its folder must exist)', set: (o, v) => (o.out = v) },
  { flag: '--timeout', value: 'MS', help: `per-request timeout in milliseconds, 0 = none (default ${DEFAULT_TIMEOUT_MS}); # @timeout overrides`, set: (o, v) => (o.timeoutMs = wholeNumber('--timeout', v, 'milliseconds (0 = none)')) },
  { flag: '--deadline', value: 'MS', help: 'limit of one whole exchange in milliseconds, 0 = none (default 5 minutes); --timeout limits each wait', set: (o, v) => (o.deadlineMs = wholeNumber('--deadline', v, 'milliseconds (0 = none)')) },
  { flag: '--max-body-bytes', value: 'N', help: 'stop a download beyond N decoded bytes, also on disk; 0 = no limit (default 512 MiB)', set: (o, v) => (o.maxBodyBytes = wholeNumber('--max-body-bytes', v, 'a number of bytes (0 = no limit)')) },
  { flag: '--keep-bodies', help: 'keep the response bodies that went to a temporary file (over 10 MB) after the run', set: (o) => (o.keepBodies = true) },
  ...tlsOptionSpecs<RunArguments>(),
  { flag: '--redirect-body', help: 'let a 307/308 to another origin re-send the request body', set: (o) => (o.redirectBody = true) },
  { flag: '--offline', help: 'fetch no API description named by a URL (each fetched one is listed on stderr otherwise)', set: (o) => (o.offline = true) },
  { flag: '--proxy', value: 'URL', help: 'send through this HTTP proxy (default: HTTPS_PROXY / HTTP_PROXY, NO_PROXY honoured)', set: (o, v) => (o.proxy = v) },
  { flag: '--redact', value: 'NAME,…', help: 'also redact these header, query parameter and JSON field names; repeatable', set: (o, v) => void o.redact.push(...v.split(',').map((n) => n.trim()).filter(Boolean)) },
  { flag: '--validate', value: 'off|warn|error', help: "check responses against their documented schema: warn reports (default), error also fails the request", set: (o, v) => (o.validate = oneOf('--validate', v, ['off', 'warn', 'error'] as const)) },
  { flag: '--parallel', value: 'N', help: 'send up to N requests at once; a request still waits for the ones whose responses it uses (default 1)', set: (o, v) => (o.parallel = Math.max(1, wholeNumber('--parallel', v, 'a number of requests (1 = one at a time)'))) },
  { flag: '--history', value: 'PATH', help: 'append to this history file (default REGX_HISTORY, else the user state folder)', set: (o, v) => (o.history = v) },
  { flag: '--no-history', help: 'write no history', set: (o) => (o.history = false) },
  { flag: '--etag', value: 'auto|off', help: 'auto (default): a write to a resource whose ETag was seen gets it as If-Match when it has none; off: never', set: (o, v) => (o.etag = oneOf('--etag', v, ['auto', 'off'] as const)) },
  { flag: '--on-412', value: 'refresh|fail', help: 'after a 412 Precondition Failed: refresh resends once with the current ETag (the report names what changed); fail (default) reports it', set: (o, v) => (o.on412 = oneOf('--on-412', v, ['refresh', 'fail'] as const)) },
  { flag: '--confirm-duplicates', help: 'a 409 listing possible duplicates is resent with its confirmation token (default: fail with the candidates)', set: (o) => (o.confirmDuplicates = true) },
  { flag: '--follow-location', help: "follow a 202 Accepted's Location, polling as Retry-After says (bounded)", set: (o) => (o.followLocation = true) },
  { flag: '--with-dependencies', help: 'a write (POST/PUT/PATCH/DELETE) that a selected request depends on may be sent again (default: the run fails and says so)', set: (o) => (o.withDependencies = true) },
  { flag: '--budget', value: 'N', help: "stop before the call that would spend more than N of a registry's credits or paid calls", set: (o, v) => (o.budget = wholeNumber('--budget', v, 'a number of credits or calls')) },
  { flag: '--yes', help: "start a run whose projected cost passes the environment's confirm threshold (costConfirmAbove) without asking", set: (o) => (o.yes = true) },
  { flag: '--allow-scripts', help: "run the file's pre-request and response scripts (default: the project setting, else off)", set: (o) => (o.scripts = true) },
  { flag: '--no-scripts', help: 'never run scripts, whatever the project setting says', set: (o) => (o.scripts = false) },
];

export const help: CommandHelp<RunArguments> = {
  usage: 'run FILE [options]',
  summary: 'Runs the requests of a .http file against an environment and reports. Progress goes to stderr, the report to stdout.',
  options: RUN_OPTIONS,
  exitCodes: [
    [0, 'every request and assertion passed'],
    [1, 'a request failed: transport error, failed ?? assertion, or a 5xx without a ?? status of its own'],
    [2, 'usage error, unreadable file, or parse errors in the file'],
    [130, 'interrupted (Ctrl+C)'],
  ],
  environment: [
    ['REGX_HISTORY', 'the history file (default ~/.local/state/register-explorer/history.jsonl)'],
    ['REGX_SANDBOX_PORT', "first port of the sandbox --env sandbox uses (default 7400; 0 = a sandbox of the run's own on free ports)"],
    ...TLS_ENVIRONMENT,
  ],
  notes: ['Example: regx run samples/kvk/zoeken-en-profielen.http --env sandbox --reporter junit --out report.xml'],
};

export function parseRunArguments(args: string[]): RunArguments {
  const parsed: RunArguments = { file: '', names: [], all: false, reporter: 'pretty', timeoutMs: DEFAULT_TIMEOUT_MS, ...tlsFlagDefaults(), history: undefined, redact: [], validate: 'warn', redirectBody: false, keepBodies: false, confirmDuplicates: false, followLocation: false, withDependencies: false, parallel: 1 };
  const files = parseOptions(args, RUN_OPTIONS, parsed);
  if (files.length !== 1) throw new UsageError(files.length ? `one file at a time (got ${files.length})` : 'which .http file?');
  if (parsed.all && parsed.names.length) throw new UsageError('--all and --name exclude each other');
  parsed.file = files[0]!;
  return parsed;
}

function readPem(file: string, what: string, shown = file): string {
  try {
    const text = readFileSync(file, 'utf8');
    if (!text.includes('-----BEGIN CERTIFICATE-----')) throw new Error('no PEM certificate in it');
    return text;
  } catch (error) {
    throw new UsageError(`${what} '${shown}': ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
}

/** Checked before anything is sent: a report that cannot be written at the end loses the run. */
function checkOutPath(path: string, shown: string): void {
  const folder = statSync(dirname(path), { throwIfNoEntry: false });
  if (!folder?.isDirectory()) throw new UsageError(`--out '${shown}': there is no folder '${dirname(path)}'; create it first`);
  if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`--out '${shown}' is a folder; give a file name in it, e.g. '${join(shown, 'report.xml')}'`);
}

/** A person at a terminal: stdin and stderr both one (never in CI, a pipe or a test). */
function interactive(io: CommandIo): boolean {
  // isatty(0), not process.stdin.isTTY: the getter builds the stdin stream (1.7 ms of every run
  // in a CPU profile) that only a question asked needs. node:tty is loaded already when stderr
  // is a terminal, and not needed when it is not.
  return Boolean((io.stderr as NodeJS.WriteStream).isTTY) && (require('node:tty') as typeof import('node:tty')).isatty(0);
}

/** One yes/no question on stderr, answered on stdin; anything but y/yes (or an interrupt) is no. */
async function askYesNo(io: CommandIo, question: string, signal: AbortSignal): Promise<boolean> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: io.stderr });
  try {
    const answer = await rl.question(question, { signal });
    return /^\s*y(es)?\s*$/i.test(answer);
  } catch {
    return false;
  } finally {
    rl.close();
  }
}

export async function run(args: string[], io: CommandIo): Promise<number> {
  // Progress lines go out in batches (every 50 ms), not two write(2) calls per request.
  const stderr = coalescedStream(io.stderr);
  try {
    return await runFile(args, { ...io, stderr });
  } finally {
    stderr.flush();
  }
}

async function runFile(args: string[], io: CommandIo & { stderr: CoalescedStream }): Promise<number> {
  const options = parseRunArguments(args);
  // The flags' reasons are in v8Flags.ts; main() set them already when it loaded this bundle.
  setV8Flags(RUN_V8_FLAGS);
  const filePath = resolve(io.cwd, options.file);
  let text: string;
  try {
    text = readFileSync(filePath, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read '${options.file}': ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  const file = parseHttp(text);
  const errors = file.diagnostics.filter((d) => d.severity === 'error');
  for (const d of errors) io.stderr.write(`${options.file}:${d.range.start.line + 1}:${d.range.start.character + 1}: error ${d.code}: ${d.message}\n`);
  if (errors.length) return 2;
  if (file.requests.length === 0) {
    io.stderr.write(`${options.file}: no requests in this file\n`);
    return 2;
  }

  const envName = options.env ?? file.directives.find((d) => d.name === 'env')?.value;
  const environments = loadEnvironments({ from: dirname(filePath), root: findWorkspaceRoot(dirname(filePath), io.cwd) });
  for (const warning of environments.warnings) io.stderr.write(`warning: ${warning}\n`);
  let environment: Map<string, VariableValue>;
  try {
    environment = environments.select(envName === 'sandbox' && !environments.environments.some((e) => e.name === 'sandbox') ? undefined : envName);
  } catch (error) {
    if (error instanceof UnknownEnvironmentError) throw new UsageError(error.message);
    throw error;
  }

  const outPath = options.out !== undefined ? resolve(io.cwd, options.out) : undefined;
  if (outPath) checkOutPath(outPath, options.out!);
  const secrets: Record<string, string> = {};
  for (const [key, value] of Object.entries(io.env)) if (key.startsWith('REGX_SECRET_') && value) secrets[key.slice('REGX_SECRET_'.length)] = value;
  // Before anything starts: a flag's certificate file that cannot be used is a usage error.
  const sandboxCa: string[] = [];
  const tls = await cliTls({ flags: options, cwd: io.cwd, env: io.env, workspaceRoot: findWorkspaceRoot(dirname(filePath), io.cwd), extraCa: sandboxCa, secrets, warn: (message) => io.stderr.write(`warning: ${message}\n`) });

  const workspaceRoot = findWorkspaceRoot(dirname(filePath), io.cwd);
  const catalog = await loadCliCatalog(io.env, [workspaceRoot], io.unusualRun);
  let closeSandbox: (() => Promise<void>) | undefined;
  let sandboxDetails: SandboxDetails | undefined;
  if (envName === 'sandbox' || catalog.entries.some((entry) => entry.environments.some((env) => env.sandbox && env.name === envName))) {
    const { ensureSandbox, sandboxBasePort } = await loadSandboxModule();
    let basePort: number;
    try {
      basePort = sandboxBasePort(io.env);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    let sandbox: Awaited<ReturnType<typeof ensureSandbox>>;
    try {
      sandbox = await ensureSandbox({ basePort });
    } catch (error) {
      const where = basePort === 0 ? 'free ports' : `the ports from 127.0.0.1:${basePort}`;
      io.stderr.write(`regx run: --env ${envName}: the sandbox could not start on ${where} (${(error as Error).message}). Stop what uses those ports, set REGX_SANDBOX_PORT to another first port (0 = any free ones), or run 'regx sandbox' yourself.\n`);
      return 1;
    }
    if (!sandbox.shared) {
      closeSandbox = () => sandbox.close();
      io.stderr.write(`started the sandbox for this run (${Object.keys(sandbox.registries).length} registries)\n`);
    }
    if (sandbox.caFile) sandboxCa.push(readPem(sandbox.caFile, 'sandbox CA'));
    sandboxDetails = sandbox;
  }

  const historyPath = options.history === false ? undefined : (options.history ?? defaultHistoryPath(io.env));
  const history = historyPath ? new HistoryStore(resolve(io.cwd, historyPath)) : undefined;
  let historyWarned = false;

  const proxy = proxyFromEnvironment(io.env, options.proxy);
  // What a run that crashed left in the body folder, a day on; beside the run rather than before
  // its first request (it never rejects, and takes no file this run writes), awaited at the end.
  const swept = sweepBodies(defaultSpillDir(), 24 * 60 * 60 * 1000);
  // One set of keep-alive connections for the whole run, closed when it ends.
  const pool = new ConnectionPool({ connectionsPerOrigin: options.parallel, connectTimeoutMs: options.timeoutMs });
  const color = Boolean((io.stdout as NodeJS.WriteStream).isTTY) && !io.env.NO_COLOR;
  const total = options.names.length || file.requests.length;
  // One catalog and one OpenAPI cache for this run: each description is indexed once, however
  // many requests it describes. Descriptions named by URL are fetched with a response's caps and
  // listed, or not at all under --offline.
  const fetchDescription = descriptionFetch({ refuse: options.offline ? () => '--offline forbids fetching' : undefined, onFetched: (url, bytes) => io.stderr.write(`fetched ${url} (${bytes} bytes)\n`) });
  const openApi = new OpenApiCache({ readFile: (p) => readFile(p), stat: (p) => stat(p), fetch: fetchDescription });
  let finished = 0;
  // Scripts run in the QuickJS sandbox only when the user or the project says so.
  const scriptsAllowed = options.scripts ?? projectAllowsScripts(findWorkspaceRoot(dirname(filePath), io.cwd)) ?? false;
  const scriptsOff =
    options.scripts === false
      ? '--no-scripts was given'
      : `scripts are off: pass --allow-scripts (or set "${ALLOW_SCRIPTS_SETTING}": true in .vscode/settings.json) to run them in the sandbox`;

  // The one send session: registry resolution, variables, policies, send, validation, history.
  const session = new SendSession({
    catalog,
    environment: envName,
    variables: { environment, dotenv: environments.dotenv, shared: environments.select(undefined), definedIn: environments.definedIn, processEnv: io.env },
    secrets,
    sandbox: sandboxDetails,
    redact: options.redact,
    tls,
    send: { tls: { insecure: options.insecure }, proxy, pool, defaultTimeoutMs: options.timeoutMs || undefined, maxBodyBytes: options.maxBodyBytes, deadlineMs: options.deadlineMs, redirectBody: options.redirectBody },
    validation: options.validate,
    loadIndex: (source) => openApi.get(source),
    history: history && {
      append: (entry) =>
        history.append(entry).catch((error: unknown) => {
          if (!historyWarned) io.stderr.write(`warning: history not written: ${(error as Error).message}\n`);
          historyWarned = true;
        }),
    },
    settings: { etagMode: options.etag, budget: options.budget === undefined ? undefined : String(options.budget) },
    stateDir: defaultStateDir(io.env),
    declineHints: CLI_DECLINE_HINTS,
    ports: {
      ...cliDecisions(options, interactive(io) ? (question, signal) => askYesNo(io, question, signal) : undefined),
      notice: (message) => io.stderr.write(`note: ${message}\n`),
      warn: (message) => io.stderr.write(`warning: ${message}\n`),
      readFile: (path) => readFile(path),
      fileExists: (path) => stat(path).then((s) => s.isFile(), () => false),
    },
  });

  try {
    const result = await session.run({
      file,
      filePath,
      select: options.names.length ? { names: options.names } : undefined,
      signal: io.signal,
      scripts: scriptsAllowed ? createScriptRunner() : undefined,
      scriptsOff,
      parallel: options.parallel,
      onEvent: (event) => {
        if (event.type === 'notice') {
          // The pretty report prints notices itself; machine reports still need them somewhere a person looks.
          if (options.reporter !== 'pretty' || options.out) io.stderr.write(`note: ${event.message}\n`);
        }
        else if (event.type === 'start') io.stderr.write(`→ ${event.method} ${event.url}${event.asDependency ? ' (needed by a later request)' : ''}\n`);
        else {
          finished++;
          const r = event.result;
          const status = r.record?.response ? `${r.record.response.status}` : (r.record?.error?.code ?? r.prepareError?.code ?? '');
          io.stderr.write(`  [${finished}/${Math.max(total, finished)}] ${r.outcome === 'passed' ? 'ok' : 'FAILED'} ${status}${r.record ? ` ${Math.round(r.record.timings.totalMs)} ms` : ''}\n`);
        }
      },
    });
    // The last batch is synced while the report is made; awaited before the report is written,
    // so a history that could not be written is said before the run's verdict.
    const historyClosed = history?.close();
    // Bodies that went to disk are the run's own: history keeps a preview, --keep-bodies keeps the files.
    const spilled = result.results.flatMap((r) => (r.record?.response?.body.file ? [r.record.response.body] : []));
    if (spilled.length && !options.keepBodies) {
      for (const body of spilled) {
        await releaseBody(body.file);
        delete body.file;
      }
      result.notices.push(`${spilled.length} response bod${spilled.length === 1 ? 'y' : 'ies'} too big for memory ${spilled.length === 1 ? 'was' : 'were'} deleted after the run; --keep-bodies keeps them`);
    }
    const report = buildReport({ ...result, file: relative(io.cwd, filePath) || filePath }, session.redactor(result.secrets), { maxRssBytes: process.resourceUsage().maxRSS * 1024 });
    const output = options.reporter === 'json' ? jsonReporter(report) : options.reporter === 'junit' ? junitReporter(report) : prettyReporter(report, { color: color && !options.out });
    await historyClosed;
    if (outPath) {
      try {
        writeFileSync(outPath, output);
      } catch (error) {
        io.stderr.write(`regx run: the report could not be written to '${options.out}': ${(error as Error).message}\n`);
        return 1;
      }
    }
    else {
      io.stderr.flush();
      io.stdout.write(output);
    }
    if (io.signal.aborted) {
      io.stderr.write('interrupted\n');
      return 130;
    }
    return result.passed ? 0 : 1;
  } catch (error) {
    if (error instanceof UnknownRequestError) throw new UsageError(error.message);
    throw error;
  } finally {
    // A run that threw still writes the lines it queued.
    await history?.close().catch(() => undefined);
    // Every send has ended by now; what is left are idle keep-alive connections.
    await pool.destroy();
    await closeSandbox?.();
    await swept;
  }
}
