// One parsed tree per document version (core's HttpDocumentCache), shared by every provider and
// command. The parser is small but still loaded on first use, not at activation.
import * as vscode from 'vscode';
import type { HttpDocumentCache, HttpFile } from '../core/http';
import { DisposableStore } from './lifecycle';
import { heavy } from './heavyModules';

export const HTTP_LANGUAGE = 'http';

export class DocumentStore extends DisposableStore {
  private cache: HttpDocumentCache | undefined;
  private loading: Promise<HttpDocumentCache> | undefined;

  constructor() {
    super();
    this.register(vscode.workspace.onDidCloseTextDocument((document) => this.cache?.delete(document.uri.toString())));
  }

  private load(): Promise<HttpDocumentCache> {
    this.loading ??= Promise.resolve().then(() => (this.cache = new (heavy().HttpDocumentCache)()));
    return this.loading;
  }

  async get(document: vscode.TextDocument): Promise<HttpFile> {
    const cache = this.cache ?? (await this.load());
    return cache.get(document.uri.toString(), document.version, () => document.getText());
  }
}

export function isHttpDocument(document: vscode.TextDocument): boolean {
  return document.languageId === HTTP_LANGUAGE;
}

/** Core ranges are zero-based like VS Code's, so conversion is a copy. */
export function toRange(range: { start: { line: number; character: number }; end: { line: number; character: number } }): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}
