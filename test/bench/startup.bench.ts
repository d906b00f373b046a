// Start-up bench (#16): what one `regx run` of a 1-request file costs as a whole process, beside
// `node -e 0` measured in the same rounds. A 1,000-request run spends the difference once, so
// this is the part of the engine bench's ratio that no per-request work explains. The loopback
// server runs in a process of its own; the runs are interleaved so load drifts hit both alike;
// the first two rounds are not counted (the first rebuilds the catalog cache, the second writes
// the code cache: see CommandIo.unusualRun).
//
//   npx tsx test/bench/startup.bench.ts [--runs 15] [--no-build]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { emitRow, percentile } from './benchReport';

const argv = process.argv.slice(2);
const flag = (name: string, fallback: number) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : fallback);
const runs = flag('--runs', argv.includes('--quick') ? 7 : 15);
const root = join(__dirname, '..', '..');
if (!argv.includes('--no-build')) spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'ignore' });
const cli = join(root, 'dist', 'cli.js');
const dir = mkdtempSync(join(tmpdir(), 'regx-startup-bench-'));

const SERVER = `const http = require('node:http');
const s = http.createServer((req, res) => { res.setHeader('content-type', 'application/json'); res.end('{"ok":true}'); });
s.keepAliveTimeout = 60000; s.listen(0, '127.0.0.1', () => console.log(s.address().port));`;

async function main(): Promise<void> {
  const server = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve) => server.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim())));
  writeFileSync(join(dir, 'one.http'), 'GET {{base}}/items/1\nAccept: application/json\n');
  writeFileSync(join(dir, 'http-client.env.json'), JSON.stringify({ bench: { base: `http://127.0.0.1:${port}` } }));
  // Its own code-cache and state folders, so the bench neither depends on nor disturbs the user's.
  const env = { ...process.env, XDG_CACHE_HOME: join(dir, 'cache'), REGX_STATE_DIR: join(dir, 'state') };
  const tools = [
    { label: 'node -e 0', args: ['-e', '0'] },
    { label: 'regx run, 1 request', args: [cli, 'run', 'one.http', '--env', 'bench', '--no-history', '--validate', 'off', '--reporter', 'json', '--out', join(dir, 'o.json')] },
  ];
  const wall = new Map(tools.map((t) => [t.label, [] as number[]]));
  // CPU time (user + sys, GNU time) beside the wall time: on a busy 2-core machine the wall time
  // of a 250 ms process swings by a third, its CPU time much less.
  const cpu = new Map(tools.map((t) => [t.label, [] as number[]]));
  const timeFile = join(dir, 'time.txt');
  const gnuTime = existsSync('/usr/bin/time');
  for (let round = -1; round <= runs; round++) {
    for (const tool of tools) {
      const started = process.hrtime.bigint();
      const result = gnuTime
        ? spawnSync('/usr/bin/time', ['-f', '%U %S', '-o', timeFile, process.execPath, ...tool.args], { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] })
        : spawnSync(process.execPath, tool.args, { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (result.status !== 0) throw new Error(`${tool.label} exited ${result.status}: ${result.stderr.toString().slice(-500)}`);
      if (round < 1) continue;
      wall.get(tool.label)!.push(ms);
      if (gnuTime) {
        const [user, sys] = readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
        cpu.get(tool.label)!.push((user! + sys!) * 1000);
      }
    }
  }
  server.kill();
  rmSync(dir, { recursive: true, force: true });
  const base = percentile(wall.get('node -e 0')!, 50);
  console.log(`startup bench: ${runs} interleaved runs after two warm-up rounds; load average ${loadavg().map((n) => n.toFixed(2)).join(' ')}`);
  for (const tool of tools) {
    const t = wall.get(tool.label)!;
    const median = percentile(t, 50);
    const ratio = tool.label === 'node -e 0' ? undefined : median / base;
    const c = cpu.get(tool.label)!;
    console.log(`${tool.label.padEnd(24)} median ${median.toFixed(1).padStart(6)} ms  p95 ${percentile(t, 95).toFixed(1).padStart(6)} ms  cpu ${(c.length ? percentile(c, 50).toFixed(0) : '-').padStart(4)} ms${ratio === undefined ? '' : `  ${ratio.toFixed(2)}× node -e 0 (+${(median - base).toFixed(1)} ms)`}`);
    emitRow({ bench: 'startup', name: tool.label, median, p95: percentile(t, 95), unit: 'ms', ...(ratio === undefined ? {} : { ratio, versus: 'node -e 0' }) });
  }
}

void main();
