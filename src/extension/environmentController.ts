// The active environment: one setting (`registerExplorer.environment`), one status-bar item
// that shows it, one quick pick that switches it. Everything that sends reads `active` here.
import * as vscode from 'vscode';
import type { RegistryEntry } from '../core/catalog/types';
import { DisposableStore } from './lifecycle';
import { SECTION, readSettings } from './settings';

export interface EnvironmentChoice {
  name: string;
  /** Where the environment is defined: registries that have it, env files, settings. */
  detail?: string;
}

/** One choice per environment name in the catalog, detailed with the registries that have it. */
export function catalogEnvironmentChoices(entries: readonly RegistryEntry[]): EnvironmentChoice[] {
  const byName = new Map<string, string[]>();
  for (const entry of entries) for (const env of entry.environments) byName.set(env.name, [...(byName.get(env.name) ?? []), entry.id]);
  return [...byName].map(([name, ids]) => ({ name, detail: ids.join(', ') }));
}

export class EnvironmentController extends DisposableStore {
  private readonly item = this.register(vscode.window.createStatusBarItem('registerExplorer.environment', vscode.StatusBarAlignment.Left, 50));
  private readonly changed = this.register(new vscode.EventEmitter<string>());
  readonly onDidChange = this.changed.event;
  private current: string;

  constructor(private readonly choices: () => Promise<EnvironmentChoice[]>) {
    super();
    this.current = readSettings().environment;
    this.item.name = 'Register Explorer Environment';
    this.item.tooltip = 'Register Explorer environment — click to switch';
    this.item.command = 'registerExplorer.selectEnvironment';
    this.render();
    this.item.show();
    this.register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!event.affectsConfiguration(`${SECTION}.environment`)) return;
        const next = readSettings().environment;
        if (next === this.current) return;
        this.current = next;
        this.render();
        this.changed.fire(next);
      }),
    );
  }

  get active(): string {
    return this.current;
  }

  async set(name: string): Promise<void> {
    if (name === this.current) return;
    this.current = name;
    this.render();
    this.changed.fire(name);
    const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await vscode.workspace.getConfiguration(SECTION).update('environment', name, target);
  }

  async pick(): Promise<string | undefined> {
    const items = this.choices().then((choices) => {
      const names = new Map<string, EnvironmentChoice>();
      for (const choice of choices) if (!names.has(choice.name)) names.set(choice.name, choice);
      if (!names.has(this.current)) names.set(this.current, { name: this.current, detail: 'current setting' });
      return [...names.values()].map(
        (choice): vscode.QuickPickItem & { name: string } => ({
          name: choice.name,
          label: choice.name === this.current ? `$(check) ${choice.name}` : choice.name,
          description: choice.name === 'sandbox' ? 'offline registries on this machine' : undefined,
          detail: choice.detail,
        }),
      );
    });
    const picked = await vscode.window.showQuickPick(items, { title: 'Register Explorer: Select Environment', placeHolder: `Active: ${this.current}`, matchOnDetail: true });
    if (!picked) return undefined;
    await this.set(picked.name);
    return picked.name;
  }

  private render(): void {
    this.item.text = `$(server-environment) ${this.current}`;
  }
}
