// Completion through core's `complete`: the one cached tree of this document version and its
// LanguageContext (registry, index, variables) go in, plain items come out.
import * as vscode from 'vscode';
import type { DocumentStore } from '../documentStore';
import { DisposableStore } from '../lifecycle';
import { toCompletionItem } from './convert';
import type { LanguageContextStore } from './languageContext';
import { heavy } from '../heavyModules';

const TRIGGERS = ['{', '/', '?', '&', '=', ':', '"', '@', '.', '$'];

export class CompletionProvider extends DisposableStore implements vscode.CompletionItemProvider {
  constructor(
    selector: vscode.DocumentSelector,
    private readonly documents: DocumentStore,
    private readonly contexts: LanguageContextStore,
  ) {
    super();
    this.register(vscode.languages.registerCompletionItemProvider(selector, this, ...TRIGGERS));
  }

  async provideCompletionItems(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.CompletionItem[]> {
    const file = await this.documents.get(document);
    const { context } = await this.contexts.get(document, file);
    if (token.isCancellationRequested) return [];
    const { complete } = heavy();
    return complete({ text: document.getText(), file }, { line: position.line, character: position.character }, context).map(toCompletionItem);
  }
}
