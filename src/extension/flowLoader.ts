// Arazzo files as the editor sees them: read from the open document when there is one (unsaved
// edits count), their sources resolved through the extension's catalog and OpenAPI cache, and
// found where flows live — each registry's `flows/` folder and the workspace's `*.arazzo.*`.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { RegistryEntry } from '../core/catalog/types';
import type { LoadFlowResult } from '../core/flows/loadFlow';
import type { FlowSourceHost } from '../core/flows/sources';
import type { CatalogStore } from './catalogStore';
import { heavy } from './heavyModules';

/** Files the editor treats as Arazzo: named `*.arazzo.yaml|yml|json`, or YAML/JSON that starts with `arazzo:`. */
export const ARAZZO_GLOB = '**/*.arazzo.{yaml,yml,json}';

export function isArazzoDocument(document: vscode.TextDocument): boolean {
  if (/\.arazzo\.(ya?ml|json)$/i.test(document.fileName)) return true;
  if (document.languageId !== 'yaml' && document.languageId !== 'json') return false;
  return /^\s*\{?\s*["']?arazzo["']?\s*:/m.test(document.getText(new vscode.Range(0, 0, 40, 0)));
}

export interface FlowFile {
  /** Absolute path. */
  path: string;
  /** The registry that ships it, when it is a shipped flow. */
  registry?: RegistryEntry;
}

export class FlowLoader {
  constructor(private readonly catalog: CatalogStore) {}

  sourceHost(): FlowSourceHost {
    return {
      readText: (path) => this.text(path),
      catalog: () => this.catalog.load(),
      openApi: async (source) => (await this.catalog.openApiCache()).get(source),
      parseHttp: (text) => heavy().parseHttp(text),
    };
  }

  /** An open document's text (unsaved edits included), else the file's. */
  async text(path: string): Promise<string> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === path);
    return open ? open.getText() : readFile(path, 'utf8');
  }

  async load(path: string, environment: string): Promise<LoadFlowResult> {
    return heavy().loadFlow(await this.text(path), path, this.sourceHost(), { environment });
  }

  /** The Arazzo files a registry ships in its `flows/` folder. */
  async shipped(entry: RegistryEntry): Promise<FlowFile[]> {
    const folder = join(entry.folder, 'flows');
    let names: string[];
    try {
      names = await readdir(folder);
    } catch {
      return [];
    }
    return names.filter((name) => /\.arazzo\.(ya?ml|json)$/i.test(name)).sort().map((name) => ({ path: join(folder, name), registry: entry }));
  }

  /** The workspace's Arazzo files (bounded), outside node_modules. */
  async workspace(): Promise<FlowFile[]> {
    if (!vscode.workspace.workspaceFolders?.length) return [];
    const found = await vscode.workspace.findFiles(ARAZZO_GLOB, '**/node_modules/**', 200);
    return found.filter((uri) => uri.scheme === 'file').map((uri) => ({ path: uri.fsPath })).sort((a, b) => a.path.localeCompare(b.path));
  }

  /** Workflow ids and summaries of a file, read without resolving its sources (for the tree). */
  async workflows(path: string): Promise<{ workflowId: string; summary?: string }[]> {
    const parsed = heavy().parseArazzo(await this.text(path));
    const workflows = (parsed.value as { workflows?: unknown } | undefined)?.workflows;
    if (!Array.isArray(workflows)) return [];
    return workflows.flatMap((w) => (w && typeof w === 'object' && typeof (w as { workflowId?: unknown }).workflowId === 'string' ? [{ workflowId: (w as { workflowId: string }).workflowId, summary: typeof (w as { summary?: unknown }).summary === 'string' ? (w as { summary: string }).summary : undefined }] : []));
  }
}
