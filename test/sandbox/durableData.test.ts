// `regx sandbox --data DIR`: a 2xx is sent only once its write is on disk. kill -9 the moment the
// last answer arrives, restart on the same folder, and every acknowledged write is there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { startSandbox } from '../../src/sandbox/server';
import { apply, diff, flatten, unflatten } from '../../src/sandbox/stateDelta';

const ROOT = join(__dirname, '..', '..');

async function sandboxProcess(dir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'sandbox', '--port', '0', '--json', '--data', dir, '--only', 'vr-beheer'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c));
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      stdout += c;
      if (stdout.includes('\n')) resolve(stdout.slice(0, stdout.indexOf('\n')));
    });
    child.once('exit', (code) => reject(new Error(`sandbox exited ${code}: ${stderr}`)));
  });
  return { child, base: (JSON.parse(line) as { registries: Record<string, string> }).registries['vr-beheer']! };
}

const headers = () => ({ 'x-correlation-id': randomUUID(), 'vr-initiator': 'OVO000099', 'content-type': 'application/json' });

test('kill -9 right after the last 2xx: a restart reads back every acknowledged registration and change', { timeout: 120_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'regx-durable-'));
  try {
    const { child, base } = await sandboxProcess(dir);
    const exited = once(child, 'exit');
    const acknowledged: { vCode: string; naam: string; korteNaam?: string }[] = [];
    // Ten at a time, as a busy client would: commits of concurrent requests share an fsync.
    for (let round = 0; round < 10; round++) {
      await Promise.all(
        Array.from({ length: 10 }, async (_, i) => {
          const naam = `Duurzaam ${round}-${i} ${randomUUID().slice(0, 8)}`;
          const res = await fetch(`${base}/v1/verenigingen/feitelijkeverenigingen`, { method: 'POST', headers: headers(), body: JSON.stringify({ naam, korteNaam: 'DZ', startdatum: '2015-06-01' }) });
          assert.equal(res.status, 202, await res.text());
          acknowledged.push({ vCode: res.headers.get('location')!.split('/').pop()!, naam });
        }),
      );
    }
    for (const item of acknowledged.slice(0, 20)) {
      const current = await fetch(`${base}/v1/verenigingen/${item.vCode}`, { headers: headers() });
      const res = await fetch(`${base}/v1/verenigingen/${item.vCode}`, { method: 'PATCH', headers: { ...headers(), 'if-match': current.headers.get('etag')! }, body: JSON.stringify({ korteNaam: `K${item.vCode.slice(-3)}` }) });
      assert.equal(res.status, 202, await res.text());
      item.korteNaam = `K${item.vCode.slice(-3)}`;
    }
    child.kill('SIGKILL');
    await exited;

    const restarted = await startSandbox({ basePort: 0, dataDir: dir, registries: ['vr-beheer'] });
    try {
      for (const item of acknowledged) {
        const res = await fetch(`${restarted.registries['vr-beheer']}/v1/verenigingen/${item.vCode}`, { headers: headers() });
        assert.equal(res.status, 200, `${item.vCode} lost`);
        const { vereniging } = (await res.json()) as { vereniging: { naam: string; korteNaam: string } };
        assert.equal(vereniging.naam, item.naam);
        if (item.korteNaam) assert.equal(vereniging.korteNaam, item.korteNaam);
      }
    } finally {
      await restarted.close();
    }
    assert.deepEqual((await readdir(dir)).filter((n) => n.endsWith('.tmp')), []);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a journal torn by a crash mid-append loses only that unacknowledged line; the next write is not glued to it', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'regx-torn-'));
  try {
    const first = await startSandbox({ basePort: 0, dataDir: dir, registries: ['vr-beheer'] });
    const base = first.registries['vr-beheer']!;
    const res = await fetch(`${base}/v1/verenigingen/feitelijkeverenigingen`, { method: 'POST', headers: headers(), body: JSON.stringify({ naam: `Voor de scheur ${randomUUID().slice(0, 6)}`, startdatum: '2015-06-01' }) });
    const vCode = res.headers.get('location')!.split('/').pop()!;
    const journal = join(dir, 'vr-beheer.journal');
    // What a crash between write() and fsync leaves: half a line, no newline.
    await writeFile(journal, `${await readFile(journal, 'utf8')}{"set":[["[\\"seq`);
    // Simulate the crash: the process is gone without closing (no flush).
    const second = await startSandbox({ basePort: 0, dataDir: dir, registries: ['vr-beheer'] });
    const again = await fetch(`${second.registries['vr-beheer']}/v1/verenigingen/feitelijkeverenigingen`, { method: 'POST', headers: headers(), body: JSON.stringify({ naam: `Na de scheur ${randomUUID().slice(0, 6)}`, startdatum: '2015-06-01' }) });
    const vCode2 = again.headers.get('location')!.split('/').pop()!;
    const third = await startSandbox({ basePort: 0, dataDir: dir, registries: ['vr-beheer'] });
    try {
      for (const code of [vCode, vCode2]) assert.equal((await fetch(`${third.registries['vr-beheer']}/v1/verenigingen/${code}`, { headers: headers() })).status, 200, code);
    } finally {
      await third.close();
      await second.close().catch(() => undefined);
      await first.close().catch(() => undefined);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('close folds the journal into the snapshot', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'regx-fold-'));
  try {
    const running = await startSandbox({ basePort: 0, dataDir: dir, registries: ['vr-beheer'] });
    await fetch(`${running.registries['vr-beheer']}/v1/verenigingen/feitelijkeverenigingen`, { method: 'POST', headers: headers(), body: JSON.stringify({ naam: 'Gevouwen Vereniging', startdatum: '2015-06-01' }) });
    assert.ok((await stat(join(dir, 'vr-beheer.journal'))).size > 0);
    await running.close();
    assert.match(await readFile(join(dir, 'vr-beheer.json'), 'utf8'), /Gevouwen Vereniging/);
    assert.ok(!(await readdir(dir)).includes('vr-beheer.journal'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('state deltas: applying each change in turn to the first state gives the last one', () => {
  const json = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, fc.integer(), fc.string(), fc.boolean(), fc.constant(null), fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 3 }), tie('value'), { maxKeys: 4 })),
  })).value;
  fc.assert(
    fc.property(fc.array(json, { minLength: 1, maxLength: 6 }), (states) => {
      const flat = flatten(states[0]);
      for (let i = 1; i < states.length; i++) apply(flat, diff(flatten(states[i - 1]), flatten(states[i])));
      assert.deepEqual(unflatten(flat), JSON.parse(JSON.stringify(states.at(-1))));
    }),
    { seed: 21, numRuns: 2000 },
  );
});
