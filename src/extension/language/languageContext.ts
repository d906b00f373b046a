// The LanguageContext core's completion, hover and diagnostics read, built by core's
// `loadFileContext` (the same one `regx check` uses) from what the editor knows: the active
// environment, SecretStorage, the `registerExplorer.environments` setting, workspace trust.
// Built once per document version and rebuilt when the catalog, the environment, the secrets
// or an environment file change.
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import type { Catalog } from '../../core/catalog';
import type { Diagnostic, HttpFile } from '../../core/http';
import type { LanguageContext, VisibleVariable } from '../../core/language';
import { DisposableStore } from '../lifecycle';
import type { Services } from '../services';
import { readSettings } from '../settings';
import { heavy } from '../heavyModules';

export interface DocumentContext {
  context: LanguageContext;
  /** Unknown registry or environment named in the file, as diagnostics. */
  problems: Diagnostic[];
}

interface Cached {
  key: string;
  context: Promise<DocumentContext>;
}

export class LanguageContextStore extends DisposableStore {
  private readonly cache = new Map<string, Cached>();
  private generation = 0;
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  /** Contexts are stale: diagnostics recompute. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly s: Services) {
    super();
    const invalidate = () => {
      this.generation++;
      this.cache.clear();
      this.changed.fire();
    };
    this.register(s.catalog.onDidChange(invalidate));
    this.register(s.environments.onDidChange(invalidate));
    this.register(s.secrets.onDidChange(invalidate));
    // Trust decides whether process variables are read.
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(invalidate));
    this.register(vscode.workspace.onDidCloseTextDocument((document) => this.cache.delete(document.uri.toString())));
    // Env files change what is defined.
    const watcher = this.register(vscode.workspace.createFileSystemWatcher('**/{http-client.env.json,http-client.private.env.json,.env,.vscode/settings.json}'));
    this.register(watcher.onDidChange(invalidate));
    this.register(watcher.onDidCreate(invalidate));
    this.register(watcher.onDidDelete(invalidate));
    this.register(vscode.workspace.onDidChangeConfiguration((event) => event.affectsConfiguration('registerExplorer.environments') && invalidate()));
  }

  get(document: vscode.TextDocument, file: HttpFile): Promise<DocumentContext> {
    const uri = document.uri.toString();
    const key = `${document.version}|${this.generation}`;
    const cached = this.cache.get(uri);
    if (cached?.key === key) return cached.context;
    const context = this.build(document, file);
    this.cache.set(uri, { key, context });
    return context;
  }

  private async build(document: vscode.TextDocument, file: HttpFile): Promise<DocumentContext> {
    const environment = this.s.environments.active;
    const folder = (document.uri.scheme === 'file' ? vscode.workspace.getWorkspaceFolder(document.uri) : undefined) ?? vscode.workspace.workspaceFolders?.find((candidate) => candidate.uri.scheme === 'file');
    // An untitled request file reads the env files of the first workspace folder.
    const filePath = document.uri.scheme === 'file' ? document.uri.fsPath : folder ? vscode.Uri.joinPath(folder.uri, 'untitled.http').fsPath : undefined;
    let catalog: Catalog;
    try {
      catalog = await this.s.catalog.load();
    } catch (error) {
      this.s.log.error('language features: the catalog did not load', error);
      return { context: {}, problems: [] };
    }
    if (!filePath) return { context: { registries: catalog.entries.map((e) => ({ id: e.id, name: e.name, environments: e.environments.map((x) => x.name) })) }, problems: [] };
    const { loadFileContext } = heavy();
    const [cache, stored] = await Promise.all([this.s.catalog.openApiCache(), this.s.secrets.all()]);
    // The sandbox's demo values are named by core (loadFileContext) without starting anything.
    const secrets: Record<string, string> = Object.fromEntries(stored);
    const loaded = await loadFileContext({
      filePath,
      file,
      catalog,
      loadIndex: (source) => cache.get(source),
      environment,
      ...(folder ? { root: folder.uri.fsPath } : {}),
      secrets,
      processEnv: vscode.workspace.isTrusted ? process.env : {},
    });
    const extra = this.settingVariables(filePath, environment, loaded.context.variables ?? []);
    for (const warning of loaded.warnings) this.s.log.warn(`environments: ${warning}`);
    return { context: extra.length ? { ...loaded.context, variables: [...(loaded.context.variables ?? []), ...extra] } : loaded.context, problems: loaded.problems };
  }

  /** `registerExplorer.environments` values core does not read (the CLI has no settings). */
  private settingVariables(filePath: string, environment: string, known: readonly VisibleVariable[]): VisibleVariable[] {
    const settings = readSettings(vscode.Uri.file(dirname(filePath)));
    const names = new Set(known.map((variable) => variable.name));
    const out: VisibleVariable[] = [];
    for (const env of [environment, '$shared']) {
      for (const [name, value] of Object.entries(settings.environments[env] ?? {})) {
        if (names.has(name)) continue;
        names.add(name);
        out.push({ name, value: String(value), source: `setting:${env}` });
      }
    }
    return out;
  }
}
