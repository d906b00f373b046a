// Installs code-server (the VS Code workbench served to a browser, with a Node extension host)
// into the ignored cache folder `.cache/code-server`, offline apart from the npm registry, the
// way /work/shared/E2E-RECIPE.md describes: code-server's own postinstall downloads ripgrep from
// the internet, so its work is done here by hand. Idempotent: a marker file holding the version
// says the whole job is done; each step also checks its own result, so an interrupted run resumes.
//
//   node scripts/setup-code-server.mjs                      install (or check) code-server
//   node scripts/setup-code-server.mjs --vsix F --extensions-dir X --user-data-dir Y
//                                                           and install the VSIX into a profile
//
// Exported for the e2e suite, `npm start` and the activation bench.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, copyFileSync, chmodSync, symlinkSync, lstatSync, rmSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const cacheDir = join(root, '.cache', 'code-server');
export const packageDir = join(cacheDir, 'node_modules', 'code-server');
export const entry = join(packageDir, 'out', 'node', 'entry.js');
const vscodeDir = join(packageDir, 'lib', 'vscode');
const marker = join(cacheDir, `.setup-done-${CODE_SERVER_VERSION}`);

/** Runs a command, collecting its output; rejects with the tail of that output when it fails. */
export function run(command, args, { cwd = root, env = {}, allowFailure = false } = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0 || allowFailure) resolvePromise({ code, output });
      else reject(new Error(`${command} ${args.join(' ')} (in ${cwd}) exited with ${code}:\n${output.slice(-4000)}`));
    });
  });
}

/** Times one step and prints it, so a slow CI says where the time went. */
async function step(timings, name, fn, log) {
  const started = performance.now();
  const skipped = (await fn()) === 'skipped';
  const seconds = (performance.now() - started) / 1000;
  timings.push({ name, seconds, skipped });
  log(`  ${skipped ? 'cached ' : 'done   '} ${name.padEnd(44)} ${seconds.toFixed(1).padStart(6)} s`);
}

function which(name) {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** Checks the Debian packages the recipe needs, naming the fix when one is missing. */
export function checkSystem() {
  const missing = [];
  if (!existsSync('/usr/bin/chromium')) missing.push('chromium (/usr/bin/chromium)');
  if (!which('rg')) missing.push('ripgrep (rg)');
  if (!existsSync('/usr/include/krb5.h') && !existsSync('/usr/include/gssapi/gssapi.h') && !existsSync('/usr/include/krb5/krb5.h')) missing.push('libkrb5-dev');
  if (missing.length) {
    throw new Error(`missing system packages: ${missing.join(', ')}\n  fix: apt-get install -y chromium ripgrep libkrb5-dev  (.ci/run does this on CI)`);
  }
}

/** Installs code-server into .cache/code-server; fast (a marker check) when already done. */
export async function setupCodeServer({ log = console.log } = {}) {
  const timings = [];
  const started = performance.now();
  if (existsSync(marker) && existsSync(entry)) {
    log(`code-server ${CODE_SERVER_VERSION}: cached in ${cacheDir}`);
    return { entry, timings, seconds: (performance.now() - started) / 1000, cached: true };
  }
  checkSystem();
  log(`code-server ${CODE_SERVER_VERSION}: installing into ${cacheDir}`);
  mkdirSync(cacheDir, { recursive: true });
  const npm = 'npm';
  const quiet = ['--no-audit', '--no-fund', '--loglevel=error'];
  // node-gyp compiles on every core; the machines are small.
  const buildEnv = { JOBS: 'max', npm_config_jobs: 'max' };

  await step(timings, 'npm install code-server --ignore-scripts', async () => {
    if (installedVersion() === CODE_SERVER_VERSION) return 'skipped';
    if (!existsSync(join(cacheDir, 'package.json'))) writeFileSync(join(cacheDir, 'package.json'), '{ "private": true }\n');
    await run(npm, ['install', '--prefix', cacheDir, `code-server@${CODE_SERVER_VERSION}`, '--ignore-scripts', ...quiet]);
  }, log);

  // Three independent jobs: argon2 (code-server's own native dependency), the VS Code server's
  // node_modules (then its native rebuild), and the built-in extensions' node_modules.
  await Promise.all([
    step(timings, 'argon2 native build', async () => {
      const built = ['build/Release/argon2.node', 'lib/binding/napi-v3/argon2.node', 'prebuilds'].some((p) => existsSync(join(cacheDir, 'node_modules', 'argon2', p)));
      if (built && (await argon2Loads())) return 'skipped';
      await run(npm, ['rebuild', 'argon2', '--build-from-source', ...quiet], { cwd: cacheDir, env: buildEnv });
      if (!(await argon2Loads())) throw new Error('argon2 was rebuilt but still does not load');
    }, log),
    (async () => {
      await step(timings, 'lib/vscode npm install --omit=dev', async () => {
        if (existsSync(join(vscodeDir, 'node_modules', '.package-lock.json')) && existsSync(join(vscodeDir, 'node_modules', 'node-pty'))) return 'skipped';
        await run(npm, ['install', '--omit=dev', '--ignore-scripts', ...quiet], { cwd: vscodeDir });
      }, log);
      await step(timings, 'ripgrep from /usr/bin/rg', async () => {
        const target = join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
        if (existsSync(target)) return 'skipped';
        const rg = which('rg');
        if (!rg) throw new Error('ripgrep missing: apt-get install -y ripgrep');
        mkdirSync(dirname(target), { recursive: true });
        copyFileSync(rg, target);
        chmodSync(target, 0o755);
      }, log);
      await step(timings, 'lib/vscode native rebuild', async () => {
        if (existsSync(join(vscodeDir, 'node_modules', 'node-pty', 'build', 'Release', 'pty.node')) && existsSync(join(cacheDir, '.native-rebuilt'))) return 'skipped';
        // node-pty's last post-install step (compile_commands.json) fails; pty.node is built before it.
        const { code, output } = await run(npm, ['rebuild', ...quiet], { cwd: vscodeDir, env: buildEnv, allowFailure: true });
        const required = [
          'node-pty/build/Release/pty.node',
          '@vscode/spdlog/build/Release/spdlog.node',
        ].filter((p) => !existsSync(join(vscodeDir, 'node_modules', p)));
        if (required.length) throw new Error(`native rebuild (exit ${code}) left out ${required.join(', ')}:\n${output.slice(-4000)}`);
        writeFileSync(join(cacheDir, '.native-rebuilt'), `exit ${code}\n`);
      }, log);
      await step(timings, 'node_modules.asar link', async () => {
        const link = join(vscodeDir, 'node_modules.asar');
        if (isLink(link)) return 'skipped';
        rmSync(link, { recursive: true, force: true });
        symlinkSync('node_modules', link);
      }, log);
    })(),
    step(timings, 'lib/vscode/extensions npm install', async () => {
      const dir = join(vscodeDir, 'extensions');
      if (existsSync(join(dir, 'node_modules', '.package-lock.json'))) return 'skipped';
      await run(npm, ['install', '--omit=dev', '--ignore-scripts', ...quiet], { cwd: dir });
    }, log),
  ]);

  writeFileSync(marker, `${CODE_SERVER_VERSION}\n${new Date().toISOString()}\n`);
  const seconds = (performance.now() - started) / 1000;
  log(`code-server ${CODE_SERVER_VERSION}: ready in ${seconds.toFixed(1)} s`);
  return { entry, timings, seconds, cached: false };
}

function installedVersion() {
  try {
    return JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

function isLink(path) {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

async function argon2Loads() {
  const { code } = await run(process.execPath, ['-e', 'require("argon2")'], { cwd: cacheDir, allowFailure: true });
  return code === 0;
}

/** Writes the user settings the suite and `npm start` need: no Welcome page covering the editor. */
export function writeUserSettings(userDataDir, extra = {}) {
  const dir = join(userDataDir, 'User');
  mkdirSync(dir, { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'security.workspace.trust.enabled': false,
    'git.enabled': false,
    'git.autoRepositoryDetection': false,
    'window.commandCenter': false,
    'chat.commandCenter.enabled': false,
    'workbench.colorTheme': 'Default Dark Modern',
    ...extra,
  };
  writeFileSync(join(dir, 'settings.json'), JSON.stringify(settings, null, 2) + '\n');
  return settings;
}

/** Installs a VSIX into an extensions dir the way a user does (copying a folder is not reliable). */
export async function installExtension({ vsix, extensionsDir, userDataDir }) {
  mkdirSync(extensionsDir, { recursive: true });
  mkdirSync(userDataDir, { recursive: true });
  const { output } = await run(process.execPath, [entry, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--install-extension', resolve(vsix), '--force']);
  if (!/successfully installed/i.test(output)) throw new Error(`installing ${vsix} did not report success:\n${output}`);
  return output.trim();
}

function argValue(name) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const result = await setupCodeServer();
    const vsix = argValue('--vsix');
    if (vsix) {
      const extensionsDir = resolve(argValue('--extensions-dir') ?? join(root, '.cache', 'profile', 'extensions'));
      const userDataDir = resolve(argValue('--user-data-dir') ?? join(root, '.cache', 'profile', 'user-data'));
      const started = performance.now();
      writeUserSettings(userDataDir);
      console.log(await installExtension({ vsix, extensionsDir, userDataDir }));
      console.log(`  done    install VSIX into ${extensionsDir} ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    console.log(`entry: ${result.entry}`);
  } catch (error) {
    console.error(`setup-code-server: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  }
}
