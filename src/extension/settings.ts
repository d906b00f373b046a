// Typed access to the `registerExplorer.*` settings declared in package.json. One reader, so a
// setting's name and default live in two places only: the manifest and here.
import * as vscode from 'vscode';

export const SECTION = 'registerExplorer';

export interface Settings {
  environment: string;
  environments: Record<string, Record<string, string>>;
  etagMode: 'auto' | 'ask' | 'off';
  /** A 202 Accepted with a Location: offer to follow it once the response shows, always follow, or never. */
  followLocation: 'ask' | 'always' | 'never';
  costsWarnAbove: number;
  tlsCaFiles: string[];
  /** `registerExplorer.tls.registries`: CA files and client certificates by registry or registry/environment (unchecked here). */
  tlsRegistries: unknown;
  tlsSystemCertificates: boolean;
  timeoutMs: number;
  deadlineMs: number;
  maxBodyBytes: number;
  historyMaxEntries: number;
  historyRedact: string[];
  sandboxAutoStart: boolean;
  sandboxBasePort: number;
  scriptsAllow: boolean;
  /** Requests Send All has under way at once. */
  sendAllParallel: number;
}

export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  return {
    environment: config.get<string>('environment', 'sandbox') || 'sandbox',
    environments: config.get<Record<string, Record<string, string>>>('environments', {}),
    etagMode: config.get<Settings['etagMode']>('etagMode', 'auto'),
    followLocation: config.get<Settings['followLocation']>('followLocation', 'ask'),
    costsWarnAbove: config.get<number>('costs.warnAbove', 0),
    tlsCaFiles: caFiles(config),
    tlsRegistries: config.get<unknown>('tls.registries', {}),
    tlsSystemCertificates: config.get<boolean>('tls.systemCertificates', true),
    timeoutMs: config.get<number>('timeoutMs', 30000),
    deadlineMs: config.get<number>('deadlineMs', 300000),
    maxBodyBytes: config.get<number>('maxBodyBytes', 536870912),
    historyMaxEntries: config.get<number>('history.maxEntries', 200),
    historyRedact: config.get<string[]>('history.redact', []),
    sandboxAutoStart: config.get<boolean>('sandbox.autoStart', true),
    sandboxBasePort: config.get<number>('sandbox.basePort', 7400),
    scriptsAllow: config.get<boolean>('scripts.allow', true),
    sendAllParallel: Math.max(1, Math.floor(config.get<number>('sendAll.parallel', 1) || 1)),
  };
}

/** CA files from the user's and the workspace's settings together: one does not hide the other. */
function caFiles(config: vscode.WorkspaceConfiguration): string[] {
  const inspected = config.inspect<string[]>('tls.caFiles');
  const all = [inspected?.globalValue, inspected?.workspaceValue, inspected?.workspaceFolderValue].flatMap((value) => (Array.isArray(value) ? value : []));
  return [...new Set(all)];
}
