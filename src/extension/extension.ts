// Activation only wires (STYLE.md §5): it creates the stores, views and providers — each
// registers and disposes itself — and the command table. No spec loading, no sandbox start,
// no parsing here: those happen on first use, through the heavy bundle (./heavyModules).
import * as vscode from 'vscode';
import { CatalogStore } from './catalogStore';
import { registerCommands } from './commands';
import { DocumentationProvider } from './documentationProvider';
import { DocumentStore } from './documentStore';
import { EnvironmentController, catalogEnvironmentChoices } from './environmentController';
import { HistoryController } from './historyController';
import { HistoryTreeProvider } from './historyTreeProvider';
import { registerLanguageFeatures } from './language/languageFeatures';
import { DisposableStore } from './lifecycle';
import { Log, runAction } from './log';
import { RegistriesTreeProvider } from './registriesTreeProvider';
import { ResponsePanel } from './responsePanel';
import { SandboxController } from './sandboxController';
import { SecretStore } from './secretStore';
import { SendController } from './sendController';
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
  const environments = store.register(new EnvironmentController(async () => variables.choices(catalogEnvironmentChoices(await catalog.entries()))));
  const sandbox = store.register(new SandboxController(context.extensionUri, log));
  const history = store.register(new HistoryController(log));
  // The panel's "Send again" needs the sender, which needs the panel: called only after both exist.
  const panel: ResponsePanel = store.register(
    new ResponsePanel(context.extensionUri, log, {
      resend: (record) => sender.resend(record),
      runAction: async (action) => runAction(log, action),
    }),
  );
  const sender: SendController = store.register(new SendController(documents, catalog, environments, variables, sandbox, history, panel, log));
  store.register(new RegistriesTreeProvider(catalog, environments, context.extensionUri, log));
  store.register(new HistoryTreeProvider(history, log));
  store.register(new DocumentationProvider(catalog));
  const services: Services = { context, log, catalog, documents, environments, secrets, sandbox, variables, history, panel, sender };

  for (const disposable of registerCommands(services)) store.register(disposable);
  store.register(registerLanguageFeatures(services));

  log.info(`activated in ${(performance.now() - started).toFixed(1)} ms (environment: ${environments.active}, workspace ${vscode.workspace.isTrusted ? 'trusted' : 'restricted'})`);
}

export function deactivate(): void {
  extension?.dispose();
  extension = undefined;
}
