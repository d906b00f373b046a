// The Verenigingsregister Beheer releases the sandbox serves: v8.6 and the current one. The diff
// must name every rename the v8.32 release notes document as a rename, in the direction a client
// meets it, and the removed afdelingen operation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { diffSpecs } from '../../../src/core/specdiff/specDiff';
import { fileHost, root } from './helpers';

const registry = join(root, 'registries', 'vr-beheer');

test('v8.6 → current: every documented v8.32 rename is a rename', async () => {
  const diff = await diffSpecs(join(registry, 'openapi-v8.6.yaml'), join(registry, 'openapi.yaml'), fileHost);
  const renames = diff.changes.filter((c) => c.kind === 'property-renamed');
  const named = (from: string, to: string, owner: string) => renames.find((c) => c.rename?.from === from && c.rename.to === to && c.message.includes(`of ${owner} `));
  // relaties.type → relatietype, contactgegeven.type → contactgegeventype, vereniging.type →
  // verenigingstype, verenigingstype.beschrijving → naam, hoofdactiviteiten.beschrijving → naam
  for (const [from, to, owner] of [
    ['type', 'relatietype', 'Relatie'],
    ['type', 'contactgegeventype', 'Contactgegeven'],
    ['type', 'contactgegeventype', 'ContactgegevenInput'],
    ['type', 'verenigingstype', 'BeheerVereniging'],
    ['beschrijving', 'naam', 'Verenigingstype'],
    ['beschrijving', 'naam', 'HoofdactiviteitVerenigingsloket'],
  ] as const) {
    const change = named(from, to, owner);
    assert.ok(change, `${owner}.${from} → ${to}`);
    assert.equal(change.severity, 'breaking');
    assert.ok(change.old?.line && change.new?.line, 'a line in each document');
  }
  assert.equal(renames.find((c) => c.message.includes('ContactgegevenInput'))?.direction, 'request');
  const nested = named('beschrijving', 'naam', 'Verenigingstype')!;
  assert.ok(nested.occurrences.some((o) => o.path === '$.vereniging.type' && o.newPath === '$.vereniging.verenigingstype'), JSON.stringify(nested.occurrences));
  const removed = diff.changes.find((c) => c.kind === 'operation-removed');
  assert.match(removed?.message ?? '', /POST \/v1\/verenigingen\/afdelingen/);
  assert.equal(diff.changes.filter((c) => c.severity === 'breaking').length, renames.length + 1, 'nothing else breaks');
});

test('a rename the registry documents is surer than one the documents alone suggest', async () => {
  const plain = await diffSpecs(join(registry, 'openapi-v8.6.yaml'), join(registry, 'openapi.yaml'), fileHost);
  const hinted = await diffSpecs(join(registry, 'openapi-v8.6.yaml'), join(registry, 'openapi.yaml'), fileHost, {
    documented: (from, to, context) => (from === 'beschrijving' && to === 'naam' && context.includes('Verenigingstype') ? 'documented in release v8.32' : undefined),
  });
  const pick = (d: typeof plain) => d.changes.find((c) => c.kind === 'property-renamed' && c.message.includes('of Verenigingstype'))!.rename!;
  assert.ok(pick(plain).confidence < 0.7, `${pick(plain).confidence}`);
  assert.ok(pick(hinted).confidence >= 0.95);
  assert.ok(pick(hinted).evidence.includes('documented in release v8.32'));
});
