import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { caFileEntry, withCaFile } from '../../src/extension/caFileEntry';

test('a trusted CA goes into the user settings as its absolute path', () => {
  assert.equal(caFileEntry('/home/me/certs/root.pem', 'user', '/work/samples'), '/home/me/certs/root.pem');
  assert.equal(caFileEntry('/work/samples/certs/root.pem', 'user', '/work/samples'), '/work/samples/certs/root.pem');
});

test('in the workspace settings a CA inside the folder is written relative to it; one outside stays absolute', () => {
  assert.equal(caFileEntry(join('/work/samples', 'certs', 'root.pem'), 'workspace', '/work/samples'), 'certs/root.pem');
  assert.equal(caFileEntry('/work/other/root.pem', 'workspace', '/work/samples'), '/work/other/root.pem');
  assert.equal(caFileEntry('/work/samples-2/root.pem', 'workspace', '/work/samples'), '/work/samples-2/root.pem');
  assert.equal(caFileEntry('/work/samples/root.pem', 'workspace', undefined), '/work/samples/root.pem');
});

test("trusting a CA for one registry adds it to that registry's caFiles once and keeps its client certificate", () => {
  assert.deepEqual(withCaFile(undefined, 'certs/root.pem'), { caFiles: ['certs/root.pem'] });
  const current = { caFiles: ['a.pem'], clientCertificate: { pfx: 'me.p12' } };
  assert.deepEqual(withCaFile(current, 'certs/root.pem'), { caFiles: ['a.pem', 'certs/root.pem'], clientCertificate: { pfx: 'me.p12' } });
  assert.deepEqual(withCaFile(current, 'a.pem'), current);
});
