// The History view: one row per sent request, newest first (method and path, status, time).
// Clicking a row opens its response; Re-run sends the request again from its source file. It
// shows this workspace's entries unless the user picks another filter (kept in workspace state).
import * as vscode from 'vscode';
import type { HistoryEntry } from '../core/history/historyStore';
import type { HistoryController } from './historyController';
import { DisposableStore } from './lifecycle';
import type { Log } from './log';
import { DEFAULT_HISTORY_FILTER, describeHistoryFilter, historyMatches, historyRegistries, isHistoryFilter, type HistoryFilter } from './historyFilter';

const FILTER_KEY = 'registerExplorer.history.filter';
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
    private readonly state: vscode.Memento,
    private readonly log: Log,
  ) {
    super();
    this.view = this.register(vscode.window.createTreeView(HISTORY_VIEW, { treeDataProvider: this }));
    this.register(history.onDidChange(() => this.changed.fire()));
    this.register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.changed.fire()));
  }

  get filter(): HistoryFilter {
    const stored = this.state.get<unknown>(FILTER_KEY);
    return isHistoryFilter(stored) ? stored : DEFAULT_HISTORY_FILTER;
  }

  /** Asks which entries to show: this workspace, the active file, a registry, or all. */
  async pickFilter(): Promise<void> {
    const entries = await this.history.entries();
    const active = vscode.window.activeTextEditor?.document.uri;
    type Item = vscode.QuickPickItem & { filter: HistoryFilter };
    const current = JSON.stringify(this.filter);
    const mark = (item: Item): Item => (JSON.stringify(item.filter) === current ? { ...item, label: `$(check) ${item.label}` } : item);
    const choices: Item[] = [
      { label: 'This workspace', description: 'requests sent from files in its folders', filter: { kind: 'workspace' } },
      ...(active?.scheme === 'file' ? [{ label: 'The active file', description: vscode.workspace.asRelativePath(active), filter: { kind: 'file', file: active.fsPath } } satisfies Item] : []),
      ...historyRegistries(entries).map((id): Item => ({ label: `Registry ${id}`, filter: { kind: 'registry', id } })),
      { label: 'All', description: 'every workspace and every regx run on this machine', filter: { kind: 'all' } },
    ];
    const items = choices.map(mark);
    const picked = await vscode.window.showQuickPick(items, { title: 'Register Explorer: Filter History' });
    if (!picked) return;
    await this.state.update(FILTER_KEY, picked.filter);
    this.changed.fire();
  }

  async getChildren(node?: HistoryNode): Promise<HistoryNode[]> {
    if (node) return [];
    try {
      const all = await this.history.entries();
      const filter = this.filter;
      const folders = (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file').map((folder) => folder.uri.fsPath);
      const shown = all.filter((entry) => historyMatches(entry, filter, folders));
      this.view.description = describeHistoryFilter(filter, shown.length, all.length, filter.kind === 'file' ? vscode.workspace.asRelativePath(filter.file) : undefined);
      this.view.message = shown.length === 0 && all.length > 0 ? `None of the ${all.length} requests in the history match; Filter History… (the view's filter button) shows all.` : undefined;
      return shown.map((entry) => ({ kind: 'historyEntry', entry }));
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
