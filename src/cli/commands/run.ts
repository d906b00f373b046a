// `regx run FILE`: runs the requests of a .http file against an environment and reports.
// Progress goes to stderr, the report to stdout (or --out). Exit 0 when everything passed,
// 1 when a request or assertion failed, 2 for usage and parse errors, 130 when interrupted.

import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { rootCertificates } from 'node:tls';
import { setFlagsFromString } from 'node:v8';
import type { CommandIo } from '../commands';
import { UsageError } from '../errors';
import { parseHttp } from '../../core/http/parser';
import { findWorkspaceRoot, loadEnvironments, UnknownEnvironmentError } from '../../core/env/loadEnvironments';
import { DEFAULT_SENSITIVE_FIELDS, DEFAULT_SENSITIVE_HEADERS, DEFAULT_SENSITIVE_PARAMETERS, Redactor, type RedactionRules } from '../../core/history/redactor';
import { defaultHistoryPath, HistoryStore } from '../../core/history/historyStore';
import { historyEntry } from '../../core/history/historyEntry';
import { runHttpFile, UnknownRequestError, type RunHost } from '../../core/run/runHttpFile';
import { createResponseValidator } from '../../core/run/responseValidator';
import { loadCatalog } from '../../core/catalog/loadCatalog';
import { OpenApiCache } from '../../core/openapi/OpenApiCache';
import { registriesDir } from '../../core/paths';
import { SendPipeline } from '../../core/send/sendPipeline';
import { proxyFromEnvironment } from '../../core/send/proxyTunnel';
import { buildReport } from '../../core/report/reportModel';
import { prettyReporter } from '../../core/report/prettyReporter';
import { jsonReporter } from '../../core/report/jsonReporter';
import { junitReporter } from '../../core/report/junitReporter';
import type { VariableValue } from '../../core/variables/types';

export interface RunArguments {
  file: string;
  env?: string;
  names: string[];
  all: boolean;
  reporter: 'pretty' | 'json' | 'junit';
  out?: string;
  timeoutMs: number;
  caFiles: string[];
  insecure: boolean;
  history: string | false | undefined;
  maxBodyBytes?: number;
  /** Extra header, query parameter and JSON field names whose values are never written down. */
  redact: string[];
  proxy?: string;
  /** Responses checked against their documented schema: `warn` reports, `error` also fails the request. */
  validate: 'off' | 'warn' | 'error';
}

const DEFAULT_TIMEOUT_MS = 30_000;

export function parseRunArguments(args: string[]): RunArguments {
  const parsed: RunArguments = { file: '', names: [], all: false, reporter: 'pretty', timeoutMs: DEFAULT_TIMEOUT_MS, caFiles: [], insecure: false, history: undefined, redact: [], validate: 'warn' };
  const value = (i: number, flag: string) => {
    const v = args[i + 1];
    if (v === undefined || (v.startsWith('--') && v.length > 2)) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const take = () => (inline !== undefined ? inline : value(i++, flag));
    switch (flag) {
      case '--env': parsed.env = take(); break;
      case '--name': parsed.names.push(take()); break;
      case '--all': parsed.all = true; break;
      case '--reporter': {
        const r = take();
        if (r !== 'pretty' && r !== 'json' && r !== 'junit') throw new UsageError(`--reporter is pretty, json or junit, not '${r}'`);
        parsed.reporter = r;
        break;
      }
      case '--out': parsed.out = take(); break;
      case '--validate': {
        const v = take();
        if (v !== 'off' && v !== 'warn' && v !== 'error') throw new UsageError(`--validate is off, warn or error, not '${v}'`);
        parsed.validate = v;
        break;
      }
      case '--timeout': {
        const t = take();
        if (!/^\d+$/.test(t)) throw new UsageError(`--timeout takes milliseconds (0 = none), not '${t}'`);
        parsed.timeoutMs = Number(t);
        break;
      }
      case '--max-body-bytes': {
        const t = take();
        if (!/^\d+$/.test(t) || Number(t) === 0) throw new UsageError(`--max-body-bytes takes a positive number of bytes, not '${t}'`);
        parsed.maxBodyBytes = Number(t);
        break;
      }
      case '--ca': parsed.caFiles.push(take()); break;
      case '--insecure': parsed.insecure = true; break;
      case '--proxy': parsed.proxy = take(); break;
      case '--redact': parsed.redact.push(...take().split(',').map((n) => n.trim()).filter(Boolean)); break;
      case '--history': parsed.history = take(); break;
      case '--no-history': parsed.history = false; break;
      default:
        if (arg.startsWith('-')) throw new UsageError(`unknown option '${arg}'`);
        files.push(arg);
    }
  }
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

export async function run(args: string[], io: CommandIo): Promise<number> {
  const options = parseRunArguments(args);
  // undici parses HTTP with llhttp compiled to WebAssembly; V8 re-optimises it on background
  // threads and a process cannot exit until that finishes: 100-500 ms added to every short run.
  // The baseline compiler is plenty for a CLI; set before undici compiles its first parser.
  setFlagsFromString('--liftoff-only');
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
  const ca: string[] = options.caFiles.map((f) => readPem(resolve(io.cwd, f), '--ca', f));
  if (io.env.NODE_EXTRA_CA_CERTS && ca.length) ca.push(readPem(io.env.NODE_EXTRA_CA_CERTS, 'NODE_EXTRA_CA_CERTS'));

  let closeSandbox: (() => Promise<void>) | undefined;
  if (envName === 'sandbox') {
    const { ensureSandbox } = await import('../../sandbox/ensure');
    let sandbox: Awaited<ReturnType<typeof ensureSandbox>>;
    try {
      sandbox = await ensureSandbox();
    } catch (error) {
      io.stderr.write(`regx run: --env sandbox: the sandbox could not start on 127.0.0.1:7400-7406 (${(error as Error).message}). Stop what uses those ports, or run 'regx sandbox' yourself.\n`);
      return 1;
    }
    if (!sandbox.shared) {
      closeSandbox = () => sandbox.close();
      io.stderr.write(`started the sandbox for this run (${Object.keys(sandbox.registries).length} registries)\n`);
    }
    if (sandbox.caFile) ca.push(readPem(sandbox.caFile, 'sandbox CA'));
    // The sandbox's base URLs as variables, unless an environment file defines them.
    const registry = file.directives.find((d) => d.name === 'registry')?.value;
    const add = (name: string, value: string) => {
      if (!environment.has(name)) environment.set(name, { value, source: 'environment', secret: false, origin: 'sandbox' });
    };
    for (const [id, url] of Object.entries(sandbox.registries)) add(`${id}_baseUrl`, url);
    if (registry && sandbox.registries[registry]) add('baseUrl', sandbox.registries[registry]);
  }

  const secrets: Record<string, string> = {};
  for (const [key, value] of Object.entries(io.env)) if (key.startsWith('REGX_SECRET_') && value) secrets[key.slice('REGX_SECRET_'.length)] = value;
  const knownSecrets = [...Object.values(secrets), ...[...environment.values(), ...environments.dotenv.values()].filter((v) => v.secret).map((v) => v.value)];

  const historyPath = options.history === false ? undefined : (options.history ?? defaultHistoryPath(io.env));
  const history = historyPath ? new HistoryStore(resolve(io.cwd, historyPath)) : undefined;
  let historyWarned = false;

  const rules: RedactionRules = {
    headers: [...DEFAULT_SENSITIVE_HEADERS, ...options.redact],
    parameters: [...DEFAULT_SENSITIVE_PARAMETERS, ...options.redact],
    fields: [...DEFAULT_SENSITIVE_FIELDS, ...options.redact],
  };
  const proxy = proxyFromEnvironment(io.env, options.proxy);
  const pipeline = new SendPipeline([]);
  const tls = { ca: ca.length ? [...rootCertificates, ...ca] : undefined, insecure: options.insecure };
  const color = Boolean((io.stdout as NodeJS.WriteStream).isTTY) && !io.env.NO_COLOR;
  const total = options.names.length || file.requests.length;
  // One catalog and one OpenAPI cache for this run: each description is indexed once, however
  // many requests it describes. Descriptions given as URLs get a bound so an unreachable host
  // costs a warning, not a hung CI job.
  const fetchWithTimeout = (url: string, init?: { signal?: AbortSignal; headers?: Record<string, string> }) =>
    fetch(url, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, AbortSignal.timeout(10_000)]) : AbortSignal.timeout(10_000) });
  const openApi = new OpenApiCache({ readFile: (p) => readFile(p), stat: (p) => stat(p), fetch: fetchWithTimeout });
  const validate: RunHost['validate'] =
    options.validate === 'off'
      ? undefined
      : createResponseValidator({
          file,
          filePath,
          environment: envName,
          catalog: () => loadCatalog({ bundledDir: registriesDir(), workspaceDirs: [findWorkspaceRoot(dirname(filePath), io.cwd)], readFile: (p) => readFile(p), listDir: (p) => readdir(p) }),
          loadIndex: (source) => openApi.get(source),
          warn: (message) => io.stderr.write(`warning: ${message}\n`),
        });
  let finished = 0;

  try {
    const result = await runHttpFile(
      {
        file,
        filePath,
        select: options.names.length ? { names: options.names } : undefined,
        environment: envName,
        scope: { environment, environmentName: envName, definedIn: environments.definedIn, shared: environments.select(undefined), dotenv: environments.dotenv, secrets, processEnv: io.env },
        knownSecrets,
        signal: io.signal,
        validation: options.validate === 'error' ? 'error' : 'warn',
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
      },
      {
        send: (request, signal) =>
          pipeline.run(request, { signal, tls, proxy, defaultTimeoutMs: options.timeoutMs || undefined, maxMemoryBytes: options.maxBodyBytes }),
        readFile: (path) => readFile(path),
        fileExists: (path) => stat(path).then((s) => s.isFile(), () => false),
        validate,
        recorded: (record, result, runSecrets) => {
          if (!history) return;
          try {
            history.append(historyEntry(record, new Redactor(runSecrets, rules), result.assertions));
          } catch (error) {
            if (!historyWarned) io.stderr.write(`warning: history not written: ${(error as Error).message}\n`);
            historyWarned = true;
          }
        },
      },
    );
    const report = buildReport({ ...result, file: relative(io.cwd, filePath) || filePath }, new Redactor(result.secrets, rules), { maxRssBytes: process.resourceUsage().maxRSS * 1024 });
    const output = options.reporter === 'json' ? jsonReporter(report) : options.reporter === 'junit' ? junitReporter(report) : prettyReporter(report, { color: color && !options.out });
    if (outPath) {
      try {
        writeFileSync(outPath, output);
      } catch (error) {
        io.stderr.write(`regx run: the report could not be written to '${options.out}': ${(error as Error).message}\n`);
        return 1;
      }
    }
    else io.stdout.write(output);
    if (io.signal.aborted) {
      io.stderr.write('interrupted\n');
      return 130;
    }
    return result.passed ? 0 : 1;
  } catch (error) {
    if (error instanceof UnknownRequestError) throw new UsageError(error.message);
    throw error;
  } finally {
    await closeSandbox?.();
  }
}
