// The project's own consent to run scripts from the command line: `"registerExplorer.scripts.allow":
// true` in the workspace's .vscode/settings.json (the file the editor reads too). The editor
// decides by workspace trust instead.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'jsonc-parser';

export const ALLOW_SCRIPTS_SETTING = 'registerExplorer.scripts.allow';

/** True / false when the workspace's settings say so; undefined when they do not. */
export function projectAllowsScripts(workspaceRoot: string): boolean | undefined {
  let text: string;
  try {
    text = readFileSync(join(workspaceRoot, '.vscode', 'settings.json'), 'utf8');
  } catch {
    return undefined;
  }
  const settings = parse(text, [], { allowTrailingComma: true }) as unknown;
  if (settings === null || typeof settings !== 'object') return undefined;
  const value = (settings as Record<string, unknown>)[ALLOW_SCRIPTS_SETTING];
  return typeof value === 'boolean' ? value : undefined;
}
