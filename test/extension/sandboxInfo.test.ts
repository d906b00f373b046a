import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseReadyLine } from '../../src/extension/sandboxInfo';

test('the ready line of `regx sandbox --json` is read; other output is not', () => {
  assert.equal(parseReadyLine('listening…'), undefined);
  assert.equal(parseReadyLine('{"half":'), undefined);
  assert.equal(parseReadyLine('{"other":1}'), undefined);
  const info = parseReadyLine(' {"registries":{"kvk":"https://127.0.0.1:7400"},"caFile":"/s/ca.pem","credentials":{"kvk":{"apikey":"k"}}} ');
  assert.deepEqual(info, { registries: { kvk: 'https://127.0.0.1:7400' }, caFile: '/s/ca.pem', credentials: { kvk: { apikey: 'k' } }, shared: false });
});
