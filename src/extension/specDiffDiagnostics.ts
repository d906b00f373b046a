// The impacted places of the open comparison as diagnostics in the request files and flows, and
// their fixes as quick fixes. Every fix is a WorkspaceEdit whose edits need confirmation, so VS Code
// shows it in the refactor preview and nothing changes until the user applies it there.
import * as vscode from 'vscode';
import type { Impact } from '../core/specdiff/impact/types';
import type { Severity } from '../core/specdiff/types';
import { DisposableStore } from './lifecycle';

export const SPEC_DIFF_SOURCE = 'Register Explorer upgrade';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  // The file works against the release it was written for; the next one breaks it.
  breaking: vscode.DiagnosticSeverity.Warning,
  warning: vscode.DiagnosticSeverity.Information,
  info: vscode.DiagnosticSeverity.Hint,
};

export function toRange(range: Impact['range']): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

/** The edits of `impacts` that have a fix, per file, an edit overlapping an earlier one left out. */
export function fixEdit(impacts: readonly Impact[], label: string): vscode.WorkspaceEdit | undefined {
  const edit = new vscode.WorkspaceEdit();
  const taken = new Map<string, vscode.Range[]>();
  let count = 0;
  for (const impact of impacts) {
    if (!impact.fix) continue;
    const uri = vscode.Uri.file(impact.file);
    const ranges = taken.get(impact.file) ?? [];
    for (const change of impact.fix.edits) {
      const range = toRange(change.range);
      if (ranges.some((r) => r.isEqual(range) || (r.start.isBefore(range.end) && range.start.isBefore(r.end)))) continue;
      ranges.push(range);
      edit.replace(uri, range, change.newText, { needsConfirmation: true, label: impact.fix.title, description: label });
      count++;
    }
    taken.set(impact.file, ranges);
  }
  return count ? edit : undefined;
}

export class SpecDiffDiagnostics extends DisposableStore implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];
  private readonly collection = this.register(vscode.languages.createDiagnosticCollection('registerExplorer.specDiff'));
  private byFile = new Map<string, Impact[]>();
  /** `vr-beheer sandbox`: the release the diagnostics speak of. */
  private label = '';

  constructor() {
    super();
    const selector: vscode.DocumentSelector = [
      { scheme: 'file', language: 'http' },
      { scheme: 'file', pattern: '**/*.arazzo.{yaml,yml,json}' },
    ];
    this.register(vscode.languages.registerCodeActionsProvider(selector, this, { providedCodeActionKinds: SpecDiffDiagnostics.kinds }));
  }

  /** Replaces every diagnostic with these impacts of the comparison with `label`. */
  show(impacts: readonly Impact[], label: string): void {
    this.label = label;
    this.byFile = new Map();
    for (const impact of impacts) {
      const list = this.byFile.get(impact.file) ?? [];
      list.push(impact);
      this.byFile.set(impact.file, list);
    }
    this.collection.clear();
    for (const file of this.byFile.keys()) this.publish(file);
  }

  /** One file's impacts after its text changed. */
  update(file: string, impacts: readonly Impact[]): void {
    if (impacts.length) this.byFile.set(file, [...impacts]);
    else this.byFile.delete(file);
    this.publish(file);
  }

  impactsOf(file: string): readonly Impact[] {
    return this.byFile.get(file) ?? [];
  }

  all(): Impact[] {
    return [...this.byFile.values()].flat();
  }

  clear(): void {
    this.byFile = new Map();
    this.collection.clear();
  }

  private publish(file: string): void {
    const uri = vscode.Uri.file(file);
    const impacts = this.byFile.get(file) ?? [];
    this.collection.set(
      uri,
      impacts.map((impact) => {
        const diagnostic = new vscode.Diagnostic(toRange(impact.range), `${impact.message} (in ${this.label})`, SEVERITY[impact.severity]);
        diagnostic.source = SPEC_DIFF_SOURCE;
        diagnostic.code = impact.changeId;
        return diagnostic;
      }),
    );
  }

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const impacts = this.byFile.get(document.uri.fsPath);
    if (!impacts) return [];
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== SPEC_DIFF_SOURCE) continue;
      const impact = impacts.find((i) => i.changeId === diagnostic.code && toRange(i.range).isEqual(diagnostic.range) && i.fix);
      const edit = impact && fixEdit([impact], this.label);
      if (!impact || !edit) continue;
      const action = new vscode.CodeAction(`${impact.fix!.title} (preview)`, vscode.CodeActionKind.QuickFix);
      action.edit = edit;
      action.diagnostics = [diagnostic];
      actions.push(action);
    }
    const fixable = impacts.filter((i) => i.fix);
    if (actions.length && fixable.length > 1) {
      const edit = fixEdit(fixable, this.label);
      if (edit) {
        const action = new vscode.CodeAction(`Follow every change of ${this.label} in this file (${fixable.length} fixes, preview)`, vscode.CodeActionKind.QuickFix);
        action.edit = edit;
        actions.push(action);
      }
    }
    return actions;
  }
}
