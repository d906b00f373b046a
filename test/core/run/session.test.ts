// The send session against a loopback server: the rule that a write a later request depends on
// is never sent again silently, policies around the send (a refusal fails the request, a
// replaced record keeps its predecessor in history), and the history entry's one shape.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHttp } from '../../../src/core/http/parser';
import { loadCatalog } from '../../../src/core/catalog';
import { registriesDir } from '../../../src/core/paths';
import { RegxError } from '../../../src/core/errors';
import { SendSession, type SessionOptions } from '../../../src/core/run/session';
import type { HistoryEntry } from '../../../src/core/history/historyStore';
import type { Offer, Policy } from '../../../src/core/policies/types';
import { startHttpServer, type TestServer } from '../../helpers/http-servers';

let server: TestServer;
const dir = mkdtempSync(join(tmpdir(), 'regx-session-'));
const SECRET = 'planted-session-secret-4711';

before(async () => {
  server = await startHttpServer((req, res, body) => {
    const url = new URL(req.url!, 'http://x');
    res.setHeader('content-type', 'application/json');
    if (req.method === 'POST' && url.pathname === '/things') return void ((res.statusCode = 201), res.end(JSON.stringify({ id: 'T1' })));
    if (url.pathname === '/token') return void res.end(JSON.stringify({ token: 'tok' }));
    // Echoes what it got, the secret included: history must still not hold it.
    res.end(JSON.stringify({ path: url.pathname, key: req.headers['x-key'] ?? null, body: body.toString() }));
  });
});
after(() => server.close());

async function session(overrides: Partial<SessionOptions> = {}, decisions: Offer[] = [], answer = false) {
  const catalog = await loadCatalog({ bundledDir: registriesDir(), workspaceDirs: [], readFile: (p) => readFile(p), listDir: (p) => readdir(p) });
  const entries: HistoryEntry[] = [];
  const notices: string[] = [];
  const s = new SendSession({
    catalog,
    environment: 'local',
    variables: { environment: new Map([['base', { value: server.url, source: 'environment', secret: false }]]) },
    secrets: { key: SECRET },
    send: {},
    validation: 'off',
    history: { append: async (entry) => void entries.push(entry) },
    policies: [],
    stateDir: join(dir, 'state'),
    ports: {
      decide: async (offer) => (decisions.push(offer), answer),
      notice: (message) => notices.push(message),
      warn: (message) => notices.push(message),
      readFile: (p) => readFile(p),
    },
    ...overrides,
  });
  return { session: s, entries, notices };
}

const CHAIN = ['# @name created', 'POST {{base}}/things', 'Content-Type: application/json', '', '{"naam": "x"}', '', '###', '# @name read', 'GET {{base}}/things/{{created.response.body.$.id}}', 'x-key: {{key}}', '', '?? status == 200', ''].join('\n');

function fileOf(text: string) {
  const filePath = join(dir, 'chain.http');
  writeFileSync(filePath, text);
  return { file: parseHttp(text), filePath };
}

test('a write a selected request depends on is not sent again without consent, and says how to allow it', async () => {
  const decisions: Offer[] = [];
  const { session: s } = await session({ declineHints: { 'resend-write-dependency': 'pass --with-dependencies' } }, decisions, false);
  const posts = server.requests.filter((r) => r.method === 'POST').length;
  const result = await s.run({ ...fileOf(CHAIN), select: { names: ['read'] } });
  assert.deepEqual(decisions, [{ kind: 'resend-write-dependency', name: 'created', method: 'POST', url: '{{base}}/things' }]);
  assert.equal(server.requests.filter((r) => r.method === 'POST').length, posts, 'the POST never left');
  const [dependency, read] = result.results;
  assert.equal(dependency!.prepareError?.code, 'unsafe-dependency');
  assert.match(dependency!.reason!, /'created' \(POST \{\{base\}\}\/things\) is a write .* — pass --with-dependencies/);
  assert.equal(read!.outcome, 'failed');
  assert.match(read!.reason!, /request 'created', whose response this one uses, failed: .*not sent again/);
  assert.equal(result.passed, false);
});

test('with consent the write dependency runs first; a run that selects it never asks; a safe dependency never asks', async () => {
  const decisions: Offer[] = [];
  const accepted = await session({}, decisions, true);
  const result = await accepted.session.run({ ...fileOf(CHAIN), select: { names: ['read'] } });
  assert.equal(decisions.length, 1);
  assert.deepEqual(result.results.map((r) => [r.name, r.outcome]), [['created', 'passed'], ['read', 'passed']]);

  const all = await session({}, decisions, false);
  assert.equal((await all.session.run(fileOf(CHAIN))).passed, true);
  const safe = CHAIN.replace('POST {{base}}/things', 'GET {{base}}/token').replace('$.id', '$.token');
  assert.equal((await all.session.run({ ...fileOf(safe), select: { names: ['read'] } })).passed, true);
  assert.equal(decisions.length, 1, 'neither a selected write nor a GET dependency asked');
});

test('history: one entry per exchange with its assertions, secrets out though the server echoed them', async () => {
  const { session: s, entries } = await session();
  const result = await s.run(fileOf(CHAIN));
  assert.equal(result.passed, true);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(entries.length, 2);
  assert.deepEqual(entries[1]!.assertions, [{ text: 'status == 200', passed: true, message: undefined }]);
  const written = JSON.stringify(entries);
  assert.ok(!written.includes(SECRET));
  assert.match(entries[1]!.response!.body.preview, /\[redacted\]/);
});

test('policies: a refusal before the send fails the request with its code; a replaced record keeps its predecessor in history', async () => {
  const refuse: Policy = { name: 'budget', appliesTo: () => true, before: () => { throw new RegxError('budget', 'the next call would pass the budget of 3', 'raise --budget'); } };
  const refused = await session({ policies: [refuse] });
  const count = server.requests.length;
  const result = await refused.session.run(fileOf('GET {{base}}/one\n'));
  assert.equal(server.requests.length, count, 'nothing was sent');
  assert.equal(result.results[0]!.record?.error?.code, 'budget');
  assert.equal(result.passed, false);

  const resend: Policy = {
    name: 'resend',
    appliesTo: () => true,
    after: async (record, request, context, signal) => (record.request.url.endsWith('/first') ? context.send({ ...request, url: request.url.replace('/first', '/second') }, signal) : undefined),
  };
  const replaced = await session({ policies: [resend] });
  const run = await replaced.session.run(fileOf('GET {{base}}/first\nx-key: {{key}}\n'));
  await new Promise((resolve) => setImmediate(resolve));
  assert.match(run.results[0]!.record!.request.url, /\/second$/);
  assert.deepEqual(replaced.entries.map((e) => new URL(e.request.url).pathname), ['/first', '/second']);
  assert.ok(replaced.entries.every((e) => e.previous === undefined), 'history entries do not nest their predecessors');
  assert.ok(!JSON.stringify(replaced.entries).includes(SECRET));
});

test('a policy notice passes the redactor', async () => {
  const chatty: Policy = { name: 'chatty', appliesTo: () => true, before: async (request, context) => (context.ports.notice(`used ${await context.secret('key')}`), request) };
  const { session: s, notices } = await session({ policies: [chatty] });
  await s.run(fileOf('GET {{base}}/x\n'));
  assert.deepEqual(notices, ['used [redacted]']);
});
