// Escape attempts and runaway scripts: nothing inside the sandbox reaches Node, and the host
// keeps running (and runs the next script) after each one is stopped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScriptSandbox, type HostOps } from '../../../src/core/scripts/scriptSandbox';

interface Probe {
  logs: string[];
  errors: string[];
  done: boolean;
}

async function sandbox(limits?: { timeoutMs?: number; memoryBytes?: number }) {
  const probe: Probe = { logs: [], errors: [], done: false };
  const ops: HostOps = {
    log: (text) => void probe.logs.push(text),
    error: (json) => void probe.errors.push(JSON.parse(json).message as string),
    done: () => void (probe.done = true),
    'global.names': () => '[]',
  };
  const box = await ScriptSandbox.open(ops, { memoryBytes: 32 * 1024 * 1024, stackBytes: 256 * 1024, timeoutMs: 500, ...limits });
  const run = (code: string) => {
    probe.logs = [];
    probe.errors = [];
    probe.done = false;
    const fault = box.call(`(function () {\n${code}\n})`, JSON.stringify({ dialect: 'jetbrains', phase: 'post' }), () => probe.done);
    return { fault, logs: probe.logs, errors: probe.errors };
  };
  return { box, run };
}

test('the Function constructor reached through any object builds functions of the sandbox, which has no process, require or module', async () => {
  const { box, run } = await sandbox();
  const result = run(`
    const probes = {
      process: () => this.constructor.constructor('return typeof process')(),
      processViaArrow: () => (() => {}).constructor('return typeof process')(),
      require: () => typeof require === 'function' ? (() => { try { require('fs'); return 'loaded'; } catch (e) { return e.message; } })() : 'none',
      module: () => Function('return typeof module')(),
      globalProcess: () => typeof globalThis.process,
      buffer: () => typeof Buffer,
      fetch: () => typeof fetch,
      xhr: () => typeof XMLHttpRequest,
      setTimeout: () => typeof setTimeout,
      webAssembly: () => typeof WebAssembly,
      std: () => typeof std + '/' + typeof os,
      host: () => typeof host + '/' + typeof __regx_host,
    };
    for (const [name, probe] of Object.entries(probes)) client.log(name + '=' + probe());
  `);
  assert.equal(result.fault, undefined);
  assert.deepEqual(result.logs, [
    'process=undefined',
    'processViaArrow=undefined',
    "require=require('fs'): Node modules are not available in the script sandbox",
    'module=undefined',
    'globalProcess=undefined',
    'buffer=undefined',
    'fetch=undefined',
    'xhr=undefined',
    'setTimeout=undefined',
    'webAssembly=undefined',
    'std=undefined/undefined',
    'host=undefined/undefined',
  ]);
  box.dispose();
});

test('globalThis is the sandbox global: what a script puts there never appears on Node globals', async () => {
  const { box, run } = await sandbox();
  const result = run(`
    globalThis.escaped = 'yes';
    globalThis.process = { exit() {} };
    client.log(Object.getOwnPropertyNames(globalThis).filter((n) => /process|require|host/i.test(n)).sort().join(','));
  `);
  assert.equal(result.fault, undefined);
  assert.equal(result.logs[0], 'process,require');
  assert.equal((globalThis as Record<string, unknown>).escaped, undefined);
  assert.equal(typeof process.exit, 'function');
  box.dispose();
});

test('prototype pollution stays inside: the host never sees polluted Object or Array prototypes', async () => {
  const { box, run } = await sandbox();
  const result = run(`
    Object.prototype.polluted = 'yes';
    Array.prototype.polluted = 'yes';
    JSON.parse('{"__proto__": {"injected": true}}');
    Object.assign({}, JSON.parse('{"__proto__": {"injected": true}}'));
    client.log(({}).polluted);
  `);
  assert.equal(result.fault, undefined);
  assert.deepEqual(result.logs, ['yes']);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(([] as unknown as Record<string, unknown>).polluted, undefined);
  assert.equal(({} as Record<string, unknown>).injected, undefined);
  box.dispose();
});

test('dynamic import() and import statements load nothing', async () => {
  const { box, run } = await sandbox();
  const dynamic = run(`
    let outcome = 'pending';
    import('fs').then(() => { outcome = 'loaded'; }, (e) => { outcome = 'refused: ' + e.message; }).then(() => client.log(outcome));
  `);
  assert.equal(dynamic.fault, undefined);
  assert.equal(dynamic.logs.length, 1);
  assert.match(dynamic.logs[0]!, /^refused/);
  const statement = box.call(`(function () {\nimport fs from 'fs';\n})`, JSON.stringify({ dialect: 'jetbrains', phase: 'post' }), () => true);
  assert.equal(statement?.kind, 'syntax');
  box.dispose();
});

test('an endless loop is stopped at the deadline, with a clear message, and the host goes on', async () => {
  const { run } = await sandbox({ timeoutMs: 200 });
  const started = Date.now();
  const result = run('while (true) {}');
  assert.equal(result.fault?.kind, 'timeout');
  assert.match(result.fault!.message, /ran longer than 200 ms/);
  assert.ok(Date.now() - started < 5000);
  // The runtime was disposed; a fresh sandbox runs the next script.
  const { box: next, run: again } = await sandbox();
  assert.deepEqual(again('client.log("still here")').logs, ['still here']);
  next.dispose();
});

test('an endless loop that catches every error is still stopped: the interrupt cannot be caught', async () => {
  const { run } = await sandbox({ timeoutMs: 200 });
  const result = run('for (;;) { try { while (true) {} } catch (e) { client.log("caught " + e); } }');
  assert.equal(result.fault?.kind, 'timeout');
  assert.deepEqual(result.logs, []);
});

test('a 1 GB string, a growing array and deep recursion are stopped by the limits', async () => {
  const { run } = await sandbox({ timeoutMs: 10_000 });
  const bigString = run('const s = "x".repeat(1023 * 1024 * 1024); client.log(s.length);');
  assert.ok(bigString.fault?.kind === 'memory' || bigString.errors.some((e) => /memory/.test(e)), JSON.stringify(bigString));
  assert.deepEqual(bigString.logs, []);
  const tooLong = run('const s = "x".repeat(1024 * 1024 * 1024); client.log(s.length);');
  assert.ok(tooLong.fault?.kind === 'memory' || tooLong.errors.some((e) => /invalid string length/.test(e)), JSON.stringify(tooLong));

  const { run: run2 } = await sandbox({ timeoutMs: 10_000 });
  const doubling = run2('let s = "x"; while (true) s = s + s;');
  assert.ok(doubling.fault?.kind === 'memory' || doubling.errors.some((e) => /memory|too long|invalid string length/.test(e)), JSON.stringify(doubling));

  const { run: run3 } = await sandbox({ timeoutMs: 10_000 });
  const array = run3('const a = []; while (true) a.push("y".repeat(1000) + a.length);');
  assert.ok(array.fault?.kind === 'memory' || array.fault?.kind === 'timeout', JSON.stringify(array));

  const { run: run4 } = await sandbox();
  const recursion = run4('function down(n) { return down(n + 1) + 1; } down(0);');
  assert.ok(recursion.fault?.kind === 'stack' || recursion.errors.some((e) => /stack/.test(e)), JSON.stringify(recursion));
  assert.equal(typeof process.pid, 'number');
});

test('a host function cannot be reached through an error: its messages cross, its stack does not', async () => {
  const { box, run } = await sandbox();
  const result = run(`
    try { crypto.sha256().updateWithHex('zz').digest(); } catch (e) { client.log(e.message, String(e.stack).includes('node:') ? 'host stack' : 'no host stack'); }
  `);
  // 'digest' is not an operation of this probe host: the error is the sandbox's own.
  assert.equal(result.fault, undefined);
  assert.match(result.logs[0]!, /unknown host operation 'digest' no host stack/);
  box.dispose();
});
