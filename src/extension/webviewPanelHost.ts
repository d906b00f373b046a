// What every panel's host shares (STYLE.md §8): the HTML shell with its nonce, messages held
// until the webview says `ready` (and the panel's current state posted again whenever it says so
// after VS Code reloaded a hidden webview), incoming messages checked against the protocol before
// anything acts on them, replies carrying the request id, and one place that logs a failure.
import * as vscode from 'vscode';
import { DisposableStore } from './lifecycle';
import type { Log } from './log';
import { webviewHtml } from './webviewHtml';

export interface PanelSpec<W extends { type: string }> {
  /** Also the serializer's key in package.json (`onWebviewPanel:<viewType>`). */
  viewType: string;
  /** `historiek` → dist/webview/historiek.js. */
  bundle: string;
  /** The panel's stylesheet in media/. */
  stylesheet: string;
  title: string;
  isWebviewMessage(value: unknown): value is W;
}

export interface PanelHandlers<W extends { type: string }> {
  /** The webview (re)started: post what it should show. */
  onReady(): void;
  /** A validated message other than `ready`; a throw is logged and, with a requestId, replied. */
  onMessage(message: Exclude<W, { type: 'ready' }>): Promise<void> | void;
}

type Reply = { type: 'reply'; requestId: number; ok: boolean; message?: string };

/** One open panel: its webview, its message queue, its end. */
export class PanelConnection<H extends { type: string }, W extends { type: string }> extends DisposableStore {
  private ready = false;
  private queue: H[] = [];
  private readonly ended = this.register(new vscode.EventEmitter<void>());
  readonly onDidDispose = this.ended.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly spec: PanelSpec<W>,
    private readonly log: Log,
    private readonly handlers: PanelHandlers<W>,
  ) {
    super();
    panel.webview.options = panelOptions(extensionUri);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'http-file.svg');
    panel.webview.html = webviewHtml(panel.webview, extensionUri, { bundle: spec.bundle, stylesheet: spec.stylesheet, title: spec.title });
    this.register(panel.webview.onDidReceiveMessage((message: unknown) => void this.receive(message)));
    this.register(
      panel.onDidDispose(() => {
        this.ended.fire();
        this.dispose();
      }),
    );
  }

  post(message: H): void {
    if (this.ready) void this.panel.webview.postMessage(message);
    else this.queue.push(message);
  }

  reply(requestId: number, ok: boolean, message?: string): void {
    void this.panel.webview.postMessage({ type: 'reply', requestId, ok, message } satisfies Reply);
  }

  private async receive(message: unknown): Promise<void> {
    if (!this.spec.isWebviewMessage(message)) {
      this.log.warn(`${this.spec.bundle} view: ignored a malformed message ${JSON.stringify(message)?.slice(0, 200)}`);
      return;
    }
    if (message.type === 'ready') {
      this.ready = true;
      const queued = this.queue;
      this.queue = [];
      for (const item of queued) void this.panel.webview.postMessage(item);
      this.handlers.onReady();
      return;
    }
    try {
      await this.handlers.onMessage(message as Exclude<W, { type: 'ready' }>);
    } catch (error) {
      this.log.error(`${this.spec.bundle} view: ${message.type} failed`, error);
      const requestId = (message as { requestId?: unknown }).requestId;
      if (typeof requestId === 'number') this.reply(requestId, false, error instanceof Error ? error.message : String(error));
    }
  }
}

export function panelOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    // The panels rebuild from their saved state; keeping hidden ones alive would hold big bodies in memory.
    retainContextWhenHidden: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

/** Opens a panel of `spec` beside the editor. */
export function createPanel(spec: PanelSpec<{ type: string }>, extensionUri: vscode.Uri, title: string): vscode.WebviewPanel {
  return vscode.window.createWebviewPanel(spec.viewType, title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false }, panelOptions(extensionUri));
}
