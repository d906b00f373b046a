// Sandbox throughput: a mixed load of reads and writes across five registries (kvk over HTTPS,
// vng-klanten with JWTs, data-collectief, allsolutions, vr-publiek) at concurrency 50 on
// loopback, beside a bare `http.createServer` hello under the same load in
// the same process (the baseline). Prints requests/s, median and p95 latency, and the ratios.
// Any answer other than the expected status counts as an error and fails the run.
//
//   npx tsx test/bench/sandbox.bench.ts [--requests 3000] [--rounds 3]
import { createServer } from 'node:http';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { SignJWT } from 'jose';
import { startSandbox } from '../../src/sandbox/server';
import { emitRow } from './benchReport';

const argv = process.argv.slice(2);
const arg = (name: string, fallback: number) => Number(argv[argv.indexOf(`--${name}`) + 1] ?? 0) || fallback;
const REQUESTS = arg('requests', argv.includes('--quick') ? 1000 : 3000);
const ROUNDS = arg('rounds', 3);
const CONCURRENCY = 50;
const TIME_LIMIT_MS = 120_000;

interface Call {
  label: string;
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  expect: number;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Runs `total` calls with `CONCURRENCY` in flight; returns per-call latencies and the wall time. */
async function load(calls: (i: number) => Call, total: number, agent: Agent, deadline: number): Promise<{ latencies: number[]; seconds: number; errors: string[] }> {
  const latencies: number[] = [];
  const errors: string[] = [];
  let next = 0;
  const started = performance.now();
  async function worker(): Promise<void> {
    while (next < total && performance.now() < deadline) {
      const call = calls(next++);
      const t = performance.now();
      try {
        const response = await request(call.url, { method: call.method, headers: call.headers, body: call.body, dispatcher: agent });
        await response.body.dump();
        if (response.statusCode !== call.expect) errors.push(`${call.label}: ${response.statusCode}`);
      } catch (error) {
        errors.push(`${call.label}: ${(error as Error).message}`);
      }
      latencies.push(performance.now() - t);
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { latencies, seconds: (performance.now() - started) / 1000, errors };
}

async function main(): Promise<void> {
  const deadline = performance.now() + TIME_LIMIT_MS;
  const dir = await mkdtemp(join(tmpdir(), 'regx-bench-'));
  const sandbox = await startSandbox({ basePort: 0, stateDir: dir, registries: ['kvk', 'vng-klanten', 'data-collectief', 'allsolutions', 'vr-publiek'] });
  const baseline = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('hello'));
  baseline.listen(0, '127.0.0.1');
  await once(baseline, 'listening');
  const baselinePort = (baseline.address() as { port: number }).port;
  const agent = new Agent({ connections: CONCURRENCY, connect: { ca: await readFile(sandbox.caFile, 'utf8') } });
  try {
    const r = sandbox.registries;
    const c = sandbox.credentials;
    const kvk = { apikey: c.kvk!.kvkApiKey as string };
    const vng = c['vng-klanten']!;
    const jwt = await new SignJWT({ client_id: vng.klantenClientId }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().sign(new TextEncoder().encode(vng.klantenSecret as string));
    const zgw = { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' };
    const dc = { authorization: `Basic ${Buffer.from(`${c['data-collectief']!.dataCollectiefUser}:${c['data-collectief']!.dataCollectiefPassword}`).toString('base64')}`, 'content-type': 'application/json' };
    const as = c.allsolutions!;
    const koppeling = { 'x-client-id': as.allSolutionsClientId as string, 'x-client-secret': as.allSolutionsClientSecret as string, 'content-type': 'application/json' };
    const tokenResponse = await request(`${r.allsolutions}/api/v1/token`, { method: 'POST', headers: koppeling, body: JSON.stringify({ username: as.allSolutionsUser, password: as.allSolutionsPassword }), dispatcher: agent });
    const token = ((await tokenResponse.body.json()) as { access_token: string }).access_token;
    const asAuth = { ...koppeling, authorization: `Bearer ${token}` };

    const mix: ((i: number) => Call)[] = [
      () => ({ label: 'kvk zoeken', url: `${r.kvk}/test/api/v2/zoeken?naam=test&resultatenPerPagina=10`, method: 'GET', headers: kvk, expect: 200 }),
      () => ({ label: 'kvk basisprofiel', url: `${r.kvk}/test/api/v1/basisprofielen/68750110`, method: 'GET', headers: kvk, expect: 200 }),
      () => ({ label: 'vng list', url: `${r['vng-klanten']}/api/v1/klanten`, method: 'GET', headers: zgw, expect: 200 }),
      (i) => ({ label: 'vng create', url: `${r['vng-klanten']}/api/v1/klanten`, method: 'POST', headers: zgw, body: JSON.stringify({ bronorganisatie: '002220647', websiteUrl: `https://www.example.org/bench/${i}`, achternaam: `Bench ${i}` }), expect: 201 }),
      () => ({ label: 'dc search', url: `${r['data-collectief']}/api/v1/companies?name=*bakkerij*&pageSize=25`, method: 'GET', headers: dc, expect: 200 }),
      // 40 companies in turn: each costs a credit once, then is owned (100 credits suffice).
      (i) => ({ label: 'dc download', url: `${r['data-collectief']}/api/v1/companies/${100001 + (i % 40)}`, method: 'GET', headers: dc, expect: 200 }),
      () => ({ label: 'as relaties', url: `${r.allsolutions}/api/v1/relaties?aantal=20`, method: 'GET', headers: asAuth, expect: 200 }),
      (i) => ({ label: 'as create', url: `${r.allsolutions}/api/v1/relaties`, method: 'POST', headers: asAuth, body: JSON.stringify({ naam: `Bench ${i}` }), expect: 201 }),
      () => ({ label: 'vr zoeken', url: `${r['vr-publiek']}/v1/verenigingen/zoeken?q=*`, method: 'GET', headers: { 'vr-api-key': c['vr-publiek']!.vrPubliekApiKey as string }, expect: 200 }),
    ];
    const sandboxCall = (i: number) => mix[i % mix.length]!(i);
    const baselineCall = (): Call => ({ label: 'baseline', url: `http://127.0.0.1:${baselinePort}/`, method: 'GET', headers: {}, expect: 200 });

    console.log(`sandbox mixed load: ${mix.length} kinds of call (reads and writes, kvk over HTTPS), concurrency ${CONCURRENCY}, ${REQUESTS} requests x ${ROUNDS} rounds after warm-up`);
    await load(sandboxCall, 400, agent, deadline);
    await load(baselineCall, 400, agent, deadline);
    const results = { sandbox: { rps: [] as number[], latencies: [] as number[], errors: [] as string[] }, baseline: { rps: [] as number[], latencies: [] as number[], errors: [] as string[] } };
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, calls] of [['sandbox', sandboxCall], ['baseline', baselineCall]] as const) {
        const run = await load(calls, REQUESTS, agent, deadline);
        results[name].rps.push(run.latencies.length / run.seconds);
        results[name].latencies.push(...run.latencies);
        results[name].errors.push(...run.errors);
      }
    }
    const line = (name: 'sandbox' | 'baseline') => {
      const x = results[name];
      const rps = percentile(x.rps, 50);
      console.log(`${name.padEnd(9)} ${rps.toFixed(0).padStart(6)} req/s (median of rounds)  median ${percentile(x.latencies, 50).toFixed(2).padStart(7)} ms  p95 ${percentile(x.latencies, 95).toFixed(2).padStart(7)} ms  requests ${x.latencies.length}  errors ${x.errors.length}`);
      return { rps, p50: percentile(x.latencies, 50), p95: percentile(x.latencies, 95) };
    };
    const s = line('sandbox');
    const b = line('baseline');
    console.log(`ratio sandbox/baseline: throughput ${(s.rps / b.rps).toFixed(2)}x, median latency ${(s.p50 / b.p50).toFixed(2)}x, p95 latency ${(s.p95 / b.p95).toFixed(2)}x`);
    emitRow({ bench: 'sandbox', name: 'sandbox, mixed calls', median: s.rps, unit: 'req/s', ratio: s.rps / b.rps, versus: 'plain node:http server' });
    const errors = [...results.sandbox.errors, ...results.baseline.errors];
    if (errors.length > 0) {
      console.error(`errors: ${errors.length}, first: ${errors.slice(0, 5).join('; ')}`);
      process.exitCode = 1;
    }
    if (performance.now() > deadline) {
      console.error(`stopped at the ${TIME_LIMIT_MS / 1000} s time limit`);
      process.exitCode = 1;
    }
  } finally {
    await agent.close();
    await new Promise<void>((done) => baseline.close(() => done()));
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
