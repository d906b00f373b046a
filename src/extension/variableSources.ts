// Where a request's variables come from in the editor: the env files next to the request file
// (JetBrains / REST Client / .env, read by core), the `registerExplorer.environments` setting,
// SecretStorage, and — in the sandbox environment — the sandbox's demo credentials under the
// same names as the catalog's secrets (`KVK_APIKEY`). In a restricted workspace `.env` and process
// variables are not read.
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import type { VariableScopeInput } from '../core/variables/variableScope';
import type { VariableValue } from '../core/variables/types';
import type { EnvironmentChoice } from './environmentController';
import type { Log } from './log';
import { sandboxSecrets, type SandboxInfo } from './sandboxInfo';
import type { RegistryEntry } from '../core/catalog/types';
import type { SecretStore } from './secretStore';
import { readSettings } from './settings';
import { heavy } from './heavyModules';

export type ScopeInput = Omit<VariableScopeInput, 'requestVariables' | 'fileVariables' | 'exchanges' | 'requestNames' | 'file'>;

export interface RequestVariables {
  scope: ScopeInput;
  /** Secret values known up front: redacted wherever they appear, used or not. */
  knownSecrets: string[];
}

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

  /** The variable scope for sending from `filePath` in environment `name`. */
  async forRequest(filePath: string | undefined, name: string, sandbox: SandboxInfo | undefined, entries: readonly RegistryEntry[], fileRegistry: string | undefined): Promise<RequestVariables> {
    const { environment, dotenv } = await this.environment(filePath, name);
    if (sandbox) {
      // As `regx run --env sandbox`: the sandbox's base URLs as variables unless a file defines them.
      const add = (key: string, value: string) => environment.has(key) || environment.set(key, { value, source: 'environment', secret: false, origin: 'sandbox' });
      for (const [id, url] of Object.entries(sandbox.registries)) add(`${id}_baseUrl`, url);
      if (fileRegistry && sandbox.registries[fileRegistry]) add('baseUrl', sandbox.registries[fileRegistry]);
    }
    const secrets: Record<string, string> = sandbox ? sandboxSecrets(sandbox, entries) : {};
    for (const [key, value] of await this.secrets.all()) secrets[key] = value;
    const knownSecrets = [...Object.values(secrets), ...[...environment.values()].filter((v) => v.secret).map((v) => v.value), ...[...dotenv.values()].filter((v) => v.secret).map((v) => v.value)];
    return {
      scope: {
        secrets,
        environment,
        dotenv,
        processEnv: vscode.workspace.isTrusted ? process.env : undefined,
      },
      knownSecrets: knownSecrets.filter((value) => value.length > 0),
    };
  }

  /** Environment names for the quick pick, from env files under the workspace folders and the setting. */
  async choices(catalogEnvironments: EnvironmentChoice[]): Promise<EnvironmentChoice[]> {
    const out = [...catalogEnvironments];
    const folders = vscode.workspace.workspaceFolders ?? [];
    const active = vscode.window.activeTextEditor?.document;
    const starts = active?.uri.scheme === 'file' ? [active.uri.fsPath] : folders.map((folder) => vscode.Uri.joinPath(folder.uri, 'x.http').fsPath);
    const names = new Set<string>();
    for (const start of starts.length ? starts : [undefined]) {
      for (const env of (await this.environment(start, '$shared')).names) names.add(env);
    }
    for (const env of names) out.push({ name: env, detail: 'environment file or setting' });
    return out;
  }
}
