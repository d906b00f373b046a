// Activation only wires (STYLE.md §5): it creates the stores, views and providers — each
// registers and disposes itself — and the command table. No spec loading, no sandbox start,
// no parsing here: those happen on first use, through the heavy bundle (./heavyModules).
import * as vscode from 'vscode';
import { CatalogStore } from './catalogStore';
import { CostMeterStatus } from './costMeterStatus';
import { registerCommands } from './commands';
import { DocumentationProvider } from './documentationProvider';
import { DocumentStore } from './documentStore';
import { environmentChoices, groupByRegistry } from './environmentChoices';
import { EnvironmentController } from './environmentController';
import { FlowRunController } from './flowRunController';
import { EtagInspectorPanel } from './etagInspectorPanel';
import { HistoriekController } from './historiekController';
import { HistoryController } from './historyController';
import { HistoryTreeProvider } from './historyTreeProvider';
import { registerLanguageFeatures } from './language/languageFeatures';
import { DisposableStore } from './lifecycle';
import { Log, runAction } from './log';
import { RegistriesTreeProvider } from './registriesTreeProvider';
import { TreeFeatures } from './treeFeatures';
import { ResponsePanel } from './responsePanel';
import { RunSummaryPanel } from './runSummaryPanel';
import { useInRequest } from './responseReference';
import { SandboxController } from './sandboxController';
import { SecretStore } from './secretStore';
import { SendController } from './sendController';
import { SpecDiffController } from './specDiffController';
import type { Services } from './services';
import { VariableSources } from './variableSources';

let extension: DisposableStore | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const store = (extension = new DisposableStore());
  context.subscriptions.push(store);

  const log = store.register(new Log());
  const catalog = store.register(new CatalogStore(log));
  const documents = store.register(new DocumentStore());
  const secrets = store.register(new SecretStore(context.secrets, context.globalState));
  const variables = new VariableSources(secrets, log);
  const environments = store.register(
    new EnvironmentController(context.workspaceState, async () => {
      const entries = await catalog.entries();
      return groupByRegistry(environmentChoices(entries, await variables.definedEnvironments()), entries);
    }),
  );
  const sandbox = store.register(new SandboxController(context.extensionUri, log));
  const history = store.register(new HistoryController(log));
  // The panel's "Send again" needs the sender, which needs the panel: called only after both exist.
  const panel: ResponsePanel = store.register(
    new ResponsePanel(context.extensionUri, log, {
      resend: (record) => sender.resend(record),
      runAction: async (action) => runAction(log, action),
      offersFor: async (record) => {
        const offer = await historiek.offerFor(record);
        return offer ? [{ id: 'historiek', title: offer.title }] : [];
      },
      runOffer: (record) => historiek.openFromRecord(record),
      useInRequest,
    }),
  );
  const sender: SendController = store.register(new SendController(documents, catalog, environments, variables, sandbox, history, panel, log));
  const costMeter = store.register(new CostMeterStatus(catalog, log));
  sender.onRecorded = () => costMeter.refresh();
  const summary = store.register(new RunSummaryPanel(context.extensionUri, panel, log));
  sender.onRunFinished = (result) => summary.show(result);
  const historiek: HistoriekController = store.register(new HistoriekController(context.extensionUri, catalog, (text, environment, name) => sender.sendText(text, environment, name), () => environments.active, log));
  const flows = store.register(new FlowRunController(context.extensionUri, catalog, environments, variables, sandbox, sender, panel, log));
  const treeFeatures = new TreeFeatures();
  store.register(new RegistriesTreeProvider(catalog, environments, flows.loader, treeFeatures, context.extensionUri, log));
  const historyView = store.register(new HistoryTreeProvider(history, context.workspaceState, log));
  store.register(new DocumentationProvider(catalog));
  const etags = store.register(new EtagInspectorPanel(context.extensionUri, (text, environment, name) => sender.sendText(text, environment, name), log));
  const specDiff = store.register(new SpecDiffController(context.extensionUri, catalog, log));
  const services: Services = { context, log, catalog, documents, environments, secrets, sandbox, variables, history, historiek, etags, panel, sender, flows, treeFeatures, specDiff, historyView };

  for (const disposable of registerCommands(services)) store.register(disposable);
  store.register(registerLanguageFeatures(services));

  log.info(`activated in ${(performance.now() - started).toFixed(1)} ms (environment: ${environments.active}, workspace ${vscode.workspace.isTrusted ? 'trusted' : 'restricted'})`);
}

export function deactivate(): void {
  extension?.dispose();
  extension = undefined;
}
