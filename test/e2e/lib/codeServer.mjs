// A code-server (VS Code workbench + Node extension host) with a fresh profile: its own
// user-data and extensions directories, the VSIX installed as a user would, and settings that
// keep the Welcome page from covering the editor.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { entry, installExtension, writeUserSettings } from '../../../scripts/setup-code-server.mjs';
import { startProcess, freePort } from './processes.mjs';

/** Makes a fresh profile and installs the VSIX into it. */
export async function prepareProfile({ vsix, settings = {}, dir } = {}) {
  const base = dir ?? mkdtempSync(join(tmpdir(), 'regx-e2e-'));
  const userDataDir = join(base, 'user-data');
  const extensionsDir = join(base, 'extensions');
  writeUserSettings(userDataDir, settings);
  const started = performance.now();
  const installOutput = vsix ? await installExtension({ vsix, extensionsDir, userDataDir }) : '';
  return {
    base,
    userDataDir,
    extensionsDir,
    installOutput,
    installSeconds: (performance.now() - started) / 1000,
    remove: () => rmSync(base, { recursive: true, force: true }),
  };
}

/** Starts code-server on 127.0.0.1 (a free port unless one is given) and waits until it listens. */
export async function startCodeServer({ profile, workspace, port, host = '127.0.0.1', env = {}, echo = false }) {
  const chosen = port ?? (await freePort());
  const args = [
    entry,
    '--auth', 'none',
    '--bind-addr', `${host}:${chosen}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--extensions-dir', profile.extensionsDir,
    '--user-data-dir', profile.userDataDir,
    workspace,
  ];
  const handle = startProcess('code-server', process.execPath, args, {
    ready: /HTTP server listening on (http:\/\/\S+)/,
    timeoutMs: 60_000,
    echo,
    env,
  });
  await handle.ready;
  const url = `http://${host}:${chosen}/?folder=${encodeURIComponent(workspace)}`;
  return { handle, port: chosen, url };
}
