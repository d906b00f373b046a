// Completion, hover and diagnostics in Arazzo files. Diagnostics are the flow loader's (schema, sources,
// operations, parameters, expressions — each at its line), refreshed half a second after typing
// stops; completion (core's completeArazzo) reads the file's sources, resolved once per document
// version even while the file has errors.
import * as vscode from 'vscode';
import type { ArazzoDocument } from '../../core/flows/arazzoTypes';
import type { FlowDiagnostic } from '../../core/flows/flowDiagnostic';
import type { ResolvedSource } from '../../core/flows/sources';
import type { EnvironmentController } from '../environmentController';
import { isArazzoDocument, type FlowLoader } from '../flowLoader';
import { heavy } from '../heavyModules';
import { DisposableStore } from '../lifecycle';
import type { Log } from '../log';
import { ARAZZO_SELECTOR } from './arazzoCodeLensProvider';

const KINDS: Record<string, vscode.CompletionItemKind> = {
  operation: vscode.CompletionItemKind.Function,
  parameter: vscode.CompletionItemKind.Field,
  step: vscode.CompletionItemKind.Reference,
  output: vscode.CompletionItemKind.Value,
  input: vscode.CompletionItemKind.Variable,
  workflow: vscode.CompletionItemKind.Module,
  source: vscode.CompletionItemKind.File,
  expression: vscode.CompletionItemKind.Keyword,
  keyword: vscode.CompletionItemKind.Keyword,
};

export function toDiagnostic(d: FlowDiagnostic): vscode.Diagnostic {
  const range = new vscode.Range(d.range.start.line - 1, Math.max(0, d.range.start.column - 1), d.range.end.line - 1, Math.max(0, d.range.end.column - 1));
  const item = new vscode.Diagnostic(range, d.message, d.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
  item.source = 'arazzo';
  item.code = d.code;
  return item;
}

export class ArazzoLanguageProvider extends DisposableStore implements vscode.CompletionItemProvider, vscode.HoverProvider {
  private readonly collection = this.register(vscode.languages.createDiagnosticCollection('arazzo'));
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly sources = new Map<string, { version: number; sources: Promise<Map<string, ResolvedSource>> }>();

  constructor(
    private readonly loader: FlowLoader,
    private readonly environments: EnvironmentController,
    private readonly log: Log,
  ) {
    super();
    this.register(vscode.languages.registerCompletionItemProvider(ARAZZO_SELECTOR, this, '$', '.', ' '));
    this.register(vscode.languages.registerHoverProvider(ARAZZO_SELECTOR, this));
    this.register(vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)));
    this.register(vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, 500)));
    this.register(
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.collection.delete(d.uri);
        this.sources.delete(d.uri.toString());
      }),
    );
    this.register(environments.onDidChange(() => vscode.workspace.textDocuments.forEach((d) => this.schedule(d, 0))));
    this.register({ dispose: () => this.timers.forEach((t) => clearTimeout(t)) });
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
  }

  private schedule(document: vscode.TextDocument, delayMs: number): void {
    if (document.uri.scheme !== 'file' || !isArazzoDocument(document)) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.diagnose(document);
      }, delayMs),
    );
  }

  private async diagnose(document: vscode.TextDocument): Promise<void> {
    const version = document.version;
    try {
      const result = await heavy().loadFlow(document.getText(), document.uri.fsPath, this.loader.sourceHost(), { environment: this.environments.active });
      if (document.isClosed || document.version !== version) return;
      this.collection.set(document.uri, result.diagnostics.filter((d) => !d.file || d.file === document.uri.fsPath).map(toDiagnostic));
    } catch (error) {
      this.log.error(`arazzo: checking ${document.uri.fsPath} failed`, error);
    }
  }

  /** The file's sources, resolved for this version; a source that does not resolve is left out. */
  private resolved(document: vscode.TextDocument, doc: ArazzoDocument | undefined): Promise<Map<string, ResolvedSource>> {
    const key = document.uri.toString();
    const cached = this.sources.get(key);
    if (cached && cached.version === document.version) return cached.sources;
    const sources = (async () => {
      const map = new Map<string, ResolvedSource>();
      const { resolveSource } = heavy();
      for (const description of Array.isArray(doc?.sourceDescriptions) ? doc!.sourceDescriptions : []) {
        if (!description || typeof description.name !== 'string' || typeof description.url !== 'string') continue;
        try {
          map.set(description.name, await resolveSource(description, this.loader.sourceHost(), { flowFile: document.uri.fsPath, environment: this.environments.active, notice: () => undefined }));
        } catch {
          // the diagnostics say why
        }
      }
      return map;
    })();
    this.sources.set(key, { version: document.version, sources });
    return sources;
  }

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    if (!isArazzoDocument(document)) return undefined;
    const { parseArazzo, hoverArazzo } = heavy();
    const parsed = parseArazzo(document.getText());
    const sources = await this.resolved(document, parsed.value as ArazzoDocument | undefined);
    const hover = hoverArazzo({ parsed, lineText: document.lineAt(position.line).text, character: position.character, line: position.line + 1, sources });
    if (!hover) return undefined;
    // Descriptions come from workspace files: shown as Markdown without HTML or command links.
    const markdown = new vscode.MarkdownString(hover.markdown);
    markdown.supportHtml = false;
    markdown.isTrusted = false;
    return new vscode.Hover(markdown, new vscode.Range(position.line, hover.start, position.line, hover.end));
  }

  async provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionItem[]> {
    if (!isArazzoDocument(document)) return [];
    const { parseArazzo, completeArazzo } = heavy();
    const parsed = parseArazzo(document.getText());
    const sources = await this.resolved(document, parsed.value as ArazzoDocument | undefined);
    const lineText = document.lineAt(position.line).text;
    const items = completeArazzo({ parsed, lineText, character: position.character, line: position.line + 1, sources });
    // Replace the word (or the expression segment) being typed.
    const before = lineText.slice(0, position.character);
    const segment = /[\w\-]*$/.exec(before)?.[0] ?? '';
    const expression = /\$[\w.\-#/]*$/.exec(before)?.[0];
    return items.map((item) => {
      const completion = new vscode.CompletionItem(item.label, KINDS[item.kind]);
      completion.detail = item.detail;
      if (item.documentation) completion.documentation = item.documentation;
      const insert = item.insertText ?? item.label;
      if (item.replaceFrom !== undefined) {
        completion.range = new vscode.Range(position.line, item.replaceFrom, position.line, position.character);
        completion.filterText = insert;
      } else if (insert.startsWith('$') && expression !== undefined) {
        completion.range = new vscode.Range(position.line, position.character - expression.length, position.line, position.character);
      } else {
        completion.range = new vscode.Range(position.line, position.character - segment.length, position.line, position.character);
      }
      completion.insertText = insert;
      return completion;
    });
  }
}
