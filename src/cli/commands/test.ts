// `regx test SUITE`: runs a test set (flows and request files) and says, per request, what
// changed since the recorded baseline — status, schema validity, fields added, removed, renamed,
// type changed. The first run (or --update-baseline) records the baseline. Exit 0 when every
// request answered as before, 1 when a step failed or something changed, 2 for usage errors.

import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import type { CommandIo } from '../commands';
import { UsageError } from '../errors';
import { FLOW_V8_FLAGS, setV8Flags } from '../v8Flags';
import { createFlowCli } from '../flowSetup';
import { FLOW_OPTIONS, type FlowRunArguments } from './flow';
import { parseOptions, type CommandHelp, type OptionSpec } from '../options';
import { tlsFlagDefaults } from '../tlsOptions';
import { formatDiagnostic } from '../../core/flows/flowDiagnostic';
import { loadFlow, type LoadFlowResult } from '../../core/flows/loadFlow';
import { runFlow, type FlowRunHost } from '../../core/flows/runFlow';
import { buildFlowReport } from '../../core/flows/report/flowReport';
import { parseSuite } from '../../core/flows/suite/suiteFile';
import { httpFlowDocument } from '../../core/flows/suite/httpAsFlow';
import { runSuite } from '../../core/flows/suite/runSuite';
import { compareWithBaseline, makeBaseline, parseBaseline, type Baseline } from '../../core/flows/suite/baseline';
import { suiteJsonReporter, suiteJunitReporter, suiteMarkdownReporter, suitePrettyReporter, type SuiteReport } from '../../core/flows/suite/suiteReporters';
import { registryForUrl, pathAfterBaseUrl } from '../../core/catalog/matchBaseUrl';
import { credentialNames } from '../../core/catalog/credentialNames';
import { validateResponse } from '../../core/openapi/validateMessage';
import { matchOperation } from '../../core/openapi/matchOperation';
import { Redactor } from '../../core/history/redactor';
import { parseHttp } from '../../core/http/parser';
import { bodyText as recordBodyText, parseBody } from '../../core/flows/runFlow';
import { printable } from '../../core/report/prettyReporter';

interface TestArguments extends FlowRunArguments {
  baseline?: string;
  update: boolean;
}

const TEST_OPTIONS: readonly OptionSpec<TestArguments>[] = [
  ...(FLOW_OPTIONS.filter((o) => o.flag !== '--workflow' && o.flag !== '--input') as readonly OptionSpec<TestArguments>[]),
  { flag: '--baseline', value: 'FILE', help: 'the recorded run to compare with (default SUITE.baseline.json beside the suite)', set: (o, v) => (o.baseline = v) },
  { flag: '--update-baseline', help: 'record this run as the baseline (the first run records one anyway)', set: (o) => (o.update = true) },
];

export const help: CommandHelp<TestArguments> = {
  usage: 'test SUITE [options]',
  summary: 'runs a test set (a YAML file listing flows and .http request files) and reports, per request, what changed since the recorded baseline: status, schema validity, fields added, removed, renamed, type changed. The Markdown report documents the set: purpose, each call, request and redacted response.',
  options: TEST_OPTIONS,
  exitCodes: [
    [0, 'every request answered as in the baseline (or the baseline was recorded)'],
    [1, 'a step failed, or a request changed since the baseline'],
    [2, 'usage error, or a test set that does not load'],
    [130, 'interrupted (Ctrl+C)'],
  ],
};

export async function run(args: string[], io: CommandIo): Promise<number> {
  const options: TestArguments = { file: '', inputs: {}, reporter: 'pretty', timeoutMs: 30_000, ...tlsFlagDefaults(), redact: [], update: false };
  const files = parseOptions(args, TEST_OPTIONS, options);
  if (files.length !== 1) throw new UsageError(files.length ? `one test set at a time (got ${files.length})` : 'which test set (SUITE.yaml)?');
  options.file = files[0]!;
  const baselineArg = options.baseline;
  const update = options.update;
  setV8Flags(FLOW_V8_FLAGS);
  const suitePath = resolve(io.cwd, options.file);
  let text: string;
  try {
    text = readFileSync(suitePath, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read '${options.file}': ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  const shownSuite = relative(io.cwd, suitePath) || suitePath;
  const parsed = parseSuite(text, suitePath);
  for (const d of parsed.diagnostics) io.stderr.write(`${printable(formatDiagnostic(d, shownSuite))}\n`);
  if (!parsed.suite) return 2;
  const suite = parsed.suite;
  const baselinePath = resolve(io.cwd, baselineArg ?? join(dirname(suitePath), `${basename(suitePath).replace(/\.ya?ml$/i, '')}.baseline.json`));
  const outPath = options.out !== undefined ? resolve(io.cwd, options.out) : undefined;
  if (outPath && !statSync(dirname(outPath), { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`--out '${options.out}': there is no folder '${dirname(outPath)}'; create it first`);
  let baseline: Baseline | undefined;
  if (!update && existsSync(baselinePath)) {
    try {
      baseline = parseBaseline(readFileSync(baselinePath, 'utf8'));
    } catch (error) {
      throw new UsageError(`--baseline '${relative(io.cwd, baselinePath)}': ${(error as Error).message}`);
    }
  }

  const cli = createFlowCli(io, { env: options.env, timeoutMs: options.timeoutMs, tls: options, proxy: options.proxy }, dirname(suitePath));
  const catalog = await cli.sourceHost.catalog!();
  const secrets = new Set<string>();
  const hosts = new Map<string, FlowRunHost & { knownSecrets: string[] }>();
  // Registry sources as the run sends to them (a sandbox on other ports included): which
  // registry, environment and description a response belongs to.
  const sent: { registry: string; openapi: string; baseUrl: string }[] = [];
  try {
    const result = await runSuite(
      suite,
      {
        async load(item): Promise<LoadFlowResult> {
          let flowText: string;
          let flowFile = item.file;
          try {
            flowText = readFileSync(item.file, 'utf8');
          } catch {
            return { diagnostics: [{ severity: 'error', code: 'suite/item', message: `cannot read ${relative(io.cwd, item.file)}`, pointer: '', range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } } }], notices: [] };
          }
          if (item.kind === 'http') {
            const wrapped = httpFlowDocument(item.file, parseHttp(flowText), item.requests);
            if (wrapped.missing.length) return { diagnostics: [{ severity: 'error', code: 'suite/item', message: `${relative(io.cwd, item.file)} has no request named ${wrapped.missing.join(', ')}`, pointer: '', range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } } }], notices: [] };
            flowText = wrapped.text;
            flowFile = join(dirname(item.file), `${basename(item.file)}.arazzo.json`);
          }
          return loadFlow(flowText, flowFile, cli.sourceHost, { environment: options.env });
        },
        async run(flow, workflowId, inputs) {
          let host = hosts.get(flow.file);
          if (!host) {
            host = await cli.runHost(flow, flow.file);
            hosts.set(flow.file, host);
            for (const source of flow.sources.values()) {
              if (source.kind === 'openapi' && source.registry && source.baseUrl) sent.push({ registry: source.registry.entry.id, openapi: source.registry.environment.openapi, baseUrl: source.baseUrl });
            }
          }
          for (const secret of host.knownSecrets) secrets.add(secret);
          io.stderr.write(`→ ${printable(relative(io.cwd, flow.file))} ${printable(workflowId)}\n`);
          const outcome = await runFlow({ flow, workflowId, inputs, environment: options.env, signal: io.signal }, host);
          for (const secret of outcome.secrets) secrets.add(secret);
          io.stderr.write(`  ${outcome.passed ? 'ok' : 'FAILED'} (${outcome.workflows.reduce((n, w) => n + w.steps.length, 0)} steps, ${Math.round(outcome.durationMs)} ms)\n`);
          return outcome;
        },
        async validate(record) {
          const viaSource = sent.filter((s) => record.request.url.startsWith(s.baseUrl)).sort((a, b) => b.baseUrl.length - a.baseUrl.length)[0];
          const byUrl = registryForUrl(catalog, record.request.url, options.env);
          const match = viaSource
            ? { registry: viaSource.registry, openapi: viaSource.openapi, path: new URL(record.request.url).pathname.slice(new URL(viaSource.baseUrl).pathname.replace(/\/+$/, '').length) || '/' }
            : byUrl && { registry: byUrl.entry.id, openapi: byUrl.environment.openapi, path: pathAfterBaseUrl(byUrl.environment.baseUrl, record.request.url) ?? new URL(record.request.url).pathname };
          if (!match || !record.response) return { valid: null, registry: match?.registry };
          try {
            const index = await cli.sourceHost.openApi(match.openapi);
            const path = match.path;
            const body = parseBody(await recordBodyText(record, readFile), record.response.body.contentType);
            const operation = matchOperation(index, record.request.method, path);
            if (!operation) return { valid: null, registry: match.registry };
            const verdict = validateResponse(index, operation.operation, record.response.status, record.response.body.contentType, record.request.method === 'HEAD' || record.response.status === 304 ? undefined : body);
            return { valid: verdict.valid, registry: match.registry };
          } catch {
            return { valid: null, registry: match.registry };
          }
        },
        bodyText: (record) => recordBodyText(record, readFile),
        shown: (file) => relative(dirname(suitePath), file) || file,
      },
      io.signal,
    );

    const problems: string[] = [];
    for (const item of result.items) {
      if (!item.load) continue;
      const shownItem = relative(io.cwd, item.item.file);
      for (const d of item.load.diagnostics) {
        const line = formatDiagnostic(d, shownItem);
        io.stderr.write(`${printable(line)}\n`);
        if (d.severity === 'error') problems.push(line);
      }
    }
    const comparisons = baseline ? compareWithBaseline(baseline, result.observed, (id) => catalog.entries.find((e) => e.id === id)?.releases?.renames ?? []) : undefined;
    const failedIds = new Set<string>();
    for (const item of result.items) {
      for (const run of item.results) {
        for (const workflow of run.workflows) {
          for (const step of workflow.steps) if (step.status === 'failed') failedIds.add(`${item.item.kind} ${relative(dirname(suitePath), item.item.file)}#${step.workflowId}/${step.stepId}`);
        }
      }
    }
    const names = credentialNames(catalog.entries);
    const redactor = new Redactor([...secrets], { headers: [...names.headers, ...options.redact], parameters: [...names.parameters, ...options.redact], fields: [...names.fields, ...options.redact] });
    const report: SuiteReport = {
      name: suite.name,
      file: shownSuite,
      passed: result.passed,
      changed: false,
      requests: result.observed.map((request) => ({ ...request, changes: comparisons?.find((c) => c.id === request.id)?.changes ?? [], failed: failedIds.has(request.id) })),
      missing: comparisons?.filter((c) => c.changes.some((change) => change.kind === 'missing-request')) ?? [],
      flows: result.items.flatMap((item) => item.results.map((run) => buildFlowReport(run, redactor, { title: item.flow?.document.info.title, description: item.flow?.document.info.description, file: relative(io.cwd, item.item.file) }))),
      problems,
    };
    if (suite.purpose) report.purpose = suite.purpose;
    if (options.env) report.environment = options.env;
    report.changed = report.requests.some((r) => r.changes.length) || report.missing.length > 0;
    const shownBaseline = relative(io.cwd, baselinePath) || baselinePath;
    if (!baseline) {
      if (!result.passed && !update) io.stderr.write(`note: no baseline recorded: the run failed (record one with --update-baseline)\n`);
      else {
        writeFileSync(baselinePath, `${JSON.stringify(makeBaseline(suite.name, options.env, result.observed, new Date()), null, 2)}\n`);
        io.stderr.write(`baseline recorded: ${shownBaseline} (${result.observed.length} requests)\n`);
        report.baseline = { file: shownBaseline, recordedAt: new Date().toISOString(), updated: true, ...(options.env ? { environment: options.env } : {}) };
      }
    } else {
      report.baseline = { file: shownBaseline, recordedAt: baseline.recordedAt, updated: false, ...(baseline.environment ? { environment: baseline.environment } : {}) };
    }
    const color = Boolean((io.stdout as NodeJS.WriteStream).isTTY) && !io.env.NO_COLOR && !outPath;
    const output = options.reporter === 'json' ? suiteJsonReporter(report) : options.reporter === 'junit' ? suiteJunitReporter(report) : options.reporter === 'markdown' ? suiteMarkdownReporter(report) : suitePrettyReporter(report, { color });
    if (outPath) writeFileSync(outPath, output);
    else io.stdout.write(output);
    if (io.signal.aborted) return 130;
    return result.passed && !report.changed ? 0 : 1;
  } finally {
    await cli.close();
  }
}
