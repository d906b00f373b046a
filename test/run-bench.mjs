// Runs the benchmarks under test/bench/ one after another (never in parallel: they time the
// same machine, and the activation bench needs its ports and CPU to itself), then prints one
// table of every figure they reported (`##BENCH {json}` lines, see test/bench/benchReport.ts) —
// medians, p95, peak RSS, ratios to the baselines each measured in the same run, the goals —
// with the date, the machine and its load average, and which benches ran and which failed.
// `*.bench.ts` run through tsx, `*.bench.mjs` in plain node.
//
//   npm run bench                         the issue-16 table: engine, startup, parse, complete, sandbox, activation
//   npm run bench -- --quick              the same, fewer rounds and runs (a few minutes)
//   npm run bench -- --all                every bench file (render, fuzz, specdiff, big descriptions… too)
//   npm run bench -- parse run            only those whose file name contains `parse` or `run`
//   npm run bench -- sandbox --rounds 1   arguments from the first `--x` on go to every bench
//
// Each bench reads only the flags it knows (`--runs`, `--requests`, `--rounds`, `--quick`,
// `--no-build`) and ignores the others, so passing the same arguments to all of them is safe.
import { existsSync, readdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, dirname } from 'node:path';
import { spawn } from 'node:child_process';
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
/** The benches of the one table issue 16 asks for; `--all` runs every file. */
const TABLE = ['engine', 'startup', 'parse', 'complete', 'sandbox', 'activation'];
const chosen = filters.length ? all.filter((name) => filters.some((f) => name.includes(f))) : passThrough.includes('--all') ? all : all.filter((name) => TABLE.some((t) => name.startsWith(`${t}.`)));
// The activation bench last: code-server and its workbench leave the machine busy for a while
// after they exit (load average 3.6 when the engine bench started right after it, against
// ~1 otherwise), and the benches that time whole processes against a floor suffer most from it.
const selected = [...chosen.filter((name) => !name.startsWith('activation.')), ...chosen.filter((name) => name.startsWith('activation.'))];
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
const rows = [];
const started = new Date();
const load = () => loadavg().map((n) => n.toFixed(2)).join(' ');
const loadAtStart = load();
// A bench's stdout passes through as it comes, minus the rows it reports for the table.
function runBench(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['inherit', 'pipe', 'inherit'], env: { ...process.env, REGX_BENCH_ROWS: '1' } });
    let pending = '';
    child.stdout.on('data', (chunk) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop();
      for (const line of lines) {
        if (line.startsWith('##BENCH ')) rows.push(JSON.parse(line.slice('##BENCH '.length)));
        else process.stdout.write(`${line}\n`);
      }
    });
    const stop = (signal) => child.kill(signal);
    process.once('SIGINT', stop);
    child.on('error', (error) => resolve({ error }));
    child.on('close', (status, signal) => {
      process.off('SIGINT', stop);
      if (pending) process.stdout.write(pending);
      resolve({ status, signal });
    });
  });
}
for (const name of selected) {
  const file = join(benchDir, name);
  const args = name.endsWith('.ts') ? ['--import', 'tsx', file, ...passThrough] : [file, ...passThrough];
  console.log(`\n=== ${name} ${passThrough.join(' ')}`.trimEnd());
  const benchStart = performance.now();
  const result = await runBench(args);
  const seconds = (performance.now() - benchStart) / 1000;
  const reason = result.error ? result.error.message : result.signal ? `signal ${result.signal}` : result.status !== 0 ? `exit ${result.status}` : undefined;
  results.push({ name, seconds, reason });
  // Ctrl+C reaches the child too; stop instead of starting the next bench.
  if (result.signal === 'SIGINT' || result.signal === 'SIGTERM') break;
}

const fixed = (n, digits = 0) => (n === undefined ? '' : n.toFixed(digits));
const figure = (row, n) => (n === undefined ? '' : row.unit === 'req/s' || n >= 100 ? fixed(n) : n >= 10 ? fixed(n, 1) : fixed(n, 2));
console.log(`\n=== table (${started.toISOString().slice(0, 16).replace('T', ' ')} UTC; ${cpus().length} cores, ${cpus()[0]?.model ?? '?'}; Node ${process.version}; load average ${loadAtStart} at the start, ${load()} at the end)`);
const header = ['bench', 'what', 'median', 'p95', 'unit', 'peak RSS MB', 'ratio', 'paired', 'against', 'goal'];
const table = rows.map((row) => [
  row.bench,
  row.name,
  figure(row, row.median),
  figure(row, row.p95),
  row.unit,
  row.rssMb === undefined ? '' : fixed(row.rssMb),
  row.ratio === undefined ? '' : `${row.ratio.toFixed(2)}×`,
  row.paired === undefined ? '' : `${row.paired.toFixed(2)}×`,
  row.versus ?? '',
  row.goal ? `${row.goal} ${row.met ? 'met' : 'NOT met'}` : '',
]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => String(r[i]).length)));
const numeric = new Set([2, 3, 5, 6, 7]);
const line = (cells) => `| ${cells.map((c, i) => (numeric.has(i) ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]))).join(' | ')} |`;
console.log(line(header));
console.log(`|${widths.map((w, i) => (numeric.has(i) ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`);
for (const row of table) console.log(line(row));

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
