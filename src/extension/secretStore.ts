// Secrets (API keys, passwords) live in VS Code's SecretStorage under the catalog's variable names (`kvkApiKey`: a registry's `credential` variables).
// SecretStorage cannot list its keys, so the names (never the values) are kept in globalState.
import * as vscode from 'vscode';
import { DisposableStore } from './lifecycle';

const NAMES_KEY = 'registerExplorer.secretNames';
const PREFIX = 'registerExplorer.secret.';

export class SecretStore extends DisposableStore {
  private readonly changed = this.register(new vscode.EventEmitter<string>());
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly storage: vscode.SecretStorage,
    private readonly memento: vscode.Memento,
  ) {
    super();
    this.register(storage.onDidChange((event) => event.key.startsWith(PREFIX) && this.changed.fire(event.key.slice(PREFIX.length))));
  }

  names(): string[] {
    return [...(this.memento.get<string[]>(NAMES_KEY) ?? [])].sort();
  }

  get(name: string): Thenable<string | undefined> {
    return this.storage.get(PREFIX + name);
  }

  async set(name: string, value: string): Promise<void> {
    await this.storage.store(PREFIX + name, value);
    const names = new Set(this.names());
    names.add(name);
    await this.memento.update(NAMES_KEY, [...names]);
    // Fired after the names are updated, so listeners see the new list.
    this.changed.fire(name);
  }

  async delete(name: string): Promise<void> {
    await this.storage.delete(PREFIX + name);
    await this.memento.update(NAMES_KEY, this.names().filter((known) => known !== name));
    this.changed.fire(name);
  }

  /** Every stored secret, for variable resolution; values must be treated as secret. */
  async all(): Promise<Map<string, string>> {
    const values = new Map<string, string>();
    for (const name of this.names()) {
      const value = await this.get(name);
      if (value !== undefined) values.set(name, value);
    }
    return values;
  }
}

/** Secret names look like `kvkApiKey` or `kvk.apikey`: letters, digits, `.`, `-`, `_`. */
export function validateSecretName(name: string): string | undefined {
  if (!name.trim()) return 'Give the secret a name, e.g. kvkApiKey';
  if (!/^[A-Za-z_][\w.-]*$/.test(name.trim())) return 'Use letters, digits, ".", "-" and "_" only (e.g. kvkApiKey)';
  return undefined;
}
