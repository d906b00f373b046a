// The offline sandbox, as the extension sees it: reuse one that is running on the configured
// ports (another window, `npm start`, a terminal's `regx sandbox`), or start the bundled CLI as
// a child process that lives as long as the extension (its own lifetime: stopped on dispose).
// Never started automatically in a restricted workspace.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { DisposableStore } from './lifecycle';
import { RegxError } from '../core/errors';
import type { Log } from './log';
import { readSettings } from './settings';
import { parseReadyLine, type SandboxInfo } from './sandboxInfo';
import { heavy } from './heavyModules';

export type { SandboxInfo };

const START_TIMEOUT_MS = 30_000;


export class SandboxController extends DisposableStore {
  private child: ChildProcess | undefined;
  private info: Promise<SandboxInfo> | undefined;
  private readonly changed = this.register(new vscode.EventEmitter<SandboxInfo | undefined>());
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: Log,
  ) {
    super();
    this.register({ dispose: () => this.stopChild() });
  }

  /** The sandbox if one runs (started by us or found on the ports); undefined otherwise. */
  async find(): Promise<SandboxInfo | undefined> {
    if (this.info) {
      try {
        return await this.info;
      } catch {
        this.info = undefined;
      }
    }
    const { findRunningSandbox } = heavy();
    const found = await findRunningSandbox(readSettings().sandboxBasePort);
    if (!found) return undefined;
    const info: SandboxInfo = { registries: found.registries, caFile: found.caFile, credentials: found.credentials, shared: true };
    this.log.info(`sandbox: using the one running on port ${readSettings().sandboxBasePort}`);
    this.info = Promise.resolve(info);
    return info;
  }

  /** Finds a running sandbox or starts one; `reason` is logged. */
  async ensure(reason: string): Promise<SandboxInfo> {
    const found = await this.find();
    if (found) return found;
    if (!vscode.workspace.isTrusted) {
      throw new RegxError('untrusted', 'the sandbox is not started automatically in a restricted workspace', 'Run "Register Explorer: Start Sandbox", or trust this workspace.');
    }
    return this.start(reason);
  }

  /** Starts the bundled sandbox as a child process (or returns the one already running). */
  start(reason: string): Promise<SandboxInfo> {
    if (this.info) return this.info;
    this.info = this.spawnChild(reason).then(
      (info) => {
        this.changed.fire(info);
        return info;
      },
      (error: unknown) => {
        this.info = undefined;
        throw error;
      },
    );
    return this.info;
  }

  /** Forget a found sandbox (its requests failed to connect): the next call probes again. */
  forget(): void {
    if (this.child) return;
    this.info = undefined;
    this.changed.fire(undefined);
  }

  private spawnChild(reason: string): Promise<SandboxInfo> {
    const basePort = readSettings().sandboxBasePort;
    const cli = join(this.extensionUri.fsPath, 'dist', 'cli.js');
    this.log.info(`sandbox: starting ${cli} on port ${basePort} (${reason})`);
    // In the desktop app process.execPath is Electron: ELECTRON_RUN_AS_NODE makes it plain Node.
    const child = spawn(process.execPath, [cli, 'sandbox', '--json', '--port', String(basePort)], {
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    this.child = child;
    return new Promise<SandboxInfo>((resolve, reject) => {
      let stdout = '';
      let stderr = '';
      let settled = false;
      const timer = setTimeout(() => fail(new RegxError('sandbox-start', `the sandbox did not start within ${START_TIMEOUT_MS / 1000} s`, 'See the Register Explorer output for what it printed.')), START_TIMEOUT_MS);
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.stopChild();
        reject(error);
      };
      child.stdout?.setEncoding('utf8');
      child.stderr?.setEncoding('utf8');
      child.stdout?.on('data', (chunk: string) => {
        if (settled) return;
        stdout += chunk;
        for (const line of stdout.split('\n')) {
          const info = parseReadyLine(line);
          if (!info) continue;
          settled = true;
          clearTimeout(timer);
          this.log.info(`sandbox: started (pid ${child.pid}): ${Object.entries(info.registries).map(([id, url]) => `${id} ${url}`).join(', ')}`);
          resolve(info);
          return;
        }
      });
      child.stderr?.on('data', (chunk: string) => {
        stderr = (stderr + chunk).slice(-4000);
        for (const line of chunk.split('\n')) if (line.trim()) this.log.warn(`sandbox: ${line}`);
      });
      child.on('error', (error) => fail(new RegxError('sandbox-start', `the sandbox could not be started: ${error.message}`)));
      child.on('exit', (code, signal) => {
        if (this.child === child) {
          this.child = undefined;
          this.info = undefined;
          this.changed.fire(undefined);
        }
        this.log.info(`sandbox: exited (${signal ?? `code ${code}`})`);
        const inUse = /EADDRINUSE/.test(stderr);
        fail(
          new RegxError(
            'sandbox-start',
            inUse ? `the sandbox ports from ${basePort} are taken by another program` : `the sandbox stopped while starting (${signal ?? `exit code ${code}`})`,
            inUse ? 'Stop the program on those ports or change registerExplorer.sandbox.basePort.' : stderr.trim().split('\n').pop(),
          ),
        );
      });
    });
  }

  private stopChild(): void {
    const child = this.child;
    this.child = undefined;
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  }
}
