// Go to definition on `{{name}}`: the request or file variable that defines it, else the entry
// in the environment file it comes from; on `{{login.response…}}`: the request named `login`.
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute } from 'node:path';
import * as vscode from 'vscode';
import type { VariableValue } from '../../core/variables/types';
import type { DocumentStore } from '../documentStore';
import { DisposableStore } from '../lifecycle';
import { toRange } from '../documentStore';
import type { EnvironmentController } from '../environmentController';
import { heavy } from '../heavyModules';

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
    const { rangeContains, requestAt } = heavy();
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
    return document.uri.scheme === 'file' ? this.inEnvironmentFiles(document.uri.fsPath, reference.name) : undefined;
  }

  private async inEnvironmentFiles(filePath: string, name: string): Promise<vscode.Location | undefined> {
    const { loadEnvironments } = heavy();
    const root = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(filePath))?.uri.fsPath;
    const loaded = loadEnvironments({ from: dirname(filePath), root });
    const active = this.environments.active;
    let value: VariableValue | undefined;
    try {
      value = loaded.select(loaded.environments.some((env) => env.name === active) ? active : undefined).get(name);
    } catch {
      value = undefined;
    }
    value ??= loaded.dotenv.get(name);
    // Values from the registerExplorer.environments setting have no file to open.
    if (!value?.origin || !isAbsolute(value.origin)) return undefined;
    const text = await readFile(value.origin, 'utf8');
    const range = value.source === 'dotenv' ? dotenvKey(text, name) : await jsonKey(text, name, active);
    return new vscode.Location(vscode.Uri.file(value.origin), range ?? new vscode.Position(0, 0));
  }
}

function rangeAt(text: string, offset: number, length: number): vscode.Range {
  const before = text.slice(0, offset).split('\n');
  const line = before.length - 1;
  const character = before[line]!.length;
  return new vscode.Range(line, character, line, character + length);
}

function dotenvKey(text: string, name: string): vscode.Range | undefined {
  const match = new RegExp(`^\\s*(?:export\\s+)?(${escape(name)})\\s*=`, 'm').exec(text);
  return match ? rangeAt(text, match.index + match[0].indexOf(name), name.length) : undefined;
}

/** The key in the active environment's object when it has one, else in `$shared`. */
async function jsonKey(text: string, name: string, environment: string): Promise<vscode.Range | undefined> {
  const { parseTree, findNodeAtLocation } = heavy();
  const tree = parseTree(text);
  if (!tree) return undefined;
  const restClient = 'rest-client.environmentVariables';
  for (const path of [[environment, name], ['$shared', name], [restClient, environment, name], [restClient, '$shared', name]]) {
    const key = findNodeAtLocation(tree, path)?.parent?.children?.[0];
    if (key) return rangeAt(text, key.offset + 1, name.length);
  }
  return undefined;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
