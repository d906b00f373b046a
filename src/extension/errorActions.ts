// One table from an error's code to the actions that fix it, and from each action to the
// command that performs it. The notification (log.ts) and the response panel both read it, so
// an error offers the same fix wherever it shows. Plain data, no `vscode`.
import type { ActionId } from '../../webview/response/protocol';

const TITLES: Record<ActionId, string> = {
  trustCertificate: 'Trust certificate…',
  startSandbox: 'Start Sandbox',
  selectEnvironment: 'Select Environment',
  setSecret: 'Set Secret…',
  openSettings: 'Open Settings',
  changeTimeout: 'Change timeout…',
  manageTrust: 'Manage Workspace Trust',
  showOutput: 'Show details',
};

const BY_CODE: Record<string, ActionId[]> = {
  tls: ['trustCertificate', 'showOutput'],
  connect: ['startSandbox', 'selectEnvironment'],
  'sandbox-not-running': ['startSandbox', 'selectEnvironment'],
  'sandbox-start': ['openSettings', 'showOutput'],
  dns: ['selectEnvironment'],
  'unresolved-variable': ['selectEnvironment', 'setSecret'],
  'missing-secret': ['setSecret'],
  'unknown-environment': ['selectEnvironment'],
  timeout: ['changeTimeout'],
  untrusted: ['manageTrust'],
};

/** The command (and its arguments) behind each action; `showOutput` is the caller's own. */
export const ACTION_COMMANDS: Record<Exclude<ActionId, 'showOutput'>, [string, ...unknown[]]> = {
  trustCertificate: ['registerExplorer.trustCertificate'],
  startSandbox: ['registerExplorer.startSandbox'],
  selectEnvironment: ['registerExplorer.selectEnvironment'],
  setSecret: ['registerExplorer.setSecret'],
  openSettings: ['workbench.action.openSettings', 'registerExplorer'],
  changeTimeout: ['workbench.action.openSettings', 'registerExplorer.timeoutMs'],
  manageTrust: ['workbench.trust.manage'],
};

export interface ErrorAction {
  id: ActionId;
  title: string;
}

/** The fixes for an error code, most likely first; `fallback` when the code has none. */
export function actionsFor(code: string | undefined, fallback: ActionId[] = []): ErrorAction[] {
  return ((code && BY_CODE[code]) || fallback).map((id) => ({ id, title: TITLES[id] }));
}
