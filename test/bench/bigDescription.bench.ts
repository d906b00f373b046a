// A 50 MB API description in `regx check` (issue 21 asks ≤ 10 s and ≤ 600 MB), as YAML the way
// people and generators write it (block style), as the older json-like YAML, and as JSON: each
// run is a fresh `node dist/cli.js check` on a request file whose `# @openapi` names the generated
// description. Printed per format: wall time, CPU time and peak RSS (the process's own getrusage
// maximum, what GNU time -v reports), median and p95, with the goals beside and the ratios against
// the floor measured the same way in the same bench — a process that only reads the JSON form and
// JSON.parses it. Then, in this process, the longest event-loop stall while the description loads
// (what the editor's extension host would feel). The load average is printed before and after:
// on a shared 2-core machine wall time says more about the neighbours than about regx.
//
//   flock /tmp/regx-bench.lock npx tsx test/bench/bigDescription.bench.ts [--runs 3] [--no-build]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import { generateOpenApi, resourceName } from '../fixtures/openapi/generate';
import { loadOpenApi, type LoadedOpenApi } from '../../src/core/openapi/loadOpenApi';
import { workerLoader } from '../../src/core/openapi/workerLoader';
import { emitRow } from './benchReport';

const argv = process.argv.slice(2);
const runs = Number(argv[argv.indexOf('--runs') + 1] ?? 0) || 3;
const root = join(__dirname, '..', '..');
const cli = join(root, 'dist', 'cli.js');

interface Usage {
  wallMs: number;
  cpuMs: number;
  maxRssMb: number;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Runs node with a preload that reports the process's own CPU time and peak RSS on exit. */
function measured(dir: string, args: string[]): Usage {
  const report = join(dir, 'usage.json');
  const preload = join(dir, 'usage.cjs');
  writeFileSync(preload, `process.on('exit', () => { const u = process.resourceUsage(); require('node:fs').writeFileSync(${JSON.stringify(report)}, JSON.stringify({ cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, maxRssMb: u.maxRSS / 1024 })); });`);
  const started = performance.now();
  const child = spawnSync(process.execPath, ['--require', preload, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const wallMs = performance.now() - started;
  if (child.status !== 0 && child.status !== 1) throw new Error(`${args.join(' ')} exited ${child.status}: ${child.stderr}`);
  return { wallMs, ...(JSON.parse(readFileSync(report, 'utf8')) as Omit<Usage, 'wallMs'>) };
}

const GOALS: Partial<Record<keyof Usage, string>> = { wallMs: 'goal ≤ 10000 ms', maxRssMb: 'goal ≤ 600 MB' };

function summary(label: string, usages: Usage[], floor?: Usage[]): void {
  const line = (key: keyof Usage, unit: string) => {
    const median = percentile(usages.map((u) => u[key]), 50);
    const ratio = floor ? `, ${(median / percentile(floor.map((u) => u[key]), 50)).toFixed(1)}x the floor` : '';
    const goal = floor && GOALS[key] ? `, ${GOALS[key]}` : '';
    return `${key} median ${median.toFixed(0)} ${unit}, p95 ${percentile(usages.map((u) => u[key]), 95).toFixed(0)} ${unit} (${usages.length} runs${ratio}${goal})`;
  };
  console.log(`${label.padEnd(34)} ${line('wallMs', 'ms')}; ${line('cpuMs', 'ms')}; ${line('maxRssMb', 'MB')}`);
}

function uptime(when: string): void {
  console.log(`# load average ${when}: ${loadavg().map((n) => n.toFixed(2)).join(', ')} (${spawnSync('nproc', { encoding: 'utf8' }).stdout.trim() || '?'} cores)`);
}

async function main(): Promise<void> {
  if (!argv.includes('--no-build') || !existsSync(cli)) {
    const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('build failed');
  }
  const dir = mkdtempSync(join(tmpdir(), 'regx-bigdoc-'));
  try {
    mkdirSync(join(dir, '.git'));
    const docs = {
      'yaml-block': await generateOpenApi(join(dir, 'api.block.yaml'), { targetBytes: 50_000_000, format: 'yaml', yamlStyle: 'block' }),
      'yaml-json-like': await generateOpenApi(join(dir, 'api.yaml'), { targetBytes: 50_000_000, format: 'yaml' }),
      json: await generateOpenApi(join(dir, 'api.json'), { targetBytes: 50_000_000, format: 'json' }),
    };
    const formats = Object.keys(docs) as (keyof typeof docs)[];
    for (const format of formats) {
      const doc = docs[format];
      writeFileSync(join(dir, `${format}.http`), `# @openapi ./${doc.path.split('/').pop()}\nPUT http://127.0.0.1:7499/api/r7/A1234567\nContent-Type: application/json\n\n{"naam": "x", "status": "weg"}\n`);
      console.log(`# ${format}: ${(doc.bytes / 1e6).toFixed(1)} MB, ${doc.operations} operations`);
    }
    uptime('before');
    const floor: Usage[] = [];
    const results: Record<string, Usage[]> = {};
    for (let i = 0; i < runs; i++) {
      floor.push(measured(dir, ['-e', `JSON.parse(require('node:fs').readFileSync(${JSON.stringify(docs.json.path)}, 'utf8'))`]));
      for (const format of formats) (results[format] ??= []).push(measured(dir, [cli, 'check', `${format}.http`, '--offline']));
    }
    summary('floor: read + JSON.parse', floor);
    for (const format of formats) {
      const usages = results[format]!;
      summary(`regx check, 50 MB ${format}`, usages, floor);
      const wall = percentile(usages.map((u) => u.wallMs), 50);
      emitRow({
        bench: 'bigDescription',
        name: `regx check, 50 MB ${format} (CPU ${percentile(usages.map((u) => u.cpuMs), 50).toFixed(0)} ms; goals 10 s, 600 MB)`,
        median: wall,
        p95: percentile(usages.map((u) => u.wallMs), 95),
        unit: 'ms',
        rssMb: percentile(usages.map((u) => u.maxRssMb), 50),
        ratio: wall / percentile(floor.map((u) => u.wallMs), 50),
        versus: 'read + JSON.parse',
      });
    }
    uptime('after the processes');

    // The editor's extension host: the longest event-loop stall while a description loads, in this
    // thread (as before) and through the worker the extension uses, then the first read of one
    // operation's details (a synchronous round trip to the worker).
    const stall = async (label: string, work: () => Promise<unknown>): Promise<unknown> => {
      const histogram = monitorEventLoopDelay({ resolution: 10 });
      histogram.enable();
      const started = performance.now();
      const value = await work();
      histogram.disable();
      console.log(`${label.padEnd(34)} ${(performance.now() - started).toFixed(0)} ms, longest event-loop stall ${(histogram.max / 1e6).toFixed(0)} ms, p99 ${(histogram.percentile(99) / 1e6).toFixed(0)} ms`);
      emitRow({ bench: 'bigDescription', name: `longest event-loop stall, ${label}`, median: histogram.max / 1e6, unit: 'ms' });
      return value;
    };
    const load = workerLoader({ script: join(root, 'dist', 'openapiWorker.js') });
    for (const format of formats) {
      await stall(`in-process load, ${format}`, () => loadOpenApi(docs[format].path, { readFile: (path) => readFile(path) }));
      const { index } = (await stall(`worker load, ${format}`, () => load(docs[format].path, { readFile: (path) => readFile(path) }))) as LoadedOpenApi;
      // A typical operation (its body reaches 8 schemas), then the worst: the last resource's body
      // schema refers to the one before, and so on, so it reaches every schema of the document.
      for (const [label, i] of [['typical', 7], ['worst', docs[format].resources - 1]] as const) {
        const op = index.operations.find((o) => o.id === `replace${resourceName(i)}`)!;
        const started = performance.now();
        const body = op.requestBody?.content['application/json']?.schema;
        console.log(`${`  first read of one operation, ${label}`.padEnd(34)} ${(performance.now() - started).toFixed(1)} ms (its body schema reaches ${i + 1} schemas)${body ? '' : ' — no body?'}`);
      }
    }
    uptime('at the end');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
