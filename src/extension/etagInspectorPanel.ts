// Hosts the ETag inspector: one panel, showing one registry + environment of the ETag store (the
// store the policies write, one per state dir per process, so the editor's own sends show at
// once; other processes' writes — regx run — arrive through the store's file watch). Refresh
// GETs a resource through the send path, so the refresh is in History and the store sees its ETag.
import * as vscode from 'vscode';
import type { EtagScope } from '../core/policies/etagStoreTypes';
import type { EtagStore } from '../core/policies/etagStore';
import type { RegistryEntry } from '../core/catalog';
import { isWebviewMessage, type EtagInspectorState, type EtagInspectorView, type HostMessage, type WebviewMessage } from '../../webview/etags/protocol';
import { etagInspectorView } from './etagInspectorView';
import { heavy } from './heavyModules';
import { DisposableStore } from './lifecycle';
import type { Log } from './log';
import { createPanel, PanelConnection, type PanelSpec } from './webviewPanelHost';

export const ETAGS_VIEW_TYPE = 'registerExplorer.etags';
const SPEC: PanelSpec<WebviewMessage> = { viewType: ETAGS_VIEW_TYPE, bundle: 'etags', stylesheet: 'etags.css', title: 'ETags', isWebviewMessage };

/** Sends one request text through the editor's send path. */
export type SendText = (text: string, environment: string, name: string) => Promise<unknown>;

export class EtagInspectorPanel extends DisposableStore {
  private connection: PanelConnection<HostMessage, WebviewMessage> | undefined;
  private scope: { registry: { id: string; name: string }; environment: string } | undefined;
  private view: EtagInspectorView | undefined;
  private watching: { dispose(): void }[] = [];
  private store: EtagStore | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly send: SendText,
    private readonly log: Log,
  ) {
    super();
    this.register({ dispose: () => this.unwatch() });
    this.register({ dispose: () => this.connection?.dispose() });
    this.register(
      vscode.window.registerWebviewPanelSerializer(ETAGS_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, saved: EtagInspectorState | undefined) => {
          if (this.connection || !saved?.view) {
            panel.dispose();
            return;
          }
          this.adopt(panel);
          await this.open({ id: saved.view.registry, name: saved.view.registryName }, saved.view.environment);
        },
      }),
    );
  }

  private etags(): EtagStore {
    const modules = heavy();
    return (this.store ??= modules.etagStoreFor(modules.defaultStateDir(process.env)));
  }

  /** Opens (or turns) the panel to `registry` in `environment`. */
  async open(registry: Pick<RegistryEntry, 'id' | 'name'>, environment: string): Promise<EtagInspectorView> {
    this.scope = { registry: { id: registry.id, name: registry.name }, environment };
    const connection = this.connection ?? this.adopt(createPanel(SPEC, this.extensionUri, 'ETags'));
    connection.panel.title = `ETags: ${registry.name} · ${environment}`;
    this.unwatch();
    const scope: EtagScope = { registry: registry.id, environment };
    const store = this.etags();
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Several writes in a row (a Send All) redraw once.
    const changed = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void this.reload(), 150);
    };
    this.watching = [
      store.onDidChange((change) => {
        if (change.scope.registry === registry.id && change.scope.environment === environment) changed();
      }),
      store.watch(scope, changed),
      { dispose: () => clearTimeout(timer) },
    ];
    if (!connection.panel.visible) connection.panel.reveal(vscode.ViewColumn.Beside, false);
    return this.reload();
  }

  private async reload(): Promise<EtagInspectorView> {
    const scope = this.scope;
    if (!scope) throw new Error('no registry chosen');
    const resources = await this.etags().list({ registry: scope.registry.id, environment: scope.environment });
    const view = etagInspectorView(scope.registry, scope.environment, resources, new Date());
    this.view = view;
    this.connection?.post({ type: 'show', view });
    return view;
  }

  /** What the panel shows now (the e2e suite reads it through the open command's result). */
  current(): EtagInspectorView | undefined {
    return this.view;
  }

  private unwatch(): void {
    for (const item of this.watching) item.dispose();
    this.watching = [];
  }

  private adopt(panel: vscode.WebviewPanel): PanelConnection<HostMessage, WebviewMessage> {
    const connection = new PanelConnection<HostMessage, WebviewMessage>(panel, this.extensionUri, SPEC, this.log, {
      onReady: () => {
        if (this.view) connection.post({ type: 'show', view: this.view });
      },
      onMessage: async (message) => {
        const scope = this.scope;
        if (!scope) throw new Error('no registry chosen');
        switch (message.type) {
          case 'copy':
            await vscode.env.clipboard.writeText(message.text);
            connection.reply(message.requestId, true, 'Copied');
            return;
          case 'forget':
            await this.etags().forget({ registry: scope.registry.id, environment: scope.environment }, message.url);
            await this.reload();
            connection.reply(message.requestId, true, 'Forgotten');
            return;
          case 'refresh':
            // Only a URL the store lists: the webview cannot make the editor send anywhere else.
            if (!this.view?.resources.some((resource) => resource.url === message.url)) throw new Error('that resource is not in the ETag store');
            await this.send(`GET ${message.url}\n`, scope.environment, 'etag-refresh');
            await this.reload();
            connection.reply(message.requestId, true);
            return;
          default: {
            const never: never = message;
            void never;
          }
        }
      },
    });
    connection.onDidDispose(() => {
      if (this.connection === connection) {
        this.connection = undefined;
        this.unwatch();
      }
    });
    this.connection = connection;
    return connection;
  }
}
