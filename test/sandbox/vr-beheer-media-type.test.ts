// vr-beheer reads JSON bodies only: a registration sent as text/plain, multipart or without a
// Content-Type is refused with 415 in the register's own problem shape, and registers nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { useSandbox } from './harness';
import { VR_PROBLEM_TITLE } from '../../src/sandbox/registries/verenigingsregister/vrProblem';

const sandbox = useSandbox({ registries: ['vr-beheer'] });
const headers = (extra: Record<string, string> = {}) => ({ 'x-correlation-id': randomUUID(), 'VR-Initiator': 'OVO000099', ...extra });
const registratie = JSON.stringify({ naam: 'Mediatype Proef', korteNaam: 'MP', startdatum: '2012-01-01', hoofdactiviteitenVerenigingsloket: ['KECU'] });

async function count(): Promise<number> {
  const res = await sandbox.call('vr-beheer', 'GET', '/v1/verenigingen/zoeken', { headers: headers(), query: { q: '*', limit: 1 } });
  return (res.body as { metadata: { pagination: { totalCount: number } } }).metadata.pagination.totalCount;
}

test('a registration as text/plain, multipart or without Content-Type is a 415 problem; as JSON it registers', async () => {
  await sandbox.started;
  const before = await count();
  const boundary = 'x-boundary';
  const multipart = `--${boundary}\r\nContent-Disposition: form-data; name="body"\r\n\r\n${registratie}\r\n--${boundary}--\r\n`;
  for (const [type, body] of [['text/plain', registratie], [`multipart/form-data; boundary=${boundary}`, multipart], [undefined, registratie]] as const) {
    const res = await sandbox.call('vr-beheer', 'POST', '/v1/verenigingen/feitelijkeverenigingen', { headers: headers(type ? { 'content-type': type } : {}), body: Buffer.from(body) });
    assert.equal(res.status, 415, `${type}: ${res.text}`);
    assert.match(res.headers['content-type']!, /^application\/problem\+json/);
    const problem = res.body as { type: string; title: string; status: number; detail: string; instance: string };
    assert.equal(problem.type, 'urn:verenigingsregister:mediatype');
    assert.equal(problem.title, VR_PROBLEM_TITLE);
    assert.equal(problem.status, 415);
    assert.match(problem.detail, /application\/json/);
    assert.match(problem.instance, /\/v1\/foutmeldingen\/[0-9a-f]{32}$/);
  }
  assert.equal(await count(), before, 'nothing was registered');
  const ok = await sandbox.call('vr-beheer', 'POST', '/v1/verenigingen/feitelijkeverenigingen', { headers: headers({ 'content-type': 'application/json; charset=utf-8' }), body: Buffer.from(registratie) });
  assert.equal(ok.status, 202, ok.text);
  assert.equal(await count(), before + 1);
});

test('a change (PATCH) as text/plain is refused too, also under /v8.6', async () => {
  await sandbox.started;
  for (const prefix of ['', '/v8.6']) {
    const res = await sandbox.call('vr-beheer', 'PATCH', `${prefix}/v1/verenigingen/V0001001`, { headers: headers({ 'content-type': 'text/plain' }), body: Buffer.from('{"korteNaam":"X"}') });
    assert.equal(res.status, 415, res.text);
  }
});
