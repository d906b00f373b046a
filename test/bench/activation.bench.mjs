// Activation benchmark: how long the workbench's own extension host takes to activate Register
// Explorer, over several fresh workbench starts, beside built-in extensions activated in the same
// runs (the baseline), plus the cost of loading the bundle in plain Node and the VSIX size.
//
//   node test/bench/activation.bench.mjs [--runs 5] [--no-build]
//
// Source of the number: "Developer: Show Running Extensions" — the extension host's
// activationTimes (code loading + the activate() call) as the workbench shows them.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync, writeFileSync, mkdtempSync, rmSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageVsix, defaultVsix, zipRead, zipEntries } from '../../scripts/package-vsix.mjs';
import { setupCodeServer, root } from '../../scripts/setup-code-server.mjs';
import { prepareProfile, startCodeServer } from '../e2e/lib/codeServer.mjs';
import { launchBrowser, Workbench } from '../e2e/lib/workbench.mjs';
import { stopAll, stopProcess, killChildrenOnSignals } from '../e2e/lib/processes.mjs';

killChildrenOnSignals();
const argv = process.argv.slice(2);
const runs = Number(argv[argv.indexOf('--runs') + 1] ?? 0) || (argv.includes('--quick') ? 2 : 5);
const OURS = 'Register Explorer';
const BASELINES = ['Emmet', 'Git Base'];

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
const median = (values) => percentile(values, 50);

/** Activation times (ms) by extension display name, read from the Running Extensions editor. */
async function readActivationTimes(wb) {
  await wb.runCommand('Developer: Show Running Extensions');
  const rows = wb.page.locator('.runtime-extensions-editor .monaco-list-row');
  const ours = rows.filter({ has: wb.page.locator('.name', { hasText: OURS }) });
  await ours.locator('.activation-time', { hasText: /\d+\s*ms/ }).waitFor({ timeout: 60_000 });
  const times = {};
  for (const row of await rows.all()) {
    const name = (await row.locator('.name').innerText()).trim();
    const label = await row.locator('.activation-time').innerText();
    const match = label.match(/(\d+)\s*ms/);
    if (match) times[name] = Number(match[1]);
  }
  return times;
}

/** The extension's own "activated in X ms" (the activate() body, without loading the bundle). */
function activateBodyMs(userDataDir) {
  const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
  const log = walk(join(userDataDir, 'logs')).find((f) => f.includes('register-explorer.register-explorer') && f.endsWith('.log'));
  const match = log && readFileSync(log, 'utf8').match(/activated in ([\d.]+) ms/);
  return match ? Math.round(Number(match[1]) * 10) / 10 : undefined;
}

/** require() of the bundle in plain Node with a stub `vscode`, beside an empty module. */
function requireCost(file, samples = 7) {
  const script = `
    const Module = require('module');
    const resolve = Module._resolveFilename;
    Module._resolveFilename = function (request, ...rest) { return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest); };
    // Any property, call or construction of the stub yields the stub, so top-level code such as
    // \`static kinds = [vscode.CodeActionKind.QuickFix]\` runs; esbuild's __toESM copies own keys
    // and inherits the rest from the prototype, hence getPrototypeOf.
    const any = new Proxy(function () {}, { get: (t, k) => (k === 'then' ? undefined : k === Symbol.toPrimitive ? () => '' : any), apply: () => any, construct: () => any });
    const stub = new Proxy({}, { get: (t, k) => (k === '__esModule' ? false : any), getPrototypeOf: () => any });
    require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: stub };
    const t = process.hrtime.bigint();
    require(process.argv[1]);
    console.log(Number(process.hrtime.bigint() - t) / 1e6);`;
  const times = [];
  for (let i = 0; i < samples; i++) {
    const out = spawnSync(process.execPath, ['-e', script, file], { encoding: 'utf8' });
    if (out.status !== 0) throw new Error(`require(${file}) failed:\n${out.stderr}`);
    times.push(Number(out.stdout.trim()));
  }
  return times;
}

try {
  if (!argv.includes('--no-build') || !existsSync(defaultVsix)) await packageVsix({ out: defaultVsix });
  await setupCodeServer();
  const workspace = join(root, 'samples');
  const results = [];
  const browser = await launchBrowser();
  try {
    for (let run = 1; run <= runs; run++) {
      const profile = await prepareProfile({ vsix: defaultVsix });
      const server = await startCodeServer({ profile, workspace });
      const started = performance.now();
      const wb = await Workbench.open(browser, server.url);
      const workbenchSeconds = (performance.now() - started) / 1000;
      // Opening the view container is an activation event (onView:registerExplorer.registries).
      await wb.openViewContainer(OURS);
      await wb.pane('Registries').header.waitFor();
      const times = await readActivationTimes(wb);
      const activateBody = activateBodyMs(profile.userDataDir);
      results.push({ times, workbenchSeconds, activateBody });
      console.log(`run ${run}/${runs}: ${OURS} ${times[OURS]} ms (activate() body ${activateBody ?? '?'} ms); ${BASELINES.filter((b) => b in times).map((b) => `${b} ${times[b]} ms`).join(', ')}; workbench loaded in ${workbenchSeconds.toFixed(1)} s`);
      await wb.page.context().close();
      await stopProcess(server.handle);
      profile.remove();
    }
  } finally {
    await browser.close();
    await stopAll();
  }

  const row = (name, values) =>
    values.length ? `  ${name.padEnd(34)} median ${String(median(values)).padStart(5)} ms   p95 ${String(percentile(values, 95)).padStart(5)} ms   (n=${values.length})` : `  ${name.padEnd(34)} not activated in these runs`;
  console.log(`\nActivation in the workbench's extension host (code-server ${'4.100.3'}, ${runs} fresh starts):`);
  console.log(row(`${OURS} (ours)`, results.map((r) => r.times[OURS]).filter(Number.isFinite)));
  {
    const ours = results.map((r) => r.times[OURS]).filter(Number.isFinite);
    if (ours.length && process.env.REGX_BENCH_ROWS) console.log(`##BENCH ${JSON.stringify({ bench: 'activation', name: 'activation in code-server', median: median(ours), p95: percentile(ours, 95), unit: 'ms' })}`);
  }
  console.log(row('  of which activate() itself', results.map((r) => r.activateBody).filter(Number.isFinite)));
  for (const name of BASELINES) console.log(row(`${name} (built-in baseline)`, results.map((r) => r.times[name]).filter(Number.isFinite)));
  console.log(row('workbench load (s ×1000)', results.map((r) => Math.round(r.workbenchSeconds * 1000))));

  const scratch = mkdtempSync(join(tmpdir(), 'regx-activation-bench-'));
  process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));
  const empty = join(scratch, 'empty.js');
  writeFileSync(empty, 'module.exports = {};\n');
  // The bundle as shipped (dist/ may hold a development build by now).
  // Every bundle beside it too: extension.js may require() a lazily loaded sibling.
  for (const { name } of zipEntries(defaultVsix).filter((e) => /^extension\/dist\/[^/]+\.js$/.test(e.name))) {
    writeFileSync(join(scratch, name.slice('extension/dist/'.length)), zipRead(defaultVsix, name));
  }
  const bundle = join(scratch, 'extension.js');
  const ms = (values) => `median ${median(values).toFixed(1)} ms   p95 ${percentile(values, 95).toFixed(1)} ms`;
  console.log('\nrequire() in plain Node (vscode stubbed), the bundle inside the VSIX:');
  console.log(`  dist/extension.js (${statSync(bundle).size} bytes)`.padEnd(44) + ms(requireCost(bundle)));
  console.log(`  an empty module (baseline)`.padEnd(44) + ms(requireCost(empty)));
  console.log(`\nVSIX ${defaultVsix}: ${statSync(defaultVsix).size} bytes`);
} catch (error) {
  console.error(`activation bench: ${error instanceof Error ? error.message : error}`);
  await stopAll();
  process.exit(1);
}
