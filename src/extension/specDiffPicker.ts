// Choosing the two documents of "Compare with Another Release…": a release of the catalog (an
// environment's description), a file, or a URL — a URL only in a trusted workspace, since it makes
// the editor fetch from wherever the workspace's author pointed it.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { RegistryEntry, RegistryEnvironment } from '../core/catalog/types';

/** One side of a comparison: where the document is read from, and how the panel names it. */
export interface DiffSide {
  source: string;
  label: string;
}

type Item = vscode.QuickPickItem & { pick: () => Promise<DiffSide | undefined> | DiffSide | undefined };

export function environmentSide(registry: RegistryEntry, environment: RegistryEnvironment): DiffSide {
  return { source: environment.openapi, label: `${registry.id} ${environment.name}` };
}

function shortSource(source: string): string {
  return /^https?:/i.test(source) ? source : basename(source);
}

async function pickFile(title: string): Promise<DiffSide | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title,
    openLabel: 'Compare',
    canSelectMany: false,
    filters: { 'OpenAPI descriptions': ['yaml', 'yml', 'json'], 'All files': ['*'] },
  });
  const file = picked?.[0];
  return file ? { source: file.fsPath, label: vscode.workspace.asRelativePath(file, false) } : undefined;
}

async function pickUrl(title: string): Promise<DiffSide | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('Descriptions given by URL are fetched only in a trusted workspace. Trust this workspace, or pick a file or a release of the catalog.');
    return undefined;
  }
  const url = await vscode.window.showInputBox({
    title,
    prompt: 'URL of an OpenAPI description (YAML or JSON); fetched with the same size and time limits as a response',
    placeHolder: 'https://…/openapi.yaml',
    ignoreFocusOut: true,
    validateInput: (text) => (/^https?:\/\/\S+$/i.test(text.trim()) ? undefined : 'an http:// or https:// URL'),
  });
  return url ? { source: url.trim(), label: url.trim() } : undefined;
}

/**
 * One document: the registry's releases (minus `except`), a file, a URL. Undefined when the user
 * cancelled.
 */
export async function pickSide(title: string, registry: RegistryEntry | undefined, except?: string): Promise<DiffSide | undefined> {
  const items: Item[] = [];
  for (const environment of registry?.environments ?? []) {
    if (environment.openapi === except) continue;
    items.push({
      label: `$(versions) ${environment.name}`,
      description: shortSource(environment.openapi),
      ...(environment.description ? { detail: environment.description } : {}),
      pick: () => environmentSide(registry!, environment),
    });
  }
  items.push({ label: '$(file) A file…', description: 'an OpenAPI description on disk', pick: () => pickFile(title) });
  items.push({ label: '$(link) A URL…', description: vscode.workspace.isTrusted ? 'fetched with a size cap' : 'only in a trusted workspace', pick: () => pickUrl(title) });
  const chosen = await vscode.window.showQuickPick(items, { title, placeHolder: registry ? `A release of ${registry.name}, a file or a URL` : 'A file or a URL', ignoreFocusOut: true });
  return chosen?.pick();
}

/** From the palette: which registry's releases to choose from (or none: two files or URLs). */
export async function pickRegistry(entries: readonly RegistryEntry[]): Promise<RegistryEntry | null | undefined> {
  const items: (vscode.QuickPickItem & { entry: RegistryEntry | null })[] = [
    ...entries.map((entry) => ({ label: `$(database) ${entry.name}`, description: entry.id, detail: entry.environments.map((e) => e.name).join(', '), entry })),
    { label: '$(files) Other documents', description: 'two files or URLs', entry: null },
  ];
  const chosen = await vscode.window.showQuickPick(items, { title: 'Compare with Another Release', placeHolder: 'Whose releases?', matchOnDescription: true });
  return chosen === undefined ? undefined : chosen.entry;
}
