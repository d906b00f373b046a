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
import { heavy } from '../heavyModules';

const DEBOUNCE_MS = 300;

export class DiagnosticsProvider extends DisposableStore {
  private readonly collection = this.register(vscode.languages.createDiagnosticCollection('register-explorer'));
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** The check running per document; a newer edit aborts it (big files are checked in slices). */
  private readonly running = new Map<string, AbortController>();
  /** The core diagnostic behind each published one, for its quick fixes. */
  private readonly origins = new WeakMap<vscode.Diagnostic, Diagnostic>();

  constructor(
    private readonly documents: DocumentStore,
    private readonly contexts: LanguageContextStore,
    private readonly environments: EnvironmentController,
    private readonly log: Log,
  ) {
    super();
    this.register({
      dispose: () => {
        this.timers.forEach((timer) => clearTimeout(timer));
        this.running.forEach((controller) => controller.abort());
      },
    });
    this.register(vscode.workspace.onDidOpenTextDocument((document) => this.schedule(document)));
    this.register(vscode.workspace.onDidChangeTextDocument((event) => this.schedule(event.document)));
    this.register(
      vscode.workspace.onDidCloseTextDocument((document) => {
        this.collection.delete(document.uri);
        clearTimeout(this.timers.get(document.uri.toString()));
        this.timers.delete(document.uri.toString());
        this.running.get(document.uri.toString())?.abort();
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
    this.running.get(key)?.abort();
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        const controller = new AbortController();
        this.running.set(key, controller);
        this.check(document, controller.signal)
          .catch((error: unknown) => {
            if (!controller.signal.aborted) this.log.error(`diagnostics for ${document.uri.fsPath} failed`, error);
          })
          .finally(() => {
            if (this.running.get(key) === controller) this.running.delete(key);
          });
      }, DEBOUNCE_MS),
    );
  }

  private async check(document: vscode.TextDocument, signal: AbortSignal): Promise<void> {
    if (document.isClosed) return;
    const version = document.version;
    const file = await this.documents.get(document);
    const { context, problems } = await this.contexts.get(document, file);
    const { diagnoseAsync } = heavy();
    const found = [...file.diagnostics, ...problems, ...(await diagnoseAsync({ text: document.getText(), file }, context, { environment: this.environments.active, signal }))];
    // A newer edit has scheduled its own check; this result would flicker.
    if (signal.aborted || document.isClosed || document.version !== version) return;
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
