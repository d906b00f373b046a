// Quick fixes: core computed them with each diagnostic; this turns them into WorkspaceEdits.
import * as vscode from 'vscode';
import { DisposableStore } from '../lifecycle';
import { toRange } from '../documentStore';
import type { DiagnosticsProvider } from './diagnosticsProvider';
import { heavy } from '../heavyModules';

export class CodeActionProvider extends DisposableStore implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(
    selector: vscode.DocumentSelector,
    private readonly diagnostics: DiagnosticsProvider,
  ) {
    super();
    this.register(vscode.languages.registerCodeActionsProvider(selector, this, { providedCodeActionKinds: CodeActionProvider.kinds }));
  }

  async provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const { quickFixes } = heavy();
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      const origin = this.diagnostics.origin(diagnostic);
      if (!origin) continue;
      for (const fix of quickFixes(origin)) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.isPreferred = fix.preferred;
        action.edit = new vscode.WorkspaceEdit();
        for (const edit of fix.edits) action.edit.replace(document.uri, toRange(edit.range), edit.newText);
        actions.push(action);
      }
    }
    return actions;
  }
}
