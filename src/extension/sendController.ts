// Send: the request under the cursor (or all, or one built from an operation) goes through
// core's runner and send pipeline. This file only gathers what the editor knows (document,
// environment, secrets, sandbox, trust settings), turns the CancellationToken into an
// AbortSignal, and hands the records to history and the response panel.
import { access, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { rootCertificates } from 'node:tls';
import * as vscode from 'vscode';
import type { RegistryResolution } from '../core/catalog';
import type { HttpFile, RequestBlock } from '../core/http';
import type { RequestResult, RunEvent } from '../core/run/runTypes';
import { preparationFailure, sandboxUrl, withRegistry } from './sendSupport';
import type { PreparedRequest, ResponseRecord } from '../core/send/types';
import type { NamedExchange } from '../core/variables/types';
import type { CatalogStore } from './catalogStore';
import type { DocumentStore } from './documentStore';
import type { EnvironmentController } from './environmentController';
import type { HistoryController } from './historyController';
import type { Log } from './log';
import type { ResponsePanel } from './responsePanel';
import { pathOf } from './responseView';
import type { SandboxController, SandboxInfo } from './sandboxController';
import { readSettings } from './settings';
import type { ScopeInput, VariableSources } from './variableSources';
import { DisposableStore } from './lifecycle';
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
}

export class SendController extends DisposableStore {
  /** Request text of operation sends, so "Send again" works without a file. */
  private readonly virtualSources = new Map<string, RunSource>();
  /**
   * Named responses per document and environment, kept while the document is open: sending a
   * request that uses `{{login.response…}}` reuses the last `login` instead of sending it again.
   */
  private readonly sessions = new Map<string, Map<string, NamedExchange>>();

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
    if (document.uri.scheme === 'file') return { file, filePath: document.uri.fsPath, onDisk: true, uri };
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const base = folder?.scheme === 'file' ? folder.fsPath : tmpdir();
    return { file, filePath: join(base, `${document.uri.path.split('/').pop() || 'untitled'}.http`), onDisk: false, uri };
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
    if (!block) throw Object.assign(new Error(`the file has no request ${index + 1} any more`), { code: 'stale' });
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
      throw Object.assign(new Error(`this request uses the response of '${prepared.pending}', which has not been sent in this session`), { hint: `Send '${prepared.pending}' first.` });
    }
    if ('failure' in prepared) throw Object.assign(new Error(prepared.failure.message), { code: prepared.failure.code });
    const request = sandboxUrl(prepared.request, registryForRequest(catalog, source.file, block, environment, { filePath: source.filePath, url: prepared.request.url }), sandbox);
    return toCurl(request, secretNames(vars.scope));
  }

  /** "Send again" / "Re-run": from the source file when there is one, else as recorded. */
  async resend(record: ResponseRecord): Promise<ResponseRecord | undefined> {
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
    if (JSON.stringify(record.request).includes('[redacted]')) {
      throw Object.assign(new Error('this request was recorded with its secrets redacted and its source file is gone'), { code: 'redacted', hint: 'Open the request file and send it from there.' });
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
    if (!(await this.confirmCosts(resolutions, settings.costsWarnAbove))) return undefined;
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
        const { runHttpFile, SendPipeline, validateRecord, Redactor } = heavy();
        const [vars, ca] = await Promise.all([
          this.variables.forRequest(source.onDisk ? source.filePath : undefined, environment, sandbox, catalog.entries, source.file.directives.find((d) => d.name === 'registry')?.value),
          this.trustedRoots(sandbox, settings.tlsCaFiles),
        ]);
        const pipeline = new SendPipeline();
        let last: ResponseRecord | undefined;
        let done = 0;
        const result = await runHttpFile(
          {
            file: source.file,
            filePath: source.filePath,
            select: { indexes: blocks.map((block) => block.index) },
            scope: vars.scope,
            environment,
            knownSecrets: vars.knownSecrets,
            signal: controller.signal,
            exchanges: this.session(source, environment),
            onEvent: (event: RunEvent) => {
              if (event.type === 'start') progress.report({ message: `${event.method} ${pathOf(event.url)}${blocks.length > 1 ? ` (${done + 1}/${blocks.length})` : ''}` });
              if (event.type === 'end' && !event.result.asDependency) done++;
              if (event.type === 'notice') this.log.info(event.message);
            },
          },
          {
            readFile: async (path) => new Uint8Array(await readFile(path)),
            fileExists: (path) => access(path).then(() => true, () => false),
            send: async (request: PreparedRequest, signal: AbortSignal) => {
              const block = source.file.requests.find((candidate) => candidate.index === request.source?.requestIndex);
              const resolution = registryForRequest(catalog, source.file, block, environment, { filePath: source.filePath, url: request.url });
              const prepared = withRegistry(sandboxUrl(request, resolution, sandbox), resolution, environment);
              this.panel.showPending(prepared.method, prepared.url, prepared.secrets);
              const record = await pipeline.run(prepared, { signal, tls: { ca }, defaultTimeoutMs: settings.timeoutMs || undefined });
              if (record.error?.code === 'connect' && usesSandbox) this.sandbox.forget();
              return this.validate(record, resolution, validateRecord);
            },
            recorded: (record: ResponseRecord, _result: RequestResult, secrets: string[]) => {
              last = record;
              this.panel.show(record, secrets);
              this.history.append(record, secrets).catch((error: unknown) => this.log.error('history: writing failed', error));
            },
          },
        );
        const redactor = new Redactor(result.secrets);
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
   * Paid calls (a registry with a cost model, in its production environment) ask first when a
   * run sends more of them than `registerExplorer.costs.warnAbove`. The cost meter that counts
   * across runs arrives in a later release.
   */
  private async confirmCosts(resolutions: (RegistryResolution | undefined)[], warnAbove: number): Promise<boolean> {
    const paid = resolutions.filter((resolution) => resolution?.entry?.costs && resolution.entry.costs.model !== 'free' && resolution.environment?.name === 'production' && !resolution.environment.sandbox);
    if (paid.length === 0 || paid.length <= warnAbove) return true;
    const registries = [...new Set(paid.map((resolution) => resolution!.entry!.name))];
    const detail = paid.map((resolution) => resolution!.entry!.costs!.description).filter((text, index, all) => all.indexOf(text) === index).join('\n\n');
    const choice = await vscode.window.showWarningMessage(
      `This sends ${paid.length} paid call${paid.length === 1 ? '' : 's'} to ${registries.join(', ')} (production).`,
      { modal: true, detail: `${detail}\n\nThe threshold is the setting registerExplorer.costs.warnAbove (${warnAbove}).` },
      'Send',
    );
    return choice === 'Send';
  }

  private async validate(record: ResponseRecord, resolution: RegistryResolution | undefined, validateRecord: HeavyModules['validateRecord']): Promise<ResponseRecord> {
    const source = resolution?.openapi ?? resolution?.environment?.openapi;
    if (!record.response || !source) return record;
    try {
      const index = await (await this.catalog.openApiCache()).get(source);
      return validateRecord(record, index, { baseUrl: resolution?.environment?.baseUrl });
    } catch (error) {
      this.log.warn(`validation skipped: the API description ${source} did not load (${error instanceof Error ? error.message : String(error)})`);
      return record;
    }
  }

  /** PEM roots to trust on top of Node's: the sandbox CA and `registerExplorer.tls.caFiles`. */
  private async trustedRoots(sandbox: SandboxInfo | undefined, caFiles: string[]): Promise<string[]> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const files = [...(sandbox?.caFile ? [sandbox.caFile] : []), ...caFiles.map((file) => (isAbsolute(file) || !folder ? file : join(folder.fsPath, file)))];
    if (!files.length) return [];
    // A `ca` list replaces Node's roots in tls.connect, so they are passed along.
    const roots: string[] = [...rootCertificates];
    for (const file of files) {
      try {
        roots.push(await readFile(file, 'utf8'));
      } catch (error) {
        this.log.warn(`TLS: CA file ${file} is not readable (${error instanceof Error ? error.message : String(error)})`);
      }
    }
    return roots;
  }
}

/** Each secret value that may be in a request, by the name it is known under. */
function secretNames(scope: ScopeInput): Map<string, string> {
  const names = new Map<string, string>();
  for (const [name, value] of Object.entries(scope.secrets ?? {})) if (value) names.set(value, name);
  for (const layer of [scope.environment, scope.dotenv]) {
    for (const [name, value] of layer ?? []) if (value.secret && value.value && !names.has(value.value)) names.set(value.value, name);
  }
  return names;
}
