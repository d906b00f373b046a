// Parser benchmark: time to parse the generated 5,000-request file with our parser, beside
// httpyac's own parser on the same text in the same process (the baseline).
//
//   npx tsx test/bench/parse.bench.ts [--runs 30]
//
// httpyac is called the way SOURCES.md of the corpus records it:
// `new HttpFileStore().getOrCreate(path, () => text, 0, { workingDir })`; a new store per run so
// nothing is cached between runs. Both get the same warm-up runs first.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cli, store } from 'httpyac';
import { parseHttp } from '../../src/core/http/parser';
import { emitRow, goalMet } from './benchReport';

const argv = process.argv.slice(2);
const runs = Number(argv[argv.indexOf('--runs') + 1] ?? 0) || (argv.includes('--quick') ? 10 : 30);
const file = join(__dirname, '..', 'fixtures', 'http', 'large-5000.http');
const text = readFileSync(file, 'utf8');

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

interface Figures {
  median: number;
  p95: number;
  cpuMedian: number;
}

/**
 * Wall time per run, and the process's CPU time per run beside it: on a shared machine the
 * wall time also counts waiting for a core, the CPU time does not (it does count GC threads).
 */
async function measure(label: string, once: () => Promise<number> | number): Promise<Figures> {
  const warmup = Math.max(3, Math.floor(runs / 5));
  for (let i = 0; i < warmup; i++) await once();
  const times: number[] = [];
  const cpu: number[] = [];
  let requests = 0;
  for (let i = 0; i < runs; i++) {
    const cpuStart = process.cpuUsage();
    const start = process.hrtime.bigint();
    requests = await once();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  }
  const result = { median: percentile(times, 50), p95: percentile(times, 95), cpuMedian: percentile(cpu, 50) };
  const ms = (n: number) => `${n.toFixed(1).padStart(7)} ms`;
  console.log(`${label.padEnd(28)} requests ${String(requests).padStart(5)}  median ${ms(result.median)}  p95 ${ms(result.p95)}  cpu median ${ms(result.cpuMedian)}`);
  return result;
}

async function main(): Promise<void> {
  console.log(`parse ${file} (${(text.length / 1024).toFixed(0)} KiB, ${runs} runs after warm-up)`);
  const ours = await measure('register-explorer parseHttp', () => parseHttp(text).requests.length);
  // httpyac reads paths through a global file provider that its CLI installs first.
  cli.initFileProvider();
  const baseline = await measure('httpyac 6 HttpFileStore', async () => {
    const parsed = await new store.HttpFileStore().getOrCreate(file, () => Promise.resolve(text), 0, { workingDir: dirname(file) });
    return parsed.httpRegions.filter((region) => region.request).length;
  });
  const ratio = (a: number, b: number) => `${(a / b).toFixed(1)}x`;
  console.log(`ratio (httpyac / ours): median ${ratio(baseline.median, ours.median)}  p95 ${ratio(baseline.p95, ours.p95)}  cpu median ${ratio(baseline.cpuMedian, ours.cpuMedian)}`);
  // The floor of the goal: reading the same text line by line and nothing else.
  const split = await measure("text.split('\\n')", () => text.split('\n').length);
  const vsSplit = ours.median / split.median;
  console.log(`ratio (ours / split('\\n')): median ${vsSplit.toFixed(1)}x (goal ≤ 10×${goalMet(vsSplit, '≤ 10×') ? ', met' : ', NOT met'})`);
  emitRow({ bench: 'parse', name: `parseHttp, ${(text.length / 1024).toFixed(0)} KiB / 5,000 requests`, median: ours.median, p95: ours.p95, unit: 'ms', ratio: vsSplit, versus: "split('\\n')", goal: '≤ 10×', met: goalMet(vsSplit, '≤ 10×') });
  emitRow({ bench: 'parse', name: 'httpyac 6 parser, same file', median: baseline.median, p95: baseline.p95, unit: 'ms', ratio: baseline.median / ours.median, versus: 'parseHttp' });
  emitRow({ bench: 'parse', name: "split('\\n'), same file", median: split.median, p95: split.p95, unit: 'ms' });
}

void main();
