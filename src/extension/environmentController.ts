// The active environment: one status-bar item that shows it, one quick pick (grouped by
// registry) that switches it. Everything that sends reads `active` here. A switch is kept in the
// workspace's state, not written to .vscode/settings.json: the user did not ask for a file. The
// `registerExplorer.environment` setting still chooses it when the user sets it themselves.
import * as vscode from 'vscode';
import type { EnvironmentGroup } from './environmentChoices';
import { DisposableStore } from './lifecycle';
import { SECTION, readSettings } from './settings';

const STATE_KEY = 'registerExplorer.environment';

export class EnvironmentController extends DisposableStore {
  private readonly item = this.register(vscode.window.createStatusBarItem('registerExplorer.environment', vscode.StatusBarAlignment.Left, 50));
  private readonly changed = this.register(new vscode.EventEmitter<string>());
  readonly onDidChange = this.changed.event;
  private current: string;

  constructor(
    private readonly state: vscode.Memento,
    private readonly groups: () => Promise<EnvironmentGroup[]>,
  ) {
    super();
    this.current = state.get<string>(STATE_KEY) || readSettings().environment;
    this.item.name = 'Register Explorer Environment';
    this.item.tooltip = 'Register Explorer environment — click to switch';
    this.item.command = 'registerExplorer.selectEnvironment';
    this.render();
    this.item.show();
    this.register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!event.affectsConfiguration(`${SECTION}.environment`)) return;
        // The user set it in their settings: that wins over the remembered switch.
        void this.state.update(STATE_KEY, undefined);
        this.apply(readSettings().environment);
      }),
    );
  }

  get active(): string {
    return this.current;
  }

  async set(name: string): Promise<void> {
    this.apply(name);
    await this.state.update(STATE_KEY, name);
  }

  async pick(): Promise<string | undefined> {
    type Item = vscode.QuickPickItem & { name?: string };
    const items = this.groups().then((groups) => {
      const out: Item[] = [];
      let seen = false;
      for (const group of groups) {
        out.push({ label: group.label, kind: vscode.QuickPickItemKind.Separator });
        for (const choice of group.choices) {
          seen ||= choice.name === this.current;
          out.push({
            name: choice.name,
            label: choice.name === this.current ? `$(check) ${choice.name}` : choice.name,
            description: choice.name === 'sandbox' ? 'offline registries on this machine' : choice.sources.filter((source) => source !== 'catalog').join(', ') || undefined,
            detail: choice.registries.length ? choice.registries.join(', ') : undefined,
          });
        }
      }
      if (!seen) out.push({ label: 'current', kind: vscode.QuickPickItemKind.Separator }, { name: this.current, label: `$(check) ${this.current}`, detail: 'not defined by any registry or environment file' });
      return out;
    });
    const picked = await vscode.window.showQuickPick(items, { title: 'Register Explorer: Select Environment', placeHolder: `Active: ${this.current}`, matchOnDetail: true });
    if (!picked?.name) return undefined;
    await this.set(picked.name);
    return picked.name;
  }

  private apply(name: string): void {
    if (name === this.current) return;
    this.current = name;
    this.render();
    this.changed.fire(name);
  }

  private render(): void {
    this.item.text = `$(server-environment) ${this.current}`;
  }
}
