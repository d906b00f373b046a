// Every command of the extension in one table (STYLE.md §5). A handler reads editor state,
// calls a controller or core, and shows the result; errors go to `reportError` once, here.
import * as vscode from 'vscode';
import { credentialProblem } from '../core/catalog/catalogVariables';
import { DEFAULT_PASSPHRASE_SECRET } from '../core/tls/tlsProfiles';
import { COMMANDS, type CommandId } from './commandIds';
import { isHistoryNode } from './historyTreeProvider';
import { isHttpDocument, HTTP_LANGUAGE } from './documentStore';
import { documentationUri } from './documentationProvider';
import { reportError } from './log';
import { isOperationNode, type OperationNode } from './registriesTreeProvider';
import { validateSecretName } from './secretStore';
import type { Services } from './services';
import { heavy } from './heavyModules';
import { caFileEntry, withCaFile, type CaFileTarget, type TlsRegistrySetting } from './caFileEntry';
import { isArazzoDocument } from './flowLoader';
import type { FlowTarget } from './flowRunController';

type Handler = (...args: unknown[]) => unknown;

/** `{ uri, index }` from a CodeLens, a Uri from the editor title, or nothing (the active editor). */
interface RequestTarget {
  uri?: vscode.Uri;
  index?: number;
}

function isRequestTarget(value: unknown): value is RequestTarget {
  return typeof value === 'object' && value !== null && ('index' in value || 'uri' in value) && !(value instanceof vscode.Uri);
}

async function targetDocument(arg: unknown): Promise<vscode.TextDocument | undefined> {
  const uri = arg instanceof vscode.Uri ? arg : isRequestTarget(arg) ? arg.uri : undefined;
  if (uri) return vscode.workspace.openTextDocument(uri);
  const editor = vscode.window.activeTextEditor;
  return editor && isHttpDocument(editor.document) ? editor.document : undefined;
}

/** `{ path, workflowId }` from a CodeLens or the tree, a Uri, or the active Arazzo editor. */
function flowTarget(arg: unknown): FlowTarget | undefined {
  if (arg instanceof vscode.Uri) return arg.scheme === 'file' ? { path: arg.fsPath } : undefined;
  // A tree node (flowFile / workflow) carries its file.
  const node = arg as { kind?: unknown; file?: { path?: unknown }; workflowId?: unknown } | null;
  if (node && (node.kind === 'flowFile' || node.kind === 'workflow') && typeof node.file?.path === 'string') {
    return { path: node.file.path, workflowId: node.kind === 'workflow' && typeof node.workflowId === 'string' ? node.workflowId : undefined };
  }
  if (typeof arg === 'object' && arg !== null && typeof (arg as { path?: unknown }).path === 'string') {
    const { path, workflowId } = arg as { path: string; workflowId?: unknown };
    return { path, workflowId: typeof workflowId === 'string' ? workflowId : undefined };
  }
  const document = vscode.window.activeTextEditor?.document;
  return document && document.uri.scheme === 'file' && isArazzoDocument(document) ? { path: document.uri.fsPath } : undefined;
}

function requireOperation(arg: unknown): OperationNode {
  if (isOperationNode(arg)) return arg;
  throw new Error('pick an operation in the Registries view first');
}

export function commandTable(s: Services): Record<CommandId, Handler> {
  return {
    'registerExplorer.send': async (arg) => {
      const document = await targetDocument(arg);
      if (!document) {
        void vscode.window.showInformationMessage('Open a .http or .rest file and put the cursor in a request to send it.');
        return;
      }
      if (isRequestTarget(arg) && arg.index !== undefined) return s.sender.sendIndex(document, arg.index);
      const editor = vscode.window.activeTextEditor;
      const position = editor && editor.document === document ? editor.selection.active : new vscode.Position(0, 0);
      return s.sender.sendAt(document, position);
    },

    'registerExplorer.sendAll': async (arg) => {
      const document = await targetDocument(arg);
      if (!document) {
        void vscode.window.showInformationMessage('Open a .http or .rest file to send its requests.');
        return;
      }
      return s.sender.sendAll(document);
    },

    'registerExplorer.copyAsCurl': async (arg) => {
      const document = await targetDocument(arg);
      const editor = vscode.window.activeTextEditor;
      if (!document || !editor || editor.document !== document) {
        void vscode.window.showInformationMessage('Open a .http or .rest file and put the cursor in a request to copy it.');
        return;
      }
      const text = await s.sender.curlAt(document, editor.selection.active);
      if (text === undefined) return;
      await vscode.env.clipboard.writeText(text);
      const variables = [...new Set([...text.matchAll(/\$\{([A-Z0-9_]+)\}/g)].map((m) => m[1]))];
      void vscode.window.showInformationMessage(variables.length ? `Copied as cURL. Secrets are shell variables: set ${variables.join(', ')} before running it.` : 'Copied as cURL.');
    },

    'registerExplorer.selectEnvironment': async (arg) => {
      if (typeof arg === 'string' && arg) return s.environments.set(arg);
      return s.environments.pick();
    },

    'registerExplorer.openAsRequest': async (arg) => {
      const node = requireOperation(arg);
      const { requestSnippet } = heavy();
      const snippet = new vscode.SnippetString(requestSnippet({ operation: node.operation, registry: node.registry, environment: node.environment }));
      const active = vscode.window.activeTextEditor;
      if (active && isHttpDocument(active.document)) {
        const document = active.document;
        const last = document.lineAt(document.lineCount - 1);
        const needsGap = document.getText().trim().length > 0;
        const at = last.range.end;
        if (needsGap) await active.edit((edit) => edit.insert(at, last.text.trim() ? '\n\n' : '\n'));
        const end = document.lineAt(document.lineCount - 1).range.end;
        await active.insertSnippet(snippet, end);
        active.revealRange(new vscode.Range(end, end), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
        return;
      }
      // A request file on disk (not an Untitled tab that reloads as Plain Text): requests/<registry>/<operation>.http
      // in the workspace folder, or where the user says when no folder is open.
      const { requestFilePath } = heavy();
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const file = folder
        ? vscode.Uri.joinPath(folder, ...requestFilePath(node.registry.id, node.operation))
        : await vscode.window.showSaveDialog({ title: 'Open as Request: save the request file as', filters: { 'HTTP request files': ['http'] }, saveLabel: 'Create' });
      if (!file) return;
      const exists = await vscode.workspace.fs.stat(file).then(() => true, () => false);
      if (!exists) await vscode.workspace.fs.writeFile(file, new Uint8Array());
      const document = await vscode.workspace.openTextDocument(file);
      if (document.languageId !== HTTP_LANGUAGE) await vscode.languages.setTextDocumentLanguage(document, HTTP_LANGUAGE);
      const editor = await vscode.window.showTextDocument(document);
      const last = document.lineAt(document.lineCount - 1);
      if (document.getText().trim()) await editor.edit((edit) => edit.insert(last.range.end, last.text.trim() ? '\n\n' : '\n'));
      const end = document.lineAt(document.lineCount - 1).range.end;
      await editor.insertSnippet(snippet, end);
      editor.revealRange(new vscode.Range(end, end), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      void vscode.window.setStatusBarMessage(`Open as Request: ${vscode.workspace.asRelativePath(file)}${exists ? ' (added at the end)' : ''}`, 8000);
    },

    'registerExplorer.sendOperation': async (arg) => {
      const node = requireOperation(arg);
      const { requestSnippet, snippetToText } = heavy();
      let text = snippetToText(requestSnippet({ operation: node.operation, registry: node.registry, environment: node.environment }));
      // Path and required query parameters: ask, prefilled with the example or the last value used.
      const asked = node.operation.parameters.filter((p) => p.required && (p.in === 'path' || p.in === 'query' || p.in === 'header'));
      for (const parameter of asked) {
        const placeholder = `{{${parameter.name}}}`;
        if (!text.includes(placeholder)) continue;
        const key = `registerExplorer.param.${node.registry.id}.${parameter.name}`;
        const remembered = s.context.workspaceState.get<string>(key);
        const example = parameter.example ?? (typeof parameter.schema === 'object' ? parameter.schema.example : undefined);
        const value = await vscode.window.showInputBox({
          title: `${node.operation.method} ${node.operation.path}`,
          prompt: `${parameter.name} (${parameter.in})${parameter.description ? ` — ${parameter.description}` : ''}`,
          value: remembered ?? (example === undefined || typeof example === 'object' ? '' : String(example)),
          ignoreFocusOut: true,
        });
        if (value === undefined) return;
        await s.context.workspaceState.update(key, value);
        text = text.split(placeholder).join(parameter.in === 'header' ? value : encodeURIComponent(value));
      }
      return s.sender.sendText(text, node.environment.name, `${node.registry.id}-${node.operation.id}`);
    },

    'registerExplorer.showDocumentation': async (arg) => {
      const uri = documentationUri(arg);
      if (!uri) throw new Error('pick an operation or a registry in the Registries view first');
      try {
        await vscode.commands.executeCommand('markdown.showPreview', uri);
      } catch {
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
      }
    },

    'registerExplorer.setSecret': async (arg) => {
      const entries = await s.catalog.entries().catch(() => []);
      const catalogSecrets = [
        ...entries.flatMap((entry) => entry.variables.filter((v) => v.role === 'credential').map((v) => ({ name: v.name, registry: entry.name }))),
        { name: DEFAULT_PASSPHRASE_SECRET, registry: 'the passphrase of a client certificate (registerExplorer.tls.registries)' },
      ];
      let name = typeof arg === 'string' ? arg : undefined;
      if (!name) {
        const stored = new Set(s.secrets.names());
        const items: (vscode.QuickPickItem & { name?: string })[] = [
          ...catalogSecrets.map((secret) => ({ label: secret.name, name: secret.name, description: stored.has(secret.name) ? 'set' : 'not set', detail: secret.registry })),
          ...[...stored].filter((stored) => !catalogSecrets.some((secret) => secret.name === stored)).map((stored) => ({ label: stored, name: stored, description: 'set' })),
          { label: '$(add) Another name…' },
        ];
        const picked = await vscode.window.showQuickPick(items, { title: 'Register Explorer: Set Secret', placeHolder: 'Which secret? (stored in the OS keychain via VS Code SecretStorage)' });
        if (!picked) return;
        name =
          picked.name ??
          (await vscode.window.showInputBox({ title: 'Register Explorer: Set Secret', prompt: 'Secret name, used as {{name}} in requests', placeHolder: 'kvkApiKey', validateInput: validateSecretName, ignoreFocusOut: true }));
        if (!name) return;
      }
      const value = await vscode.window.showInputBox({
        title: `Register Explorer: Set Secret ${name}`,
        prompt: `Value of ${name} (never written to files, history or logs). Leave empty to delete it.`,
        password: true,
        ignoreFocusOut: true,
        // A registry's rules for its credentials (AllSolutions: at least 16 characters) are
        // checked before anything is stored, with the reason.
        validateInput: (text) => (text === '' ? undefined : credentialProblem(entries, name!.trim(), text)),
      });
      if (value === undefined) return;
      if (value === '') {
        await s.secrets.delete(name);
        void vscode.window.showInformationMessage(`Secret ${name} deleted.`);
      } else {
        await s.secrets.set(name.trim(), value);
        void vscode.window.showInformationMessage(`Secret ${name} stored; use it as {{${name}}}.`);
      }
    },

    'registerExplorer.startSandbox': async () => {
      const info = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Register Explorer: starting the sandbox…' }, async () => (await s.sandbox.find()) ?? s.sandbox.start('Start Sandbox command'));
      const count = Object.keys(info.registries).length;
      void vscode.window.showInformationMessage(`Sandbox ${info.shared ? 'already running' : 'started'}: ${count} registries on ${Object.values(info.registries)[0] ?? 'loopback'}…`);
      if (s.environments.active !== 'sandbox') {
        const choice = await vscode.window.showInformationMessage(`Switch the environment from '${s.environments.active}' to 'sandbox'?`, 'Switch');
        if (choice === 'Switch') await s.environments.set('sandbox');
      }
    },

    'registerExplorer.trustCertificate': async () => {
      const picked = await vscode.window.showOpenDialog({
        title: 'Trust a CA certificate (PEM) for requests',
        openLabel: 'Trust',
        canSelectMany: false,
        filters: { 'Certificates (PEM)': ['pem', 'crt', 'cer'], 'All files': ['*'] },
      });
      const file = picked?.[0];
      if (!file) return;
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
      if (!/-----BEGIN CERTIFICATE-----/.test(text)) throw Object.assign(new Error(`${file.fsPath} holds no PEM certificate`), { hint: 'Export the root CA as PEM (Base64, "-----BEGIN CERTIFICATE-----").' });
      // The user's settings unless the user picks the workspace: no file they did not ask for.
      const folder = vscode.workspace.workspaceFolders?.find((candidate) => candidate.uri.scheme === 'file');
      let where: CaFileTarget = 'user';
      if (folder) {
        const choice = await vscode.window.showQuickPick(
          [
            { label: 'For me', description: 'your user settings', target: 'user' as const },
            { label: 'For this workspace', description: `${folder.name}/.vscode/settings.json, shared with whoever opens it`, target: 'workspace' as const },
          ],
          { title: `Trust ${file.path.split('/').pop()} for requests — where to keep it?` },
        );
        if (!choice) return;
        where = choice.target;
      }
      // For every request, or for one registry (every environment of it): the narrower the trust, the better.
      const entries = await s.catalog.entries().catch(() => []);
      const scope = await vscode.window.showQuickPick(
        [
          { label: 'Every request', description: 'registerExplorer.tls.caFiles', registry: undefined },
          ...entries.map((registry) => ({ label: registry.name, description: `only ${registry.id} (registerExplorer.tls.registries)`, detail: registry.tls?.privateRoot ? registry.tls.note : undefined, registry: registry.id })),
        ],
        { title: `Trust ${file.path.split('/').pop()} for which requests?`, matchOnDescription: true },
      );
      if (!scope) return;
      const config = vscode.workspace.getConfiguration('registerExplorer', where === 'workspace' ? folder?.uri : undefined);
      const entry = caFileEntry(file.fsPath, where, folder?.uri.fsPath);
      const target = where === 'workspace' ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
      let setting = 'registerExplorer.tls.caFiles';
      if (scope.registry) {
        const inspected = config.inspect<Record<string, TlsRegistrySetting>>('tls.registries');
        const current = { ...((where === 'workspace' ? inspected?.workspaceValue : inspected?.globalValue) ?? {}) };
        current[scope.registry] = withCaFile(current[scope.registry], entry);
        await config.update('tls.registries', current, target);
        setting = `registerExplorer.tls.registries › ${scope.registry}`;
      } else {
        const inspected = config.inspect<string[]>('tls.caFiles');
        const current = (where === 'workspace' ? inspected?.workspaceValue : inspected?.globalValue) ?? [];
        if (!current.includes(entry)) await config.update('tls.caFiles', [...current, entry], target);
      }
      void vscode.window.showInformationMessage(`Requests${scope.registry ? ` to ${scope.label}` : ''} now trust the CA in ${file.fsPath} (setting ${setting}, ${where === 'workspace' ? 'workspace' : 'user'} settings).`);
    },

    'registerExplorer.refresh': () => {
      s.catalog.refresh();
    },

    'registerExplorer.history.rerun': async (arg) => {
      if (!isHistoryNode(arg)) throw new Error('pick an entry in the History view first');
      return s.sender.resend(arg.entry);
    },

    'registerExplorer.history.open': async (arg) => {
      if (!isHistoryNode(arg)) throw new Error('pick an entry in the History view first');
      s.panel.show(arg.entry);
    },

    'registerExplorer.historiek.open': async (arg) => {
      // From a History entry or a response (its URL names the subject), else ask for one.
      if (isHistoryNode(arg)) return s.historiek.openFromRecord(arg.entry);
      return s.historiek.pick();
    },

    'registerExplorer.runFlow': async (arg) => {
      const target = flowTarget(arg);
      if (!target) {
        void vscode.window.showInformationMessage('Open an Arazzo file (*.arazzo.yaml) or pick a flow under Flows in the Registries view to run it.');
        return;
      }
      await s.flows.run(target);
      // The e2e suite and tests read what ran from the command's result.
      return s.flows.lastRun()?.view;
    },

    'registerExplorer.checkFlow': async (arg) => {
      const target = flowTarget(arg);
      if (!target) {
        void vscode.window.showInformationMessage('Open an Arazzo file (*.arazzo.yaml) to check it.');
        return;
      }
      await s.flows.check(target.path);
    },

    'registerExplorer.etags.open': async (arg) => {
      // From the tree's ETag store node ({ registry, environment }), else the user picks a registry.
      const target = typeof arg === 'object' && arg !== null ? (arg as { registry?: unknown; environment?: unknown }) : {};
      const entries = await s.catalog.entries();
      let entry = typeof target.registry === 'string' ? entries.find((e) => e.id === target.registry) : undefined;
      if (!entry) {
        const picked = await vscode.window.showQuickPick(
          entries.map((e) => ({ label: e.name, description: e.id, entry: e })),
          { title: 'Open the ETag inspector of a registry', matchOnDescription: true },
        );
        if (!picked) return undefined;
        entry = picked.entry;
      }
      const environment = typeof target.environment === 'string' ? target.environment : s.catalog.environmentOf(entry, s.environments.active).name;
      // The e2e suite reads what the panel shows from the command's result.
      return s.etags.open(entry, environment);
    },

    'registerExplorer.compareReleases': async (arg) => s.specDiff.compare(arg),

    'registerExplorer.history.filter': () => s.historyView.pickFilter(),

    'registerExplorer.history.clear': async () => {
      const choice = await vscode.window.showWarningMessage('Clear the request history? This cannot be undone.', { modal: true }, 'Clear History');
      if (choice === 'Clear History') await s.history.clear();
    },
  };
}

/** Registers the table; each handler's error is reported once with its fix. */
export function registerCommands(s: Services): vscode.Disposable[] {
  const table = commandTable(s);
  return (Object.keys(table) as CommandId[]).map((id) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await table[id](...args);
      } catch (error) {
        await reportError(s.log, COMMANDS[id], error);
        return undefined;
      }
    }),
  );
}
