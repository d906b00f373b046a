// Runs every benchmark under test/bench/ one after another (never in parallel: they time the
// same machine, and the activation bench needs its ports and CPU to itself), then prints which
// ran and which failed. `*.bench.ts` run through tsx, `*.bench.mjs` in plain node.
//
//   npm run bench                         every benchmark
//   npm run bench -- parse run            only those whose file name contains `parse` or `run`
//   npm run bench -- sandbox --rounds 1   arguments from the first `--x` on go to every bench
//
// Each bench reads only the flags it knows (`--runs`, `--requests`, `--rounds`, `--no-build`)
// and ignores the others, so passing the same arguments to all of them is safe.
import { existsSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { cacheDir, CODE_SERVER_VERSION } from '../scripts/setup-code-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = join(root, 'test', 'bench');

const argv = process.argv.slice(2);
const firstFlag = argv.findIndex((a) => a.startsWith('-'));
const filters = firstFlag === -1 ? argv : argv.slice(0, firstFlag);
const passThrough = firstFlag === -1 ? [] : argv.slice(firstFlag);

const all = readdirSync(benchDir)
  .filter((name) => name.endsWith('.bench.ts') || name.endsWith('.bench.mjs'))
  .sort();
const selected = filters.length ? all.filter((name) => filters.some((f) => name.includes(f))) : all;
if (selected.length === 0) {
  console.error(`no benchmark matches ${filters.join(' ')} (have: ${all.join(', ')})`);
  process.exit(2);
}

/**
 * What a bench needs beyond `npm install`, to say in the summary when it fails. The activation
 * bench installs code-server itself when missing, but that needs the system packages and network
 * access that `npm run test:e2e` set-up also needs, so the hint names that.
 */
function prerequisite(name) {
  if (!name.startsWith('activation.')) return undefined;
  const ready = existsSync(join(cacheDir, `.setup-done-${CODE_SERVER_VERSION}`));
  return ready ? 'starts code-server from .cache/, needs its ports free' : 'code-server not set up in .cache/: run `npm run test:e2e` (or node scripts/setup-code-server.mjs) first';
}

const results = [];
for (const name of selected) {
  const file = join(benchDir, name);
  const args = name.endsWith('.ts') ? ['--import', 'tsx', file, ...passThrough] : [file, ...passThrough];
  console.log(`\n=== ${name} ${passThrough.join(' ')}`.trimEnd());
  const started = performance.now();
  // Inherited stdio: the benches print their own tables as they go, and some take minutes.
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  const seconds = (performance.now() - started) / 1000;
  const reason = result.error ? result.error.message : result.signal ? `signal ${result.signal}` : result.status !== 0 ? `exit ${result.status}` : undefined;
  results.push({ name, seconds, reason });
  // Ctrl+C reaches the child too; stop instead of starting the next bench.
  if (result.signal === 'SIGINT' || result.signal === 'SIGTERM') break;
}

console.log('\n=== summary');
for (const { name, seconds, reason } of results) {
  const status = reason ? `FAILED (${reason})` : 'ok';
  const note = prerequisite(name);
  console.log(`  ${status.padEnd(22)} ${name.padEnd(24)} ${seconds.toFixed(1).padStart(7)} s${note ? `  — ${note}` : ''}`);
}
for (const name of selected.slice(results.length)) console.log(`  ${'not run'.padEnd(22)} ${name}`);
const failed = results.filter((r) => r.reason).length;
console.log(`${results.length - failed} of ${selected.length} ran, ${failed} failed`);
process.exit(failed > 0 || results.length < selected.length ? 1 : 0);
