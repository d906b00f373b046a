import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:tls';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { Agent, request } from 'undici';
import { useSandbox } from './harness';
import { startSandbox, type SandboxOptions } from '../../src/sandbox/server';
import { ensureSandbox, findRunningSandbox } from '../../src/sandbox/ensure';
import type { SandboxRegistry } from '../../src/sandbox/types';
import { sandboxRegistrySources } from '../../src/sandbox/registries/index';
import { UsageError } from '../../src/cli/errors';

const broken: SandboxRegistry = {
  id: 'broken',
  openapiFile: join(__dirname, 'fixtures', 'broken-openapi.yaml'),
  credentials: {},
  handle(request) {
    if (request.path === '/boom') throw new Error('handler exploded');
    if (request.path === '/bad-header') return { status: 200, headers: { 'x-broken': 'line\nbreak' }, body: { ok: true } };
    return { status: 200, body: { ok: true } };
  },
  snapshot: () => ({}),
  restore: () => undefined,
};

const sandbox = useSandbox({ registries: ['kvk'], extraRegistries: [broken] });

test('each registry gets its own loopback origin; kvk is HTTPS only', () => {
  const { registries } = sandbox.sandbox;
  assert.match(registries.kvk!, /^https:\/\/127\.0\.0\.1:\d+$/);
  assert.match(registries.broken!, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.notEqual(new URL(registries.kvk!).port, new URL(registries.broken!).port);
});

test('the CA file is a root the kvk certificate chains to', async () => {
  const { port } = new URL(sandbox.sandbox.registries.kvk!);
  const handshake = (ca?: string) =>
    new Promise<{ authorized: boolean; error?: string }>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port: Number(port), ca, servername: 'localhost', rejectUnauthorized: false }, () => {
        resolve({ authorized: socket.authorized, error: socket.authorizationError ? String(socket.authorizationError) : undefined });
        socket.end();
      });
      socket.on('error', reject);
    });
  const trusted = await handshake(sandbox.ca);
  assert.equal(trusted.authorized, true, trusted.error);
  const untrusted = await handshake();
  assert.equal(untrusted.authorized, false);
  assert.match(untrusted.error ?? '', /UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED|UNABLE_TO_GET_ISSUER/i);
});

test('plain HTTP to the kvk origin is refused', async () => {
  const { port } = new URL(sandbox.sandbox.registries.kvk!);
  await assert.rejects(fetch(`http://127.0.0.1:${port}/test/api/v2/zoeken?naam=test`));
});

test('an unknown route answers 404 in that registry\'s own error shape', async () => {
  const response = await sandbox.call('kvk', 'GET', '/no/such/route', { headers: { apikey: sandbox.sandbox.credentials.kvk!.kvkApiKey as string } });
  assert.equal(response.status, 404);
  assert.deepEqual(Object.keys(response.body as object), ['fout']);
});

test('a handler exception answers 500 and the registry keeps serving', async () => {
  const failed = await sandbox.call('broken', 'GET', '/boom');
  assert.equal(failed.status, 500);
  assert.match((failed.body as { detail: string }).detail, /handler exploded/);
  const next = await sandbox.call('broken', 'GET', '/fine');
  assert.equal(next.status, 200);
  const unsendable = await fetch(`${sandbox.sandbox.registries.broken}/bad-header`);
  assert.equal(unsendable.status, 500);
  assert.match(((await unsendable.json()) as { detail: string }).detail, /cannot be sent/);
  assert.equal((await sandbox.call('broken', 'GET', '/fine')).status, 200);
});

test('every registry serves its OpenAPI document as JSON', async () => {
  const response = await sandbox.call('kvk', 'GET', '/openapi.json');
  assert.equal(response.status, 200);
  assert.match(response.headers['content-type']!, /application\/json/);
  assert.match((response.body as { openapi: string }).openapi, /^3\./);
});

// ---- lifecycles beyond the shared sandbox: CLI, persistence, latency, CA reuse -----------

const ROOT = join(__dirname, '..', '..');

async function withTempDir<T>(run: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'regx-host-'));
  try {
    return await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('regx sandbox --json prints one line once every registry listens, and stops cleanly on SIGINT', async () => {
  await withTempDir(async (dir) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'sandbox', '--port', '0', '--json'], { cwd: ROOT, env: { ...process.env, REGX_STATE_DIR: dir }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    const exited = once(child, 'exit');
    try {
      const line = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk;
          if (stdout.includes('\n')) resolve(stdout.slice(0, stdout.indexOf('\n')));
        });
        child.once('exit', (code) => reject(new Error(`exited ${code} before printing: ${stderr}`)));
      });
      const printed = JSON.parse(line) as { registries: Record<string, string>; caFile: string; credentials: Record<string, Record<string, unknown>> };
      assert.deepEqual(Object.keys(printed.registries).sort(), sandboxRegistrySources().map((s) => s.id).sort());
      assert.equal(printed.caFile, join(dir, 'sandbox-ca.pem'));
      assert.equal(printed.credentials.kvk!.kvkApiKey, 'l7xx1f2691f2520d487b902f4e0b57a0b197');
      const agent = new Agent({ connect: { ca: await readFile(printed.caFile, 'utf8') } });
      try {
        for (const [id, base] of Object.entries(printed.registries)) {
          const response = await request(`${base}/openapi.json`, { dispatcher: agent });
          assert.equal(response.statusCode, 200, id);
          assert.match(((await response.body.json()) as { openapi: string }).openapi, /^3\./, id);
        }
      } finally {
        await agent.close();
      }
      child.kill('SIGINT');
      const [code] = await exited;
      assert.equal(code, 0, stderr);
      assert.equal(stdout.trim().split('\n').length, 1, 'exactly one line on stdout');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});

/** Runs `regx sandbox ARGS` from the sources; resolves with the process once `ready` matches its stdout. */
async function runCli(args: string[], env: Record<string, string>, ready: RegExp): Promise<{ child: ReturnType<typeof spawn>; output: () => { stdout: string; stderr: string }; exited: Promise<unknown[]> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'sandbox', ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk));
  const exited = once(child, 'exit');
  await new Promise<void>((resolve) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk;
      if (ready.test(stdout)) resolve();
    });
    child.once('exit', () => resolve());
  });
  return { child, output: () => ({ stdout, stderr }), exited };
}

test('regx sandbox without --json prints a table of registries, URLs, credentials and the CA file', async () => {
  await withTempDir(async (dir) => {
    const run = await runCli(['--port', '0', '--only', 'kvk,allsolutions'], { REGX_STATE_DIR: dir }, /Ctrl\+C/);
    try {
      const { stdout } = run.output();
      assert.match(stdout, /^kvk\s+https:\/\/127\.0\.0\.1:\d+\s+kvkApiKey=l7xx1f2691f2520d487b902f4e0b57a0b197/m);
      assert.match(stdout, /^allsolutions\s+http:\/\/127\.0\.0\.1:\d+\s+allSolutionsClientId=/m);
      assert.doesNotMatch(stdout, /vng-klanten/);
      assert.ok(stdout.includes(join(dir, 'sandbox-ca.pem')));
      run.child.kill('SIGINT');
      const [code] = await run.exited;
      assert.equal(code, 0);
      assert.match(run.output().stdout, /sandbox stopped\n$/);
    } finally {
      if (run.child.exitCode === null) run.child.kill('SIGKILL');
    }
  });
});

test('regx sandbox on a busy port exits 1 with the reason and no stack trace', async () => {
  await withTempDir(async (dir) => {
    const blocker = createNetServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const run = await runCli(['--port', String(port), '--only', 'kvk'], { REGX_STATE_DIR: dir }, /never/);
      const [code] = await run.exited;
      assert.equal(code, 1);
      const { stderr } = run.output();
      assert.match(stderr, new RegExp(`port ${port} for the kvk sandbox is already in use`));
      assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});

test('regx sandbox refuses bad arguments with a usage error', async () => {
  const { parseSandboxArgs } = await import('../../src/cli/commands/sandbox');
  assert.deepEqual(parseSandboxArgs(['--port', '0', '--latency', 'kvk=650,vng-klanten=5', '--json'], '/x'), { basePort: 0, json: true, latency: { kvk: 650, 'vng-klanten': 5 } });
  assert.deepEqual(parseSandboxArgs(['--latency=kvk=500-800'], '/x').latency, { kvk: { min: 500, max: 800 } });
  assert.equal(parseSandboxArgs(['--data', 'state'], '/x').dataDir, join('/x', 'state'));
  for (const args of [['--port', 'abc'], ['--latency', 'kvk'], ['--latency', 'kvk=-1'], ['--latency', 'kvk=800-500'], ['--wat'], ['--port']]) {
    assert.throws(() => parseSandboxArgs(args, '/x'), UsageError, args.join(' '));
  }
});

test('with --data, state survives a restart and the CA is reused', async () => {
  await withTempDir(async (dir) => {
    const first = await startSandbox({ basePort: 0, dataDir: dir, registries: ['allsolutions'] });
    const credentials = first.credentials.allsolutions as { allSolutionsClientId: string; allSolutionsClientSecret: string; allSolutionsUser: string; allSolutionsPassword: string };
    const headers = { 'x-client-id': credentials.allSolutionsClientId, 'x-client-secret': credentials.allSolutionsClientSecret, 'content-type': 'application/json' };
    const tokenResponse = await fetch(`${first.registries.allsolutions}/api/v1/token`, { method: 'POST', headers, body: JSON.stringify({ username: credentials.allSolutionsUser, password: credentials.allSolutionsPassword }) });
    const { access_token } = (await tokenResponse.json()) as { access_token: string };
    const created = await fetch(`${first.registries.allsolutions}/api/v1/relaties`, { method: 'POST', headers: { ...headers, authorization: `Bearer ${access_token}` }, body: JSON.stringify({ naam: 'Blijft Bestaan BV' }) });
    assert.equal(created.status, 201);
    const { relatienummer } = (await created.json()) as { relatienummer: number };
    const ca = await readFile(first.caFile, 'utf8');
    await first.close();

    const second = await startSandbox({ basePort: 0, dataDir: dir, registries: ['allsolutions', 'kvk'] });
    try {
      assert.equal(await readFile(second.caFile, 'utf8'), ca, 'the same root CA, so trust persists');
      const usage = await fetch(`${second.registries.allsolutions}/api/v1/verbruik`, { headers });
      assert.equal(((await usage.json()) as { calls: number }).calls, 2, 'the call counter came back too');
      const again = await fetch(`${second.registries.allsolutions}/api/v1/token`, { method: 'POST', headers, body: JSON.stringify({ username: credentials.allSolutionsUser, password: credentials.allSolutionsPassword }) });
      const token = ((await again.json()) as { access_token: string }).access_token;
      const read = await fetch(`${second.registries.allsolutions}/api/v1/relaties/${relatienummer}`, { headers: { ...headers, authorization: `Bearer ${token}` } });
      assert.equal(read.status, 200);
      assert.equal(((await read.json()) as { naam: string }).naam, 'Blijft Bestaan BV');
    } finally {
      await second.close();
    }
  });
});

test('an acknowledged change survives SIGKILL right after its answer, and no temporary file is left', async () => {
  await withTempDir(async (dir) => {
    const run = await runCli(['--port', '0', '--json', '--data', dir, '--only', 'allsolutions'], {}, /\n/);
    try {
      const printed = JSON.parse(run.output().stdout) as { registries: Record<string, string>; credentials: Record<string, Record<string, string>> };
      const base = printed.registries.allsolutions!;
      const c = printed.credentials.allsolutions!;
      const headers = { 'x-client-id': c.allSolutionsClientId!, 'x-client-secret': c.allSolutionsClientSecret!, 'content-type': 'application/json' };
      const token = ((await (await fetch(`${base}/api/v1/token`, { method: 'POST', headers, body: JSON.stringify({ username: c.allSolutionsUser, password: c.allSolutionsPassword }) })).json()) as { access_token: string }).access_token;
      const created = await fetch(`${base}/api/v1/relaties`, { method: 'POST', headers: { ...headers, authorization: `Bearer ${token}` }, body: JSON.stringify({ naam: 'Overleeft Kill -9 BV' }) });
      assert.equal(created.status, 201);
      // Killed the moment the 201 is in: the acknowledged write must be on disk already.
      run.child.kill('SIGKILL');
      await run.exited;
      assert.deepEqual((await readdir(dir)).filter((name) => name.endsWith('.tmp')), [], 'no temporary files left behind');
      const restarted = await startSandbox({ basePort: 0, dataDir: dir, registries: ['allsolutions'] });
      try {
        const snapshot = restarted.registries.allsolutions!;
        const again = ((await (await fetch(`${snapshot}/api/v1/token`, { method: 'POST', headers, body: JSON.stringify({ username: c.allSolutionsUser, password: c.allSolutionsPassword }) })).json()) as { access_token: string }).access_token;
        const found = await fetch(`${snapshot}/api/v1/relaties?zoek=overleeft`, { headers: { ...headers, authorization: `Bearer ${again}` } });
        assert.equal(((await found.json()) as { totaal: number }).totaal, 1);
      } finally {
        await restarted.close();
      }
    } finally {
      if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
    }
  });
});

test('a corrupt data file stops the start with a message naming the file', async () => {
  await withTempDir(async (dir) => {
    await writeFile(join(dir, 'allsolutions.json'), '{not json');
    await assert.rejects(startSandbox({ basePort: 0, dataDir: dir, registries: ['allsolutions'] }), /allsolutions\.json is not valid JSON/);
  });
});

test('latency delays each answer of that registry; it must name a hosted registry', async () => {
  await withTempDir(async (dir) => {
    const running = await startSandbox({ basePort: 0, stateDir: dir, registries: ['allsolutions', 'vng-klanten'], latency: { allsolutions: 300, 'vng-klanten': { min: 200, max: 250 } } });
    try {
      // Lower bounds only: an answer cannot come before its configured delay.
      for (const [id, least] of [['allsolutions', 300], ['vng-klanten', 200]] as const) {
        const started = performance.now();
        const response = await fetch(`${running.registries[id]}/no/such/route`);
        await response.text();
        const elapsed = performance.now() - started;
        assert.equal(response.status, 404);
        assert.ok(elapsed >= least - 5, `${id} answered after ${elapsed.toFixed(0)} ms, before its ${least} ms latency`);
      }
    } finally {
      await running.close();
    }
    await assert.rejects(startSandbox({ basePort: 0, stateDir: dir, registries: ['vng-klanten'], latency: { kvk: 650 } }), /latency given for 'kvk'/);
    await assert.rejects(startSandbox({ basePort: 0, stateDir: dir, registries: ['vng-klanten'], latency: { 'vng-klanten': -5 } }), /≥ 0/);
    await assert.rejects(startSandbox({ basePort: 0, stateDir: dir, registries: ['vng-klanten'], latency: { 'vng-klanten': { min: 9, max: 3 } } }), /min ≤ max/);
  });
});

test('a busy port gives a clear error and leaves nothing listening', async () => {
  await withTempDir(async (dir) => {
    const first = await startSandbox({ basePort: 0, stateDir: dir, registries: ['vng-klanten'] });
    try {
      const port = Number(new URL(first.registries['vng-klanten']!).port);
      const base = port - (sandboxRegistrySources().find((s) => s.id === 'vng-klanten')!.port - 7400);
      await assert.rejects(startSandbox({ basePort: base, stateDir: dir, registries: ['kvk', 'vng-klanten'] }), /already in use.*--port/);
      // kvk (listed first) was closed again: its port is free.
      const probe = createNetServer();
      await new Promise<void>((resolve, reject) => probe.once('error', reject).listen(base, '127.0.0.1', resolve));
      await new Promise<void>((resolve) => probe.close(() => resolve()));
    } finally {
      await first.close();
    }
  });
});

/**
 * A sandbox on fixed ports (what findRunningSandbox probes), at a base below Linux's ephemeral
 * range (32768+) so outgoing connections of other tests cannot hold one of its ports; a base
 * that is taken anyway is skipped for the next one.
 */
async function startOnFixedBase(seed: number, options: Omit<SandboxOptions, 'basePort'>): Promise<{ base: number; running: Awaited<ReturnType<typeof startSandbox>> }> {
  for (let attempt = 0; ; attempt++) {
    const base = 20000 + ((process.pid + seed + attempt * 97) % 1200) * 10;
    if (await findRunningSandbox(base, String(options.stateDir ?? options.dataDir))) continue;
    try {
      return { base, running: await startSandbox({ ...options, basePort: base }) };
    } catch (error) {
      if (attempt >= 20 || !/already in use/.test(String((error as Error).message))) throw error;
    }
  }
}

test('findRunningSandbox sees a sandbox on fixed ports; ensureSandbox reuses it', async () => {
  await withTempDir(async (dir) => {
    const { base, running } = await startOnFixedBase(0, { stateDir: dir });
    try {
      const found = await findRunningSandbox(base, dir);
      assert.ok(found);
      assert.deepEqual(found.registries, running.registries);
      assert.equal(found.caFile, running.caFile);
      assert.deepEqual(found.credentials, running.credentials);
      const ensured = await ensureSandbox({ basePort: base, stateDir: dir });
      assert.equal(ensured.shared, true);
      await ensured.close(); // a shared sandbox is not stopped by its borrower
      assert.ok(await findRunningSandbox(base, dir));
      await withTempDir(async (otherDir) => {
        await startSandbox({ basePort: 0, stateDir: otherDir, registries: [] }).then((s) => s.close()); // makes another CA there
        const elsewhere = await findRunningSandbox(base, otherDir);
        assert.ok(elsewhere);
        assert.equal(elsewhere.caFile, running.caFile, 'the running sandbox says where its CA is; the other CA in our state dir is not offered');
      });
    } finally {
      await running.close();
    }
  });
});

test("a sandbox run with --data (npm start's layout) is found with the CA it serves kvk under, wherever the finder's state dir is", async () => {
  await withTempDir(async (dir) => {
    const dataDir = join(dir, '.regx', 'sandbox');
    const editorState = join(dir, 'editor-state');
    // The editor has a CA of its own in its state dir (an earlier sandbox of its own made it).
    await startSandbox({ basePort: 0, stateDir: editorState, registries: [] }).then((s) => s.close());
    const { base, running } = await startOnFixedBase(7, { dataDir });
    try {
      assert.ok(running.caFile.startsWith(dataDir), running.caFile);
      const about = await request(`${running.registries['vr-publiek']}/.well-known/regx-sandbox`);
      assert.deepEqual(await about.body.json(), { caFile: running.caFile });
      const found = await findRunningSandbox(base, editorState);
      assert.ok(found);
      assert.equal(found.caFile, running.caFile);
      // And that CA is what kvk's HTTPS needs: a checked request with it goes through.
      const kvk = found.registries.kvk!;
      const agent = new Agent({ connect: { ca: await readFile(found.caFile, 'utf8'), servername: 'localhost' } });
      try {
        const answer = await request(`${kvk}/openapi.json`, { dispatcher: agent });
        assert.equal(answer.statusCode, 200);
        await answer.body.dump();
      } finally {
        await agent.close();
      }
    } finally {
      await running.close();
    }
  });
});
