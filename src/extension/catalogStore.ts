// The registry catalog and the OpenAPI indexes, loaded on first use and kept for the run of the
// extension: the catalog until `.registries/` changes or Refresh is pressed, each index until its
// files change (OpenApiCache checks). Core modules come from the heavy bundle (heavyModules.ts), so
// activation never pays for YAML, ajv or the resolver.
import { readFile, readdir, stat } from 'node:fs/promises';
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
      const { OpenApiCache } = heavy();
      this.cache = new OpenApiCache({
        readFile: (path) => readFile(path),
        stat: (path) => stat(path),
        // Descriptions given as URLs are fetched with a bound: an unreachable host costs a warning, not a hung view.
        fetch: (url, init) => fetch(url, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, AbortSignal.timeout(10_000)]) : AbortSignal.timeout(10_000) }),
      });
    }
    return this.cache;
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
    for (const diagnostic of catalog.diagnostics) {
      const where = `${diagnostic.file}${diagnostic.line ? `:${diagnostic.line}` : ''}`;
      this.log.warn(`catalog: ${where}: ${diagnostic.message} (${diagnostic.code})`);
    }
    return catalog;
  }

  private watch(): void {
    if (this.watching) return;
    this.watching = true;
    const watcher = this.register(vscode.workspace.createFileSystemWatcher('**/.registries/**'));
    const reload = () => this.refresh();
    this.register(watcher.onDidChange(reload));
    this.register(watcher.onDidCreate(reload));
    this.register(watcher.onDidDelete(reload));
  }
}
