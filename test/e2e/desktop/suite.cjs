// Runs inside a desktop VS Code's extension host (see ../desktop.mjs): the browser suite's
// journey through the vscode API instead of the DOM.
const vscode = require('vscode');
const assert = require('node:assert/strict');
const { readdirSync } = require('node:fs');
const { join } = require('node:path');

const ID = 'register-explorer.register-explorer';
const COMMANDS = ['send', 'sendAll', 'selectEnvironment', 'openAsRequest', 'showDocumentation', 'setSecret', 'startSandbox', 'refresh'].map((c) => `registerExplorer.${c}`);

/** Resolves when `check()` returns a truthy value, re-checking on every diagnostics change. */
function diagnosticsWhere(uri, check, timeoutMs = 20_000) {
  return new Promise((resolve, reject) => {
    const now = check(vscode.languages.getDiagnostics(uri));
    if (now) return resolve(now);
    const timer = setTimeout(() => (sub.dispose(), reject(new Error(`diagnostics of ${uri} never matched`))), timeoutMs);
    const sub = vscode.languages.onDidChangeDiagnostics(() => {
      const found = check(vscode.languages.getDiagnostics(uri));
      if (found) {
        clearTimeout(timer);
        sub.dispose();
        resolve(found);
      }
    });
  });
}

async function run() {
  const extension = vscode.extensions.getExtension(ID);
  assert.ok(extension, `${ID} is not installed`);
  await extension.activate();
  const commands = await vscode.commands.getCommands(true);
  for (const id of COMMANDS) assert.ok(commands.includes(id), `command ${id} missing`);

  const folder = join(vscode.workspace.workspaceFolders[0].uri.fsPath, 'vr-beheer');
  const file = readdirSync(folder).filter((f) => f.endsWith('.http')).sort()[0];
  const document = await vscode.workspace.openTextDocument(join(folder, file));
  const editor = await vscode.window.showTextDocument(document);
  const lines = document.getText().split('\n');
  const requestLine = lines.findIndex((l) => /^\s*(GET|POST|PUT|PATCH|DELETE)\s+/.test(l));
  assert.ok(requestLine >= 0, `no request in ${file}`);

  // Without VR-Initiator the request gets a diagnostic naming it; completion offers the header.
  const header = lines.findIndex((l, i) => i > requestLine && /^VR-Initiator\s*:/i.test(l));
  assert.ok(header > requestLine, `no VR-Initiator header under the request in ${file}`);
  await editor.edit((e) => e.replace(document.lineAt(header).range, 'VR-'));
  await diagnosticsWhere(document.uri, (list) => list.find((d) => /VR-Initiator/.test(d.message)));
  const items = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', document.uri, new vscode.Position(header, 3));
  const labels = items.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
  assert.ok(labels.includes('VR-Initiator'), `header completions: ${labels.slice(0, 20).join(', ')}`);
  await vscode.commands.executeCommand('workbench.action.files.revert');
  await diagnosticsWhere(document.uri, (list) => !list.some((d) => /VR-Initiator/.test(d.message)) && list);

  // Send the first request of the sample to the sandbox.
  await vscode.window.showTextDocument(document);
  editor.selection = new vscode.Selection(requestLine, 0, requestLine, 0);
  await vscode.commands.executeCommand('registerExplorer.send');
}

module.exports = { run };
