// "Compare with Another Release…": picks two documents, runs the comparison in core (the diff and
// the impact map over the workspace's request files and flows), shows the diff panel and the
// impacted places as diagnostics with their quick fixes. While the comparison is open, an edited
// file is checked again, so a place that follows the change stops being flagged. One comparison
// at a time: a new one replaces the panel's and the diagnostics'.
import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { RegistryEntry, RegistryEnvironment } from '../core/catalog/types';
import type { DiffView } from '../core/specdiff/diffView';
import type { Impact } from '../core/specdiff/impact/types';
import type { UpgradeCheck } from '../core/specdiff/upgradeCheck';
import { isComparedPair, isWebviewMessage, type HostMessage, type SpecDiffState, type WebviewMessage } from '../../webview/specdiff/protocol';
import type { CatalogStore } from './catalogStore';
import { heavy } from './heavyModules';
import { DisposableStore } from './lifecycle';
import { errorFacts, isCancellation, type Log } from './log';
import { environmentSide, pickRegistry, pickSide, type DiffSide } from './specDiffPicker';
import { fixEdit, SpecDiffDiagnostics } from './specDiffDiagnostics';
import { createPanel, PanelConnection, type PanelSpec } from './webviewPanelHost';

export const SPEC_DIFF_VIEW_TYPE = 'registerExplorer.specDiff';
const SPEC: PanelSpec<WebviewMessage> = { viewType: SPEC_DIFF_VIEW_TYPE, bundle: 'specdiff', stylesheet: 'specdiff.css', title: 'Compare Releases', isWebviewMessage };
/** Request files and flows looked at, at most (a workspace is no unbounded walk). */
const MAX_FILES = 5000;
const FILES = '**/*.{http,rest,arazzo.yaml,arazzo.yml,arazzo.json}';
const EXCLUDE = '**/{node_modules,.git,dist,.cache,.vscode-test}/**';

/** What the tree passes: a registry or one of its environments. */
interface TreeArgument {
  kind?: string;
  registry?: RegistryEntry;
  environment?: RegistryEnvironment;
}

interface Comparison {
  old: DiffSide;
  new: DiffSide;
  check: UpgradeCheck;
  roots: string[];
}

export class SpecDiffController extends DisposableStore {
  private connection: PanelConnection<HostMessage, WebviewMessage> | undefined;
  private comparison: Comparison | undefined;
  private view: DiffView | undefined;
  private readonly diagnostics = this.register(new SpecDiffDiagnostics());
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly catalog: CatalogStore,
    private readonly log: Log,
  ) {
    super();
    this.register({ dispose: () => this.connection?.dispose() });
    this.register({ dispose: () => this.pending.forEach((timer) => clearTimeout(timer)) });
    this.register(vscode.workspace.onDidChangeTextDocument((event) => this.scheduleRecheck(event.document)));
    this.register(
      vscode.window.registerWebviewPanelSerializer(SPEC_DIFF_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, saved: SpecDiffState | undefined) => {
          // After a window reload the panel compares the same two documents again (its diagnostics
          // and quick fixes need the comparison, not just the view it saved).
          const pair = saved?.pair;
          if (!isComparedPair(pair) || this.connection) {
            panel.dispose();
            return;
          }
          this.adopt(panel);
          try {
            await this.run({ source: pair.old.source, label: pair.old.label }, { source: pair.new.source, label: pair.new.label });
          } catch (error) {
            // run() has shown the failure in the panel
            this.log.error(`could not compare ${pair.old.source} with ${pair.new.source} again`, error);
          }
        },
      }),
    );
  }

  /** The command: from a registry or environment node, or the palette. */
  async compare(arg?: unknown): Promise<void> {
    const node = (typeof arg === 'object' && arg !== null ? arg : {}) as TreeArgument;
    let registry = node.registry;
    let oldSide: DiffSide | undefined;
    if (node.kind === 'environment' && node.registry && node.environment) oldSide = environmentSide(node.registry, node.environment);
    if (!registry && !oldSide) {
      const picked = await pickRegistry(await this.catalog.entries());
      if (picked === undefined) return;
      registry = picked ?? undefined;
    }
    oldSide ??= await pickSide('Compare: the release your requests are written for (old)', registry);
    if (!oldSide) return;
    const newSide = await pickSide(`Compare ${oldSide.label} with (new)`, registry, oldSide.source);
    if (!newSide) return;
    await this.run(oldSide, newSide);
  }

  /** Compares, then shows the panel and the diagnostics. A failure is shown in the panel too. */
  async run(oldSide: DiffSide, newSide: DiffSide): Promise<void> {
    const connection = this.connection ?? this.adopt(createPanel(SPEC, this.extensionUri, 'Compare Releases'));
    connection.panel.title = `${oldSide.label} → ${newSide.label}`;
    connection.post({ type: 'loading', oldLabel: oldSide.label, newLabel: newSide.label, pair: { old: { source: oldSide.source, label: oldSide.label }, new: { source: newSide.source, label: newSide.label } } });
    try {
      const comparison = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Register Explorer: comparing ${oldSide.label} with ${newSide.label}…`, cancellable: true },
        (_progress, token) => this.check(oldSide, newSide, token),
      );
      this.comparison = comparison;
      this.diagnostics.show(comparison.check.impact.impacts, newSide.label);
      // Open files may differ from the disk: their impacts come from what the editor holds.
      for (const document of vscode.workspace.textDocuments) if (document.isDirty && this.diagnostics.impactsOf(document.uri.fsPath).length) this.recheck(document);
      this.publishView();
      const { breaking } = comparison.check.diff.changes.reduce((n, c) => (c.severity === 'breaking' ? { breaking: n.breaking + 1 } : n), { breaking: 0 });
      this.log.info(`compared ${oldSide.source} with ${newSide.source}: ${comparison.check.diff.changes.length} changes (${breaking} breaking), ${comparison.check.impact.impacts.length} impacted places in ${comparison.check.impact.files.length} files`);
    } catch (error) {
      if (isCancellation(error) || (error instanceof Error && error.name === 'AbortError')) {
        connection.post({ type: 'failed', message: 'The comparison was cancelled.' });
        return;
      }
      const facts = errorFacts(error);
      connection.post({ type: 'failed', message: facts.message, ...(facts.hint ? { hint: facts.hint } : {}) });
      throw error;
    }
  }

  private async check(oldSide: DiffSide, newSide: DiffSide, token: vscode.CancellationToken): Promise<Comparison> {
    const abort = new AbortController();
    const listener = token.onCancellationRequested(() => abort.abort());
    try {
      const { upgradeCheck, descriptionFetch } = heavy();
      const catalog = await this.catalog.load();
      const uris = await vscode.workspace.findFiles(FILES, EXCLUDE, MAX_FILES, token);
      const files = uris.filter((uri) => uri.scheme === 'file').map((uri) => uri.fsPath).sort();
      const check = await upgradeCheck(
        oldSide.source,
        newSide.source,
        {
          readFile: (path) => readFile(path),
          fetch: descriptionFetch({ refuse: (url) => this.catalog.refusal(url), onFetched: (url, bytes) => this.log.info(`fetched ${url} (${bytes} bytes)`) }),
        },
        { files, catalog, signal: abort.signal },
      );
      const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
      return { old: oldSide, new: newSide, check, roots };
    } finally {
      listener.dispose();
    }
  }

  private publishView(): void {
    const comparison = this.comparison;
    if (!comparison) return;
    const { diffView } = heavy();
    const impacts = this.diagnostics.all();
    const { sortImpacts } = heavy();
    const map = { files: comparison.check.impact.files, impacts, unmatched: comparison.check.impact.unmatched };
    sortImpacts(map);
    this.view = diffView(comparison.check.diff, map, { oldLabel: comparison.old.label, newLabel: comparison.new.label, roots: comparison.roots });
    this.currentImpacts = map.impacts;
    this.connection?.post({ type: 'show', view: this.view });
  }

  /** The impacts in the order the panel's view indexes them. */
  private currentImpacts: Impact[] = [];

  private scheduleRecheck(document: vscode.TextDocument): void {
    if (!this.comparison || document.uri.scheme !== 'file') return;
    const file = document.uri.fsPath;
    if (!this.comparison.check.impact.files.includes(file)) return;
    clearTimeout(this.pending.get(file));
    this.pending.set(
      file,
      setTimeout(() => {
        this.pending.delete(file);
        try {
          this.recheck(document);
          this.publishView();
        } catch (error) {
          this.log.error(`upgrade check of ${file} failed`, error);
        }
      }, 300),
    );
  }

  private recheck(document: vscode.TextDocument): void {
    if (!this.comparison) return;
    this.diagnostics.update(document.uri.fsPath, this.comparison.check.recheck(document.uri.fsPath, document.getText()));
  }

  private adopt(panel: vscode.WebviewPanel): PanelConnection<HostMessage, WebviewMessage> {
    const connection: PanelConnection<HostMessage, WebviewMessage> = new PanelConnection<HostMessage, WebviewMessage>(panel, this.extensionUri, SPEC, this.log, {
      onReady: () => {
        if (this.view) connection.post({ type: 'show', view: this.view });
      },
      onMessage: (message) => this.onMessage(connection, message),
    });
    connection.onDidDispose(() => {
      if (this.connection !== connection) return;
      this.connection = undefined;
      // Closing the comparison takes its diagnostics with it.
      this.comparison = undefined;
      this.view = undefined;
      this.diagnostics.clear();
    });
    this.connection = connection;
    return connection;
  }

  private async onMessage(connection: PanelConnection<HostMessage, WebviewMessage>, message: Exclude<WebviewMessage, { type: 'ready' }>): Promise<void> {
    const comparison = this.comparison;
    if (!comparison) throw new Error('this comparison is no longer open; run Compare with Another Release… again');
    switch (message.type) {
      case 'openSource': {
        const change = comparison.check.diff.changes.find((c) => c.id === message.changeId);
        const ref = change?.[message.side];
        if (!ref) throw new Error('that change is not in this comparison');
        await this.openSource(comparison, ref.source, ref.line);
        break;
      }
      case 'openImpact': {
        const impact = this.currentImpacts[message.impact];
        if (!impact) throw new Error('that place is no longer impacted');
        const range = new vscode.Range(impact.range.start.line, impact.range.start.character, impact.range.end.line, impact.range.end.character);
        await vscode.window.showTextDocument(vscode.Uri.file(impact.file), { selection: range, viewColumn: vscode.ViewColumn.One, preview: false });
        break;
      }
      case 'applyFixes': {
        const chosen = message.impacts ? message.impacts.map((i) => this.currentImpacts[i]).filter((i): i is Impact => i !== undefined) : this.currentImpacts;
        const edit = fixEdit(chosen, comparison.new.label);
        if (!edit) throw new Error('no fix to apply');
        // The edits need confirmation: VS Code opens the refactor preview and writes nothing until the user applies.
        await vscode.workspace.applyEdit(edit, { isRefactoring: true });
        break;
      }
      case 'swap':
        connection.reply(message.requestId, true);
        await this.run(comparison.new, comparison.old);
        return;
      case 'refresh':
        connection.reply(message.requestId, true);
        await this.run(comparison.old, comparison.new);
        return;
    }
    connection.reply(message.requestId, true);
  }

  private async openSource(comparison: Comparison, source: string, line: number | undefined): Promise<void> {
    const at = line ? new vscode.Position(line - 1, 0) : new vscode.Position(0, 0);
    let document: vscode.TextDocument;
    if (/^https?:/i.test(source)) {
      // A fetched description is shown as read, in an untitled editor (nothing is fetched again).
      const text = comparison.check.textOf(source);
      if (text === undefined) throw new Error(`${source} is not held by this comparison`);
      document = await vscode.workspace.openTextDocument({ content: text, language: /\.json($|\?)/i.test(source) ? 'json' : 'yaml' });
    } else {
      document = await vscode.workspace.openTextDocument(vscode.Uri.file(source));
    }
    await vscode.window.showTextDocument(document, { selection: new vscode.Range(at, at), viewColumn: vscode.ViewColumn.One, preview: true });
  }
}
