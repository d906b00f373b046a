// The LanguageContext core's completion, hover and diagnostics read: which registry, environment
// and OpenAPI index each request of a document talks to, and which variables are visible. Built
// once per document version and environment, and rebuilt when the catalog, the environment or
// the secrets change. Loading a description here never throws: it becomes `indexError`.
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import type { Catalog, RegistryResolution } from '../../core/catalog';
import type { HttpFile } from '../../core/http';
import type { LanguageContext, SpecContext, VisibleVariable } from '../../core/language';
import { DisposableStore } from '../lifecycle';
import type { SandboxInfo } from '../sandboxController';
import type { Services } from '../services';

interface Cached {
  key: string;
  context: Promise<LanguageContext>;
}

export class LanguageContextStore extends DisposableStore {
  private readonly cache = new Map<string, Cached>();
  /** Visible variables per folder and environment: env files are read once per generation, not per keystroke. */
  private readonly variables = new Map<string, Promise<VisibleVariable[]>>();
  private generation = 0;
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  /** Contexts are stale: diagnostics recompute. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly s: Services) {
    super();
    const invalidate = () => {
      this.generation++;
      this.cache.clear();
      this.variables.clear();
      this.changed.fire();
    };
    this.register(s.catalog.onDidChange(invalidate));
    this.register(s.environments.onDidChange(invalidate));
    this.register(s.secrets.onDidChange(invalidate));
    // Trust decides whether `.env` is read.
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(invalidate));
    this.register(vscode.workspace.onDidCloseTextDocument((document) => this.cache.delete(document.uri.toString())));
    // Env files change what is defined.
    const watcher = this.register(vscode.workspace.createFileSystemWatcher('**/{http-client.env.json,http-client.private.env.json,.env,.vscode/settings.json}'));
    this.register(watcher.onDidChange(invalidate));
    this.register(watcher.onDidCreate(invalidate));
    this.register(watcher.onDidDelete(invalidate));
    this.register(vscode.workspace.onDidChangeConfiguration((event) => event.affectsConfiguration('registerExplorer.environments') && invalidate()));
  }

  get(document: vscode.TextDocument, file: HttpFile): Promise<LanguageContext> {
    const uri = document.uri.toString();
    const key = `${document.version}|${this.generation}`;
    const cached = this.cache.get(uri);
    if (cached?.key === key) return cached.context;
    const context = this.build(document, file);
    this.cache.set(uri, { key, context });
    return context;
  }

  private async build(document: vscode.TextDocument, file: HttpFile): Promise<LanguageContext> {
    const environment = this.s.environments.active;
    const filePath = document.uri.scheme === 'file' ? document.uri.fsPath : undefined;
    let catalog: Catalog;
    try {
      catalog = await this.s.catalog.load();
    } catch (error) {
      this.s.log.error('language features: the catalog did not load', error);
      return { variables: await this.s.variables.visible(filePath, environment, undefined, []) };
    }
    const { registryForRequest } = await import('../../core/catalog');
    const specs = new Map<string, Promise<SpecContext>>();
    const specOf = (resolution: RegistryResolution | undefined): Promise<SpecContext> => {
      const source = resolution?.openapi ?? resolution?.environment?.openapi;
      const key = `${resolution?.entry?.id ?? ''}|${resolution?.environment?.name ?? ''}|${source ?? ''}`;
      let spec = specs.get(key);
      if (!spec) {
        spec = this.specContext(resolution, source);
        specs.set(key, spec);
      }
      return spec;
    };
    const fileSpec = await specOf(registryForRequest(catalog, file, undefined, environment, { filePath }));
    const perRequest = new Map<number, SpecContext>();
    for (const request of file.requests) {
      perRequest.set(request.index, await specOf(registryForRequest(catalog, file, request, environment, { filePath })));
    }
    const sandbox = environment === 'sandbox' ? this.sandboxPreview(catalog) : undefined;
    const variables = await this.visibleVariables(filePath, environment, sandbox, catalog);
    return { ...fileSpec, variables, specFor: (request) => perRequest.get(request.index) };
  }

  private visibleVariables(filePath: string | undefined, environment: string, sandbox: SandboxInfo | undefined, catalog: Catalog): Promise<VisibleVariable[]> {
    const key = `${filePath ? dirname(filePath) : ''}|${environment}`;
    let variables = this.variables.get(key);
    if (!variables) {
      variables = this.s.variables.visible(filePath, environment, sandbox, catalog.entries);
      this.variables.set(key, variables);
    }
    return variables;
  }

  private async specContext(resolution: RegistryResolution | undefined, source: string | undefined): Promise<SpecContext> {
    const spec: SpecContext = { registry: resolution?.entry, environment: resolution?.environment, baseUrl: resolution?.environment?.baseUrl };
    if (!source) return spec;
    try {
      spec.index = await (await this.s.catalog.openApiCache()).get(source);
    } catch (error) {
      spec.indexError = error instanceof Error ? error.message : String(error);
      this.s.log.warn(`language features: ${source} did not load: ${spec.indexError}`);
    }
    return spec;
  }

  /**
   * What the sandbox will offer, without starting or loading it: base URLs from the catalog,
   * and the registries' secret names (their demo credentials fill them when a request is sent).
   */
  private sandboxPreview(catalog: Catalog): SandboxInfo {
    const registries: Record<string, string> = {};
    const credentials: SandboxInfo['credentials'] = {};
    for (const entry of catalog.entries) {
      const env = entry.environments.find((candidate) => candidate.sandbox);
      if (!env) continue;
      registries[entry.id] = env.baseUrl;
      if ('secret' in entry.auth) credentials[entry.id] = { [entry.auth.type === 'apiKey' ? entry.auth.name : 'secret']: '' };
    }
    return { registries, caFile: '', credentials, shared: true };
  }
}
