import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseReadyLine, sandboxSecrets } from '../../src/extension/sandboxInfo';
import type { RegistryEntry } from '../../src/core/catalog/types';

function entry(id: string, auth: RegistryEntry['auth']): RegistryEntry {
  return { id, name: id, docs: [], defaultEnvironment: 'sandbox', environments: [], auth, mandatoryHeaders: [], folder: '/x', origin: 'bundled' };
}

test('the ready line of `regx sandbox --json` is read; other output is not', () => {
  assert.equal(parseReadyLine('listening…'), undefined);
  assert.equal(parseReadyLine('{"half":'), undefined);
  assert.equal(parseReadyLine('{"other":1}'), undefined);
  const info = parseReadyLine(' {"registries":{"kvk":"https://127.0.0.1:7400"},"caFile":"/s/ca.pem","credentials":{"kvk":{"apikey":"k"}}} ');
  assert.deepEqual(info, { registries: { kvk: 'https://127.0.0.1:7400' }, caFile: '/s/ca.pem', credentials: { kvk: { apikey: 'k' } }, shared: false });
});

test('demo credentials take the catalog secret names of their registries', () => {
  const entries = [
    entry('kvk', { type: 'apiKey', name: 'apikey', in: 'header', secret: 'KVK_APIKEY' }),
    entry('vr-publiek', { type: 'apiKey', name: 'vr-api-key', in: 'header-or-query', secret: 'VR_PUBLIEK_API_KEY' }),
    entry('vng-klanten', { type: 'zgw-jwt', clientId: 'demo', secret: 'VNG_KLANTEN_SECRET' }),
    entry('vr-beheer', { type: 'none' }),
  ];
  const secrets = sandboxSecrets({ credentials: { kvk: { apikey: 'k1', apikeyZoekenOnly: 'k2' }, 'vr-publiek': { 'vr-api-key': 'p' }, 'vng-klanten': { clientId: 'demo', secret: 's' }, 'vr-beheer': { initiator: 'OVO' } } }, entries);
  assert.deepEqual(secrets, { KVK_APIKEY: 'k1', VR_PUBLIEK_API_KEY: 'p', VNG_KLANTEN_SECRET: 's' });
});
