// Every command id and its title, as the manifest declares them. A test holds this list and
// package.json's `contributes.commands` to each other, so neither drifts. No `vscode` here.
export const COMMANDS = {
  'registerExplorer.send': 'Send Request',
  'registerExplorer.sendAll': 'Send All Requests',
  'registerExplorer.copyAsCurl': 'Copy Request as cURL',
  'registerExplorer.selectEnvironment': 'Select Environment',
  'registerExplorer.openAsRequest': 'Open as Request',
  'registerExplorer.sendOperation': 'Send',
  'registerExplorer.showDocumentation': 'Show Documentation',
  'registerExplorer.setSecret': 'Set Secret',
  'registerExplorer.startSandbox': 'Start Sandbox',
  'registerExplorer.trustCertificate': 'Trust Certificate…',
  'registerExplorer.refresh': 'Refresh Registries',
  'registerExplorer.history.rerun': 'Re-run',
  'registerExplorer.history.open': 'Open Response',
  'registerExplorer.history.clear': 'Clear History',
  'registerExplorer.history.filter': 'Filter History…',
  'registerExplorer.historiek.open': 'Open Historiek Timeline…',
  'registerExplorer.runFlow': 'Run Flow',
  'registerExplorer.checkFlow': 'Check Flow',
  'registerExplorer.etags.open': 'Open ETag Inspector…',
  'registerExplorer.compareReleases': 'Compare with Another Release…',
} as const;

export type CommandId = keyof typeof COMMANDS;
