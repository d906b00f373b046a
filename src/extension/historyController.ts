// The history of sent requests: one JSON Lines file shared with the `regx` CLI, written only
// through core's Redactor (secrets, credential headers and the user's extra header names out).
// The file is watched, so requests sent from a terminal show up in the view too.
import { dirname, basename } from 'node:path';
import * as vscode from 'vscode';
import type { HistoryEntry, HistoryStore } from '../core/history/historyStore';
import type { ResponseRecord } from '../core/send/types';
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
    }
    return this.store;
  }

  /** Writes one record, redacted; `secrets` are the values that went into the request. */
  async append(record: ResponseRecord, secrets: readonly string[]): Promise<void> {
    if (readSettings().historyMaxEntries <= 0) return;
    const { Redactor, DEFAULT_SENSITIVE_HEADERS } = heavy();
    const store = await this.open();
    const extra = readSettings().historyRedact.map((name) => name.toLowerCase());
    const redactor = new Redactor(secrets, { headers: [...DEFAULT_SENSITIVE_HEADERS, ...extra] });
    store.append(redactor.record(record));
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
    await vscode.workspace.fs.delete(vscode.Uri.file(store.path), { useTrash: false }).then(undefined, () => undefined);
    // The store counts its lines; a new one starts from the empty file.
    this.store = undefined;
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
