// "Send" above every request, "Send all" above the first. "Run flow" belongs above requests
// that start a documented flow; flows arrive in a later release, so no lens is shown for them
// yet rather than one that does nothing.
import * as vscode from 'vscode';
import type { DocumentStore } from '../documentStore';
import { DisposableStore } from '../lifecycle';
import { toRange } from '../documentStore';

export class CodeLensProvider extends DisposableStore implements vscode.CodeLensProvider {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    selector: vscode.DocumentSelector,
    private readonly documents: DocumentStore,
  ) {
    super();
    this.register(vscode.languages.registerCodeLensProvider(selector, this));
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const file = await this.documents.get(document);
    const lenses: vscode.CodeLens[] = [];
    const requests = file.requests.filter((request) => request.requestLine);
    requests.forEach((request, position) => {
      const range = toRange(request.requestLine!.range);
      lenses.push(new vscode.CodeLens(range, { title: '$(play) Send', tooltip: `Send ${request.requestLine!.method} ${request.requestLine!.url}`, command: 'registerExplorer.send', arguments: [{ uri: document.uri, index: request.index }] }));
      if (position === 0 && requests.length > 1) {
        lenses.push(new vscode.CodeLens(range, { title: `$(run-all) Send all (${requests.length})`, command: 'registerExplorer.sendAll', arguments: [document.uri] }));
      }
    });
    return lenses;
  }
}
