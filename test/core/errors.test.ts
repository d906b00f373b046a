import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ERROR_CODES, isErrorCode, RegxError } from '../../src/core/errors';
import { actionsFor } from '../../src/extension/errorActions';
import { historyEntry } from '../../src/core/history/historyEntry';
import { Redactor } from '../../src/core/history/redactor';
import type { ResponseRecord } from '../../src/core/send/types';

test('RegxError carries code and hint and is recognised by class or by shape (another bundle\'s copy)', () => {
  const error = new RegxError('budget', 'the next call would pass the budget', 'raise --budget');
  assert.equal(RegxError.is(error), true);
  assert.equal(RegxError.is(error, 'budget'), true);
  assert.equal(RegxError.is(error, 'tls'), false);
  const foreign = Object.assign(new Error('x'), { name: 'RegxError', code: 'stale' });
  assert.equal(RegxError.is(foreign, 'stale'), true);
  assert.equal(RegxError.is(Object.assign(new Error('x'), { name: 'RegxError', code: 'made-up' })), false);
  assert.equal(RegxError.is(new Error('stale')), false, 'a message is never read');
  assert.equal(isErrorCode('tls'), true);
  assert.equal(isErrorCode('nope'), false);
});

test('every code has a row of fixes (checked by the compiler; here: the titles are real)', () => {
  for (const code of ERROR_CODES) for (const action of actionsFor(code)) assert.ok(action.title.length > 0, code);
  assert.deepEqual(actionsFor('tls').map((a) => a.id), ['trustCertificate', 'showOutput']);
  assert.deepEqual(actionsFor('not-a-code', ['showOutput']).map((a) => a.id), ['showOutput']);
});

test('a history entry says when its request lost secrets to redaction, instead of anyone reading for "[redacted]"', () => {
  const record: ResponseRecord = { id: '1', startedAt: '2026-01-01T00:00:00Z', request: { method: 'GET', url: 'http://x/a', headers: [['apikey', 'k3y-value']] }, redirects: [], timings: { totalMs: 1 } };
  assert.equal(historyEntry(record, new Redactor(['k3y-value'])).requestRedacted, true);
  const plain: ResponseRecord = { ...record, request: { ...record.request, headers: [['accept', 'text/plain']] } };
  assert.equal(historyEntry(plain, new Redactor([])).requestRedacted, undefined);
  // A body that merely contains the text is not mistaken for a redaction.
  const quoted: ResponseRecord = { ...plain, request: { ...plain.request, bodyPreview: '{"note":"[redacted]"}' } };
  assert.equal(historyEntry(quoted, new Redactor([])).requestRedacted, undefined);
});
