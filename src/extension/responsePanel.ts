// Hosts the response webview: one panel, reused for every send (its title follows the request).
// Messages to the webview wait until it says `ready`; incoming messages are validated against
// the protocol before anything acts on them.
import { copyFile, writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { Redactor } from '../core/history/redactor';
import type { ResponseRecord } from '../core/send/types';
import { defaultSpillDir, releaseBody, sweepBodies } from '../core/send/spillFolder';
import { isWebviewMessage, type ActionId, type HostMessage, type Offer, type WebviewMessage } from '../../webview/response/protocol';
import { AckWindow, StalledError, streamBody } from './bodyChunks';
import { DisposableStore } from './lifecycle';
import type { Log } from './log';
import { prettyJson, responseTitle, toResponseView, type ResponseExtras } from './responseView';
import { webviewHtml } from './webviewHtml';

export const RESPONSE_VIEW_TYPE = 'registerExplorer.response';
/** Records kept for "Open in editor", "Copy" and "Send again" on recent panels. */
const KEEP_RECORDS = 20;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface ResponsePanelActions {
  resend(record: ResponseRecord): Promise<unknown>;
  runAction(action: ActionId): Promise<unknown>;
  /** Panels a response can open (looked up after it is shown, so showing never waits). */
  offersFor?(record: ResponseRecord): Promise<Offer[]>;
  runOffer?(record: ResponseRecord, offer: Offer['id']): Promise<unknown>;
  /** Inserts a `{{name.response.body.<path>}}` reference to this response where the user writes requests. */
  useInRequest?(record: ResponseRecord, path: string): Promise<string>;
}

/** Bodies above this are not sent to the viewer (the saved file opens in the editor instead). */
export const VIEWER_MAX_BYTES = 256 * 1024 * 1024;

export class ResponsePanel extends DisposableStore {
  private panel: vscode.WebviewPanel | undefined;
  private panelStore: DisposableStore | undefined;
  private ready = false;
  private queue: HostMessage[] = [];
  private last: HostMessage | undefined;
  private readonly records = new Map<string, ResponseRecord>();
  /** Per body being sent: what the webview has taken in, and who waits for it to take more. */
  private readonly acks = new Map<string, AckWindow>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: Log,
    private readonly actions: ResponsePanelActions,
  ) {
    super();
    this.register({ dispose: () => this.panelStore?.dispose() });
    // A body file lives as long as the record that names it: history keeps only a preview. To keep
    // one, open it from the view and save it elsewhere.
    this.register({ dispose: () => void Promise.all([...this.records.values()].map((record) => releaseBody(record.response?.body.file))) });
    void sweepBodies(defaultSpillDir(), DAY_MS);
    // After a window reload VS Code hands the panel back; the webview rebuilds from its saved state.
    this.register(
      vscode.window.registerWebviewPanelSerializer(RESPONSE_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel) => {
          if (this.panel) {
            panel.dispose();
            return;
          }
          this.adopt(panel);
        },
      }),
    );
  }

  /** Opens (or reveals) the panel with a "Sending…" state. */
  showPending(method: string, url: string, secrets: readonly string[] = []): void {
    url = new Redactor(secrets).url(url);
    const title = responseTitle(method, url);
    this.post({ type: 'pending', title, method, url }, title);
  }

  /** Shows a record; `secrets` (the values that went into it) are masked in what is shown. */
  show(record: ResponseRecord, secrets: readonly string[] = [], extras: ResponseExtras = {}): void {
    this.records.set(record.id, record);
    while (this.records.size > KEEP_RECORDS) {
      const oldest = this.records.keys().next().value as string;
      void releaseBody(this.records.get(oldest)?.response?.body.file);
      this.records.delete(oldest);
    }
    const redactor = new Redactor(secrets);
    const masked: ResponseExtras = {
      checks: extras.checks?.map((c) => ({ ...c, text: redactor.text(c.text), message: c.message && redactor.text(c.message) })),
      logs: extras.logs?.map((line) => redactor.text(line)),
    };
    const view = toResponseView({ ...record, request: { ...record.request, url: redactor.url(record.request.url), headers: redactor.headerList(record.request.headers) } }, masked);
    this.post({ type: 'show', view }, view.title);
    void this.actions.offersFor?.(record).then(
      (offers) => {
        if (!offers.length || this.last?.type !== 'show' || this.last.view.id !== record.id) return;
        this.last = { type: 'show', view: { ...this.last.view, offers } };
        const message: HostMessage = { type: 'offers', responseId: record.id, offers };
        if (this.ready && this.panel) void this.panel.webview.postMessage(message);
        else this.queue.push(message);
      },
      (error: unknown) => this.log.warn(`response view: offers for ${record.id}: ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  private post(message: HostMessage, title: string): void {
    const panel = this.ensurePanel();
    panel.title = `Response: ${title}`;
    if (!panel.visible) panel.reveal(vscode.ViewColumn.Beside, true);
    this.last = message;
    if (this.ready) void panel.webview.postMessage(message);
    else this.queue.push(message);
  }

  private ensurePanel(): vscode.WebviewPanel {
    if (this.panel) return this.panel;
    return this.adopt(vscode.window.createWebviewPanel(RESPONSE_VIEW_TYPE, 'Response', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, this.webviewOptions()));
  }

  private webviewOptions(): vscode.WebviewOptions {
    return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(this.extensionUri, 'media')] };
  }

  /** Takes a new or restored panel into this host: its html, its messages, its end. */
  private adopt(panel: vscode.WebviewPanel): vscode.WebviewPanel {
    const store = new DisposableStore();
    store.register(panel);
    panel.webview.options = this.webviewOptions();
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'http-file.svg');
    panel.webview.html = webviewHtml(panel.webview, this.extensionUri, { bundle: 'response', stylesheet: 'response.css', title: 'Response', blobImages: true });
    store.register(panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)));
    store.register(
      panel.onDidDispose(() => {
        // The panel is gone (closed by the user): its run ends, the extension lives on.
        this.panel = undefined;
        this.ready = false;
        this.queue = [];
        this.panelStore = undefined;
        store.dispose();
      }),
    );
    this.panel = panel;
    this.panelStore = store;
    this.ready = false;
    return panel;
  }

  private receive(message: unknown): void {
    if (!isWebviewMessage(message)) {
      this.log.warn(`response view: ignored a malformed message ${JSON.stringify(message)?.slice(0, 200)}`);
      return;
    }
    void this.handle(message);
  }

  private async handle(message: WebviewMessage): Promise<void> {
    const panel = this.panel;
    if (!panel) return;
    if (message.type === 'bodyAck') {
      this.acks.get(message.responseId)?.acknowledge(message.received);
      return;
    }
    if (message.type === 'ready') {
      this.ready = true;
      // A webview that was hidden and reloaded says ready again: give it the latest state.
      const pending = this.queue.length ? this.queue : this.last ? [this.last] : [];
      this.queue = [];
      for (const queued of pending) void panel.webview.postMessage(queued);
      return;
    }
    const reply = (ok: boolean, text?: string) => void panel.webview.postMessage({ type: 'reply', requestId: message.requestId, ok, message: text } satisfies HostMessage);
    try {
      switch (message.type) {
        case 'openBody': {
          const record = this.require(message.responseId);
          const text = fullBodyText(record);
          const language = prettyJson(text) !== undefined ? 'json' : languageOf(record.response?.body.contentType);
          const document = await vscode.workspace.openTextDocument({ content: prettyJson(text) ?? text, language });
          await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Active, preview: true });
          reply(true);
          return;
        }
        case 'copyBody': {
          const record = this.require(message.responseId);
          await vscode.env.clipboard.writeText(fullBodyText(record));
          reply(true, 'Copied');
          return;
        }
        case 'openFile':
          if (!this.isKnownBodyFile(message.file)) throw new Error(`not a saved response body: ${message.file}`);
          await vscode.window.showTextDocument(vscode.Uri.file(message.file), { preview: true });
          reply(true);
          return;
        case 'resend':
          reply(true);
          await this.actions.resend(this.require(message.responseId));
          return;
        case 'action':
          reply(true);
          await this.actions.runAction(message.action);
          return;
        case 'offer':
          await this.actions.runOffer?.(this.require(message.responseId), message.offer);
          reply(true);
          return;
        case 'body':
          await this.streamBody(panel, this.require(message.responseId));
          reply(true);
          return;
        case 'copyText':
          await vscode.env.clipboard.writeText(message.text);
          reply(true, 'Copied');
          return;
        case 'useInRequest': {
          if (!this.actions.useInRequest) throw new Error('not available here');
          reply(true, await this.actions.useInRequest(this.require(message.responseId), message.path));
          return;
        }
        case 'saveBody': {
          const record = this.require(message.responseId);
          const body = record.response?.body;
          if (!body?.bytes && !body?.file) throw new Error('this body was not kept');
          const target = await vscode.window.showSaveDialog({ title: 'Save the response body', saveLabel: 'Save' });
          if (!target) return reply(true);
          if (body.file) await copyFile(body.file, target.fsPath);
          else await writeFile(target.fsPath, body.bytes!);
          reply(true, `Saved to ${target.fsPath}`);
          return;
        }
        default: {
          const never: never = message;
          void never;
        }
      }
    } catch (error) {
      this.log.error(`response view: ${message.type} failed`, error);
      reply(false, error instanceof Error ? error.message : String(error));
    }
  }

  /** The body's bytes to the webview in order: from memory, or read from the saved file. */
  private async streamBody(panel: vscode.WebviewPanel, record: ResponseRecord): Promise<void> {
    const body = record.response?.body;
    if (!body || (!body.bytes && !body.file)) throw new Error('this body was not kept');
    if (body.size > VIEWER_MAX_BYTES) throw new Error(`the body is ${body.size} bytes; open the saved file instead`);
    const window = new AckWindow();
    // The view asked for this body again (it re-rendered): the newer stream takes over, and the
    // one before, whose acknowledgements now go to the newer window, stops now rather than
    // stalling out 15 s later.
    this.acks.get(record.id)?.stop();
    this.acks.set(record.id, window);
    try {
      await streamBody(body, (bytes, offset, last) => panel.webview.postMessage({ type: 'bodyChunk', responseId: record.id, offset, bytes, last } satisfies HostMessage), window, { alive: () => this.panel === panel && panel.visible });
    } catch (error) {
      // A view that closed, was hidden (its page is dropped, and asks again when shown) or took
      // the body over again is no failure: nobody waits for the rest.
      if (!(error instanceof StalledError && error.gone)) throw error;
      this.log.info(`response view: body of ${record.id} not sent further: ${error.message}`);
    } finally {
      if (this.acks.get(record.id) === window) this.acks.delete(record.id);
    }
  }

  private require(id: string): ResponseRecord {
    const record = this.records.get(id);
    if (!record) throw new Error('that response is no longer kept; send the request again');
    return record;
  }

  /** Only files a kept record names may be opened: the webview cannot ask for arbitrary paths. */
  private isKnownBodyFile(file: string): boolean {
    for (const record of this.records.values()) if (record.response?.body.file === file) return true;
    return false;
  }
}

export function fullBodyText(record: ResponseRecord): string {
  const body = record.response?.body;
  if (!body) return '';
  if (body.bytes && body.encoding === 'text') return new TextDecoder().decode(body.bytes);
  return body.preview;
}

function languageOf(contentType: string | undefined): string {
  if (!contentType) return 'plaintext';
  if (/json/i.test(contentType)) return 'json';
  if (/xml/i.test(contentType)) return 'xml';
  if (/html/i.test(contentType)) return 'html';
  return 'plaintext';
}

