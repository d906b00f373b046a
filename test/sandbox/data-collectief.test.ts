import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { useSandbox } from './harness';
import { hideLastThree, wildcard } from '../../src/sandbox/registries/data-collectief/index';

// A clock the tests move forward, to see ownership expire after a month.
let now = new Date('2026-03-10T12:00:00Z');
const sandbox = useSandbox({ registries: ['data-collectief'], now: () => now });

const MAIN = { username: 'regx-sandbox@example.org', password: 'regx-sandbox-wachtwoord' };
const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
const main = () => basic(MAIN.username, MAIN.password);
const call = (method: string, path: string, options: Parameters<typeof sandbox.call>[3] = {}) => sandbox.call('data-collectief', method, `/api/v1${path}`, { ...options, headers: { ...main(), ...options.headers } });

type Stats = { user: string; mainAccount: boolean; credits: { remaining: number; used: number; rewarded: number }; owned: { companies: number; contacts: number } };
type CompanyItem = { companyNumber: number; name: string; city: string; deleted: boolean };
type List = { page: number; pageSize: number; total: number; companies: CompanyItem[] };
type Download = { creditsCharged: number; ownedUntil: string; fields: Record<string, { value: unknown; modified: string }> };
type Failure = { error: { code: string; message: string } };

const stats = async (headers = main()) => (await sandbox.call('data-collectief', 'GET', '/api/v1/downloadstatistics', { headers })).body as Stats;

test('credentials are HTTP Basic; missing or wrong ones answer 401', async () => {
  assert.deepEqual({ username: sandbox.sandbox.credentials['data-collectief']!.dataCollectiefUser, password: sandbox.sandbox.credentials['data-collectief']!.dataCollectiefPassword }, MAIN);
  const none = await sandbox.call('data-collectief', 'GET', '/api/v1/downloadstatistics');
  assert.equal(none.status, 401);
  assert.match(none.headers['www-authenticate']!, /^Basic/);
  assert.equal((await sandbox.call('data-collectief', 'GET', '/api/v1/downloadstatistics', { headers: basic(MAIN.username, 'wrong') })).status, 401);
});

test('CompanyList pages, sorts and matches * wildcards in name and city', async () => {
  const exact = (await call('GET', '/companies', { query: { name: 'ata-collectief' } })).body as List;
  assert.equal(exact.total, 0, 'without * the whole name must match');
  const wild = (await call('GET', '/companies', { query: { name: '*ata-collectief*' } })).body as List;
  assert.deepEqual(wild.companies.map((c) => c.name), ['DATA-collectief B.V.']);
  const city = (await call('GET', '/companies', { query: { city: 'R*dam', pageSize: 100 } })).body as List;
  assert.ok(city.total > 0);
  assert.ok(city.companies.every((c) => c.city === 'Rotterdam'));
  const page1 = (await call('GET', '/companies', { query: { pageSize: 10, sort: '-name' } })).body as List;
  const page2 = (await call('GET', '/companies', { query: { pageSize: 10, sort: '-name', page: 2 } })).body as List;
  assert.equal(page1.companies.length, 10);
  assert.equal(page1.total, 120);
  const names = [...page1.companies, ...page2.companies].map((c) => c.name);
  assert.deepEqual(names, [...names].sort((a, b) => b.localeCompare(a, 'nl')));
  assert.ok(!page2.companies.some((c) => page1.companies.some((d) => d.companyNumber === c.companyNumber)));
  assert.equal((await call('GET', '/companies', { query: { pageSize: 101 } })).status, 400);
  assert.equal((await call('GET', '/companies', { query: { sort: 'employees' } })).status, 400);
});

test('Company costs one credit unless owned, and ownership lasts one month', async () => {
  const listed = ((await call('GET', '/companies', { query: { pageSize: 10 } })).body as List).companies.find((c) => c.companyNumber === 100005)!;
  assert.equal((await stats()).owned.companies, 0, 'searching costs nothing and owns nothing');
  const before = await stats();
  const first = await call('GET', '/companies/100005');
  assert.equal(first.status, 200);
  const download = first.body as Download;
  assert.equal(download.creditsCharged, 1);
  assert.equal(first.headers['x-credits-charged'], '1');
  assert.equal(download.fields.name!.value, listed.name);
  assert.equal(download.fields.city!.value, listed.city);
  assert.match(download.fields.city!.modified, /^\d{4}-\d{2}-\d{2}T/);
  assert.equal(download.ownedUntil, '2026-04-10T12:00:00.000Z');
  const after = await stats();
  assert.equal(after.credits.remaining, before.credits.remaining - 1);
  assert.equal(after.owned.companies, before.owned.companies + 1);
  assert.equal(first.headers['x-credits-remaining'], String(after.credits.remaining));

  const again = (await call('GET', '/companies/100005')).body as Download;
  assert.equal(again.creditsCharged, 0, 'owned: no credit');
  assert.equal((await stats()).credits.remaining, after.credits.remaining);

  now = new Date('2026-04-11T12:00:00Z');
  try {
    const expired = (await call('GET', '/companies/100005')).body as Download;
    assert.equal(expired.creditsCharged, 1, 'after a month it costs a credit again');
    assert.equal(expired.ownedUntil, '2026-05-11T12:00:00.000Z');
  } finally {
    now = new Date('2026-03-10T12:00:00Z');
  }
  assert.equal((await call('GET', '/companies/999999')).status, 404);
});

test('ContactList hides the last three characters of each name; Contact downloads in full', async () => {
  const list = (await call('GET', '/companies/100002/contacts')).body as { contacts: { contactNumber: number; name: string }[] };
  assert.ok(list.contacts.length >= 2);
  for (const c of list.contacts) assert.match(c.name, /\.\.\.$/);
  const contact = await call('GET', `/contacts/${list.contacts[0]!.contactNumber}`);
  assert.equal(contact.status, 200);
  const fields = (contact.body as Download).fields;
  const full = fields.lastName!.value as string;
  assert.equal(list.contacts[0]!.name, `${full.slice(0, -3)}...`);
  assert.equal((contact.body as Download).creditsCharged, 1);
});

test('CompanySelection always gives 8 per page from the selection URL flow', async () => {
  const url = (await call('GET', '/companyselections/url')).body as { url: string; token: string };
  const page = await sandbox.call('data-collectief', 'GET', new URL(url.url).pathname + new URL(url.url).search);
  assert.equal(page.status, 200);
  assert.match(page.text, /7001/);
  const first = (await call('GET', '/companyselections/7001', { query: { page: 1 } })).body as List & { description: string };
  assert.equal(first.pageSize, 8);
  assert.equal(first.companies.length, 8);
  assert.ok(first.total > 8);
  const last = Math.ceil(first.total / 8);
  const end = (await call('GET', '/companyselections/7001', { query: { page: last } })).body as List;
  assert.equal(end.companies.length, first.total - (last - 1) * 8);
  assert.equal((await call('GET', '/companyselections/7001', { query: { page: 1, pageSize: 20 } })).status, 400);
  assert.equal((await call('GET', '/companyselections/9999', { query: { page: 1 } })).status, 404);
});

test('UpdatedCompanies takes at most 100 ids and returns only those changed since the date', async () => {
  const ids = Array.from({ length: 100 }, (_, i) => 100001 + i);
  const response = await call('GET', '/updates/companies', { query: { companyNumbers: ids.join(','), since: '2026-01-01' } });
  assert.equal(response.status, 200);
  const changed = (response.body as { companyNumbers: number[] }).companyNumbers;
  assert.ok(changed.length > 0 && changed.length < 100, `changed ${changed.length}`);
  const none = (await call('GET', '/updates/companies', { query: { companyNumbers: ids.join(','), since: '2027-01-01' } })).body as { companyNumbers: number[] };
  assert.deepEqual(none.companyNumbers, []);
  const tooMany = await call('GET', '/updates/companies', { query: { companyNumbers: [...ids, 100101].join(','), since: '2026-01-01' } });
  assert.equal(tooMany.status, 400);
  assert.equal((tooMany.body as Failure).error.code, 'TOO_MANY_IDS');
  const contacts = await call('GET', '/updates/contacts', { query: { contactNumbers: '500001,500002,500003,500004,500005', since: '2025-06-01' } });
  assert.equal(contacts.status, 200);
  assert.ok(Array.isArray((contacts.body as { contactNumbers: number[] }).contactNumbers));
});

test('ContactNew rewards a new contact and charges for one the company already has', async () => {
  const before = await stats();
  const offered = await call('POST', '/contacts', { body: { companyNumber: 100010, initials: 'Z.', lastName: 'Zonderland', gender: 'V', function: 'Inkoper' } });
  assert.equal(offered.status, 201);
  assert.equal((await stats()).credits.remaining, before.credits.remaining + 1);
  const list = (await call('GET', '/companies/100010/contacts')).body as { contacts: { contactNumber: number; name: string }[] };
  assert.ok(list.contacts.some((c) => c.contactNumber === (offered.body as { contactNumber: number }).contactNumber && c.name === 'Zonderl...'));
  const duplicate = await call('POST', '/contacts', { body: { companyNumber: 100010, initials: 'Z', lastName: 'zonderland', gender: 'V', function: 'Inkoper' } });
  assert.equal(duplicate.status, 409);
  assert.equal(duplicate.headers['x-credits-charged'], '1');
  assert.equal((await stats()).credits.remaining, before.credits.remaining);
  const incomplete = await call('POST', '/contacts', { body: { companyNumber: 100010, lastName: 'Zonder' } });
  assert.equal(incomplete.status, 400);
  assert.match((incomplete.body as Failure).error.message, /initials/);
});

test('feedback needs an owned record and a known reason, and earns a credit', async () => {
  const reasons = (await call('GET', '/messagereasons')).body as { reasons: { code: string; appliesTo: string }[] };
  const companyReason = reasons.reasons.find((r) => r.appliesTo === 'company')!.code;
  const contactReason = reasons.reasons.find((r) => r.appliesTo === 'contact')!.code;
  const notOwned = await call('POST', '/companies/100020/feedback', { body: { reasonCode: companyReason } });
  assert.equal(notOwned.status, 403);
  assert.equal((notOwned.body as Failure).error.code, 'NOT_OWNED');
  await call('GET', '/companies/100020');
  const before = await stats();
  assert.equal((await call('POST', '/companies/100020/feedback', { body: { reasonCode: contactReason } })).status, 400, 'a contact-only reason');
  const sent = await call('POST', '/companies/100020/feedback', { body: { reasonCode: companyReason, message: 'Verhuisd' } });
  assert.equal(sent.status, 201);
  assert.equal((await stats()).credits.rewarded, before.credits.rewarded + 1);
  const contactList = (await call('GET', '/companies/100020/contacts')).body as { contacts: { contactNumber: number }[] };
  const number = contactList.contacts[0]!.contactNumber;
  assert.equal((await call('POST', `/contacts/${number}/feedback`, { body: { reasonCode: contactReason } })).status, 403);
  await call('GET', `/contacts/${number}`);
  assert.equal((await call('POST', `/contacts/${number}/feedback`, { body: { reasonCode: contactReason } })).status, 201);
});

test('WebsiteleadsLeads returns at most 250 leads per call', async () => {
  const websites = (await call('GET', '/websiteleads/websites')).body as { websites: { websiteName: string }[] };
  const name = websites.websites[0]!.websiteName;
  const year = (await call('GET', '/websiteleads/leads', { query: { websiteName: name, from: '2025-01-01', to: '2025-12-31' } })).body as { total: number; truncated: boolean; leads: unknown[] };
  assert.ok(year.total > 250);
  assert.equal(year.truncated, true);
  assert.equal(year.leads.length, 250);
  const week = (await call('GET', '/websiteleads/leads', { query: { websiteName: name, from: '2025-03-01', to: '2025-03-07' } })).body as { total: number; truncated: boolean; leads: { visitedAt: string; clickPath: unknown[] }[] };
  assert.equal(week.truncated, false);
  assert.equal(week.leads.length, week.total);
  assert.ok(week.leads.every((l) => l.visitedAt >= '2025-03-01' && l.visitedAt < '2025-03-08' && l.clickPath.length > 0));
  assert.equal((await call('GET', '/websiteleads/leads', { query: { websiteName: 'onbekend', from: '2025-01-01', to: '2025-01-02' } })).status, 404);
  assert.equal((await call('GET', '/websiteleads/leads', { query: { websiteName: name, from: '2025-02-01', to: '2025-01-01' } })).status, 400);
});

test('RegisterAccount links a sub-account whose downloads count on its own credits', async () => {
  const pending = (sandbox.sandbox.credentials['data-collectief']!.pendingAccounts as { newUser: string; code: string }[])[0]!;
  assert.equal((await call('POST', '/accounts', { body: { newUser: pending.newUser, code: 'WRONG' } })).status, 400);
  const linked = await call('POST', '/accounts', { body: pending });
  assert.equal(linked.status, 201);
  const { user, password, credits } = linked.body as { user: string; password: string; credits: number };
  assert.equal(user, pending.newUser);
  assert.equal((await call('POST', '/accounts', { body: pending })).status, 409);
  const sub = basic(user, password);
  const mainBefore = await stats();
  const subDownload = await sandbox.call('data-collectief', 'GET', '/api/v1/companies/100005', { headers: sub });
  assert.equal((subDownload.body as Download).creditsCharged, 1, 'owned by the main account, not by the sub-account');
  const subStats = await stats(sub);
  assert.equal(subStats.mainAccount, false);
  assert.equal(subStats.credits.remaining, credits - 1);
  assert.equal((await stats()).credits.remaining, mainBefore.credits.remaining, 'the main account paid nothing');
  const second = (sandbox.sandbox.credentials['data-collectief']!.pendingAccounts as { newUser: string; code: string }[])[1]!;
  assert.equal((await sandbox.call('data-collectief', 'POST', '/api/v1/accounts', { headers: sub, body: second })).status, 403, 'only the main account links accounts');
});

test('a * pattern matches exactly the names that fit it', () => {
  fc.assert(
    fc.property(fc.array(fc.string({ maxLength: 6 }).filter((s) => !s.includes('*')), { minLength: 1, maxLength: 4 }), fc.array(fc.string({ maxLength: 5 }), { maxLength: 4 }), (parts, fillers) => {
      const pattern = parts.join('*');
      const name = parts.map((part, i) => (i === 0 ? part : `${fillers[i - 1] ?? ''}${part}`)).join('');
      assert.ok(wildcard(pattern).test(name), `${pattern} should match ${name}`);
      assert.ok(wildcard(pattern).test(name.toUpperCase()), 'case-insensitive');
      if (parts.length === 1) assert.equal(wildcard(pattern).test(`${name}x`), false, 'without * the whole value must match');
    }),
    { numRuns: 200, seed: 20261125 },
  );
  assert.equal(hideLastThree('Jansen'), 'Jan...');
  assert.equal(hideLastThree('Bos'), '...');
});
