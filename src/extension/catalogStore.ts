// The registry catalog and the OpenAPI indexes, loaded on first use and kept for the run of the
// extension: the catalog until `.registries/` changes or Refresh is pressed, each index until its
// files change (OpenApiCache checks). Core modules come from the heavy bundle (heavyModules.ts), so
// activation never pays for YAML, ajv or the resolver.
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Catalog } from '../core/catalog';
import type { RegistryEntry, RegistryEnvironment } from '../core/catalog/types';
import type { OpenApiCache } from '../core/openapi';
import type { OpenApiIndex } from '../core/openapi/types';
import { registriesDir } from '../core/paths';
import { DisposableStore } from './lifecycle';
import type { Log } from './log';
import { heavy } from './heavyModules';

export class CatalogStore extends DisposableStore {
  private catalog: Promise<Catalog> | undefined;
  private cache: OpenApiCache | undefined;
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  /** The catalog or an index may differ now: trees and diagnostics reload. */
  readonly onDidChange = this.changed.event;
  private watching = false;
  /** Origins of the bundled catalog's description URLs: fetched even in a restricted workspace. */
  private bundledOrigins: Set<string> | undefined;

  constructor(private readonly log: Log) {
    super();
  }

  load(): Promise<Catalog> {
    if (!this.catalog) {
      this.watch();
      this.catalog = this.read().catch((error: unknown) => {
        this.catalog = undefined;
        throw error;
      });
    }
    return this.catalog;
  }

  /** Every registry of the catalog (loads it on first call). */
  async entries(): Promise<RegistryEntry[]> {
    return (await this.load()).entries;
  }

  async find(id: string): Promise<RegistryEntry | undefined> {
    return (await this.entries()).find((entry) => entry.id === id);
  }

  /** The environment of `entry` named `name`, else its default one. */
  environmentOf(entry: RegistryEntry, name: string | undefined): RegistryEnvironment {
    return entry.environments.find((env) => env.name === name) ?? entry.environments.find((env) => env.name === entry.defaultEnvironment) ?? entry.environments[0]!;
  }

  async openApi(environment: RegistryEnvironment, signal?: AbortSignal): Promise<OpenApiIndex> {
    return (await this.openApiCache()).get(environment.openapi, signal);
  }

  /** The index if it is loaded already; never loads. */
  peekOpenApi(environment: RegistryEnvironment): OpenApiIndex | undefined {
    return this.cache?.peek(environment.openapi);
  }

  async openApiCache(): Promise<OpenApiCache> {
    if (!this.cache) {
      const { OpenApiCache, descriptionFetch, workerLoader } = heavy();
      this.cache = new OpenApiCache({
        readFile: (path) => readFile(path),
        stat: (path) => stat(path),
        // A big description is parsed and indexed in a worker thread (dist/openapiWorker.js), so the
        // extension host stays responsive; over 200 MB or 2 minutes it is refused with the reason.
        load: workerLoader({ script: join(__dirname, 'openapiWorker.js') }),
        // Descriptions given as URLs are fetched with a response's caps. A workspace names URLs too
        // (`.registries/*/registry.yaml`, `# @openapi`, `$ref`): in a restricted workspace only the
        // hosts of the tool's own catalog are fetched from.
        fetch: descriptionFetch({ refuse: (url) => this.refusal(url), onFetched: (url, bytes) => this.log.info(`fetched ${url} (${bytes} bytes)`) }),
      });
    }
    return this.cache;
  }

  /** Why `url` may not be fetched here (a restricted workspace), or undefined. */
  refusal(url: string): string | undefined {
    return heavy().restrictedWorkspaceRefusal(url, vscode.workspace.isTrusted, this.bundledOrigins ?? new Set());
  }

  refresh(): void {
    this.catalog = undefined;
    this.cache?.invalidate();
    this.changed.fire();
  }

  private async read(): Promise<Catalog> {
    const { loadCatalog } = heavy();
    const started = Date.now();
    const catalog = await loadCatalog({
      bundledDir: registriesDir(),
      workspaceDirs: (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file').map((folder) => folder.uri.fsPath),
      readFile: (path) => readFile(path),
      listDir: (path) => readdir(path),
    });
    this.log.info(`catalog: ${catalog.entries.length} registries in ${Date.now() - started} ms`);
    this.bundledOrigins = heavy().bundledDescriptionOrigins(catalog.entries);
    for (const diagnostic of catalog.diagnostics) {
      const where = `${diagnostic.file}${diagnostic.line ? `:${diagnostic.line}` : ''}`;
      this.log.warn(`catalog: ${where}: ${diagnostic.message} (${diagnostic.code})`);
    }
    return catalog;
  }

  private watch(): void {
    if (this.watching) return;
    this.watching = true;
    // Granting trust lets the descriptions the workspace names load.
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.refresh()));
    const watcher = this.register(vscode.workspace.createFileSystemWatcher('**/.registries/**'));
    const reload = () => this.refresh();
    this.register(watcher.onDidChange(reload));
    this.register(watcher.onDidCreate(reload));
    this.register(watcher.onDidDelete(reload));
  }
}
