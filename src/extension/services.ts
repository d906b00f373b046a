// What the command handlers and providers share for one run of the extension. Built once by
// `extension.ts`; nothing here does work at construction beyond creating views and listeners.
import type * as vscode from 'vscode';
import type { CatalogStore } from './catalogStore';
import type { DocumentStore } from './documentStore';
import type { EnvironmentController } from './environmentController';
import type { FlowRunController } from './flowRunController';
import type { EtagInspectorPanel } from './etagInspectorPanel';
import type { HistoriekController } from './historiekController';
import type { HistoryController } from './historyController';
import type { HistoryTreeProvider } from './historyTreeProvider';
import type { Log } from './log';
import type { ResponsePanel } from './responsePanel';
import type { SandboxController } from './sandboxController';
import type { SecretStore } from './secretStore';
import type { SendController } from './sendController';
import type { TreeFeatures } from './treeFeatures';
import type { SpecDiffController } from './specDiffController';
import type { VariableSources } from './variableSources';

export interface Services {
  context: vscode.ExtensionContext;
  log: Log;
  catalog: CatalogStore;
  documents: DocumentStore;
  environments: EnvironmentController;
  secrets: SecretStore;
  sandbox: SandboxController;
  variables: VariableSources;
  history: HistoryController;
  historiek: HistoriekController;
  etags: EtagInspectorPanel;
  panel: ResponsePanel;
  sender: SendController;
  flows: FlowRunController;
  /** Register a per-registry node (ETag store, Cost meter) here once its feature works. */
  treeFeatures: TreeFeatures;
  specDiff: SpecDiffController;
  historyView: HistoryTreeProvider;
}
