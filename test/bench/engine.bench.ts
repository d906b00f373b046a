// Process-level engine bench (#16): 1,000 GETs from one request file, each tool a whole process,
// the loopback server in a process of its own, rounds interleaved so load drifts hit every tool
// alike. Prints one table: median and p95 wall time, median CPU (user+sys) and peak RSS (GNU
// time), and ratios to baselines measured in the same run — an undici loop over one keep-alive
// connection (sequential) and over 50 (for --parallel 50). The other clients run the same 1,000
// GETs: httpyac from the same .http file and env file, newman from an equivalent Postman
// collection and environment, bru from an equivalent Bruno collection. Goals are printed beside
// the figures, not asserted; they are judged on the ratio of the two medians, and the median of
// the paired ratios (a tool's run over its baseline's in the same round) is printed beside it.
//
//   npx tsx test/bench/engine.bench.ts [--rounds 3] [--requests 1000] [--quick] [--no-build] [--only regx]
//
// --quick: one round after the warm-up, 200 requests, and no bru/newman (they take most of the time).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { emitRow, goalMet, percentile } from './benchReport';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const flag = (name: string, fallback: number) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : fallback);
const rounds = flag('--rounds', quick ? 1 : 3);
const requests = flag('--requests', quick ? 200 : 1000);
const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1]! : undefined;
const root = join(__dirname, '..', '..');
if (!argv.includes('--no-build')) spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'ignore' });
const cli = join(root, 'dist', 'cli.js');
const dir = mkdtempSync(join(tmpdir(), 'regx-engine-bench-'));

const SERVER = `const http = require('node:http');
const s = http.createServer((req, res) => { res.setHeader('content-type', 'application/json'); res.end('{"ok":true,"items":[1,2,3]}'); });
s.keepAliveTimeout = 60000; s.listen(0, '127.0.0.1', () => console.log(s.address().port));`;

// The floor: the plain way to use undici, as a script would (require('undici')).
const FLOOR = `const { Agent, request } = require(${JSON.stringify(require.resolve('undici'))});
const [base, n, c] = [process.argv[1], Number(process.argv[2]), Number(process.argv[3])];
const agent = new Agent({ connections: c, pipelining: 1 });
let next = 0;
async function worker() { while (next < n) { const i = next++; const r = await request(base + '/items/' + i, { dispatcher: agent }); await r.body.text(); } }
Promise.all(Array.from({ length: c }, worker)).then(() => agent.close());`;

function binOf(pkg: string, name: string): string {
  const manifest = require.resolve(`${pkg}/package.json`);
  const bin = (JSON.parse(readFileSync(manifest, 'utf8')) as { bin: Record<string, string> }).bin[name]!;
  return join(dirname(manifest), bin);
}

/** The same GETs for each client, each in a folder of its own. */
function writeInputs(base: string): { http: string; http50: string; postman: string; postmanEnv: string; bruDir: string } {
  const http = join(dir, 'http');
  mkdirSync(http);
  const block = (i: number) => `### r${i}\nGET {{base}}/items/${i}\nAccept: application/json\n`;
  writeFileSync(join(http, 'bench.http'), Array.from({ length: requests }, (_, i) => block(i)).join('\n'));
  writeFileSync(join(http, 'bench50.http'), Array.from({ length: 50 }, (_, i) => block(i)).join('\n'));
  writeFileSync(join(http, 'http-client.env.json'), JSON.stringify({ bench: { base } }));
  const postman = join(dir, 'postman');
  mkdirSync(postman);
  writeFileSync(
    join(postman, 'bench.postman_collection.json'),
    JSON.stringify({
      info: { name: 'bench', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
      item: Array.from({ length: requests }, (_, i) => ({ name: `r${i}`, request: { method: 'GET', header: [{ key: 'Accept', value: 'application/json' }], url: `{{base}}/items/${i}` } })),
    }),
  );
  writeFileSync(join(postman, 'bench.postman_environment.json'), JSON.stringify({ name: 'bench', values: [{ key: 'base', value: base, enabled: true }] }));
  const bruDir = join(dir, 'bru');
  mkdirSync(join(bruDir, 'environments'), { recursive: true });
  writeFileSync(join(bruDir, 'bruno.json'), JSON.stringify({ version: '1', name: 'bench', type: 'collection' }));
  writeFileSync(join(bruDir, 'environments', 'bench.bru'), `vars {\n  base: ${base}\n}\n`);
  for (let i = 0; i < requests; i++) {
    writeFileSync(join(bruDir, `r${String(i).padStart(5, '0')}.bru`), `meta {\n  name: r${i}\n  type: http\n  seq: ${i + 1}\n}\n\nget {\n  url: {{base}}/items/${i}\n  body: none\n  auth: none\n}\n\nheaders {\n  Accept: application/json\n}\n`);
  }
  return { http: join(http, 'bench.http'), http50: join(http, 'bench50.http'), postman: join(postman, 'bench.postman_collection.json'), postmanEnv: join(postman, 'bench.postman_environment.json'), bruDir };
}

interface Tool {
  label: string;
  args: string[];
  cwd?: string;
  /** Ratio against this tool's median, with the issue's goal. */
  versus?: string;
  goal?: string;
  /**
   * Runs this many times a round, alternating with the tools beside it that repeat as often: a
   * short run's goal (5% of ~250 ms) is smaller than one run's jitter on this machine.
   */
  repeat?: number;
  /** Run before each round of this tool (not timed). */
  before?: () => void;
}

async function main(): Promise<void> {
  const server = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve) => server.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim())));
  const base = `http://127.0.0.1:${port}`;
  const inputs = writeInputs(base);
  const out = join(dir, 'report.json');
  const history = join(dir, 'history.jsonl');
  const httpDir = dirname(inputs.http);
  const regx = (file: string, ...extra: string[]) => [cli, 'run', file, '--env', 'bench', '--reporter', 'json', '--out', out, '--validate', 'off', ...extra];
  const FLOOR_1 = 'undici loop, 1 connection';
  const FLOOR_50 = 'undici loop, 50 connections';
  const SEQ = 'regx run';
  const tools: Tool[] = [
    { label: FLOOR_1, args: ['-e', FLOOR, base, String(requests), '1'] },
    { label: FLOOR_50, args: ['-e', FLOOR, base, String(requests), '50'] },
    { label: 'node -e 0 (start-up)', args: ['-e', '0'] },
    { label: SEQ, args: regx(inputs.http, '--no-history'), versus: FLOOR_1, goal: '≤ 1.15×' },
    { label: 'regx run --parallel 50', args: regx(inputs.http, '--no-history', '--parallel', '50'), versus: FLOOR_50, goal: '≤ 1.2×' },
    { label: 'regx run, history on', args: regx(inputs.http, '--history', history), versus: SEQ },
    { label: 'regx run 50 GETs --no-history', args: regx(inputs.http50, '--no-history'), repeat: 5 },
    // A history file of the size a user has (full: 1,000 entries), so compaction happens as it would.
    { label: 'regx run 50 GETs, history on', args: regx(inputs.http50, '--history', history), versus: 'regx run 50 GETs --no-history', goal: '≤ 1.05×', repeat: 5 },
    { label: 'httpyac send --all', args: [binOf('httpyac', 'httpyac'), 'send', inputs.http, '--all', '--env', 'bench', '-o', 'none'], cwd: httpDir, versus: FLOOR_1 },
  ];
  if (!quick) {
    tools.push({ label: 'newman run', args: [binOf('newman', 'newman'), 'run', inputs.postman, '-e', inputs.postmanEnv, '--reporters', 'cli'], versus: FLOOR_1 });
    tools.push({ label: 'bru run', args: [binOf('@usebruno/cli', 'bru'), 'run', '--env', 'bench'], cwd: inputs.bruDir, versus: FLOOR_1 });
  }
  const selected = only ? tools.filter((t) => t.label.includes(only) || t.label.startsWith('undici') || t === tools.find((x) => x.label === t.versus)) : tools;
  const wall = new Map<string, number[]>(selected.map((t) => [t.label, []]));
  const cpu = new Map<string, number[]>(selected.map((t) => [t.label, []]));
  const rss = new Map<string, number[]>(selected.map((t) => [t.label, []]));
  const timeFile = join(dir, 'time.txt');
  const gnuTime = existsSync('/usr/bin/time');
  const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.log(`engine bench: ${requests} GETs, ${rounds} interleaved round(s) after a warm-up (the 50-GET runs ${selected.find((t) => t.repeat)?.repeat ?? 1} times a round), server ${base}; load average ${load()}`);
  // The first run of a build writes the CLI's code cache (src/cli/codeCache.ts) with the code it
  // ran. A user's first run has history on, the default, so that is the run that writes it here
  // too; were it a --no-history run, every run with history would compile the history code anew.
  spawnSync(process.execPath, regx(inputs.http50, '--history', join(dir, 'first-run.jsonl')), { cwd: dir, stdio: 'ignore' });
  const sequence: Tool[] = [];
  for (let i = 0; i < selected.length; ) {
    const tool = selected[i]!;
    let j = i + 1;
    while (tool.repeat && j < selected.length && selected[j]!.repeat === tool.repeat) j++;
    const group = selected.slice(i, j);
    for (let k = 0; k < (tool.repeat ?? 1); k++) sequence.push(...(k % 2 ? [...group].reverse() : group));
    i = j;
  }
  for (let round = 0; round < rounds + 1; round++) {
    for (const tool of sequence) {
      const started = process.hrtime.bigint();
      const result = gnuTime
        ? spawnSync('/usr/bin/time', ['-f', '%M %U %S', '-o', timeFile, process.execPath, ...tool.args], { cwd: tool.cwd ?? dir, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 })
        : spawnSync(process.execPath, tool.args, { cwd: tool.cwd ?? dir, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (result.status !== 0) throw new Error(`${tool.label} exited ${result.status}: ${result.stderr?.toString().slice(-500)}`);
      if (round === 0) continue; // warm-up: disk cache, the catalog cache, JIT of the tools' files
      wall.get(tool.label)!.push(ms);
      if (gnuTime) {
        const [kb, user, sys] = readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
        rss.get(tool.label)!.push(kb! / 1024);
        cpu.get(tool.label)!.push((user! + sys!) * 1000);
      }
    }
  }
  server.kill();
  rmSync(dir, { recursive: true, force: true });
  const median = (label: string) => percentile(wall.get(label)!, 50);
  // A tool and its baseline ran in the same rounds (the 50-GET pair the same number of times a
  // round, alternating): the i-th runs of each were made side by side.
  const paired = (label: string, versus: string): number | undefined => {
    const [runs, base] = [wall.get(label)!, wall.get(versus)!];
    return runs.length === base.length ? percentile(runs.map((ms, i) => ms / base[i]!), 50) : undefined;
  };
  console.log(`${'tool'.padEnd(32)} ${'median ms'.padStart(10)} ${'p95 ms'.padStart(9)} ${'cpu ms'.padStart(8)} ${'peak RSS MB'.padStart(12)}  ratio (goal)`);
  for (const tool of selected) {
    const t = wall.get(tool.label)!;
    const r = rss.get(tool.label)!;
    const c = cpu.get(tool.label)!;
    const ratio = tool.versus && wall.has(tool.versus) ? median(tool.label) / median(tool.versus) : undefined;
    const side = ratio === undefined ? undefined : paired(tool.label, tool.versus!);
    const ratioText = ratio === undefined ? '' : `${ratio.toFixed(2)}× ${tool.versus}${side === undefined ? '' : ` (paired ${side.toFixed(2)}×)`}${tool.goal ? ` (goal ${tool.goal}${goalMet(ratio, tool.goal) ? ', met' : ', NOT met'})` : ''}`;
    console.log(`${tool.label.padEnd(32)} ${median(tool.label).toFixed(0).padStart(10)} ${percentile(t, 95).toFixed(0).padStart(9)} ${(c.length ? percentile(c, 50).toFixed(0) : '-').padStart(8)} ${(r.length ? percentile(r, 50).toFixed(0) : '-').padStart(12)}  ${ratioText}`);
    emitRow({
      bench: 'engine',
      name: tool.label,
      median: median(tool.label),
      p95: percentile(t, 95),
      unit: 'ms',
      ...(r.length ? { rssMb: percentile(r, 50) } : {}),
      ...(ratio !== undefined ? { ratio, ...(side !== undefined ? { paired: side } : {}), versus: tool.versus, ...(tool.goal ? { goal: tool.goal, met: goalMet(ratio, tool.goal) } : {}) } : {}),
    });
  }
  if (gnuTime && rss.has(SEQ) && rss.has(FLOOR_1)) {
    const peak = (label: string) => percentile(rss.get(label)!, 50);
    const ratio = peak(SEQ) / peak(FLOOR_1);
    console.log(`peak RSS regx run / undici loop: ${ratio.toFixed(2)}× (goal ≤ 1.2×${goalMet(ratio, '≤ 1.2×') ? ', met' : ', NOT met'})`);
    emitRow({ bench: 'engine', name: 'peak RSS, regx run', median: peak(SEQ), unit: 'MB', ratio, versus: FLOOR_1, goal: '≤ 1.2×', met: goalMet(ratio, '≤ 1.2×') });
  }
  // The floor does the same work every round, so its spread is the machine's: past this, a ratio
  // of medians carries the drift between rounds, which the paired ratios cancel.
  const floorRuns = wall.get(FLOOR_1);
  if (floorRuns?.length) {
    const spread = percentile(floorRuns, 95) / percentile(floorRuns, 50);
    console.log(`machine steadiness: the floor's p95 is ${spread.toFixed(2)}× its median (${spread <= STEADY_SPREAD ? 'steady' : `unsteady, over ${STEADY_SPREAD}×: read the paired ratios`})`);
  }
  console.log(`load average at the end: ${load()}`);
}

/** The floor's p95 over its median up to which a run counts as made on a steady machine. */
const STEADY_SPREAD = 1.25;

void main();
