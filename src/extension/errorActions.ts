// One table from an error's code to the actions that fix it, and from each action to the
// command that performs it. The notification (log.ts) and the response panel both read it, so
// an error offers the same fix wherever it shows. Plain data, no `vscode`.
import type { ActionId } from '../../webview/response/protocol';
import { isErrorCode, type ErrorCode } from '../core/errors';

const TITLES: Record<ActionId, string> = {
  trustCertificate: 'Trust certificate…',
  configureTls: 'Configure TLS…',
  startSandbox: 'Start Sandbox',
  selectEnvironment: 'Select Environment',
  setSecret: 'Set Secret…',
  openSettings: 'Open Settings',
  changeTimeout: 'Change timeout…',
  manageTrust: 'Manage Workspace Trust',
  showOutput: 'Show details',
};

// Every code has its row, so a new code does not compile until its fixes are decided.
const BY_CODE: Record<ErrorCode, ActionId[]> = {
  aborted: [],
  timeout: ['changeTimeout'],
  tls: ['trustCertificate', 'showOutput'],
  'tls-hostname': ['selectEnvironment', 'showOutput'],
  'tls-expired': ['showOutput'],
  'client-certificate': ['configureTls', 'showOutput'],
  'certificate-file': ['configureTls', 'setSecret', 'showOutput'],
  connect: ['startSandbox', 'selectEnvironment'],
  dns: ['selectEnvironment'],
  protocol: ['showOutput'],
  proxy: ['openSettings', 'showOutput'],
  'redirect-refused': ['showOutput'],
  'too-large': ['openSettings'],
  'decompression-bomb': ['showOutput'],
  'body-folder': ['showOutput'],
  'unresolved-variable': ['selectEnvironment', 'setSecret'],
  'invalid-url': [],
  'invalid-timeout': [],
  'header-spread': [],
  'body-file': [],
  'dependency-cycle': [],
  'dependency-failed': ['showOutput'],
  'unsafe-dependency': [],
  'script-error': ['showOutput'],
  'missing-secret': ['setSecret'],
  'weak-credential': ['setSecret'],
  'unknown-environment': ['selectEnvironment'],
  untrusted: ['manageTrust'],
  auth: ['setSecret', 'showOutput'],
  budget: ['openSettings'],
  declined: [],
  offer: [],
  'sandbox-start': ['openSettings', 'showOutput'],
  'sandbox-not-running': ['startSandbox', 'selectEnvironment'],
  stale: [],
  redacted: [],
};

/** The command (and its arguments) behind each action; `showOutput` is the caller's own. */
export const ACTION_COMMANDS: Record<Exclude<ActionId, 'showOutput'>, [string, ...unknown[]]> = {
  trustCertificate: ['registerExplorer.trustCertificate'],
  configureTls: ['workbench.action.openSettings', 'registerExplorer.tls'],
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
  const known = isErrorCode(code) ? BY_CODE[code] : [];
  return (known.length ? known : fallback).map((id) => ({ id, title: TITLES[id] }));
}
