// The cost meter in the status bar: what this month's calls spent per registry and environment
// (costMeterView.ts), with the table in its tooltip. It reads the meter files again after each send
// from the editor and when a file in the meter folder changes (a `regx run` in a terminal).
import { join } from 'node:path';
import * as vscode from 'vscode';
import { CostMeter } from '../core/policies/costsMeter';
import { defaultStateDir } from '../sandbox/stateDir';
import type { CatalogStore } from './catalogStore';
import { costMeterView } from './costMeterView';
import { DisposableStore } from './lifecycle';
import type { Log } from './log';

export class CostMeterStatus extends DisposableStore {
  private readonly item = this.register(vscode.window.createStatusBarItem('registerExplorer.costMeter', vscode.StatusBarAlignment.Left, 49));
  private pending: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly catalog: CatalogStore,
    private readonly log: Log,
  ) {
    super();
    this.item.name = 'Register Explorer Cost Meter';
    const folder = join(defaultStateDir(process.env), 'costs');
    const watcher = this.register(vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(folder), '*.json')));
    for (const event of [watcher.onDidChange, watcher.onDidCreate, watcher.onDidDelete]) this.register(event(() => this.refresh()));
    // Not during activation: the first read (and the catalog's names) waits until the window has settled.
    const first = setTimeout(() => this.refresh(), 3000);
    first.unref?.();
    this.register({ dispose: () => clearTimeout(first) });
  }

  /** Reads the meters again (one read at a time; a request during one runs once after it). */
  refresh(): void {
    if (this.pending) {
      this.again = true;
      return;
    }
    this.pending = this.read()
      .catch((error: unknown) => this.log.warn(`cost meter: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        this.pending = undefined;
        if (this.again) {
          this.again = false;
          this.refresh();
        }
      });
  }

  private async read(): Promise<void> {
    const entries = await new CostMeter(defaultStateDir(process.env)).list();
    const names = entries.length ? new Map((await this.catalog.entries()).map((entry) => [entry.id, entry.name])) : new Map<string, string>();
    const view = costMeterView(entries, names);
    if (!view.text) {
      this.item.hide();
      return;
    }
    this.item.text = view.text;
    this.item.tooltip = new vscode.MarkdownString(view.tooltip);
    this.item.show();
  }
}
