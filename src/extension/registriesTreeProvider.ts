// The Registries view: registry → environments (the active one marked; click to switch) →
// tags → operations of that environment's OpenAPI description, loaded when an environment is
// expanded; Flows → the registry's shipped Arazzo files → their workflows (click runs one). The
// workspace's own Arazzo files sit under "Workspace flows" at the end. Other features (ETag
// store, Cost meter) add a node per registry through TreeFeatures once they are registered;
// until then none is shown.
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import type { RegistryEntry, RegistryEnvironment } from '../core/catalog/types';
import type { OperationInfo } from '../core/openapi/types';
import type { CatalogStore } from './catalogStore';
import type { EnvironmentController } from './environmentController';
import { ARAZZO_GLOB, type FlowFile, type FlowLoader } from './flowLoader';
import { DisposableStore } from './lifecycle';
import type { Log } from './log';
import type { TreeFeature, TreeFeatures } from './treeFeatures';

export const REGISTRIES_VIEW = 'registerExplorer.registries';
const UNTAGGED = '(untagged)';

export type RegistryNode =
  | { kind: 'registry'; registry: RegistryEntry }
  | { kind: 'environment'; registry: RegistryEntry; environment: RegistryEnvironment }
  | { kind: 'tag'; registry: RegistryEntry; environment: RegistryEnvironment; tag: string; description?: string; operations: OperationInfo[] }
  | { kind: 'operation'; registry: RegistryEntry; environment: RegistryEnvironment; operation: OperationInfo }
  | { kind: 'etags'; registry: RegistryEntry }
  | { kind: 'feature'; registry: RegistryEntry; feature: TreeFeature }
  | { kind: 'flows'; registry?: RegistryEntry }
  | { kind: 'flowFile'; file: FlowFile }
  | { kind: 'workflow'; file: FlowFile; workflowId: string; summary?: string }
  | { kind: 'message'; label: string; detail?: string; icon: string };

export type OperationNode = Extract<RegistryNode, { kind: 'operation' }>;

export class RegistriesTreeProvider extends DisposableStore implements vscode.TreeDataProvider<RegistryNode> {
  private readonly changed = this.register(new vscode.EventEmitter<RegistryNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<RegistryNode>;

  constructor(
    private readonly catalog: CatalogStore,
    private readonly environments: EnvironmentController,
    private readonly flows: FlowLoader,
    private readonly features: TreeFeatures,
    private readonly extensionUri: vscode.Uri,
    private readonly log: Log,
  ) {
    super();
    this.view = this.register(vscode.window.createTreeView(REGISTRIES_VIEW, { treeDataProvider: this, showCollapseAll: true }));
    this.register(catalog.onDidChange(() => this.changed.fire(undefined)));
    this.register(environments.onDidChange(() => this.changed.fire(undefined)));
    this.register(features.onDidChange(() => this.changed.fire(undefined)));
    const arazzo = this.register(vscode.workspace.createFileSystemWatcher(ARAZZO_GLOB));
    for (const event of [arazzo.onDidCreate, arazzo.onDidDelete, arazzo.onDidChange]) this.register(event(() => this.changed.fire(undefined)));
  }

  /** The environment a registry runs against now: the active one when it has it, else its default. */
  activeEnvironmentOf(registry: RegistryEntry): RegistryEnvironment {
    return this.catalog.environmentOf(registry, this.environments.active);
  }

  async getChildren(node?: RegistryNode): Promise<RegistryNode[]> {
    try {
      if (!node) {
        const entries = await this.catalog.entries();
        if (!entries.length) return [{ kind: 'message', label: 'No registries found', detail: 'See the Register Explorer output for catalog problems.', icon: 'warning' }];
        return [...entries.map((registry): RegistryNode => ({ kind: 'registry', registry })), { kind: 'flows' }];
      }
      switch (node.kind) {
        case 'registry':
          return [
            ...node.registry.environments.map((environment): RegistryNode => ({ kind: 'environment', registry: node.registry, environment })),
            { kind: 'flows', registry: node.registry },
            { kind: 'etags', registry: node.registry },
            ...this.features.forRegistry(node.registry).map((feature): RegistryNode => ({ kind: 'feature', registry: node.registry, feature })),
          ];
        case 'environment':
          return await this.tags(node.registry, node.environment);
        case 'flows': {
          const files = node.registry ? await this.flows.shipped(node.registry) : await this.flows.workspace();
          if (!files.length) return [{ kind: 'message', label: node.registry ? 'No flows shipped' : 'No Arazzo files in the workspace', detail: node.registry ? undefined : 'Files named *.arazzo.yaml, *.arazzo.yml or *.arazzo.json', icon: 'info' }];
          return files.map((file): RegistryNode => ({ kind: 'flowFile', file }));
        }
        case 'flowFile': {
          const workflows = await this.flows.workflows(node.file.path);
          if (!workflows.length) return [{ kind: 'message', label: 'No workflows', detail: 'Check Flow says why', icon: 'warning' }];
          return workflows.map((w): RegistryNode => ({ kind: 'workflow', file: node.file, workflowId: w.workflowId, summary: w.summary }));
        }
        case 'tag':
          return node.operations.map((operation) => ({ kind: 'operation', registry: node.registry, environment: node.environment, operation }));
        default:
          return [];
      }
    } catch (error) {
      this.log.error(`Registries view: loading ${node ? describeNode(node) : 'the catalog'} failed`, error);
      return [{ kind: 'message', label: 'Could not load', detail: error instanceof Error ? error.message : String(error), icon: 'error' }];
    }
  }

  private async tags(registry: RegistryEntry, environment: RegistryEnvironment): Promise<RegistryNode[]> {
    const index = await this.catalog.openApi(environment);
    const groups = new Map<string, OperationInfo[]>();
    for (const tag of index.tags) groups.set(tag.name, []);
    for (const operation of index.operations) {
      const names = operation.tags.length ? operation.tags : [UNTAGGED];
      for (const name of names) {
        const list = groups.get(name) ?? [];
        list.push(operation);
        groups.set(name, list);
      }
    }
    const described = new Map(index.tags.map((tag) => [tag.name, tag.description]));
    const nodes: RegistryNode[] = [];
    for (const [tag, operations] of groups) {
      if (!operations.length) continue;
      nodes.push({ kind: 'tag', registry, environment, tag, description: described.get(tag), operations });
    }
    if (!nodes.length) return [{ kind: 'message', label: 'No operations in this description', icon: 'info' }];
    return nodes;
  }

  getTreeItem(node: RegistryNode): vscode.TreeItem {
    switch (node.kind) {
      case 'registry': {
        const item = new vscode.TreeItem(node.registry.name, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `registry:${node.registry.id}`;
        item.description = node.registry.origin === 'workspace' ? `${node.registry.id} · workspace` : node.registry.id;
        item.tooltip = tooltip([`**${node.registry.name}** (\`${node.registry.id}\`)`, node.registry.description, node.registry.tls?.note, node.registry.costs?.description]);
        item.iconPath = new vscode.ThemeIcon('database');
        item.contextValue = 'registry';
        return item;
      }
      case 'environment': {
        const active = this.activeEnvironmentOf(node.registry).name === node.environment.name;
        const selected = node.environment.name === this.environments.active;
        const item = new vscode.TreeItem(node.environment.name, active ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
        // The id carries the active flag so switching re-applies the expanded state.
        item.id = `environment:${node.registry.id}:${node.environment.name}:${active ? 'active' : 'idle'}`;
        item.description = [active ? (selected ? 'active' : 'default') : undefined, node.environment.sandbox ? 'offline sandbox' : node.environment.baseUrl].filter(Boolean).join(' · ');
        item.tooltip = tooltip([`**${node.environment.name}** — ${node.environment.baseUrl}`, node.environment.description, active ? undefined : 'Click to make this the active environment.']);
        item.iconPath = new vscode.ThemeIcon(active ? 'pass-filled' : 'circle-large-outline', active ? new vscode.ThemeColor('charts.green') : undefined);
        item.contextValue = active ? 'environment.active' : 'environment';
        if (!selected) item.command = { command: 'registerExplorer.selectEnvironment', title: 'Select Environment', arguments: [node.environment.name] };
        return item;
      }
      case 'tag': {
        const item = new vscode.TreeItem(node.tag, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `tag:${node.registry.id}:${node.environment.name}:${node.tag}`;
        item.description = `${node.operations.length}`;
        item.tooltip = node.description ? tooltip([`**${node.tag}**`, node.description]) : node.tag;
        item.iconPath = new vscode.ThemeIcon('tag');
        item.contextValue = 'tag';
        return item;
      }
      case 'operation': {
        const { operation } = node;
        const item = new vscode.TreeItem(`${operation.method} ${operation.path}`, vscode.TreeItemCollapsibleState.None);
        item.id = `operation:${node.registry.id}:${node.environment.name}:${operation.method}:${operation.path}`;
        item.description = operation.deprecated ? `deprecated · ${operation.summary ?? ''}` : operation.summary;
        item.tooltip = tooltip([
          `**${operation.method}** \`${operation.path}\`${operation.deprecated ? ' — ~~deprecated~~' : ''}`,
          operation.summary,
          operation.description,
          `Operation \`${operation.id}\``,
        ]);
        item.iconPath = operation.deprecated ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('disabledForeground')) : vscode.Uri.joinPath(this.extensionUri, 'media', 'methods', `${operation.method.toLowerCase()}.svg`);
        item.contextValue = operation.deprecated ? 'operation.deprecated' : 'operation';
        item.command = { command: 'registerExplorer.showDocumentation', title: 'Show Documentation', arguments: [node] };
        item.accessibilityInformation = { label: `${operation.method} ${operation.path}${operation.deprecated ? ', deprecated' : ''}${operation.summary ? `, ${operation.summary}` : ''}` };
        return item;
      }
      case 'flows': {
        const item = new vscode.TreeItem(node.registry ? 'Flows' : 'Workspace flows', vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `flows:${node.registry?.id ?? '(workspace)'}`;
        item.tooltip = node.registry ? `Documented flows (Arazzo) that ${node.registry.name} ships; click a workflow to run it.` : 'The Arazzo files of this workspace (*.arazzo.yaml / .yml / .json).';
        item.iconPath = new vscode.ThemeIcon('type-hierarchy');
        item.contextValue = 'flows';
        return item;
      }
      case 'flowFile': {
        const name = basename(node.file.path);
        const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `flowFile:${node.file.path}`;
        item.resourceUri = vscode.Uri.file(node.file.path);
        item.description = node.file.registry ? undefined : vscode.workspace.asRelativePath(dirname(node.file.path));
        item.tooltip = node.file.path;
        item.iconPath = new vscode.ThemeIcon('file-code');
        item.contextValue = 'flowFile';
        return item;
      }
      case 'workflow': {
        const item = new vscode.TreeItem(node.workflowId, vscode.TreeItemCollapsibleState.None);
        item.id = `workflow:${node.file.path}#${node.workflowId}`;
        item.description = node.summary;
        item.tooltip = tooltip([`**${node.workflowId}**`, node.summary, `Click to run it (Run Flow). ${basename(node.file.path)}`]);
        item.iconPath = new vscode.ThemeIcon('play-circle');
        item.contextValue = 'workflow';
        item.command = { command: 'registerExplorer.runFlow', title: 'Run Flow', arguments: [{ path: node.file.path, workflowId: node.workflowId }] };
        item.accessibilityInformation = { label: `Workflow ${node.workflowId}${node.summary ? `, ${node.summary}` : ''}` };
        return item;
      }
      case 'etags': {
        const environment = this.activeEnvironmentOf(node.registry).name;
        const item = new vscode.TreeItem('ETag store', vscode.TreeItemCollapsibleState.None);
        item.id = `etags:${node.registry.id}`;
        item.description = environment;
        item.tooltip = `The ETags seen for ${node.registry.name} in ${environment}, and the requests that sent If-Match / If-None-Match. Click to open the ETag inspector.`;
        item.iconPath = new vscode.ThemeIcon('versions');
        item.contextValue = 'etagStore';
        item.command = { command: 'registerExplorer.etags.open', title: 'Open ETag Inspector', arguments: [{ registry: node.registry.id, environment }] };
        item.accessibilityInformation = { label: `ETag store of ${node.registry.name}, ${environment}` };
        return item;
      }
      case 'feature': {
        const item = new vscode.TreeItem(node.feature.label, vscode.TreeItemCollapsibleState.None);
        item.id = `feature:${node.registry.id}:${node.feature.id}`;
        item.tooltip = node.feature.tooltip;
        item.iconPath = new vscode.ThemeIcon(node.feature.icon);
        item.contextValue = `feature.${node.feature.id}`;
        item.command = { command: node.feature.command, title: node.feature.label, arguments: [node.registry.id] };
        return item;
      }
      case 'message': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        item.description = node.detail;
        item.tooltip = node.detail;
        item.iconPath = new vscode.ThemeIcon(node.icon);
        item.contextValue = 'message';
        return item;
      }
    }
  }
}

function tooltip(parts: (string | undefined)[]): vscode.MarkdownString {
  return new vscode.MarkdownString(parts.filter(Boolean).join('\n\n'));
}

function describeNode(node: RegistryNode): string {
  switch (node.kind) {
    case 'registry':
    case 'etags':
    case 'feature':
      return node.registry.id;
    case 'environment':
    case 'tag':
    case 'operation':
      return `${node.registry.id} (${node.environment.name})`;
    case 'message':
      return node.label;
    case 'flows':
      return `flows of ${node.registry?.id ?? 'the workspace'}`;
    case 'flowFile':
    case 'workflow':
      return node.file.path;
  }
}

export function isOperationNode(value: unknown): value is OperationNode {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'operation';
}
