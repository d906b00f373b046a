// The same journey in a desktop VS Code through @vscode/test-electron, when one is available.
// test-electron normally downloads VS Code at test time; the machines this project builds on
// reach only the npm registry and Debian, so this runs only with a VS Code already present:
//
//   VSCODE_EXECUTABLE=/path/to/code node test/e2e/desktop.mjs
//   node test/e2e/desktop.mjs          (uses a `code` on the PATH, or a .vscode-test/ download)
//
// Without one it says so and exits 0: it is not part of `npm test` and is not counted as a test.
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { root } from '../../scripts/setup-code-server.mjs';
import { startSandbox } from './lib/sandbox.mjs';
import { stopAll } from './lib/processes.mjs';

/** The VS Code executable (not the `code` CLI shell script), or undefined. */
function findVsCode() {
  if (process.env.VSCODE_EXECUTABLE && existsSync(process.env.VSCODE_EXECUTABLE)) return process.env.VSCODE_EXECUTABLE;
  const cached = join(root, '.vscode-test');
  if (existsSync(cached)) {
    for (const dir of readdirSync(cached)) {
      for (const candidate of [join(cached, dir, 'code'), join(cached, dir, 'VSCode-linux-x64', 'code'), join(cached, dir, 'Visual Studio Code.app', 'Contents', 'MacOS', 'Electron')]) {
        if (existsSync(candidate)) return candidate;
      }
    }
  }
  const cli = spawnSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' });
  if (cli.status === 0 && cli.stdout.trim()) {
    // /usr/bin/code → /usr/share/code/bin/code (a script) → /usr/share/code/code (the binary).
    const script = realpathSync(cli.stdout.trim());
    const binary = join(dirname(dirname(script)), 'code');
    if (existsSync(binary) && binary !== script) return binary;
  }
  return undefined;
}

const executable = findVsCode();
if (!executable) {
  console.log(
    'desktop e2e: no desktop VS Code here (no VSCODE_EXECUTABLE, no `code` on the PATH, no .vscode-test/ download).\n' +
      '@vscode/test-electron would download one from update.code.visualstudio.com, which this machine cannot reach.\n' +
      'Not run (and not counted). The browser suite, `npm run test:e2e`, runs the same journey in code-server.',
  );
  process.exit(0);
}

const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
let code = 1;
try {
  const sandbox = await startSandbox({ root });
  const { runTests } = await import('@vscode/test-electron');
  code = await runTests({
    vscodeExecutablePath: executable,
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'test', 'e2e', 'desktop', 'suite.cjs'),
    launchArgs: [join(root, 'samples'), '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    extensionTestsEnv: { REGX_SANDBOX_JSON: JSON.stringify(sandbox.info) },
  });
} catch (error) {
  console.error(`desktop e2e: ${error instanceof Error ? error.message : error}`);
} finally {
  await stopAll();
}
process.exit(code);
