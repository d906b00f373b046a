// The History view: one row per sent request, newest first (method and path, status, time).
// Clicking a row opens its response; Re-run sends the request again from its source file.
import * as vscode from 'vscode';
import type { HistoryEntry } from '../core/history/historyStore';
import type { HistoryController } from './historyController';
import { DisposableStore } from './lifecycle';
import type { Log } from './log';
import { pathOf } from './responseView';

export const HISTORY_VIEW = 'registerExplorer.history';

export interface HistoryNode {
  kind: 'historyEntry';
  entry: HistoryEntry;
}

export class HistoryTreeProvider extends DisposableStore implements vscode.TreeDataProvider<HistoryNode> {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<HistoryNode>;

  constructor(
    private readonly history: HistoryController,
    private readonly log: Log,
  ) {
    super();
    this.view = this.register(vscode.window.createTreeView(HISTORY_VIEW, { treeDataProvider: this }));
    this.register(history.onDidChange(() => this.changed.fire()));
  }

  async getChildren(node?: HistoryNode): Promise<HistoryNode[]> {
    if (node) return [];
    try {
      return (await this.history.entries()).map((entry) => ({ kind: 'historyEntry', entry }));
    } catch (error) {
      this.log.error('History view: reading the history failed', error);
      return [];
    }
  }

  getTreeItem({ entry }: HistoryNode): vscode.TreeItem {
    const item = new vscode.TreeItem(`${entry.request.method} ${pathOf(entry.request.url)}`, vscode.TreeItemCollapsibleState.None);
    item.id = `history:${entry.id}`;
    const status = entry.response ? `${entry.response.status}` : `failed: ${entry.error?.code ?? 'no response'}`;
    const when = new Date(entry.startedAt);
    item.description = `${status} · ${formatWhen(when)} · ${Math.round(entry.timings.totalMs)} ms`;
    item.tooltip = new vscode.MarkdownString(
      [
        `**${entry.request.method}** ${entry.request.url}`,
        entry.response ? `${entry.response.status} ${entry.response.statusText}` : `Failed: ${entry.error?.message ?? 'no response'}`,
        `${when.toLocaleString()} · ${Math.round(entry.timings.totalMs)} ms`,
        entry.request.registry ? `Registry \`${entry.request.registry.id}\` (${entry.request.registry.environment})` : undefined,
        entry.request.source?.file ? `From ${entry.request.source.file}${entry.request.source.line !== undefined ? `:${entry.request.source.line + 1}` : ''}` : undefined,
      ]
        .filter(Boolean)
        .join('\n\n'),
    );
    item.iconPath = statusIcon(entry);
    item.contextValue = 'historyEntry';
    item.command = { command: 'registerExplorer.history.open', title: 'Open Response', arguments: [{ kind: 'historyEntry', entry } satisfies HistoryNode] };
    return item;
  }
}

function statusIcon(entry: HistoryEntry): vscode.ThemeIcon {
  const status = entry.response?.status;
  if (status === undefined) return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
  if (status >= 500) return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
  if (status >= 400) return new vscode.ThemeIcon('warning', new vscode.ThemeColor('editorWarning.foreground'));
  return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
}

function formatWhen(date: Date): string {
  const today = new Date();
  return date.toDateString() === today.toDateString() ? date.toLocaleTimeString() : date.toLocaleString();
}

export function isHistoryNode(value: unknown): value is HistoryNode {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'historyEntry' && typeof (value as { entry?: unknown }).entry === 'object';
}
