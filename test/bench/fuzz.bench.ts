// 100,000 fuzzed request files (test/helpers/fuzzRequestFiles.ts) with a random seed, each parsed
// and every request prepared: prints how many threw (the goal is 0) with the first few, the seed
// to reproduce them, the median and p95 per case beside parsing alone (the baseline, same cases,
// same process), and the shape of the slowest case.
//
//   flock /tmp/regx-bench.lock npx tsx test/bench/fuzz.bench.ts [--cases 100000] [--seed N]
import fc from 'fast-check';
import { caseShape, fuzzCase, runCase, type FuzzCase } from '../helpers/fuzzRequestFiles';
import { parseHttp } from '../../src/core/http/parser';

const argv = process.argv.slice(2);
const flag = (name: string) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : undefined);
const cases = flag('--cases') ?? 100_000;
const seed = flag('--seed') ?? Math.floor(Math.random() * 2 ** 31);

function percentile(values: Float64Array, p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  console.log(`# ${cases} cases, seed ${seed} (--seed ${seed} reproduces them)`);
  const full = new Float64Array(cases);
  const parseOnly = new Float64Array(cases);
  const throws: { index: number; message: string; c: FuzzCase }[] = [];
  let slowest = { ms: -1, c: undefined as FuzzCase | undefined };
  const batch = 1000;
  for (let start = 0; start < cases; start += batch) {
    const samples = fc.sample(fuzzCase, { seed: seed + start, numRuns: Math.min(batch, cases - start) });
    for (let i = 0; i < samples.length; i++) {
      const c = samples[i]!;
      let t = performance.now();
      parseHttp(c.text);
      parseOnly[start + i] = performance.now() - t;
      t = performance.now();
      try {
        await runCase(c);
      } catch (error) {
        throws.push({ index: start + i, message: error instanceof Error ? (error.stack ?? error.message).split('\n').slice(0, 3).join(' | ') : String(error), c });
      }
      const ms = performance.now() - t;
      full[start + i] = ms;
      if (ms > slowest.ms) slowest = { ms, c };
    }
  }
  const median = percentile(full, 50);
  const baseline = percentile(parseOnly, 50);
  console.log(`throws: ${throws.length} (goal 0)`);
  for (const t of throws.slice(0, 5)) console.log(`  case ${t.index}: ${t.message}\n    ${JSON.stringify(t.c).slice(0, 400)}`);
  console.log(`per case: median ${(median * 1000).toFixed(0)} µs, p95 ${(percentile(full, 95) * 1000).toFixed(0)} µs, max ${slowest.ms.toFixed(1)} ms`);
  console.log(`parse only (baseline): median ${(baseline * 1000).toFixed(0)} µs, p95 ${(percentile(parseOnly, 95) * 1000).toFixed(0)} µs; parse + prepare is ${(median / baseline).toFixed(1)}x`);
  if (slowest.c) console.log(`slowest case (${slowest.ms.toFixed(1)} ms): ${caseShape(slowest.c)}`);
  if (throws.length) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
