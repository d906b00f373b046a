// Runs a workflow of an Arazzo file in the editor and shows it in the flow-run panel: the flow is
// loaded and checked first (a flow with errors never runs; its problems go to the Problems view),
// the sandbox is started when a source runs there, missing inputs are asked for, the projected
// cost is shown and a paid run waits for Run. Every step goes through SendController's send path
// (History, validation, limits). Cancel stops at the running step; Rerun starts over or from a step.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, relative } from 'node:path';
import * as vscode from 'vscode';
import type { LoadedFlow } from '../core/flows/loadFlow';
import type { FlowRunResult, StepRun, WorkflowRun } from '../core/flows/flowRunTypes';
import type { FlowRunView } from '../core/flows/runView';
import { stepRequest, type StepExchange, type StepRequestSpec, type StepSender } from '../core/flows/stepSender';
import type { InputField } from '../core/flows/workflowInputs';
import type { ResponseRecord } from '../core/send/types';
import { isWebviewMessage, type FlowRunState, type HostMessage, type WebviewMessage } from '../../webview/flowrun/protocol';
import type { CatalogStore } from './catalogStore';
import type { EnvironmentController } from './environmentController';
import { FlowLoader, isArazzoDocument } from './flowLoader';
import { toDiagnostic } from './language/arazzoLanguageProvider';
import { heavy } from './heavyModules';
import { DisposableStore } from './lifecycle';
import type { Log } from './log';
import type { ResponsePanel } from './responsePanel';
import type { SandboxController } from './sandboxController';
import type { SendController } from './sendController';
import { readSettings } from './settings';
import type { VariableSources } from './variableSources';
import { createPanel, PanelConnection, type PanelSpec } from './webviewPanelHost';

export const FLOW_RUN_VIEW_TYPE = 'registerExplorer.flowRun';
const SPEC: PanelSpec<WebviewMessage> = { viewType: FLOW_RUN_VIEW_TYPE, bundle: 'flowrun', stylesheet: 'flowrun.css', title: 'Flow run', isWebviewMessage };

export interface FlowTarget {
  /** Absolute path of the Arazzo file. */
  path: string;
  workflowId?: string;
}

/** One run shown in a panel, with what the host needs to cancel, rerun and open responses. */
interface Run {
  id: string;
  path: string;
  workflowId: string;
  environment: string;
  view: FlowRunView;
  controller?: AbortController;
  flow?: LoadedFlow;
  result?: FlowRunResult;
  secrets: string[];
  /** Raw step runs by their row key, for Open response. */
  steps: Map<string, StepRun>;
  /** Called when the user confirms a paid run. */
  go?: () => void;
}

export class FlowRunController extends DisposableStore {
  readonly loader: FlowLoader;
  private connection: PanelConnection<HostMessage, WebviewMessage> | undefined;
  private current: Run | undefined;
  private readonly problems = this.register(vscode.languages.createDiagnosticCollection('arazzo-run'));

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly catalog: CatalogStore,
    private readonly environments: EnvironmentController,
    private readonly variables: VariableSources,
    private readonly sandbox: SandboxController,
    private readonly sender: SendController,
    private readonly responses: ResponsePanel,
    private readonly log: Log,
  ) {
    super();
    this.loader = new FlowLoader(catalog);
    this.register(
      vscode.window.registerWebviewPanelSerializer(FLOW_RUN_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, saved: FlowRunState | undefined) => {
          // A restored panel shows the last run as it was; Rerun reads the file again.
          const view = saved?.view;
          if (!view?.location) {
            panel.dispose();
            return;
          }
          this.adopt(panel);
          this.current = { id: view.runId, path: view.location, workflowId: view.workflowId, environment: view.environment ?? this.environments.active, view, secrets: [], steps: new Map() };
          this.post();
        },
      }),
    );
  }

  /** Run Flow: pick the workflow when the file has several and none was named. */
  async run(target: FlowTarget): Promise<void> {
    const environment = this.environments.active;
    const loaded = await this.loadChecked(target.path, environment);
    if (!loaded) return;
    let workflowId = target.workflowId;
    if (!workflowId) {
      const workflows = loaded.document.workflows;
      if (workflows.length === 1) workflowId = workflows[0]!.workflowId;
      else {
        const picked = await vscode.window.showQuickPick(
          workflows.map((w) => ({ label: w.workflowId, description: w.summary, detail: `${w.steps.length} step${w.steps.length === 1 ? '' : 's'}`, workflowId: w.workflowId })),
          { title: `Run a workflow of ${relative(dirname(target.path), target.path)}`, matchOnDescription: true },
        );
        if (!picked) return;
        workflowId = picked.workflowId;
      }
    }
    if (!loaded.document.workflows.some((w) => w.workflowId === workflowId)) throw new Error(`no workflow '${workflowId}' in ${target.path}`);
    await this.start({ path: target.path, workflowId, environment, flow: loaded });
  }

  /** Check Flow: every problem of the file in the Problems view, and a one-line verdict. */
  async check(path: string): Promise<void> {
    const environment = this.environments.active;
    const result = await this.loader.load(path, environment);
    this.publish(path, result.diagnostics);
    const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = result.diagnostics.length - errors;
    if (errors || warnings) {
      void vscode.window.showWarningMessage(`${relative(dirname(path), path)}: ${errors} error(s), ${warnings} warning(s) — see Problems.`);
      if (errors) void vscode.commands.executeCommand('workbench.actions.view.problems');
    } else {
      const workflows = result.flow!.document.workflows.map((w) => `${w.workflowId} (${w.steps.length})`).join(', ');
      void vscode.window.showInformationMessage(`${relative(dirname(path), path)}: no problems — ${workflows}${result.notices.length ? `. ${result.notices.join(' ')}` : ''}`);
    }
  }

  private publish(path: string, diagnostics: readonly import('../core/flows/flowDiagnostic').FlowDiagnostic[]): void {
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const d of diagnostics) byFile.set(d.file ?? path, [...(byFile.get(d.file ?? path) ?? []), toDiagnostic(d)]);
    // An open Arazzo document has its diagnostics kept current as it is typed (ArazzoLanguageProvider).
    const open = (file: string) => vscode.workspace.textDocuments.some((d) => d.uri.scheme === 'file' && d.uri.fsPath === file && isArazzoDocument(d));
    for (const file of new Set([path, ...byFile.keys()])) this.problems.set(vscode.Uri.file(file), open(file) ? [] : (byFile.get(file) ?? []));
  }

  private async loadChecked(path: string, environment: string): Promise<LoadedFlow | undefined> {
    const result = await this.loader.load(path, environment);
    this.publish(path, result.diagnostics);
    if (!result.flow) {
      const first = result.diagnostics.find((d) => d.severity === 'error');
      const choice = await vscode.window.showErrorMessage(
        `${relative(dirname(path), path)} is not run: ${first ? `line ${first.range.start.line}: ${first.message}` : 'it does not load'}${result.diagnostics.length > 1 ? ` (and ${result.diagnostics.length - 1} more)` : ''}`,
        'Show Problems',
      );
      if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
      return undefined;
    }
    for (const notice of result.notices) this.log.info(`flow: ${notice}`);
    return result.flow;
  }

  private adopt(panel: vscode.WebviewPanel): PanelConnection<HostMessage, WebviewMessage> {
    this.connection?.dispose();
    const connection = new PanelConnection<HostMessage, WebviewMessage>(panel, this.extensionUri, SPEC, this.log, {
      onReady: () => this.post(),
      onMessage: (message) => this.receive(message),
    });
    connection.onDidDispose(() => {
      if (this.connection === connection) {
        this.connection = undefined;
        this.current?.controller?.abort(new Error('the flow-run panel was closed'));
      }
    });
    this.connection = this.register(connection);
    return connection;
  }

  private show(title: string): void {
    if (this.connection) {
      this.connection.panel.title = title;
      this.connection.panel.reveal(undefined, true);
      return;
    }
    const panel = createPanel(SPEC, this.extensionUri, title);
    this.adopt(panel);
  }

  private post(): void {
    if (this.current) this.connection?.post({ type: 'show', view: this.current.view });
  }

  private async receive(message: Exclude<WebviewMessage, { type: 'ready' }>): Promise<void> {
    const run = this.current;
    switch (message.type) {
      case 'start':
        if (run?.id === message.runId) run.go?.();
        return;
      case 'cancel':
        if (run?.id === message.runId) run.controller?.abort(new Error('cancelled'));
        return;
      case 'rerun': {
        if (!run || run.id !== message.runId) return;
        const flow = await this.loadChecked(run.path, run.environment);
        if (!flow) return;
        const previous = message.fromStepId ? run.result?.workflows.find((w) => w.workflowId === run.workflowId) : undefined;
        await this.start({ path: run.path, workflowId: run.workflowId, environment: run.environment, flow, resume: previous && message.fromStepId ? { stepId: message.fromStepId, previous } : undefined, inputs: previous?.inputs });
        return;
      }
      case 'reveal': {
        if (!run) return;
        const row = run.view.steps.find((s) => s.stepId === message.stepId && s.line);
        const document = await vscode.workspace.openTextDocument(vscode.Uri.file(run.path));
        const line = Math.max(0, (row?.line ?? 1) - 1);
        await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(line, 0, line, 0) });
        return;
      }
      case 'openResponse': {
        const record = run?.steps.get(message.stepKey)?.attempts.find((a) => a.attempt === message.attempt)?.record;
        if (!record) throw new Error('that response is no longer held (the panel was reloaded); run the flow again');
        this.responses.show(record, run!.secrets);
        return;
      }
      case 'copy':
        await vscode.env.clipboard.writeText(message.text);
        this.connection?.reply(message.requestId, true, 'Copied');
        return;
      default: {
        const never: never = message;
        void never;
      }
    }
  }

  private async start(options: { path: string; workflowId: string; environment: string; flow: LoadedFlow; resume?: { stepId: string; previous: WorkflowRun }; inputs?: Record<string, unknown> }): Promise<void> {
    const { flow, workflowId, environment, path } = options;
    this.current?.controller?.abort(new Error('another flow run started'));
    const { initialView, projectCost, applyEvent, finishView, failedView, runFlow, Redactor, credentialNames } = heavy();
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(path));
    // A shipped flow shows as registries/<id>/flows/<file>, not the extension's install folder.
    const shown = folder ? relative(folder.uri.fsPath, path) : (/[\\/](registries[\\/].+)$/.exec(path)?.[1] ?? path);
    const projected = projectCost(flow, workflowId);
    const settings = readSettings(vscode.Uri.file(path));
    // What the workflow may spend outside a sandbox (credits, paid calls), as a run of a file is confirmed.
    const confirm = projected.spend > 0 && projected.spend > settings.costsWarnAbove;
    const run: Run = {
      id: randomUUID(),
      path,
      workflowId,
      environment,
      flow,
      secrets: [],
      steps: new Map(),
      view: initialView({ runId: '', file: shown, flow, workflowId, environment, projected: projected.registries.length ? projected : undefined, confirm, resumedFrom: options.resume?.stepId }),
    };
    run.view = { ...run.view, runId: run.id, location: path };
    this.current = run;
    this.show(`Flow: ${workflowId}`);
    this.post();
    if (confirm) {
      const go = await new Promise<boolean>((resolve) => {
        run.go = () => resolve(true);
        const closed = this.connection?.onDidDispose(() => resolve(false));
        void closed;
      });
      if (!go || this.current !== run) return;
      run.view = { ...run.view, state: 'running' };
      this.post();
    }

    const catalog = await this.catalog.load();
    const names = credentialNames(catalog.entries);
    const redactor = () => new Redactor(run.secrets, names);
    const controller = (run.controller = new AbortController());
    try {
      await this.prepareSandbox(flow, `flow ${workflowId}`);
    } catch (error) {
      run.view = failedView(run.view, `the sandbox could not start: ${error instanceof Error ? error.message : String(error)}`);
      this.post();
      return;
    }
    const readBytes = async (path: string) => new Uint8Array(await readFile(path));
    // Named responses and ?? assertions of .http steps, for this run only.
    const httpSteps = new (heavy().HttpSteps)(readBytes);
    const sender: StepSender = {
      send: async (spec: StepRequestSpec, sendOptions): Promise<StepExchange> => {
        const record = await this.sender.sendPrepared(stepRequest(spec, run.secrets, sendOptions.environment ?? environment), sendOptions.signal);
        return { record, secrets: [] };
      },
    };
    let result: FlowRunResult;
    try {
      result = await runFlow(
        {
          flow,
          workflowId,
          environment,
          signal: controller.signal,
          inputs: options.inputs,
          resume: options.resume,
          onEvent: (event) => {
            const before = new Set(run.view.steps.map((s) => s.run));
            run.view = applyEvent(run.view, event, redactor());
            if (event.type === 'step-end' && event.depth === 0) {
              const row = run.view.steps.find((s) => s.run && !before.has(s.run));
              if (row) run.steps.set(row.key, event.step);
            }
            if (this.current === run) this.post();
          },
        },
        {
          sender,
          readFile: readBytes,
          askInputs: (id, missing) => this.askInputs(id, missing, run.secrets),
          prepareHttp: async (source, request) => httpSteps.prepare(source, request, await this.httpScope(source.location, source.file, environment)),
          httpAnswered: (source, request, record) => httpSteps.answered(source, request, record),
        },
      );
    } catch (error) {
      run.view = failedView(run.view, error instanceof Error ? error.message : String(error));
      this.post();
      throw error;
    }
    run.result = result;
    for (const secret of result.secrets) if (!run.secrets.includes(secret)) run.secrets.push(secret);
    run.view = finishView(run.view, result, redactor());
    if (this.current === run) this.post();
    this.log.info(`flow ${workflowId} (${shown}, ${environment}): ${run.view.state} in ${run.view.durationMs} ms`);
  }

  /** Sources that run against the sandbox: start it (when allowed) and follow its actual ports. */
  private async prepareSandbox(flow: LoadedFlow, reason: string): Promise<void> {
    const sources = [...allSources(flow)].filter((s) => s.kind === 'openapi' && s.registry?.environment.sandbox && s.baseUrl);
    if (!sources.length) return;
    const settings = readSettings();
    const info = settings.sandboxAutoStart && vscode.workspace.isTrusted ? await this.sandbox.ensure(reason) : await this.sandbox.find();
    if (!info) throw new Error('the sandbox is not running; run "Start Sandbox" (in a restricted workspace it is not started for you)');
    for (const source of sources) {
      if (source.kind !== 'openapi' || !source.registry || !source.baseUrl) continue;
      const actual = info.registries[source.registry.entry.id];
      if (actual) source.baseUrl = actual.replace(/\/+$/, '') + source.baseUrl.slice(new URL(source.baseUrl).origin.length);
    }
  }

  /** Missing required inputs, one prompt each (a pick for enums and booleans, hidden for passwords). */
  private async askInputs(workflowId: string, missing: InputField[], secrets: string[]): Promise<Record<string, unknown> | undefined> {
    const answers: Record<string, unknown> = {};
    for (const [i, field] of missing.entries()) {
      const title = `${workflowId}: input ${field.name} (${i + 1}/${missing.length})`;
      if (field.enum?.length || field.type === 'boolean') {
        const values = field.enum ?? [true, false];
        const picked = await vscode.window.showQuickPick(values.map((value) => ({ label: typeof value === 'string' ? value : JSON.stringify(value), value })), { title, placeHolder: field.description, ignoreFocusOut: true });
        if (!picked) return undefined;
        answers[field.name] = picked.value;
        continue;
      }
      const value = await vscode.window.showInputBox({
        title,
        prompt: [field.description, field.type ? `(${field.type})` : undefined].filter(Boolean).join(' '),
        password: field.secret,
        ignoreFocusOut: true,
        value: field.default === undefined ? undefined : typeof field.default === 'string' ? field.default : JSON.stringify(field.default),
        validateInput: (text) => inputProblem(text, field.type),
      });
      if (value === undefined) return undefined;
      if (field.secret && value) secrets.push(value);
      answers[field.name] = value;
    }
    return answers;
  }

  /** The variables a .http step of a flow reads, as a Send from that file would. */
  private async httpScope(location: string, file: import('../core/http').HttpFile, environment: string) {
    const catalog = await this.catalog.load();
    const registry = file.directives.find((d) => d.name === 'registry')?.value;
    const sandbox = await this.sandbox.find().catch(() => undefined);
    return (await this.variables.forRequest(location, environment, sandbox, catalog.entries, registry)).scope;
  }

  /** The record of a step's last attempt (tests and the e2e read it through the command's result). */
  lastRun(): { view: FlowRunView; records: ResponseRecord[] } | undefined {
    const run = this.current;
    if (!run) return undefined;
    return { view: run.view, records: [...run.steps.values()].flatMap((s) => s.attempts.flatMap((a) => (a.record ? [a.record] : []))) };
  }
}

function inputProblem(text: string, type: string | undefined): string | undefined {
  if (type === 'integer' && !/^-?\d+$/.test(text.trim())) return 'a whole number';
  if (type === 'number' && (text.trim() === '' || Number.isNaN(Number(text)))) return 'a number';
  if ((type === 'object' || type === 'array') && text.trim()) {
    try {
      JSON.parse(text);
    } catch {
      return `JSON (${type})`;
    }
  }
  return undefined;
}

function* allSources(flow: LoadedFlow): Generator<LoadedFlow['sources'] extends Map<string, infer S> ? S : never> {
  yield* flow.sources.values();
  for (const external of flow.externals.values()) yield* allSources(external);
}
