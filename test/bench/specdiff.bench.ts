// Spec-diff benchmark (issue 18): two generated 5 MB descriptions (H5's generator; the new one
// with every `aantal` property renamed and every tenth resource's `status` enum grown), YAML and
// JSON. Rounds are interleaved so load drifts hit every measurement alike. Per format it prints
// median and p95 wall time of:
//   - `regx spec-diff OLD NEW --reporter json` as a process (dist/cli.js: node start, read, parse,
//     diff, report written to a pipe) — the goal is under 2 s, printed beside it;
//   - the diff in this process (diffSpecs: read, parse, diff);
//   - the baseline in this process: reading both files and parsing them (JSON.parse, or the
//     project's YAML parser), what any tool that looks at the two documents pays;
// with the ratios to the baseline, the user+sys CPU of the processes, and `uptime` before and
// after (the machine is shared: a figure means little without the load beside it).
//
//   npx tsx test/bench/specdiff.bench.ts [--runs 5] [--no-build]
//   (under flock /tmp/regx-bench.lock so two benchmarks do not measure each other)
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync, execFileSync } from 'node:child_process';
import { generateOpenApi } from '../fixtures/openapi/generate';
import { diffSpecs } from '../../src/core/specdiff/specDiff';
import { parseDocumentText } from '../../src/core/openapi/parseDocumentText';

const argv = process.argv.slice(2);
const runs = Number(argv[argv.indexOf('--runs') + 1] ?? 0) || 5;
const GOAL_MS = 2000;
const root = join(__dirname, '..', '..');
const host = { readFile: (p: string) => readFile(p) };

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function uptime(): string {
  try {
    return execFileSync('uptime', { encoding: 'utf8' }).trim();
  } catch {
    return '(uptime not available)';
  }
}

async function elapsed(once: () => Promise<unknown> | unknown): Promise<number> {
  const start = process.hrtime.bigint();
  await once();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const row = (label: string, times: number[], extra = '') =>
  console.log(`${label.padEnd(44)} median ${percentile(times, 50).toFixed(0).padStart(6)} ms  p95 ${percentile(times, 95).toFixed(0).padStart(6)} ms${extra}`);

(async () => {
  if (!argv.includes('--no-build') || !existsSync(join(root, 'dist', 'cli.js'))) spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
  const dir = mkdtempSync(join(tmpdir(), 'regx-bench-specdiff-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  console.log(`before: ${uptime()}`);
  let missed = false;
  for (const format of ['yaml', 'json'] as const) {
    const oldFile = join(dir, `old.${format}`);
    const newFile = join(dir, `new.${format}`);
    const generated = await generateOpenApi(oldFile, { targetBytes: 5 * 1024 * 1024, format });
    let n = 0;
    const text = readFileSync(oldFile, 'utf8')
      .replace(/"aantal"/g, '"hoeveelheid"')
      .replace(/"in-stopzetting"\]/g, () => (n++ % 10 === 0 ? '"in-stopzetting", "opgeheven"]' : '"in-stopzetting"]'));
    writeFileSync(newFile, text);
    const diff = await diffSpecs(oldFile, newFile, host);
    const renames = diff.changes.filter((c) => c.kind === 'property-renamed').length;
    console.log(`\n${format.toUpperCase()}: ${(generated.bytes / 1e6).toFixed(1)} MB and ${(Buffer.byteLength(text) / 1e6).toFixed(1)} MB, ${generated.operations} operations each; ${diff.changes.length} changes, ${renames} renames`);

    const processTimes: number[] = [];
    const processCpu: number[] = [];
    const inProcess: number[] = [];
    const baseline: number[] = [];
    for (let round = 0; round < runs; round++) {
      processTimes.push(
        await elapsed(() => {
          const result = spawnSync('/usr/bin/time', ['-f', '%U %S', process.execPath, join(root, 'dist', 'cli.js'), 'spec-diff', oldFile, newFile, '--reporter', 'json'], { maxBuffer: 512 * 1024 * 1024 });
          if (result.error || result.status !== 0) {
            // no GNU time here: the process alone
            const plain = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), 'spec-diff', oldFile, newFile, '--reporter', 'json'], { maxBuffer: 512 * 1024 * 1024 });
            if (plain.status !== 0) throw new Error(`exit ${plain.status}: ${plain.stderr}`);
            return;
          }
          const [user, sys] = result.stderr.toString().trim().split('\n').pop()!.split(' ').map(Number);
          processCpu.push((user! + sys!) * 1000);
        }),
      );
      inProcess.push(await elapsed(() => diffSpecs(oldFile, newFile, host)));
      baseline.push(await elapsed(async () => Promise.all([oldFile, newFile].map(async (file) => parseDocumentText(await readFile(file, 'utf8'), file)))));
    }
    const base = percentile(baseline, 50);
    const cli = percentile(processTimes, 50);
    row('regx spec-diff OLD NEW --reporter json', processTimes, `  ${(cli / base).toFixed(1)}x baseline${processCpu.length ? `; CPU median ${percentile(processCpu, 50).toFixed(0)} ms` : ''}   goal < ${GOAL_MS} ms: ${cli < GOAL_MS ? 'met' : 'MISSED'}`);
    row('diffSpecs in process (read, parse, diff)', inProcess, `  ${(percentile(inProcess, 50) / base).toFixed(1)}x baseline`);
    row(`baseline: read + ${format === 'json' ? 'JSON.parse' : 'YAML parse'} of both`, baseline);
    console.log(`(${runs} rounds) ${uptime()}`);
    if (cli >= GOAL_MS) missed = true;
  }
  process.exitCode = missed ? 1 : 0;
})();
