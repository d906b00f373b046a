// Script benchmark: the overhead of one response-handler call in the QuickJS sandbox (goal: at
// most 1 ms warm), beside the same handler run by Node's own `vm` module in the same process —
// what httpYac does, with no sandbox worth the name — as the baseline. Also: the first script of
// a run (a new runtime, context and prelude) and the first ever (compiling the WebAssembly).
//
//   flock /tmp/regx-bench.lock npx tsx test/bench/scripts.bench.ts [--runs 500]
//
// No network: the handler reads a prepared 2 KB JSON response, sets a global and runs a test,
// the shape of the corpus' JetBrains handlers.
import { runInNewContext, createContext, runInContext } from 'node:vm';
import { parseHttp } from '../../src/core/http/parser';
import { createScriptRunner, ScriptValueStore } from '../../src/core/scripts';
import type { ScriptResponseView } from '../../src/core/scripts';
import type { ResponseRecord } from '../../src/core/send/types';

const argv = process.argv.slice(2);
const runs = Number(argv[argv.indexOf('--runs') + 1] ?? 0) || 500;

const HANDLER = ['client.global.set("token", response.body.data.token);', 'client.test("ok", function () {', '  client.assert(response.status === 200, "not 200");', '});'].join('\n');
const text = `GET https://example.org/login\n\n> {%\n${HANDLER}\n%}\n`;
const file = parseHttp(text);
const block = file.requests[0]!;
const body = JSON.stringify({ data: { token: 'tok-1', items: Array.from({ length: 40 }, (_, id) => ({ id, name: `item ${id}` })) } });
const record = {
  id: 'bench',
  request: { method: 'GET', url: 'https://example.org/login', headers: [] },
  response: { status: 200, statusText: 'OK', httpVersion: '1.1', headers: [['content-type', 'application/json']], body: { contentType: 'application/json', size: body.length, encoding: 'text', preview: body, previewTruncated: false } },
  timings: { totalMs: 12 },
} as unknown as ResponseRecord;
const view: ScriptResponseView = {
  block,
  method: 'GET',
  urlRaw: 'https://example.org/login',
  headersRaw: [],
  substitute: (t) => t,
  lookup: () => undefined,
  variableNames: () => [],
  sent: { method: 'GET', url: 'https://example.org/login', headers: [], followRedirects: true, secrets: [] } as unknown as ScriptResponseView['sent'],
  record,
  text: body,
};

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function measure(label: string, count: number, once: () => Promise<void> | void): Promise<{ median: number; p95: number }> {
  for (let i = 0; i < Math.max(3, Math.floor(count / 10)); i++) await once();
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    await once();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const result = { median: percentile(times, 50), p95: percentile(times, 95) };
  console.log(`${label.padEnd(44)} median ${result.median.toFixed(3).padStart(8)} ms  p95 ${result.p95.toFixed(3).padStart(8)} ms  (${count} runs)`);
  return result;
}

async function main(): Promise<void> {
  console.log(`one JetBrains response handler (${HANDLER.split('\n').length} lines, ${(body.length / 1024).toFixed(1)} KB JSON body)`);
  const context = { file, filePath: '/bench/login.http', environment: new Map(), readFile: async () => new Uint8Array(), secrets: () => [], usedSecret: () => undefined };

  // The first script ever: compiles and instantiates the WebAssembly module.
  const coldStart = process.hrtime.bigint();
  const first = createScriptRunner().open(context);
  await first.afterResponse(view);
  console.log(`${'first script in the process (compile + open)'.padEnd(44)} ${(Number(process.hrtime.bigint() - coldStart) / 1e6).toFixed(1).padStart(8)} ms`);
  first.close();

  const globals = new ScriptValueStore();
  const runner = createScriptRunner({ globals });
  const open = await measure('first script of a run (runtime+context+call)', Math.max(20, Math.floor(runs / 10)), async () => {
    const session = runner.open(context);
    await session.afterResponse(view);
    session.close();
  });

  const session = runner.open(context);
  const warm = await measure('QuickJS sandbox, warm call', runs, async () => {
    const outcome = await session.afterResponse(view);
    if (outcome.tests[0]?.outcome !== 'passed' || globals.get('token')?.json !== '"tok-1"') throw new Error('the handler did not run');
  });
  session.close();

  // Baseline: Node's vm, one context kept for the run, the same objects built per call.
  const vmContext = createContext({});
  const vmGlobals = new Map<string, unknown>();
  const vm = await measure('node:vm (no sandbox), warm call', runs, () => {
    const tests: boolean[] = [];
    const client = {
      global: { set: (name: string, value: unknown) => vmGlobals.set(name, value) },
      test: (_name: string, fn: () => void) => tests.push((fn(), true)),
      assert: (condition: unknown, message: string) => {
        if (!condition) throw new Error(message);
      },
    };
    vmContext.client = client;
    vmContext.response = { status: 200, body: JSON.parse(body) };
    runInContext(`(function () {\n${HANDLER}\n})()`, vmContext, { filename: 'login.http' });
    if (!tests[0] || vmGlobals.get('token') !== 'tok-1') throw new Error('vm handler did not run');
  });
  const fresh = await measure('node:vm, new context per call', Math.max(20, Math.floor(runs / 10)), () => {
    runInNewContext(`(function () {\n${HANDLER}\n})()`, { client: { global: { set() {} }, test(_: string, fn: () => void) { fn(); }, assert() {} }, response: { status: 200, body: JSON.parse(body) } });
  });

  console.log('');
  console.log(`warm call: ${warm.median.toFixed(3)} ms median (goal <= 1 ms: ${warm.median <= 1 ? 'met' : 'NOT met'}), ${(warm.median / vm.median).toFixed(1)}x node:vm's ${vm.median.toFixed(3)} ms`);
  console.log(`first call of a run: ${open.median.toFixed(2)} ms median, ${(open.median / fresh.median).toFixed(1)}x a fresh node:vm context (${fresh.median.toFixed(2)} ms)`);
}

void main();
