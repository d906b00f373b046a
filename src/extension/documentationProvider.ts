// Virtual Markdown documents for "Show Documentation": `register-explorer-docs:/<registry>.md`
// for a registry, `register-explorer-docs:/<registry>/<environment>/<operationId>.md` for an
// operation. Content is generated on demand from the catalog and the index (never stored).
import * as vscode from 'vscode';
import type { CatalogStore } from './catalogStore';
import { DisposableStore } from './lifecycle';
import { heavy } from './heavyModules';

export const DOCS_SCHEME = 'register-explorer-docs';

interface DocumentedNode {
  kind: string;
  registry?: { id: string };
  environment?: { name: string };
  operation?: { id: string };
}

export function documentationUri(node: unknown): vscode.Uri | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  const { kind, registry, environment, operation } = node as DocumentedNode;
  if (!registry?.id) return undefined;
  const part = encodeURIComponent;
  if (kind === 'operation' && environment && operation) return vscode.Uri.from({ scheme: DOCS_SCHEME, path: `/${part(registry.id)}/${part(environment.name)}/${part(operation.id)}.md` });
  return vscode.Uri.from({ scheme: DOCS_SCHEME, path: `/${part(registry.id)}.md` });
}

export class DocumentationProvider extends DisposableStore implements vscode.TextDocumentContentProvider {
  private readonly changed = this.register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this.changed.event;

  constructor(private readonly catalog: CatalogStore) {
    super();
    this.register(vscode.workspace.registerTextDocumentContentProvider(DOCS_SCHEME, this));
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const parts = uri.path.replace(/^\//, '').replace(/\.md$/, '').split('/').map(decodeURIComponent);
    const { operationMarkdown, registryMarkdown } = heavy();
    const registry = await this.catalog.find(parts[0] ?? '');
    if (!registry) return `# Unknown registry\n\n\`${parts[0]}\` is not in the catalog (any more).\n`;
    if (parts.length === 1) return registryMarkdown(registry);
    const environment = this.catalog.environmentOf(registry, parts[1]);
    const index = await this.catalog.openApi(environment);
    const operation = index.operations.find((candidate) => candidate.id === parts[2]);
    if (!operation) return `# Unknown operation\n\n\`${parts[2]}\` is not in ${index.title} (any more).\n`;
    return operationMarkdown(operation, registry, environment);
  }
}
