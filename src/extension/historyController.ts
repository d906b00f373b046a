// The history of sent requests: one JSON Lines file shared with the `regx` CLI. Entries come
// from the send session, redacted there as the CLI's are (secrets, the registries' credential
// names, the user's `history.redact` names).
// The file is watched, so requests sent from a terminal show up in the view too.
import { dirname, basename } from 'node:path';
import * as vscode from 'vscode';
import type { HistoryEntry, HistoryStore } from '../core/history/historyStore';
import { DisposableStore } from './lifecycle';
import type { Log } from './log';
import { readSettings } from './settings';
import { heavy } from './heavyModules';

export class HistoryController extends DisposableStore {
  private store: HistoryStore | undefined;
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  private watching = false;

  constructor(private readonly log: Log) {
    super();
  }

  private async open(): Promise<HistoryStore> {
    if (!this.store) {
      const { HistoryStore, defaultHistoryPath } = heavy();
      this.store = new HistoryStore(defaultHistoryPath(process.env), Math.max(1, readSettings().historyMaxEntries));
      this.watch(this.store.path);
      const store = this.store;
      // Lines still queued are written before the extension host goes.
      this.register({ dispose: () => void store.close().catch(() => undefined) });
    }
    return this.store;
  }

  /** Writes one entry the send session made (redacted, previews cut); resolves once it is on disk. */
  async appendEntry(entry: HistoryEntry): Promise<void> {
    if (readSettings().historyMaxEntries <= 0) return;
    const store = await this.open();
    await store.append(entry);
    this.changed.fire();
  }

  /** Newest first. */
  async entries(): Promise<HistoryEntry[]> {
    const store = await this.open();
    const { entries, warnings } = store.read();
    for (const warning of warnings) this.log.warn(`history: ${warning}`);
    return entries.reverse();
  }

  async find(id: string): Promise<HistoryEntry | undefined> {
    return (await this.entries()).find((entry) => entry.id === id);
  }

  async clear(): Promise<void> {
    const store = await this.open();
    // Under the history lock, after the lines still queued: a CLI run writing meanwhile keeps its
    // later lines, and none of ours lands after the clear.
    await store.clear();
    this.changed.fire();
  }

  private watch(path: string): void {
    if (this.watching) return;
    this.watching = true;
    const watcher = this.register(vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(dirname(path)), basename(path))));
    const fire = () => this.changed.fire();
    this.register(watcher.onDidChange(fire));
    this.register(watcher.onDidCreate(fire));
    this.register(watcher.onDidDelete(fire));
  }
}
