// Runs the real `regx` CLI in a child process. The CLI is bundled once per test file with
// esbuild (as `npm run build` does), so tests do not depend on a stale dist/ and start fast.

import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

const root = join(__dirname, '..', '..', '..');
let bundled: Promise<string> | undefined;

export function cliPath(): Promise<string> {
  bundled ??= (async () => {
    // Inside the package (in the ignored dist/) so the CLI finds registries/ as it does from dist/.
    // Not .cache/: in a git worktree that is a symlink to another checkout, and Node resolves
    // the main script's real path, so the CLI would read that checkout's registries/.
    const outfile = join(root, 'dist', 'test-cli', String(process.pid), 'cli.js');
    // The same options as scripts/build.mjs for the CLI.
    process.once('exit', () => rmSync(dirname(outfile), { recursive: true, force: true }));
    await build({ entryPoints: [join(root, 'src/cli/main.ts')], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'error', absWorkingDir: root, alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' } });
    return outfile;
  })();
  return bundled;
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliProcess {
  child: ChildProcess;
  result: Promise<CliResult>;
  /** Resolves when stderr has printed text matching `pattern`. */
  waitForStderr(pattern: RegExp): Promise<void>;
}

export async function startCli(args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<CliProcess> {
  const child = spawn(process.execPath, [await cliPath(), ...args], {
    cwd: options.cwd,
    // A clean environment: no user history, no colour, only what the test gives.
    env: { PATH: process.env.PATH ?? '', HOME: options.cwd, NO_COLOR: '1', REGX_HISTORY: join(options.cwd, 'history.jsonl'), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => {
    stderr += c.toString();
    for (const w of [...waiters]) if (w.pattern.test(stderr)) (waiters.splice(waiters.indexOf(w), 1), w.resolve());
  });
  const result = new Promise<CliResult>((resolve) => child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return {
    child,
    result,
    waitForStderr: (pattern) =>
      new Promise<void>((resolve, reject) => {
        if (pattern.test(stderr)) return resolve();
        waiters.push({ pattern, resolve });
        void result.then(() => reject(new Error(`regx exited before stderr matched ${pattern}:\n${stderr}`)));
      }),
  };
}

export async function runCli(args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<CliResult> {
  return (await startCli(args, options)).result;
}
