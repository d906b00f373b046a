// `regx flow run FILE` runs a workflow of an Arazzo file and reports; `regx flow check FILE`
// reads it, resolves its sources and steps, and prints every problem as file:line:column.
// Exit: 0 passed / no errors, 1 a step failed / the check found errors, 2 usage or a flow that
// does not load, 130 interrupted. Progress goes to stderr, the report to stdout (or --out).

import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { projectCost } from '../../core/flows/projectedCost';
import type { CommandIo } from '../commands';
import { UsageError } from '../errors';
import { FLOW_V8_FLAGS, setV8Flags } from '../v8Flags';
import { oneOf, parseOptions, wholeNumber, type CommandHelp, type OptionSpec } from '../options';
import { TLS_ENVIRONMENT, tlsFlagDefaults, tlsOptionSpecs, type TlsFlags } from '../tlsOptions';
import { createFlowCli } from '../flowSetup';
import { formatDiagnostic } from '../../core/flows/flowDiagnostic';
import { loadFlow } from '../../core/flows/loadFlow';
import { runFlow, UnknownWorkflowError } from '../../core/flows/runFlow';
import type { FlowEvent } from '../../core/flows/flowRunTypes';
import { buildFlowReport } from '../../core/flows/report/flowReport';
import { flowPrettyReporter } from '../../core/flows/report/flowPrettyReporter';
import { flowJsonReporter } from '../../core/flows/report/flowJsonReporter';
import { flowJunitReporter } from '../../core/flows/report/flowJunitReporter';
import { flowMarkdownReporter } from '../../core/flows/report/flowMarkdownReporter';
import { printable } from '../../core/report/prettyReporter';
import { Redactor } from '../../core/history/redactor';
import { credentialNames } from '../../core/catalog/credentialNames';

export type FlowReporter = 'pretty' | 'json' | 'junit' | 'markdown';

export interface FlowRunArguments extends TlsFlags {
  file: string;
  workflow?: string;
  env?: string;
  inputs: Record<string, string>;
  reporter: FlowReporter;
  out?: string;
  timeoutMs: number;
  proxy?: string;
  redact: string[];
}

/** The options of `regx flow run` / `flow check`, one entry each: the parser and `--help` read this table. */
export const FLOW_OPTIONS: readonly OptionSpec<FlowRunArguments>[] = [
  { flag: '--workflow', value: 'ID', help: "the workflow to run (default: the file's first)", set: (o, v) => (o.workflow = v) },
  { flag: '--env', value: 'NAME', help: "environment from http-client.env.json; 'sandbox' uses or starts the sandbox", set: (o, v) => (o.env = v) },
  {
    flag: '--input',
    value: 'NAME=VALUE',
    help: "a value for the workflow's inputs; repeat for more",
    set: (o, pair) => {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new UsageError(`--input takes NAME=VALUE, not '${pair}'`);
      o.inputs[pair.slice(0, eq)] = pair.slice(eq + 1);
    },
  },
  { flag: '--reporter', value: 'pretty|json|junit|markdown', help: 'report format on stdout (default pretty)', set: (o, v) => (o.reporter = oneOf('--reporter', v, ['pretty', 'json', 'junit', 'markdown'] as const)) },
  { flag: '--out', value: 'PATH', help: 'write the report to PATH instead of stdout (its folder must exist)', set: (o, v) => (o.out = v) },
  { flag: '--timeout', value: 'MS', help: 'per-request timeout in milliseconds, 0 = none (default 30000)', set: (o, v) => (o.timeoutMs = wholeNumber('--timeout', v, 'milliseconds (0 = none)')) },
  ...tlsOptionSpecs<FlowRunArguments>(),
  { flag: '--proxy', value: 'URL', help: 'send through this HTTP proxy (default: HTTPS_PROXY / HTTP_PROXY)', set: (o, v) => (o.proxy = v) },
  { flag: '--redact', value: 'NAME,…', help: 'also redact these header, query parameter and JSON field names; repeatable', set: (o, v) => void o.redact.push(...v.split(',').map((n) => n.trim()).filter(Boolean)) },
];

export const help: CommandHelp<FlowRunArguments> = {
  usage: 'flow run|check FILE [options]',
  summary: 'flow run runs a workflow of an Arazzo file and reports (progress on stderr, the report on stdout); flow check reads the file, resolves its sources and steps, and prints every problem as file:line:column.',
  options: FLOW_OPTIONS,
  exitCodes: [
    [0, 'the workflow passed / the check found no errors'],
    [1, 'a step failed / the check found errors'],
    [2, 'usage error, or a flow file that does not load'],
    [130, 'interrupted (Ctrl+C)'],
  ],
  environment: [['REGX_SANDBOX_PORT', "first port of the sandbox --env sandbox uses (default 7400; 0 = free ports)"], ...TLS_ENVIRONMENT],
};

export function parseFlowArguments(args: string[]): FlowRunArguments {
  const parsed: FlowRunArguments = { file: '', inputs: {}, reporter: 'pretty', timeoutMs: 30_000, ...tlsFlagDefaults(), redact: [] };
  const files = parseOptions(args, FLOW_OPTIONS, parsed);
  if (files.length !== 1) throw new UsageError(files.length ? `one flow file at a time (got ${files.length})` : 'which Arazzo file?');
  parsed.file = files[0]!;
  return parsed;
}

function readFlowFile(io: CommandIo, file: string): { path: string; text: string } {
  const path = resolve(io.cwd, file);
  try {
    return { path, text: readFileSync(path, 'utf8') };
  } catch (error) {
    throw new UsageError(`cannot read '${file}': ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
}

function checkOutPath(path: string, shown: string): void {
  const folder = statSync(dirname(path), { throwIfNoEntry: false });
  if (!folder?.isDirectory()) throw new UsageError(`--out '${shown}': there is no folder '${dirname(path)}'; create it first`);
  if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`--out '${shown}' is a folder; give a file name in it, e.g. '${join(shown, 'report.xml')}'`);
}

export async function run(args: string[], io: CommandIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'check') return check(rest, io);
  if (sub === 'run') return runCommand(rest, io);
  throw new UsageError(sub ? `'flow ${sub}' is not a command: flow run FILE or flow check FILE` : 'flow run FILE or flow check FILE');
}

async function check(args: string[], io: CommandIo): Promise<number> {
  const options = parseFlowArguments(args);
  const { path, text } = readFlowFile(io, options.file);
  const cli = createFlowCli(io, { env: options.env, timeoutMs: 0, tls: tlsFlagDefaults() }, dirname(path));
  const result = await loadFlow(text, path, cli.sourceHost, { environment: options.env });
  const shown = relative(io.cwd, path) || path;
  for (const d of result.diagnostics) io.stdout.write(`${printable(formatDiagnostic(d, shown))}\n`);
  for (const notice of result.notices) io.stderr.write(`note: ${printable(notice)}\n`);
  const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = result.diagnostics.length - errors;
  if (result.flow) {
    const workflows = result.flow.document.workflows.map((w) => `${w.workflowId} (${w.steps.length} step${w.steps.length === 1 ? '' : 's'})`);
    io.stderr.write(`${shown}: ${errors ? `${errors} error(s)` : 'ok'}${warnings ? `, ${warnings} warning(s)` : ''} — ${workflows.join(', ')}\n`);
  } else io.stderr.write(`${shown}: ${errors} error(s)${warnings ? `, ${warnings} warning(s)` : ''}\n`);
  return errors ? 1 : 0;
}

/** One progress line per step on stderr, so a long flow shows where it is. */
export function progressLine(event: FlowEvent): string | undefined {
  const indent = 'depth' in event ? '  '.repeat(event.depth) : '';
  switch (event.type) {
    case 'step-start':
      return `${indent}→ ${event.stepId} (${event.target.kind === 'workflow' ? `workflow ${event.target.id}` : `${event.target.method ?? ''} ${event.target.path ?? event.target.id}`.trim()})`;
    case 'attempt':
      return `${indent}  ${event.attempt.passed ? 'ok' : 'FAILED'}${event.attempt.record?.response ? ` ${event.attempt.record.response.status}` : event.attempt.record?.error ? ` ${event.attempt.record.error.code}` : ''} ${Math.round(event.attempt.durationMs)} ms`;
    case 'wait':
      return `${indent}  waiting ${event.delayMs / 1000} s before retrying ${event.stepId}`;
    case 'notice':
      return `note: ${event.message}`;
    default:
      return undefined;
  }
}

async function runCommand(args: string[], io: CommandIo): Promise<number> {
  const options = parseFlowArguments(args);
  setV8Flags(FLOW_V8_FLAGS);
  const { path, text } = readFlowFile(io, options.file);
  const outPath = options.out !== undefined ? resolve(io.cwd, options.out) : undefined;
  if (outPath) checkOutPath(outPath, options.out!);
  const cli = createFlowCli(io, { env: options.env, timeoutMs: options.timeoutMs, tls: options, proxy: options.proxy }, dirname(path));
  const shown = relative(io.cwd, path) || path;
  try {
    const loaded = await loadFlow(text, path, cli.sourceHost, { environment: options.env });
    for (const d of loaded.diagnostics) io.stderr.write(`${printable(formatDiagnostic(d, shown))}\n`);
    if (!loaded.flow) {
      io.stderr.write(`${shown}: not run — fix the errors above first\n`);
      return 2;
    }
    const host = await cli.runHost(loaded.flow, path);
    // What the workflow may cost, said once before its first step (an upper bound; the report has what it spent).
    const workflowId = options.workflow ?? loaded.flow.document.workflows[0]?.workflowId;
    if (workflowId && loaded.flow.document.workflows.some((w) => w.workflowId === workflowId)) {
      for (const line of projectCost(loaded.flow, workflowId).lines) io.stderr.write(`note: projected cost: ${printable(line)}\n`);
    }
    let result;
    try {
      result = await runFlow(
        { flow: loaded.flow, workflowId: options.workflow, inputs: options.inputs, environment: options.env, signal: io.signal, onEvent: (event) => {
          const line = progressLine(event);
          if (line) io.stderr.write(`${printable(line)}\n`);
        } },
        host,
      );
    } catch (error) {
      if (error instanceof UnknownWorkflowError) throw new UsageError(error.message);
      throw error;
    }
    // Credential names of every registry (as regx run redacts them) plus --redact.
    const names = credentialNames((await cli.sourceHost.catalog!()).entries);
    const redactor = new Redactor([...result.secrets, ...host.knownSecrets], {
      headers: [...names.headers, ...options.redact],
      parameters: [...names.parameters, ...options.redact],
      fields: [...names.fields, ...options.redact],
    });
    const report = buildFlowReport(result, redactor, { title: loaded.flow.document.info.title, description: loaded.flow.document.info.description, file: shown });
    const color = Boolean((io.stdout as NodeJS.WriteStream).isTTY) && !io.env.NO_COLOR && !outPath;
    const output =
      options.reporter === 'json' ? flowJsonReporter(report) : options.reporter === 'junit' ? flowJunitReporter(report) : options.reporter === 'markdown' ? flowMarkdownReporter(report) : flowPrettyReporter(report, { color });
    if (outPath) {
      try {
        writeFileSync(outPath, output);
      } catch (error) {
        io.stderr.write(`regx flow run: the report could not be written to '${options.out}': ${(error as Error).message}\n`);
        return 1;
      }
    } else io.stdout.write(output);
    if (result.cancelled || io.signal.aborted) {
      io.stderr.write('interrupted\n');
      return 130;
    }
    return result.passed ? 0 : 1;
  } finally {
    await cli.close();
  }
}
