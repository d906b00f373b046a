import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useSandbox } from './harness';
import { startSandbox } from '../../src/sandbox/server';

let now = new Date('2026-03-15T10:00:00Z');
const sandbox = useSandbox({ registries: ['allsolutions'], now: () => now });

type Creds = { allSolutionsClientId: string; allSolutionsClientSecret: string; allSolutionsUser: string; allSolutionsPassword: string };
const creds = () => sandbox.sandbox.credentials.allsolutions as Creds;
const koppeling = () => ({ 'x-client-id': creds().allSolutionsClientId, 'x-client-secret': creds().allSolutionsClientSecret });
let token = '';
const api = (method: string, path: string, options: Parameters<typeof sandbox.call>[3] = {}) =>
  sandbox.call('allsolutions', method, `/api/v1${path}`, { ...options, headers: { ...koppeling(), authorization: `Bearer ${token}`, ...options.headers } });
const callsOf = (headers: Record<string, string>) => Number(headers['x-calls-this-month']);

test('the demo passwords meet the 16-character rule', () => {
  assert.ok(creds().allSolutionsPassword.length >= 16);
  assert.ok(creds().allSolutionsClientSecret.length >= 16);
});

test('without the API link headers nothing is served and nothing is counted', async () => {
  const before = (await sandbox.call('allsolutions', 'GET', '/api/v1/verbruik', { headers: koppeling() })).body as { calls: number };
  const refused = await sandbox.call('allsolutions', 'GET', '/api/v1/relaties');
  assert.equal(refused.status, 401);
  assert.equal(refused.headers['x-calls-this-month'], undefined);
  const after = (await sandbox.call('allsolutions', 'GET', '/api/v1/verbruik', { headers: koppeling() })).body as { calls: number };
  assert.equal(after.calls, before.calls, 'neither the refused call nor /verbruik counted');
});

test('a token comes from the API user; resource calls need it', async () => {
  const wrong = await api('POST', '/token', { body: { username: creds().allSolutionsUser, password: 'Wrong#Password-123' } });
  assert.equal(wrong.status, 401);
  const noToken = await sandbox.call('allsolutions', 'GET', '/api/v1/relaties', { headers: koppeling() });
  assert.equal(noToken.status, 401);
  const issued = await api('POST', '/token', { body: { username: creds().allSolutionsUser, password: creds().allSolutionsPassword } });
  assert.equal(issued.status, 200);
  token = (issued.body as { access_token: string }).access_token;
  assert.equal((await api('GET', '/relaties')).status, 200);
});

test('every call counts once against the 20,000 free calls of the month, shown in headers', async () => {
  const first = await api('GET', '/artikelen');
  const second = await api('GET', '/artikelen/ART-0001');
  const missing = await api('GET', '/artikelen/ART-9999');
  assert.equal(missing.status, 404);
  assert.equal(callsOf(second.headers), callsOf(first.headers) + 1);
  assert.equal(callsOf(missing.headers), callsOf(first.headers) + 2, 'a failed call is a call too');
  assert.equal(Number(missing.headers['x-free-calls-remaining']), 20000 - callsOf(missing.headers));
  assert.equal(missing.headers['x-billable-calls-this-month'], '0');
  assert.equal(missing.headers['x-calls-month'], '2026-03');
  const usage = (await api('GET', '/verbruik')).body as { calls: number; gratisResterend: number; gratisPerMaand: number };
  assert.equal(usage.calls, callsOf(missing.headers));
  assert.equal(usage.gratisPerMaand, 20000);
});

test('the counter restarts with each calendar month in Dutch time', async () => {
  now = new Date('2026-03-31T21:30:00Z'); // 23:30 in Amsterdam: still March
  const march = await api('GET', '/artikelen');
  assert.equal(march.headers['x-calls-month'], '2026-03');
  now = new Date('2026-03-31T22:30:00Z'); // 00:30 on 1 April in Amsterdam
  try {
    const april = await api('GET', '/artikelen');
    assert.equal(april.headers['x-calls-month'], '2026-04');
    assert.equal(april.headers['x-calls-this-month'], '1');
    const usage = (await api('GET', '/verbruik')).body as { callsDitJaar: number };
    assert.equal(usage.callsDitJaar, callsOf(march.headers) + 1);
  } finally {
    now = new Date('2026-03-15T10:00:00Z');
  }
});

test('passwords under 16 characters, or not complex, are refused when set', async () => {
  const change = (nieuw: string, huidig = creds().allSolutionsPassword) => api('PUT', '/wachtwoord', { body: { soort: 'gebruiker', huidig, nieuw } });
  const short = await change('Kort#Wacht-1234');
  assert.equal(short.status, 400);
  assert.match((short.body as { detail: string }).detail, /15 tekens; minimaal 16/);
  const simple = await change('alleenmaarkleineletters');
  assert.equal(simple.status, 400);
  assert.equal((await change('Nieuw#Wachtwoord-2026', 'not-the-current-one')).status, 403);
  assert.equal((await change('Nieuw#Wachtwoord-2026')).status, 204);
  assert.equal((await api('POST', '/token', { body: { username: creds().allSolutionsUser, password: creds().allSolutionsPassword } })).status, 401, 'the old password no longer works');
  assert.equal((await api('POST', '/token', { body: { username: creds().allSolutionsUser, password: 'Nieuw#Wachtwoord-2026' } })).status, 200);
  assert.equal((await change(creds().allSolutionsPassword, 'Nieuw#Wachtwoord-2026')).status, 204);
  const koppelingShort = await api('PUT', '/wachtwoord', { body: { soort: 'koppeling', huidig: creds().allSolutionsClientSecret, nieuw: 'te-kort' } });
  assert.equal(koppelingShort.status, 400);
});

test('relaties: paged list, create, read, replace, delete', async () => {
  const page = (await api('GET', '/relaties', { query: { aantal: 10, pagina: 2 } })).body as { pagina: number; totaal: number; relaties: { relatienummer: number }[] };
  assert.equal(page.pagina, 2);
  assert.equal(page.relaties.length, 10);
  assert.equal(page.relaties[0]!.relatienummer, 10011);
  assert.equal((await api('GET', '/relaties', { query: { aantal: 101 } })).status, 400);
  const created = await api('POST', '/relaties', { body: { naam: 'Testrelatie BV', soort: 'prospect', kvkNummer: '68750110' } });
  assert.equal(created.status, 201);
  const nummer = (created.body as { relatienummer: number }).relatienummer;
  assert.match(created.headers.location!, new RegExp(`/api/v1/relaties/${nummer}$`));
  assert.equal(((await api('GET', `/relaties/${nummer}`)).body as { naam: string }).naam, 'Testrelatie BV');
  const replaced = await api('PUT', `/relaties/${nummer}`, { body: { naam: 'Testrelatie Holding BV', soort: 'klant' } });
  assert.equal((replaced.body as { soort: string; kvkNummer: string }).soort, 'klant');
  assert.equal((replaced.body as { kvkNummer: string }).kvkNummer, '', 'PUT replaces the whole relatie');
  assert.equal((await api('POST', '/relaties', { body: { soort: 'klant' } })).status, 400);
  assert.equal((await api('DELETE', `/relaties/${nummer}`)).status, 204);
  assert.equal((await api('GET', `/relaties/${nummer}`)).status, 404);
});

test('the month count survives a restart with --data, and calls above 20,000 are billable', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'regx-allsolutions-'));
  try {
    // A snapshot as the sandbox writes it, two calls short of the free allowance.
    const seeded = await startSandbox({ basePort: 0, dataDir: dir, registries: ['allsolutions'], now: () => new Date('2026-05-20T12:00:00Z') });
    await seeded.close();
    const file = join(dir, 'allsolutions.json');
    const state = JSON.parse(await readFile(file, 'utf8').catch(() => '{}')) as Record<string, unknown>;
    await writeFile(file, JSON.stringify({ ...state, calls: { '2026-05': 19998 }, relaties: (state.relaties as unknown[]) ?? [] }));
    const running = await startSandbox({ basePort: 0, dataDir: dir, registries: ['allsolutions'], now: () => new Date('2026-05-20T12:00:00Z') });
    try {
      const base = running.registries.allsolutions!;
      const headers = { 'x-client-id': creds().allSolutionsClientId, 'x-client-secret': creds().allSolutionsClientSecret, 'content-type': 'application/json' };
      const send = () => fetch(`${base}/api/v1/token`, { method: 'POST', headers, body: JSON.stringify({ username: creds().allSolutionsUser, password: creds().allSolutionsPassword }) });
      const last = await send();
      assert.equal(last.headers.get('x-calls-this-month'), '19999');
      assert.equal(last.headers.get('x-free-calls-remaining'), '1');
      await send();
      const paid = await send();
      assert.equal(paid.headers.get('x-calls-this-month'), '20001');
      assert.equal(paid.headers.get('x-free-calls-remaining'), '0');
      assert.equal(paid.headers.get('x-billable-calls-this-month'), '1');
    } finally {
      await running.close();
    }
    const saved = JSON.parse(await readFile(file, 'utf8')) as { calls: Record<string, number> };
    assert.equal(saved.calls['2026-05'], 20001, 'written back on close');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
