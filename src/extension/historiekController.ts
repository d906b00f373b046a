// Opens historiek timelines: from a historiek response (its body is read as it is), from any
// response or history entry whose URL names a subject (its historiek is fetched through the send
// path, so it lands in History like every request), or by subject (a vCode typed in). One panel
// per registry, environment and subject; a restored panel rebuilds from its saved state.
import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { RegistryEntry } from '../core/catalog/types';
import type { HistoriekSpec } from '../core/historiek/types';
import type { ResponseRecord } from '../core/send/types';
import { isWebviewMessage, type HistoriekState, type HistoriekView, type HostMessage, type WebviewMessage } from '../../webview/historiek/protocol';
import type { CatalogStore } from './catalogStore';
import { heavy } from './heavyModules';
import { DisposableStore } from './lifecycle';
import type { Log } from './log';
import { fullBodyText } from './responsePanel';
import { pathOf } from './responseView';
import { createPanel, PanelConnection, type PanelSpec } from './webviewPanelHost';

export const HISTORIEK_VIEW_TYPE = 'registerExplorer.historiek';

const SPEC: PanelSpec<WebviewMessage> = { viewType: HISTORIEK_VIEW_TYPE, bundle: 'historiek', stylesheet: 'historiek.css', title: 'Historiek', isWebviewMessage };

/** Sends one request text through the editor's send path and returns its record. */
export type SendText = (text: string, environment: string, name: string) => Promise<ResponseRecord | undefined>;

interface Target {
  entry: RegistryEntry;
  spec: HistoriekSpec;
  environment: string;
  subject: string;
}

interface Open {
  target: Target;
  connection: PanelConnection<HostMessage, WebviewMessage>;
  view?: HistoriekView;
}

export class HistoriekController extends DisposableStore {
  private readonly open = new Map<string, Open>();
  private specs: Promise<Map<string, HistoriekSpec>> | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly catalog: CatalogStore,
    private readonly send: SendText,
    private readonly defaultEnvironment: () => string,
    private readonly log: Log,
  ) {
    super();
    this.register(catalog.onDidChange(() => (this.specs = undefined)));
    this.register(
      vscode.window.registerWebviewPanelSerializer(HISTORIEK_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, saved: HistoriekState | undefined) => {
          const view = saved?.view;
          const entry = view ? await this.catalog.find(view.registry) : undefined;
          const spec = entry ? (await this.loadSpecs()).get(entry.id) : undefined;
          if (!view || !entry || !spec) {
            panel.dispose();
            return;
          }
          this.adopt(panel, { entry, spec, environment: view.environment, subject: view.subject }, view);
        },
      }),
    );
  }

  /** Registries that keep a historiek, with how to read it. */
  private loadSpecs(): Promise<Map<string, HistoriekSpec>> {
    this.specs ??= (async () => {
      const specs = new Map<string, HistoriekSpec>();
      for (const entry of await this.catalog.entries()) {
        try {
          const spec = await heavy().loadHistoriekSpec(entry.folder);
          if (spec) specs.set(entry.id, spec);
        } catch (error) {
          this.log.error(`historiek: ${entry.id}`, error);
        }
      }
      return specs;
    })();
    return this.specs;
  }

  /** What a response offers: its timeline (a historiek response) or its subject's historiek. */
  async offerFor(record: ResponseRecord): Promise<{ title: string; subject: string } | undefined> {
    const target = await this.targetOf(record);
    if (!target) return undefined;
    const { isHistoriekPath } = heavy();
    return { subject: target.subject, title: isHistoriekPath(pathOf(record.request.url), target.spec) ? 'Open as timeline' : `Historiek ${target.subject}` };
  }

  private async targetOf(record: ResponseRecord): Promise<Target | undefined> {
    const id = record.request.registry?.id;
    if (!id) return undefined;
    const spec = (await this.loadSpecs()).get(id);
    const entry = spec ? await this.catalog.find(id) : undefined;
    if (!spec || !entry) return undefined;
    const environment = entry.environments.find((env) => record.request.url.startsWith(env.baseUrl))?.name ?? record.request.registry?.environment ?? this.defaultEnvironment();
    const path = pathFrom(record.request.url, entry, environment);
    const subject = heavy().subjectOfPath(path, spec);
    return subject ? { entry, spec, environment: record.request.registry?.environment ?? environment, subject } : undefined;
  }

  /** From a response: a historiek response is shown as it is; any other one fetches its subject's. */
  async openFromRecord(record: ResponseRecord): Promise<void> {
    const target = await this.targetOf(record);
    if (!target) throw Object.assign(new Error(`${record.request.method} ${pathOf(record.request.url)} names no subject with a historiek`), { hint: 'Open the timeline from a vereniging\'s response, or run "Open Historiek Timeline…" and type its vCode.' });
    const { isHistoriekPath } = heavy();
    if (record.response && record.response.status < 300 && isHistoriekPath(pathOf(record.request.url), target.spec)) {
      const text = record.response.body.file ? await readFile(record.response.body.file, 'utf8') : fullBodyText(record);
      if (!record.response.body.previewTruncated || record.response.body.file || record.response.body.bytes) {
        const open = this.show(target);
        this.deliver(open, record, text);
        return;
      }
    }
    await this.openSubject(target);
  }

  /** The command: pick a registry (when several keep a historiek) and type a subject. */
  async pick(): Promise<void> {
    const specs = await this.loadSpecs();
    const entries = (await this.catalog.entries()).filter((entry) => specs.has(entry.id));
    if (!entries.length) throw new Error('no registry in the catalog keeps a historiek (registries/<id>/historiek.yaml)');
    const entry =
      entries.length === 1
        ? entries[0]!
        : (await vscode.window.showQuickPick(entries.map((e) => ({ label: e.name, description: e.id, entry: e })), { title: 'Open Historiek Timeline', matchOnDescription: true }))?.entry;
    if (!entry) return;
    const spec = specs.get(entry.id)!;
    const pattern = spec.subject.pattern ? new RegExp(spec.subject.pattern) : undefined;
    const subject = await vscode.window.showInputBox({
      title: `Historiek in ${entry.name}`,
      prompt: `${spec.subject.name} of the subject (environment: ${this.catalog.environmentOf(entry, this.defaultEnvironment()).name})`,
      placeHolder: spec.subject.pattern ? `matching ${spec.subject.pattern}` : spec.subject.name,
      ignoreFocusOut: true,
      validateInput: (value) => (pattern && !pattern.test(value.trim()) ? `a ${spec.subject.name} matches ${spec.subject.pattern}` : undefined),
    });
    if (!subject) return;
    await this.openSubject({ entry, spec, environment: this.catalog.environmentOf(entry, this.defaultEnvironment()).name, subject: subject.trim() });
  }

  async openSubject(target: Target): Promise<void> {
    const open = this.show(target);
    await this.fetch(open);
  }

  private key(target: Target): string {
    return `${target.entry.id}|${target.environment}|${target.subject}`;
  }

  private show(target: Target): Open {
    const existing = this.open.get(this.key(target));
    if (existing) {
      existing.connection.panel.reveal(undefined, false);
      return existing;
    }
    return this.adopt(createPanel(SPEC, this.extensionUri, `Historiek ${target.subject}`), target);
  }

  private adopt(panel: vscode.WebviewPanel, target: Target, view?: HistoriekView): Open {
    panel.title = `Historiek ${target.subject}`;
    const open: Open = { target, view } as Open;
    open.connection = new PanelConnection<HostMessage, WebviewMessage>(panel, this.extensionUri, SPEC, this.log, {
      onReady: () => {
        if (open.view) open.connection.post({ type: 'show', view: open.view });
      },
      onMessage: async (message) => {
        switch (message.type) {
          case 'refresh':
            await this.fetch(open);
            open.connection.reply(message.requestId, true);
            return;
          case 'copy':
            await vscode.env.clipboard.writeText(message.text);
            open.connection.reply(message.requestId, true, 'Copied');
            return;
          default: {
            const never: never = message;
            void never;
          }
        }
      },
    });
    const key = this.key(target);
    this.open.set(key, open);
    open.connection.onDidDispose(() => {
      if (this.open.get(key) === open) this.open.delete(key);
    });
    this.register(open.connection);
    return open;
  }

  /** Reads the historiek through the send path (history, redaction, sandbox, validation). */
  private async fetch(open: Open): Promise<void> {
    const { entry, spec, environment, subject } = open.target;
    const env = this.catalog.environmentOf(entry, environment);
    const path = heavy().historiekPath(spec, subject);
    open.connection.post({ type: 'loading', subject, source: `${spec.operation.method} ${path}` });
    const headers = entry.mandatoryHeaders.filter((h) => !h.methods || h.methods.some((m) => m.toUpperCase() === spec.operation.method)).map((h) => `${h.name}: ${h.value}`);
    const text = [`# @registry ${entry.id}`, `${spec.operation.method} ${env.baseUrl.replace(/\/$/, '')}${path}`, ...headers, ''].join('\n');
    const record = await this.send(text, env.name, `historiek-${subject}`);
    if (!record) {
      open.connection.post({ type: 'failed', subject, message: 'The historiek was not read (the request was cancelled).' });
      return;
    }
    this.deliver(open, record, fullBodyText(record));
  }

  private deliver(open: Open, record: ResponseRecord, text: string): void {
    const { spec, subject, entry, environment } = open.target;
    const source = `${record.request.method} ${pathOf(record.request.url)}`;
    const fail = (message: string, hint?: string) => open.connection.post({ type: 'failed', subject, message, hint });
    if (!record.response) return fail(`${source} failed: ${record.error?.message ?? 'no response'}`, record.error?.hint);
    if (record.response.status >= 300) return fail(`${source} answered ${record.response.status}${problemText(text)}`, record.response.status === 404 ? `No ${spec.subject.name} ${subject} in ${entry.name} (${environment}).` : undefined);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return fail(`${source} did not answer JSON`);
    }
    try {
      const read = heavy().readHistoriek(body, spec);
      open.view = { subject: read.subject ?? subject, subjectName: spec.subject.name, registry: entry.id, environment, source, fetchedAt: record.startedAt, gebeurtenissen: read.gebeurtenissen, replay: spec.replay };
      open.connection.post({ type: 'show', view: open.view });
    } catch (error) {
      fail(`${source}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

function pathFrom(url: string, entry: RegistryEntry, environment: string): string {
  const base = entry.environments.find((env) => env.name === environment)?.baseUrl ?? entry.environments.find((env) => url.startsWith(env.baseUrl))?.baseUrl;
  try {
    const basePath = base ? new URL(base).pathname.replace(/\/$/, '') : '';
    const path = new URL(url).pathname;
    return basePath && path.startsWith(basePath) ? path.slice(basePath.length) : path;
  } catch {
    return url;
  }
}

/** `: <title/detail>` of a problem details body, for a one-line failure. */
function problemText(text: string): string {
  try {
    const body = JSON.parse(text) as { title?: unknown; detail?: unknown };
    const parts = [body.title, body.detail].filter((part): part is string => typeof part === 'string' && part.length > 0);
    return parts.length ? `: ${parts.join(' — ')}` : '';
  } catch {
    return '';
  }
}
