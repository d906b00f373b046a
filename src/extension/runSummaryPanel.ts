// Hosts the Send All run summary: one panel, showing the latest run; a row opens its response
// in the response panel (secrets masked as when it was sent).
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { RunResult } from '../core/run/runTypes';
import type { ResponseRecord } from '../core/send/types';
import { isWebviewMessage, type HostMessage, type SummaryState, type SummaryView, type WebviewMessage } from '../../webview/summary/protocol';
import { heavy } from './heavyModules';
import { DisposableStore } from './lifecycle';
import type { Log } from './log';
import type { ResponsePanel } from './responsePanel';
import { summaryView } from './runSummaryView';
import { createPanel, PanelConnection, type PanelSpec } from './webviewPanelHost';

export const SUMMARY_VIEW_TYPE = 'registerExplorer.runSummary';
const SPEC: PanelSpec<WebviewMessage> = { viewType: SUMMARY_VIEW_TYPE, bundle: 'summary', stylesheet: 'summary.css', title: 'Send All', isWebviewMessage };

export class RunSummaryPanel extends DisposableStore {
  private connection: PanelConnection<HostMessage, WebviewMessage> | undefined;
  private view: SummaryView | undefined;
  /** The records of the latest run, to open; older runs' rows say they are gone. */
  private run: { id: string; records: Map<string, ResponseRecord>; secrets: string[] } | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly responses: ResponsePanel,
    private readonly log: Log,
  ) {
    super();
    this.register({ dispose: () => this.connection?.dispose() });
    this.register(
      vscode.window.registerWebviewPanelSerializer(SUMMARY_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, saved: SummaryState | undefined) => {
          if (this.connection || !saved?.view) {
            panel.dispose();
            return;
          }
          this.view = saved.view;
          this.adopt(panel);
        },
      }),
    );
  }

  show(result: RunResult): void {
    const id = randomUUID();
    const redactor = new (heavy().Redactor)(result.secrets);
    const records = new Map<string, ResponseRecord>();
    for (const item of result.results) if (item.record) records.set(item.record.id, item.record);
    this.run = { id, records, secrets: result.secrets };
    this.view = summaryView(id, result, redactor, new Date());
    const connection = this.connection ?? this.adopt(createPanel(SPEC, this.extensionUri, 'Send All'));
    connection.panel.title = `Send All: ${this.view.failed ? `${this.view.failed} failed` : 'all passed'}`;
    connection.post({ type: 'show', view: this.view });
    if (!connection.panel.visible) connection.panel.reveal(vscode.ViewColumn.Beside, true);
  }

  private adopt(panel: vscode.WebviewPanel): PanelConnection<HostMessage, WebviewMessage> {
    const connection = new PanelConnection<HostMessage, WebviewMessage>(panel, this.extensionUri, SPEC, this.log, {
      onReady: () => {
        if (this.view) connection.post({ type: 'show', view: this.view });
      },
      onMessage: (message) => {
        const record = this.run?.id === message.runId ? this.run.records.get(message.recordId) : undefined;
        if (!record) throw new Error('that run is no longer kept; run Send All again');
        this.responses.show(record, this.run!.secrets);
        connection.reply(message.requestId, true);
      },
    });
    connection.onDidDispose(() => {
      if (this.connection === connection) this.connection = undefined;
    });
    this.connection = connection;
    return connection;
  }
}
