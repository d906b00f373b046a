// Diagnostics off the keystroke path: a change schedules a check of that document after a
// pause; the check reads the cached tree and context and publishes parser + core findings.
// Quick fixes ride on each diagnostic as data (core computes them), so the code-action
// provider only looks them up.
import * as vscode from 'vscode';
import type { Diagnostic } from '../../core/http';
import { isHttpDocument, type DocumentStore } from '../documentStore';
import { DisposableStore } from '../lifecycle';
import type { Log } from '../log';
import type { EnvironmentController } from '../environmentController';
import { toDiagnostic } from './convert';
import type { LanguageContextStore } from './languageContext';

const DEBOUNCE_MS = 300;

export class DiagnosticsProvider extends DisposableStore {
  private readonly collection = this.register(vscode.languages.createDiagnosticCollection('register-explorer'));
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** The core diagnostic behind each published one, for its quick fixes. */
  private readonly origins = new WeakMap<vscode.Diagnostic, Diagnostic>();

  constructor(
    private readonly documents: DocumentStore,
    private readonly contexts: LanguageContextStore,
    private readonly environments: EnvironmentController,
    private readonly log: Log,
  ) {
    super();
    this.register({ dispose: () => this.timers.forEach((timer) => clearTimeout(timer)) });
    this.register(vscode.workspace.onDidOpenTextDocument((document) => this.schedule(document)));
    this.register(vscode.workspace.onDidChangeTextDocument((event) => this.schedule(event.document)));
    this.register(
      vscode.workspace.onDidCloseTextDocument((document) => {
        this.collection.delete(document.uri);
        clearTimeout(this.timers.get(document.uri.toString()));
        this.timers.delete(document.uri.toString());
      }),
    );
    this.register(contexts.onDidChange(() => vscode.workspace.textDocuments.forEach((document) => this.schedule(document))));
    for (const document of vscode.workspace.textDocuments) this.schedule(document);
  }

  origin(diagnostic: vscode.Diagnostic): Diagnostic | undefined {
    return this.origins.get(diagnostic);
  }

  private schedule(document: vscode.TextDocument): void {
    if (!isHttpDocument(document)) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.check(document).catch((error: unknown) => this.log.error(`diagnostics for ${document.uri.fsPath} failed`, error));
      }, DEBOUNCE_MS),
    );
  }

  private async check(document: vscode.TextDocument): Promise<void> {
    if (document.isClosed) return;
    const version = document.version;
    const file = await this.documents.get(document);
    const context = await this.contexts.get(document, file);
    const { diagnose } = await import('../../core/language');
    // A newer edit has scheduled its own check; this result would flicker.
    if (document.isClosed || document.version !== version) return;
    const found = [...file.diagnostics, ...diagnose({ text: document.getText(), file }, context, { environment: this.environments.active })];
    this.collection.set(
      document.uri,
      found.map((diagnostic) => {
        const result = toDiagnostic(diagnostic);
        this.origins.set(result, diagnostic);
        return result;
      }),
    );
  }
}
