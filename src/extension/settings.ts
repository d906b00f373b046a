// Typed access to the `registerExplorer.*` settings declared in package.json. One reader, so a
// setting's name and default live in two places only: the manifest and here.
import * as vscode from 'vscode';

export const SECTION = 'registerExplorer';

export interface Settings {
  environment: string;
  environments: Record<string, Record<string, string>>;
  etagMode: 'off' | 'track' | 'enforce';
  costsWarnAbove: number;
  tlsCaFiles: string[];
  timeoutMs: number;
  historyMaxEntries: number;
  historyRedact: string[];
  sandboxAutoStart: boolean;
  sandboxBasePort: number;
}

export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  return {
    environment: config.get<string>('environment', 'sandbox') || 'sandbox',
    environments: config.get<Record<string, Record<string, string>>>('environments', {}),
    etagMode: config.get<Settings['etagMode']>('etagMode', 'off'),
    costsWarnAbove: config.get<number>('costs.warnAbove', 0),
    tlsCaFiles: config.get<string[]>('tls.caFiles', []),
    timeoutMs: config.get<number>('timeoutMs', 30000),
    historyMaxEntries: config.get<number>('history.maxEntries', 200),
    historyRedact: config.get<string[]>('history.redact', []),
    sandboxAutoStart: config.get<boolean>('sandbox.autoStart', true),
    sandboxBasePort: config.get<number>('sandbox.basePort', 7400),
  };
}
