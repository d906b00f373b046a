import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the sandbox keeps what must outlive one run when no `--data DIR` is given: the private
 * root CA, so a user who chose to trust it once keeps that trust across restarts.
 */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.REGX_STATE_DIR) return env.REGX_STATE_DIR;
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'register-explorer');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'register-explorer');
  return join(env.XDG_STATE_HOME ?? join(homedir(), '.local', 'state'), 'register-explorer');
}
