// Go to definition on `{{name}}`: the request or file variable that defines it, else the entry
// in the environment file it comes from; on `{{login.response…}}`: the request named `login`.
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import type { HttpFile } from '../../core/http';
import type { DocumentStore } from '../documentStore';
import { DisposableStore } from '../lifecycle';
import { toRange } from '../documentStore';
import type { EnvironmentController } from '../environmentController';

export class DefinitionProvider extends DisposableStore implements vscode.DefinitionProvider {
  constructor(
    selector: vscode.DocumentSelector,
    private readonly documents: DocumentStore,
    private readonly environments: EnvironmentController,
  ) {
    super();
    this.register(vscode.languages.registerDefinitionProvider(selector, this));
  }

  async provideDefinition(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Location | undefined> {
    const file = await this.documents.get(document);
    const { rangeContains, requestAt } = await import('../../core/http');
    const at = { line: position.line, character: position.character };
    const reference = file.references.find((candidate) => rangeContains(candidate.range, at));
    if (!reference) return undefined;
    if (reference.kind === 'response') {
      const target = file.requests.find((request) => request.name === reference.name);
      const place = target?.directives.find((directive) => directive.name === 'name')?.range ?? target?.requestLine?.range;
      return place && new vscode.Location(document.uri, toRange(place));
    }
    if (reference.kind !== 'variable') return undefined;
    const block = requestAt(file, at);
    const own = block?.variables.find((variable) => variable.name === reference.name && variable.range.start.line < position.line);
    const defined = own ?? file.variables.find((variable) => variable.name === reference.name);
    if (defined) return new vscode.Location(document.uri, toRange(defined.nameRange));
    return document.uri.scheme === 'file' ? this.inEnvironmentFiles(file, document.uri.fsPath, reference.name) : undefined;
  }

  private async inEnvironmentFiles(_file: HttpFile, filePath: string, name: string): Promise<vscode.Location | undefined> {
    const { loadEnvironments } = await import('../../core/env/loadEnvironments');
    const root = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(filePath))?.uri.fsPath;
    const loaded = loadEnvironments({ from: dirname(filePath), root });
    const active = this.environments.active;
    let value;
    try {
      value = loaded.select(loaded.environments.some((env) => env.name === active) ? active : undefined).get(name);
    } catch {
      value = undefined;
    }
    value ??= loaded.dotenv.get(name);
    if (!value?.origin) return undefined;
    const text = await readFile(value.origin, 'utf8');
    const pattern = value.source === 'dotenv' ? new RegExp(`^\\s*(?:export\\s+)?(${escape(name)})\\s*=`, 'm') : new RegExp(`"(${escape(name)})"\\s*:`, 'g');
    // In JSON the same key is in several environments: prefer the one inside the active environment.
    const matches = [...text.matchAll(new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`))];
    const activeAt = text.indexOf(`"${active}"`);
    const match = matches.find((candidate) => activeAt >= 0 && (candidate.index ?? 0) > activeAt) ?? matches[0];
    if (!match) return new vscode.Location(vscode.Uri.file(value.origin), new vscode.Position(0, 0));
    const offset = (match.index ?? 0) + match[0].indexOf(name);
    const before = text.slice(0, offset).split('\n');
    const line = before.length - 1;
    const character = before[before.length - 1]!.length;
    return new vscode.Location(vscode.Uri.file(value.origin), new vscode.Range(line, character, line, character + name.length));
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
