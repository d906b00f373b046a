// Send: the request under the cursor (or all, or one built from an operation) goes through
// core's runner and send pipeline. This file only gathers what the editor knows (document,
// environment, secrets, sandbox, trust settings), turns the CancellationToken into an
// AbortSignal, and hands the records to history and the response panel.
import { access, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { HttpFile, RequestBlock } from '../core/http';
import type { RunEvent, RunResult } from '../core/run/runTypes';
import { preparationFailure, sandboxUrl } from './sendSupport';
import { offerPrompt } from './offerPrompt';
import type { Offer } from '../core/policies/types';
import type { Catalog } from '../core/catalog/loadCatalog';
import type { SendSession, SessionPorts } from '../core/run/session';
import type { PreparedRequest, ResponseRecord } from '../core/send/types';
import type { NamedExchange } from '../core/variables/types';
import type { HistoryEntry } from '../core/history/historyStore';
import { RegxError } from '../core/errors';
import type { CatalogStore } from './catalogStore';
import type { DocumentStore } from './documentStore';
import type { EnvironmentController } from './environmentController';
import type { HistoryController } from './historyController';
import type { Log } from './log';
import type { ResponsePanel } from './responsePanel';
import { pathOf } from './responseView';
import type { SandboxController, SandboxInfo } from './sandboxController';
import { readSettings, type Settings } from './settings';
import type { ScopeInput, VariableSources } from './variableSources';
import { DisposableStore } from './lifecycle';
import { ProblemDiagnostics } from './problemDiagnostics';
import { heavy, type HeavyModules } from './heavyModules';

/** A request file to run: an editor document, or text built from an operation. */
export interface RunSource {
  file: HttpFile;
  /** Where relative body files and env files are looked up from. */
  filePath: string;
  /** True when `filePath` is an editor document on disk (re-run finds it again). */
  onDisk: boolean;
  /** Overrides the active environment (a tree operation runs in its node's environment). */
  environment?: string;
  /** The editor document it came from: its named responses are kept between sends. */
  uri?: string;
  /** That document's version when it was read: diagnostics are placed only on the text that was sent. */
  version?: number;
}

export class SendController extends DisposableStore {
  /** Request text of operation sends, so "Send again" works without a file. */
  private readonly virtualSources = new Map<string, RunSource>();
  /**
   * Named responses per document and environment, kept while the document is open: sending a
   * request that uses `{{login.response…}}` reuses the last `login` instead of sending it again.
   */
  private readonly sessions = new Map<string, Map<string, NamedExchange>>();
  /** Script globals (`client.global`) for the window session, as JetBrains keeps them until the IDE closes. */
  private scriptRunner: ReturnType<HeavyModules['createScriptRunner']> | undefined;
  /** Keep-alive connections of this editor session; they close after a minute unused. */
  private pool: InstanceType<HeavyModules['ConnectionPool']> | undefined;
  /** Told after a run of more than one request (Send All): the run summary panel listens. */
  onRunFinished: ((result: RunResult) => void) | undefined;
  /** Told after each finished exchange from the editor (the cost meter reads its files again). */
  onRecorded: (() => void) | undefined;
  /** An error answer's field messages on the request body that was sent. */
  private readonly problems: ProblemDiagnostics;

  constructor(
    private readonly documents: DocumentStore,
    private readonly catalog: CatalogStore,
    private readonly environments: EnvironmentController,
    private readonly variables: VariableSources,
    private readonly sandbox: SandboxController,
    private readonly history: HistoryController,
    private readonly panel: ResponsePanel,
    private readonly log: Log,
  ) {
    super();
    this.problems = this.register(new ProblemDiagnostics(documents));
    this.register({ dispose: () => void this.pool?.destroy() });
    this.register(
      vscode.workspace.onDidCloseTextDocument((document) => {
        const prefix = `${document.uri.toString()}|`;
        for (const key of [...this.sessions.keys()]) if (key.startsWith(prefix)) this.sessions.delete(key);
      }),
    );
  }

  /** The named responses of a document in an environment (created on first use). */
  private session(source: RunSource, environment: string): Map<string, NamedExchange> | undefined {
    if (!source.uri) return undefined;
    const key = `${source.uri}|${environment}`;
    let session = this.sessions.get(key);
    if (!session) {
      session = new Map();
      this.sessions.set(key, session);
    }
    return session;
  }

  async sourceOf(document: vscode.TextDocument): Promise<RunSource> {
    const file = await this.documents.get(document);
    const uri = document.uri.toString();
    if (document.uri.scheme === 'file') return { file, filePath: document.uri.fsPath, onDisk: true, uri, version: document.version };
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const base = folder?.scheme === 'file' ? folder.fsPath : tmpdir();
    return { file, filePath: join(base, `${document.uri.path.split('/').pop() || 'untitled'}.http`), onDisk: false, uri, version: document.version };
  }

  /** Sends the request at `position`; tells the user how to pick one when there is none. */
  async sendAt(document: vscode.TextDocument, position: vscode.Position): Promise<ResponseRecord | undefined> {
    const source = await this.sourceOf(document);
    const { requestAt } = heavy();
    const block = requestAt(source.file, { line: position.line, character: position.character });
    if (!block?.requestLine) {
      void vscode.window.showInformationMessage('Put the cursor inside a request (between ### lines) to send it.');
      return undefined;
    }
    return this.run(source, [block]);
  }

  async sendIndex(document: vscode.TextDocument, index: number): Promise<ResponseRecord | undefined> {
    const source = await this.sourceOf(document);
    const block = source.file.requests.find((request) => request.index === index);
    if (!block) throw new RegxError('stale', `the file has no request ${index + 1} any more`);
    return this.run(source, [block]);
  }

  async sendAll(document: vscode.TextDocument): Promise<ResponseRecord | undefined> {
    const source = await this.sourceOf(document);
    const blocks = source.file.requests.filter((request) => request.requestLine);
    if (!blocks.length) {
      void vscode.window.showInformationMessage('This file has no requests to send.');
      return undefined;
    }
    return this.run(source, blocks);
  }

  /** Sends request text that is not in an editor (a registry operation). */
  async sendText(text: string, environment: string, name: string): Promise<ResponseRecord | undefined> {
    const { parseHttp } = heavy();
    const file = parseHttp(text);
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const source: RunSource = { file, filePath: join(folder?.scheme === 'file' ? folder.fsPath : tmpdir(), `${name}.http`), onDisk: false, environment };
    const record = await this.run(source, file.requests.filter((request) => request.requestLine));
    if (record) {
      this.virtualSources.set(record.id, source);
      if (this.virtualSources.size > 50) this.virtualSources.delete(this.virtualSources.keys().next().value as string);
    }
    return record;
  }

  /**
   * The request at `position`, resolved as it would be sent (named responses from this session),
   * as a curl command whose secrets are shell variables. Nothing is sent.
   */
  async curlAt(document: vscode.TextDocument, position: vscode.Position): Promise<string | undefined> {
    const source = await this.sourceOf(document);
    const { requestAt, registryForRequest, prepareRequest, toCurl } = heavy();
    const catalog = await this.catalog.load();
    const block = requestAt(source.file, { line: position.line, character: position.character });
    if (!block?.requestLine) {
      void vscode.window.showInformationMessage('Put the cursor inside a request (between ### lines) to copy it.');
      return undefined;
    }
    const environment = this.environments.active;
    const resolution = registryForRequest(catalog, source.file, block, environment, { filePath: source.filePath });
    // A running sandbox lends its ports and demo credentials; none is started just to copy.
    const sandbox = environment === 'sandbox' || resolution?.environment?.sandbox ? await this.sandbox.find().catch(() => undefined) : undefined;
    const vars = await this.variables.forRequest(source.onDisk ? source.filePath : undefined, environment, sandbox, catalog.entries, source.file.directives.find((d) => d.name === 'registry')?.value);
    const prepared = await prepareRequest(block, {
      file: source.file,
      filePath: source.filePath,
      scope: vars.scope,
      exchanges: this.session(source, environment) ?? new Map(),
      readFile: async (path) => new Uint8Array(await readFile(path)),
      fileExists: (path) => access(path).then(() => true, () => false),
    });
    if ('pending' in prepared) {
      throw new RegxError('dependency-failed', `this request uses the response of '${prepared.pending}', which has not been sent in this session`, `Send '${prepared.pending}' first.`);
    }
    if ('failure' in prepared) throw new RegxError(prepared.failure.code, prepared.failure.message);
    const request = sandboxUrl(prepared.request, registryForRequest(catalog, source.file, block, environment, { filePath: source.filePath, url: prepared.request.url }), sandbox);
    return toCurl(request, secretNames(vars.scope));
  }

  /** "Send again" / "Re-run": from the source file when there is one, else as recorded. */
  async resend(record: ResponseRecord & Pick<HistoryEntry, 'requestRedacted'>): Promise<ResponseRecord | undefined> {
    const virtual = this.virtualSources.get(record.id);
    if (virtual) return this.run(virtual, virtual.file.requests.filter((request) => request.requestLine));
    const origin = record.request.source;
    if (origin?.file && origin.requestIndex !== undefined) {
      try {
        const document = await vscode.workspace.openTextDocument(vscode.Uri.file(origin.file));
        const source = await this.sourceOf(document);
        const block = (origin.name ? source.file.requests.find((request) => request.name === origin.name) : undefined) ?? source.file.requests.find((request) => request.index === origin.requestIndex);
        if (block?.requestLine) return this.run(source, [block]);
      } catch (error) {
        this.log.warn(`re-run: ${origin.file} is not readable (${error instanceof Error ? error.message : String(error)}); sending the recorded request`);
      }
    }
    if (record.requestRedacted) {
      throw new RegxError('redacted', 'this request was recorded with its secrets redacted and its source file is gone', 'Open the request file and send it from there.');
    }
    const lines = [`${record.request.method} ${record.request.url}`, ...record.request.headers.map(([name, value]) => `${name}: ${value}`)];
    if (record.request.bodyPreview) lines.push('', record.request.bodyPreview);
    return this.sendText(lines.join('\n') + '\n', record.request.registry?.environment ?? this.environments.active, 'history');
  }

  private async run(source: RunSource, blocks: RequestBlock[]): Promise<ResponseRecord | undefined> {
    const environment = source.environment ?? this.environments.active;
    const settings = readSettings(source.onDisk ? vscode.Uri.file(source.filePath) : undefined);
    const { registryForRequest } = heavy();
    const catalog = await this.catalog.load();
    const resolutions = blocks.map((block) => registryForRequest(catalog, source.file, block, environment, { filePath: source.filePath }));
    const usesSandbox = environment === 'sandbox' || resolutions.some((resolution) => resolution?.environment?.sandbox);
    // What the run may cost is projected and confirmed by the session before its first send
    // (Offer 'spend-run', asked through decide), against registerExplorer.costs.warnAbove.
    const first = blocks[0]!;
    const title = blocks.length === 1 ? `${first.requestLine!.method} ${pathOf(first.requestLine!.url)}` : `${blocks.length} requests`;

    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Register Explorer: sending ${title}`, cancellable: true }, async (progress, token) => {
      const controller = new AbortController();
      const cancel = token.onCancellationRequested(() => controller.abort(new Error('cancelled')));
      try {
        let sandbox: SandboxInfo | undefined;
        if (usesSandbox) {
          progress.report({ message: 'finding the sandbox…' });
          sandbox = settings.sandboxAutoStart && vscode.workspace.isTrusted ? await this.sandbox.ensure(`send ${title}`) : await this.sandbox.find();
        }
        const { createScriptRunner } = heavy();
        // Scripts run in the QuickJS sandbox, and only in a trusted workspace.
        const scriptsOn = vscode.workspace.isTrusted && settings.scriptsAllow;
        if (scriptsOn) this.scriptRunner ??= createScriptRunner();
        let last: ResponseRecord | undefined;
        let done = 0;
        if (source.uri) this.problems.clear(source.uri);
        const session = await this.openSession(catalog, environment, settings, sandbox, source.onDisk ? source.filePath : undefined, {
          sending: (request) => this.panel.showPending(request.method, request.url, request.secrets),
          recorded: (record, result, runSecrets) => {
            last = record;
            if (record.cost) this.onRecorded?.();
            if (settings.followLocation === 'ask') this.offerFollow(record, [...runSecrets]);
            if (source.uri && record.problem) void this.problems.add(source.uri, source.version, record).catch((error: unknown) => this.log.warn(`diagnostics of ${record.request.method} ${pathOf(record.request.url)}: ${error instanceof Error ? error.message : String(error)}`));
            if (record.error?.code === 'connect' && usesSandbox) this.sandbox.forget();
            this.panel.show(record, [...runSecrets], { checks: result.assertions, logs: result.scriptLogs });
          },
        });
        const result = await session.run({
          file: source.file,
          filePath: source.filePath,
          select: { indexes: blocks.map((block) => block.index) },
          signal: controller.signal,
          exchanges: this.session(source, environment),
          parallel: settings.sendAllParallel,
          scripts: scriptsOn ? this.scriptRunner : undefined,
          scriptsOff: vscode.workspace.isTrusted ? "scripts are turned off ('registerExplorer.scripts.allow')" : 'scripts do not run in a restricted workspace: trust the workspace to run them',
          onEvent: (event: RunEvent) => {
            if (event.type === 'start') progress.report({ message: `${event.method} ${pathOf(event.url)}${blocks.length > 1 ? ` (${done + 1}/${blocks.length})` : ''}` });
            if (event.type === 'end' && !event.result.asDependency) done++;
            if (event.type === 'notice') this.log.info(event.message);
          },
        });
        if (blocks.length > 1) this.onRunFinished?.(result);
        const redactor = session.redactor(result.secrets);
        for (const item of result.results) {
          if (item.outcome === 'failed') this.log.warn(redactor.text(`${item.method} ${redactor.url(item.url)}: ${item.reason ?? 'failed'}`));
        }
        const failed = result.results.find((item) => item.prepareError && !item.record);
        if (failed?.prepareError && (!last || blocks.length === 1)) {
          const record = preparationFailure(failed, environment, vscode.workspace.isTrusted);
          this.panel.show(record);
          return record;
        }
        return last;
      } finally {
        cancel.dispose();
      }
    });
  }

  /**
   * One request built elsewhere (a flow step) through this send path: the sandbox's actual ports,
   * trusted roots, the session's connection pool, the send limits of the settings, validation
   * against the registry's description, and History. A flow is requests, not a second client.
   */
  async sendPrepared(request: PreparedRequest, signal: AbortSignal): Promise<ResponseRecord> {
    const settings = readSettings(request.source?.file ? vscode.Uri.file(request.source.file) : undefined);
    const catalog = await this.catalog.load();
    const entry = request.registry ? catalog.entries.find((candidate) => candidate.id === request.registry!.id) : undefined;
    const environment = entry ? this.catalog.environmentOf(entry, request.registry!.environment) : undefined;
    const sandbox = environment?.sandbox ? await this.sandbox.find().catch(() => undefined) : undefined;
    const session = await this.openSession(catalog, environment?.name ?? request.registry?.environment ?? this.environments.active, settings, sandbox, request.source?.file, {});
    const record = await session.send(request, signal, { registry: request.registry?.id });
    if (record.error?.code === 'connect' && sandbox) this.sandbox.forget();
    const validation = await session.validate(record, signal);
    const validated = validation ? { ...record, validation } : record;
    session.writeHistory(validated, request.secrets ?? [], []);
    if (record.cost) this.onRecorded?.();
    return validated;
  }

  /**
   * The send session for one run (or one flow step): the editor's settings, env files, secrets,
   * sandbox and trusted roots as core's session options; history, the log and prompts as ports.
   */
  private async openSession(
    catalog: Catalog,
    environment: string,
    settings: Settings,
    sandbox: SandboxInfo | undefined,
    filePath: string | undefined,
    shown: Pick<SessionPorts, 'sending' | 'recorded'>,
  ): Promise<SendSession> {
    const { editorSession, editorTls, ConnectionPool, defaultStateDir } = heavy();
    this.pool ??= new ConnectionPool({ idleCloseMs: 60_000 });
    const [variables, secrets, sandboxCa, openApi] = await Promise.all([
      this.variables.layers(filePath, environment),
      this.variables.secretValues(),
      this.sandboxCa(sandbox),
      this.catalog.openApiCache(),
    ]);
    const folder = vscode.workspace.workspaceFolders?.find((candidate) => candidate.uri.scheme === 'file')?.uri.fsPath;
    const tls = editorTls({ settings, folder, sandboxCa, env: process.env, warn: (message) => this.log.warn(message) });
    return editorSession({
      catalog,
      environment,
      variables,
      secrets,
      sandbox,
      settings,
      tls,
      pool: this.pool,
      loadIndex: (source) => openApi.get(source),
      history: { append: (entry) => this.history.appendEntry(entry) },
      stateDir: defaultStateDir(process.env),
      ports: {
        decide: (offer, signal) => this.decide(offer, signal, settings),
        notice: (message) => this.log.info(message),
        warn: (message) => this.log.warn(message),
        ...shown,
      },
    });
  }

  /**
   * A policy's offer as a notification with its one action: modal where accepting writes or
   * spends, so nothing goes out before the user answers; declining is the default.
   */
  private async decide(offer: Offer, signal: AbortSignal, settings: Settings): Promise<boolean> {
    // Following a 202 is offered once its response shows (offerFollow), never while the send
    // waits: an unanswered notification would keep the request 'Sending…' for good.
    if (offer.kind === 'follow-location') return settings.followLocation === 'always';
    const prompt = offerPrompt(offer);
    const shown = prompt.modal
      ? vscode.window.showWarningMessage(prompt.message, { modal: true, detail: prompt.detail }, prompt.action)
      : vscode.window.showInformationMessage(prompt.detail ? `${prompt.message} ${prompt.detail}` : prompt.message, prompt.action);
    // A notification left unanswered must not hold the send once it is cancelled.
    const cancelled = new Promise<undefined>((resolve) => {
      if (signal.aborted) resolve(undefined);
      signal.addEventListener('abort', () => resolve(undefined), { once: true });
    });
    return (await Promise.race([shown, cancelled])) === prompt.action;
  }

  /**
   * A 202 Accepted whose Location is on the request's own origin: the response is shown, and a
   * notification offers to read the Location. Following sends a GET through the same send path
   * (credentials and mandatory headers by the registry's policies, the ETag store remembers the
   * resource's ETag, History) and shows it; a second 202 is offered again.
   */
  private offerFollow(record: ResponseRecord, secrets: string[]): void {
    const accepted = record.followed ? undefined : heavy().acceptedLocation(record);
    if (!accepted?.sameOrigin) return;
    const { location } = accepted;
    const prompt = offerPrompt({ kind: 'follow-location', location: location.href });
    void vscode.window.showInformationMessage(prompt.message, prompt.action).then((choice) => {
      if (choice === prompt.action) void this.follow(record, location.href, secrets);
    });
  }

  private async follow(record: ResponseRecord, location: string, secrets: string[]): Promise<void> {
    const request: PreparedRequest = {
      method: 'GET',
      url: location,
      // The body and its conditions belong to the write; credentials and the registry's headers stay.
      headers: heavy().followHeaders(record.request.headers),
      followRedirects: true,
      source: record.request.source,
      registry: record.request.registry,
      secrets,
    };
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Register Explorer: following ${pathOf(location)}`, cancellable: true }, async (_progress, token) => {
      const controller = new AbortController();
      const cancel = token.onCancellationRequested(() => controller.abort(new Error('cancelled')));
      try {
        this.panel.showPending('GET', location, secrets);
        const followed = await this.sendPrepared(request, controller.signal);
        this.panel.show(followed, secrets);
        if (readSettings(record.request.source?.file ? vscode.Uri.file(record.request.source.file) : undefined).followLocation === 'ask') this.offerFollow(followed, secrets);
      } catch (error) {
        void vscode.window.showErrorMessage(`Following ${location} failed: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        cancel.dispose();
      }
    });
  }

  /** The running sandbox's CA (PEM), which its HTTPS registries are served under. */
  private async sandboxCa(sandbox: SandboxInfo | undefined): Promise<string | undefined> {
    if (!sandbox?.caFile) return undefined;
    try {
      return await readFile(sandbox.caFile, 'utf8');
    } catch (error) {
      this.log.warn(`TLS: the sandbox's CA file ${sandbox.caFile} is not readable (${error instanceof Error ? error.message : String(error)})`);
      return undefined;
    }
  }
}

/** The environment's base URL where the sandbox really listens (it may run on other ports). */
/** Each secret value that may be in a request, by the name it is known under. */
function secretNames(scope: ScopeInput): Map<string, string> {
  const names = new Map<string, string>();
  for (const [name, value] of Object.entries(scope.secrets ?? {})) if (value) names.set(value, name);
  for (const layer of [scope.environment, scope.dotenv]) {
    for (const [name, value] of layer ?? []) if (value.secret && value.value && !names.has(value.value)) names.set(value.value, name);
  }
  return names;
}
