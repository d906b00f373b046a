// The roots a session trusts are read only when a TLS connection needs them: a plain-HTTP run
// never reads the system's store, and its sends still share one pool key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rootCertificates } from 'node:tls';
import { SessionTlsResolver, type SessionTls } from '../../../src/core/run/sessionTls';
import { settingsKey } from '../../../src/core/send/connectionPool';

function resolver(counter: { calls: number }, extraCa?: string[]) {
  const tls: SessionTls = {
    roots: () => (counter.calls++, rootCertificates),
    rootsKey: 'test-roots',
    extraCa,
    profiles: [],
    advice: { trust: () => 'trust it', clientCertificate: () => 'give one', secret: () => 'set it' },
  };
  return new SessionTlsResolver(tls, { entries: [], diagnostics: [] }, { readFile: async () => new Uint8Array(), secret: async () => undefined });
}

test('a plain-HTTP send neither reads the roots nor parses them; an https send does, once', async () => {
  const counter = { calls: 0 };
  const session = resolver(counter);
  const plain = await session.forRequest(undefined, false);
  const key = settingsKey({ tls: plain.trust });
  assert.equal(counter.calls, 0);
  assert.equal(plain.trust.context, undefined);
  assert.equal(settingsKey({ tls: (await session.forRequest(undefined, false)).trust }), key, 'one pool key for the session');
  const secure = await session.forRequest(undefined, true);
  assert.ok(secure.trust.context, 'a secure context for TLS');
  assert.equal(counter.calls, 1);
  assert.equal(secure.trust.ca?.length, rootCertificates.length);
  assert.equal(counter.calls, 1, 'read once');
});

test('roots with an added CA are another pool key, and hold the added CA', async () => {
  const extra = `${rootCertificates[0]!}`;
  const plain = await resolver({ calls: 0 }).forRequest(undefined, false);
  const added = await resolver({ calls: 0 }, [extra]).forRequest(undefined, false);
  assert.notEqual(settingsKey({ tls: added.trust }), settingsKey({ tls: plain.trust }));
  assert.equal(added.trust.ca?.length, rootCertificates.length + 1);
  assert.equal(added.trust.ca?.at(-1), extra);
});
