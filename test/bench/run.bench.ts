// Runner benchmark: parse and run a 50-request file (file variables, a dynamic header, a
// `?? status == 200` assertion on each) against a loopback server, with our engine and, as the
// baseline in the same process, httpyac 6 sending the same file.
//
//   npx tsx test/bench/run.bench.ts [--runs 20]
import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cli, send, store } from 'httpyac';
import { parseHttp } from '../../src/core/http/parser';
import { runHttpFile } from '../../src/core/run/runHttpFile';
import { sendRequest } from '../../src/core/send/sendRequest';
import { startHttpServer } from '../helpers/http-servers';

const argv = process.argv.slice(2);
const runs = Number(argv[argv.indexOf('--runs') + 1] ?? 0) || 20;
const REQUESTS = 50;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function measure(label: string, once: () => Promise<number>): Promise<{ median: number; p95: number }> {
  for (let i = 0; i < Math.max(3, Math.floor(runs / 5)); i++) await once();
  const times: number[] = [];
  let sent = 0;
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    sent = await once();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const result = { median: percentile(times, 50), p95: percentile(times, 95) };
  console.log(`${label.padEnd(30)} requests ${String(sent).padStart(3)}  median ${result.median.toFixed(1).padStart(7)} ms  p95 ${result.p95.toFixed(1).padStart(7)} ms`);
  return result;
}

async function main(): Promise<void> {
  const server = await startHttpServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end('{"ok":true,"items":[1,2,3]}');
  });
  const dir = mkdtempSync(join(tmpdir(), 'regx-bench-'));
  const file = join(dir, 'bench.http');
  const blocks = Array.from({ length: REQUESTS }, (_, i) => `### r${i}\nGET {{base}}/items/${i}?page={{page}}\nX-Correlation-Id: {{$guid}}\nAccept: application/json\n\n?? status == 200\n`);
  const text = `@base = ${server.url}\n@page = 2\n\n${blocks.join('\n')}`;
  writeFileSync(file, text);
  console.log(`run ${REQUESTS} requests against ${server.url} (${runs} runs after warm-up)`);

  const ours = await measure('register-explorer runHttpFile', async () => {
    const result = await runHttpFile({ file: parseHttp(text), filePath: file, scope: {} }, { send: (request, signal) => sendRequest(request, { signal }), readFile: (p) => readFile(p) });
    if (!result.passed) throw new Error(result.results.find((r) => r.outcome === 'failed')?.reason);
    return result.results.length;
  });
  cli.initFileProvider();
  const baseline = await measure('httpyac 6 send', async () => {
    const httpFile = await new store.HttpFileStore().getOrCreate(file, () => Promise.resolve(text), 0, { workingDir: dirname(file) });
    const regions = httpFile.httpRegions.filter((region) => region.request);
    const before = server.requests.length;
    await send({ httpFile, httpRegions: regions, logResponse: undefined, logStream: undefined } as Parameters<typeof send>[0]);
    return server.requests.length - before;
  });
  console.log(`ratio (httpyac / ours): median ${(baseline.median / ours.median).toFixed(1)}x  p95 ${(baseline.p95 / ours.p95).toFixed(1)}x`);
  await server.close();
}

void main();
