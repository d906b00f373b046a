// Hover through core's `hover`: what the description says about the thing under the cursor.
import * as vscode from 'vscode';
import type { DocumentStore } from '../documentStore';
import { DisposableStore } from '../lifecycle';
import { toHover } from './convert';
import type { LanguageContextStore } from './languageContext';
import { heavy } from '../heavyModules';

export class HoverProvider extends DisposableStore implements vscode.HoverProvider {
  constructor(
    selector: vscode.DocumentSelector,
    private readonly documents: DocumentStore,
    private readonly contexts: LanguageContextStore,
  ) {
    super();
    this.register(vscode.languages.registerHoverProvider(selector, this));
  }

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const file = await this.documents.get(document);
    const { context } = await this.contexts.get(document, file);
    if (token.isCancellationRequested) return undefined;
    const { hover } = heavy();
    const info = hover({ text: document.getText(), file }, { line: position.line, character: position.character }, context);
    return info && toHover(info);
  }
}
