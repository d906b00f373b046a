// `npm start`: build, package the VSIX, start the sandbox registries on their default ports and
// open VS Code (code-server, in your browser) on samples/ with the extension installed. Runs until
// Ctrl+C, then stops everything it started.
//
//   npm start                       code-server on http://127.0.0.1:8080
//   npm start -- --port 9000        another port
//   npm start -- --host 0.0.0.0     listen beyond loopback (code-server runs with --auth none!)
//   npm start -- --desktop          a desktop `code` on the PATH instead of code-server
//   npm start -- --no-sandbox       do not start the sandbox
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { packageVsix, defaultVsix } from './package-vsix.mjs';
import { setupCodeServer, root } from './setup-code-server.mjs';
import { startSandbox, sandboxTable, startDataDir } from '../test/e2e/lib/sandbox.mjs';
import { prepareProfile, startCodeServer } from '../test/e2e/lib/codeServer.mjs';
import { stopAll, portInUse } from '../test/e2e/lib/processes.mjs';

const argv = process.argv.slice(2);
const option = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const port = Number(option('--port') ?? process.env.PORT ?? 8080);
const host = option('--host') ?? '127.0.0.1';
const workspace = join(root, 'samples');
const seconds = (since) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

function which(name) {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

let stopping = false;
async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping the sandbox and the editor…');
  await stopAll();
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

try {
  const started = performance.now();
  const desktop = argv.includes('--desktop');
  let t = performance.now();
  if (desktop) {
    const built = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
    if (built.status !== 0) throw new Error('the build failed');
    console.log(`built in ${seconds(t)}`);
  } else {
    await packageVsix({ out: defaultVsix });
    console.log(`built and packaged in ${seconds(t)}`);
  }

  if (!argv.includes('--no-sandbox')) {
    t = performance.now();
    const sandbox = await startSandbox({ root, dataDir: startDataDir(root) }).catch((error) => {
      throw new Error(`${error.message}\n  When that is a sandbox you started yourself, keep it: npm start -- --no-sandbox`);
    });
    sandbox.handle.child.on('exit', (code) => {
      if (!stopping) console.error(`the sandbox stopped unexpectedly (exit ${code}); its output:\n${sandbox.handle.output.slice(-2000)}`);
    });
    console.log(`sandbox registries (started in ${seconds(t)}):\n${sandboxTable(sandbox.info)}`);
  }

  if (desktop) {
    const code = which('code');
    if (!code) throw new Error('--desktop needs the `code` command on the PATH (VS Code: "Shell Command: Install \'code\' command in PATH")');
    // A desktop VS Code runs the extension straight from this folder.
    spawn(code, ['--extensionDevelopmentPath', root, workspace], { stdio: 'inherit', detached: true }).unref();
    console.log(`opened VS Code on ${workspace}; the sandbox keeps running until Ctrl+C`);
  } else {
    if (await portInUse(port)) throw new Error(`port ${port} is in use; pick another with \`npm start -- --port N\``);
    t = performance.now();
    await setupCodeServer();
    // One profile for `npm start`, kept between runs so layout and secrets persist.
    const profileDir = join(root, '.cache', 'start-profile');
    mkdirSync(profileDir, { recursive: true });
    const profile = await prepareProfile({ vsix: defaultVsix, dir: profileDir });
    const server = await startCodeServer({ profile, workspace, port, host });
    server.handle.child.on('exit', (code) => {
      if (!stopping) {
        console.error(`code-server stopped unexpectedly (exit ${code}); its output:\n${server.handle.output.slice(-2000)}`);
        void shutdown(1);
      }
    });
    const shown = host === '0.0.0.0' ? server.url.replace('0.0.0.0', '127.0.0.1') : server.url;
    console.log(`\nRegister Explorer is ready (${seconds(started)} in all) — open:\n\n  ${shown}\n`);
    if (existsSync(join(workspace, 'README.md'))) console.log('Start with samples/README.md; Ctrl+Alt+R sends the request under the cursor.');
  }
  console.log('Press Ctrl+C to stop.');
} catch (error) {
  console.error(`npm start: ${error instanceof Error ? error.message : error}`);
  await shutdown(1);
}
