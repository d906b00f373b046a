// Where a request's variables come from in the editor: the env files next to the request file
// (JetBrains / REST Client / .env, read by core), the `registerExplorer.environments` setting,
// SecretStorage, and the catalog's variables (core's `requestVariables`: base URLs, the sandbox's
// demo values under the catalog's names such as `kvkApiKey`). In a restricted workspace `.env`
// and process variables are not read.
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import { deprecationNotice, requestVariables, type RequestVariables, type ScopeInput } from '../core/run/requestVariables';
import type { VariableValue } from '../core/variables/types';
import type { DefinedEnvironment } from './environmentChoices';
import type { SessionVariables } from '../core/run/session';
import type { Log } from './log';
import type { SandboxInfo } from './sandboxInfo';
import type { RegistryEntry } from '../core/catalog/types';
import type { SecretStore } from './secretStore';
import { readSettings } from './settings';
import { heavy } from './heavyModules';

export type { ScopeInput, RequestVariables };

export class VariableSources {
  constructor(
    private readonly secrets: SecretStore,
    private readonly log: Log,
  ) {}

  /** The environment's variables for a request file; a name no file defines yields only `$shared`. */
  private async environment(filePath: string | undefined, name: string): Promise<{ environment: Map<string, VariableValue>; dotenv: Map<string, VariableValue>; names: string[] }> {
    const settings = readSettings(filePath ? vscode.Uri.file(filePath) : undefined);

    const environment = new Map<string, VariableValue>();
    let dotenv = new Map<string, VariableValue>();
    let names: string[] = [];
    // An untitled request file reads the env files of the first workspace folder.
    const folder = vscode.workspace.workspaceFolders?.find((candidate) => candidate.uri.scheme === 'file');
    filePath ??= folder ? vscode.Uri.joinPath(folder.uri, 'untitled.http').fsPath : undefined;
    if (filePath) {
      const { loadEnvironments } = heavy();
      const root = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(filePath))?.uri.fsPath;
      const loaded = loadEnvironments({ from: dirname(filePath), root });
      for (const warning of loaded.warnings) this.log.warn(`environments: ${warning}`);
      names = loaded.environments.map((env) => env.name);
      const known = names.includes(name);
      for (const [key, value] of loaded.select(known ? name : undefined)) environment.set(key, value);
      dotenv = loaded.dotenv;
    }
    for (const env of ['$shared', name]) {
      for (const [key, value] of Object.entries(settings.environments[env] ?? {})) environment.set(key, { value: String(value), source: 'environment', secret: false, origin: 'settings' });
    }
    names.push(...Object.keys(settings.environments).filter((env) => env !== '$shared'));
    return { environment, dotenv: vscode.workspace.isTrusted ? dotenv : new Map(), names };
  }

  /** The environment's variables for the send session: env files with the settings layer, `.env` and process variables where trusted. */
  async layers(filePath: string | undefined, name: string): Promise<SessionVariables> {
    const { environment, dotenv } = await this.environment(filePath, name);
    return { environment, dotenv, processEnv: vscode.workspace.isTrusted ? process.env : undefined };
  }

  /** Named secrets from SecretStorage. */
  async secretValues(): Promise<Record<string, string>> {
    return Object.fromEntries(await this.secrets.all());
  }

  /** The variable scope for sending from `filePath` in environment `name` (core's `requestVariables`). */
  async forRequest(filePath: string | undefined, name: string, sandbox: SandboxInfo | undefined, entries: readonly RegistryEntry[], fileRegistry: string | undefined): Promise<RequestVariables> {
    const { environment, dotenv } = await this.environment(filePath, name);
    return requestVariables({
      catalog: { entries: [...entries], diagnostics: [] },
      environmentName: name,
      fileRegistry,
      environment,
      dotenv,
      secrets: Object.fromEntries(await this.secrets.all()),
      sandbox,
      processEnv: vscode.workspace.isTrusted ? process.env : undefined,
      onDeprecated: (oldName, newName) => this.log.warn(deprecationNotice(oldName, newName)),
    });
  }

  /** Environments the env files (under the workspace folders, or beside the active file) and the setting define, with their variables. */
  async definedEnvironments(): Promise<DefinedEnvironment[]> {
    const out: DefinedEnvironment[] = [];
    const folders = vscode.workspace.workspaceFolders ?? [];
    const active = vscode.window.activeTextEditor?.document;
    const starts = active?.uri.scheme === 'file' ? [active.uri.fsPath] : folders.filter((folder) => folder.uri.scheme === 'file').map((folder) => vscode.Uri.joinPath(folder.uri, 'x.http').fsPath);
    const { loadEnvironments } = heavy();
    for (const start of starts) {
      const root = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(start))?.uri.fsPath;
      const loaded = loadEnvironments({ from: dirname(start), root });
      for (const env of loaded.environments) {
        out.push({ name: env.name, variables: loaded.select(env.name).keys(), source: env.sources.map((file) => basename(file)).join(', ') || 'environment file' });
      }
    }
    const settings = readSettings(active?.uri);
    for (const [name, vars] of Object.entries(settings.environments)) out.push({ name, variables: Object.keys(vars ?? {}), source: 'settings' });
    return out;
  }
}
