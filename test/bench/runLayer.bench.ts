// The run layer alone: `runHttpFile` over a transport that answers from memory, so what a
// request costs above its send shows without a server, a network or another process sharing the
// machine. On a busy 2-core machine the engine bench's whole-process figures drift by ±20%
// between rounds; here a run's p95 stays within ~10% of its median, its median moves ~15% from
// one run to another, and the bytes allocated per request hardly at all. Each measurement is a fresh process (a `regx run`
// is one: cold code, V8 flags of src/cli/v8Flags.ts) running 1,000 GETs once; processes
// interleave the run with the baseline, the same transport called 1,000 times in a plain loop.
// Prints median and p95 of CPU per request and the ratio to the baseline, and the bytes allocated
// per request (the heap sampler's count, garbage included, in processes of their own).
//
//   npx tsx test/bench/runLayer.bench.ts [--rounds 12]
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';
import { RUN_V8_FLAGS } from '../../src/cli/v8Flags';
import { emitRow, percentile } from './benchReport';

const argv = process.argv.slice(2);
const rounds = Number(argv[argv.indexOf('--rounds') + 1] ?? 0) || (argv.includes('--quick') ? 4 : 12);
const REQUESTS = 1000;
const root = resolve(__dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'regx-run-layer-'));

const file = Array.from({ length: REQUESTS }, (_, i) => `### r${i}\nGET {{base}}/items/${i}\nAccept: application/json\n`).join('\n');
writeFileSync(join(dir, 'bench.http'), file);

// The child: one run (or the bare loop), then its CPU and the heap sampler's total on stdout.
const child = `
import { setFlagsFromString } from 'node:v8';
import { Session } from 'node:inspector';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { channel } from 'node:diagnostics_channel';
import { parseHttp } from ${JSON.stringify(join(root, 'src/core/http/parser'))};
import { runHttpFile } from ${JSON.stringify(join(root, 'src/core/run/runHttpFile'))};
for (const flag of ${JSON.stringify(RUN_V8_FLAGS)}) setFlagsFromString(flag);
const sendHeaders = channel('undici:client:sendHeaders');
const body = new TextEncoder().encode('{"ok":true}');
// As undici does: the write is published from an immediate, the answer comes in a later turn.
const send = (request) => new Promise((done) => setImmediate(() => {
  sendHeaders.publish({ request: {}, headers: '', socket: {} });
  setImmediate(() => done({ id: 'x', startedAt: '', request: { method: request.method, url: request.url, headers: request.headers }, redirects: [], timings: { totalMs: 1, firstByteMs: 1, reused: true },
    response: { status: 200, statusText: 'OK', httpVersion: '1.1', headers: [['content-type', 'application/json']], body: { size: body.length, contentType: 'application/json', encoding: 'text', preview: '{"ok":true}', previewTruncated: false, bytes: body } } }));
}));
const session = new Session();
session.connect();
const post = (method, params) => new Promise((done, fail) => session.post(method, params, (error, result) => (error ? fail(error) : done(result))));
const sampled = (node) => node.selfSize + node.children.reduce((sum, c) => sum + sampled(c), 0);
(async () => {
  const filePath = process.argv[2];
  const text = readFileSync(filePath, 'utf8');
  // The heap sampler slows what it watches: CPU is measured in processes without it.
  const sampling = process.argv[4] === 'bytes';
  if (sampling) await post('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  const cpu = process.cpuUsage();
  if (process.argv[3] === 'run') {
    const result = await runHttpFile({ file: parseHttp(text), filePath, scope: { environment: new Map([['base', { value: 'http://127.0.0.1:9', source: 'environment', secret: false }]]) } }, { send, readFile: (p) => readFile(p) });
    if (!result.passed || result.results.length !== ${REQUESTS}) throw new Error('the run did not pass');
  } else {
    for (let i = 0; i < ${REQUESTS}; i++) await send({ method: 'GET', url: 'http://127.0.0.1:9/items/' + i, headers: [['Accept', 'application/json']] });
  }
  const used = process.cpuUsage(cpu);
  const bytes = sampling ? sampled((await post('HeapProfiler.stopSampling')).profile.head) : 0;
  process.stdout.write(JSON.stringify({ cpuUs: used.user + used.system, bytes }));
})();
`;
const entry = join(dir, 'child.ts');
writeFileSync(entry, child);

const quantileOf = (values: number[], q: number) => percentile(values, q * 100);

async function main(): Promise<void> {
  // Minified like the shipped bundle: the code a `regx run` executes, not tsx's.
  await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', minify: true, outfile: join(dir, 'child.js'), logLevel: 'error' });
  const once = (mode: 'run' | 'loop', what: 'cpu' | 'bytes' = 'cpu') => {
    const result = spawnSync(process.execPath, [join(dir, 'child.js'), join(dir, 'bench.http'), mode, what], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${mode}: ${result.stderr.slice(-2000)}`);
    const { cpuUs, bytes } = JSON.parse(result.stdout) as { cpuUs: number; bytes: number };
    return { cpuUs: cpuUs / REQUESTS, kb: bytes / REQUESTS / 1024 };
  };
  once('run');
  once('loop');
  const runs: { cpuUs: number; kb: number }[] = [];
  const loops: { cpuUs: number; kb: number }[] = [];
  for (let r = 0; r < rounds; r++) {
    if (r % 2) {
      loops.push(once('loop'));
      runs.push(once('run'));
    } else {
      runs.push(once('run'));
      loops.push(once('loop'));
    }
  }
  // Allocation varies little: three sampled processes each.
  const runBytes = [0, 1, 2].map(() => once('run', 'bytes'));
  const loopBytes = [0, 1, 2].map(() => once('loop', 'bytes'));
  const line = (label: string, values: { cpuUs: number }[], bytes: { kb: number }[]) =>
    `${label.padEnd(34)} cpu ${quantileOf(values.map((v) => v.cpuUs), 0.5).toFixed(1).padStart(6)} us/request (p95 ${quantileOf(values.map((v) => v.cpuUs), 0.95).toFixed(1)})   allocated ${quantileOf(bytes.map((v) => v.kb), 0.5).toFixed(1).padStart(5)} KB/request`;
  console.log(`run layer bench: ${REQUESTS} GETs over an in-memory transport, ${rounds} interleaved rounds of fresh processes (V8 flags ${RUN_V8_FLAGS.join(' ')})`);
  console.log(line('transport alone (baseline)', loops, loopBytes));
  console.log(line('runHttpFile over it', runs, runBytes));
  const cpu = quantileOf(runs.map((v) => v.cpuUs), 0.5) - quantileOf(loops.map((v) => v.cpuUs), 0.5);
  const kb = quantileOf(runBytes.map((v) => v.kb), 0.5) - quantileOf(loopBytes.map((v) => v.kb), 0.5);
  const paired = quantileOf(runs.map((v, i) => v.cpuUs / loops[i]!.cpuUs), 0.5);
  // For `npm run bench`'s table: CPU ms of the 1,000-request run.
  emitRow({ bench: 'runLayer', name: 'transport alone, 1,000 GETs (CPU)', median: (quantileOf(loops.map((v) => v.cpuUs), 0.5) * REQUESTS) / 1000, p95: (quantileOf(loops.map((v) => v.cpuUs), 0.95) * REQUESTS) / 1000, unit: 'ms' });
  emitRow({
    bench: 'runLayer',
    name: 'runHttpFile over it (CPU)',
    median: (quantileOf(runs.map((v) => v.cpuUs), 0.5) * REQUESTS) / 1000,
    p95: (quantileOf(runs.map((v) => v.cpuUs), 0.95) * REQUESTS) / 1000,
    unit: 'ms',
    ratio: quantileOf(runs.map((v) => v.cpuUs), 0.5) / quantileOf(loops.map((v) => v.cpuUs), 0.5),
    paired,
    versus: 'transport alone, 1,000 GETs (CPU)',
  });
  console.log(`the run layer adds ${cpu.toFixed(1)} us and ${kb.toFixed(1)} KB per request (parse included); cpu ${paired.toFixed(2)}× the transport alone (median of paired rounds)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
