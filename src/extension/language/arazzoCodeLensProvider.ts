// "Run" and "Check" above each workflow of an Arazzo file. The file is only parsed (no sources
// resolved) so the lenses appear at once; Run loads and checks it fully before any request.
import * as vscode from 'vscode';
import { isArazzoDocument } from '../flowLoader';
import { heavy } from '../heavyModules';
import { DisposableStore } from '../lifecycle';

export const ARAZZO_SELECTOR: vscode.DocumentSelector = [
  { language: 'yaml', scheme: 'file' },
  { language: 'json', scheme: 'file' },
  { pattern: '**/*.arazzo.{yaml,yml,json}', scheme: 'file' },
];

export class ArazzoCodeLensProvider extends DisposableStore implements vscode.CodeLensProvider {
  constructor() {
    super();
    this.register(vscode.languages.registerCodeLensProvider(ARAZZO_SELECTOR, this));
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!isArazzoDocument(document)) return [];
    const parsed = heavy().parseArazzo(document.getText());
    const workflows = (parsed.value as { workflows?: unknown } | undefined)?.workflows;
    if (!Array.isArray(workflows)) return [];
    const lenses: vscode.CodeLens[] = [];
    workflows.forEach((workflow, i) => {
      const workflowId = (workflow as { workflowId?: unknown } | null)?.workflowId;
      if (typeof workflowId !== 'string') return;
      const at = parsed.locate(['workflows', i, 'workflowId'], true).start;
      const range = new vscode.Range(at.line - 1, 0, at.line - 1, 0);
      const target = { path: document.uri.fsPath, workflowId };
      lenses.push(new vscode.CodeLens(range, { title: '$(play) Run', tooltip: `Run workflow ${workflowId}`, command: 'registerExplorer.runFlow', arguments: [target] }));
      lenses.push(new vscode.CodeLens(range, { title: '$(check) Check', tooltip: 'Check the file: schema, sources, operations, expressions', command: 'registerExplorer.checkFlow', arguments: [target] }));
    });
    return lenses;
  }
}
