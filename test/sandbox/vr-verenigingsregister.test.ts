// The register's pure parts, with generated inputs: name normalisation for duplicate detection,
// the q= parser's precedence and errors, range matching against an oracle, If-Match parsing,
// and the beheer store surviving a snapshot/restore round trip (what `--data DIR` relies on).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { namenGelijkend, normaliseNaam } from '../../src/sandbox/registries/verenigingsregister/duplicateDetection';
import { parseLuceneQuery, QuerySyntaxError } from '../../src/sandbox/registries/verenigingsregister/luceneQuery';
import { matchQuery, type SearchDocument } from '../../src/sandbox/registries/verenigingsregister/matchQuery';
import { ifMatchSatisfied } from '../../src/sandbox/registries/vr-beheer/beheerWrite';
import createVrBeheer from '../../src/sandbox/registries/vr-beheer';
import type { SandboxContext, SandboxRegistry, SandboxRequest } from '../../src/sandbox/types';

const word = fc.stringMatching(/^[a-z]{3,9}$/).filter((w) => !['de', 'den', 'der', 'het', 'van', 'een', 'vzw', 'ivzw'].includes(w));
const ACCENTS: Record<string, string> = { a: 'á', e: 'é', i: 'ï', o: 'ö', u: 'ü' };

test('a name spelled with other case, spacing, punctuation, accents or link words normalises to the same key', () => {
  fc.assert(
    fc.property(
      fc.array(word, { minLength: 1, maxLength: 4 }),
      fc.array(fc.record({ upper: fc.boolean(), accent: fc.boolean(), link: fc.constantFrom('', 'de', 'het', 'van', 'en', 'VZW'), sep: fc.constantFrom(' ', '  ', ', ', '-', '. ', ' & ') }), { minLength: 4, maxLength: 4 }),
      (words, variations) => {
        const spelled = words
          .map((w, i) => {
            const v = variations[i]!;
            let out = v.accent ? w.replace(/[aeiou]/, (c) => ACCENTS[c]!) : w;
            if (v.upper) out = out.toUpperCase();
            return `${v.link} ${out}${v.sep}`;
          })
          .join(' ');
        assert.equal(normaliseNaam(spelled), normaliseNaam(words.join(' ')));
        assert.ok(namenGelijkend(spelled, words.join(' ')));
      },
    ),
  );
});

test('names differ by one letter only when long enough to call it a typo; other names never match', () => {
  assert.ok(namenGelijkend('Jeugdhuis De Kelder', 'Jeugdhuis De Keldder'));
  assert.ok(namenGelijkend('Jeugdhuis De Kelder', 'Jeugdhuis Kelde'));
  assert.equal(namenGelijkend('Jeugdhuis De Kelder', 'Jeugdhuis De Keller Gent'), false);
  assert.equal(namenGelijkend('Kaas', 'Kast'), false);
  assert.equal(namenGelijkend('De', 'Het'), false, 'nothing left after the link words is no match');
  assert.equal(normaliseNaam('Schaakclub ‘t Paard'), normaliseNaam('schaakclub paard'));
});

test('q= precedence: AND binds tighter than OR, juxtaposition is OR, NOT and groups nest', () => {
  assert.deepEqual(parseLuceneQuery('a OR b AND c'), {
    kind: 'or',
    children: [
      { kind: 'term', field: undefined, value: 'a' },
      { kind: 'and', children: [{ kind: 'term', field: undefined, value: 'b' }, { kind: 'term', field: undefined, value: 'c' }] },
    ],
  });
  assert.deepEqual(parseLuceneQuery('naam:a naam:b'), parseLuceneQuery('naam:a OR naam:b'));
  assert.deepEqual(parseLuceneQuery('naam:(a OR b) AND NOT vCode:V1'), {
    kind: 'and',
    children: [
      { kind: 'or', children: [{ kind: 'term', field: 'naam', value: 'a' }, { kind: 'term', field: 'naam', value: 'b' }] },
      { kind: 'not', child: { kind: 'term', field: 'vCode', value: 'V1' } },
    ],
  });
  assert.deepEqual(parseLuceneQuery('x:>=14'), { kind: 'range', field: 'x', lower: '14', includeLower: true, includeUpper: true });
  assert.deepEqual(parseLuceneQuery('x:[* TO 9}'), { kind: 'range', field: 'x', lower: undefined, upper: '9', includeLower: true, includeUpper: false });
  assert.deepEqual(parseLuceneQuery(''), { kind: 'all' });
  assert.deepEqual(parseLuceneQuery('ORANJE'), { kind: 'term', field: undefined, value: 'ORANJE' }, 'keywords only as whole words');
  for (const bad of ['(a', 'a)', 'naam:', 'a OR', '"open', 'x:[1 2]', ':x', 'a:b:c']) {
    assert.throws(() => parseLuceneQuery(bad), QuerySyntaxError, bad);
  }
});

test('range and comparison queries match exactly the values an oracle accepts', () => {
  const op = fc.constantFrom('<', '<=', '>', '>=', '[]', '{}', '[}', '{]');
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 150 }), { maxLength: 3 }), op, fc.integer({ min: 0, max: 150 }), fc.integer({ min: 0, max: 150 }), (values, kind, a, b) => {
      const doc: SearchDocument = new Map([['doelgroep.minimumleeftijd', values]]);
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      const q =
        kind.length === 2 && kind !== '<=' && kind !== '>='
          ? `doelgroep.minimumleeftijd:${kind[0]}${lo} TO ${hi}${kind[1]}`
          : `doelgroep.minimumleeftijd:${kind}${a}`;
      const accepts = (v: number) => {
        switch (kind) {
          case '<': return v < a;
          case '<=': return v <= a;
          case '>': return v > a;
          case '>=': return v >= a;
          default: return (kind[0] === '[' ? v >= lo : v > lo) && (kind[1] === ']' ? v <= hi : v < hi);
        }
      };
      assert.equal(matchQuery(parseLuceneQuery(q), doc), values.some(accepts), q);
    }),
  );
});

test('If-Match: weak or strong tag of the current version, *, or a list containing it; absent means no condition', () => {
  for (const header of ['W/"4"', '"4"', '4', '*', 'W/"1", W/"4"', undefined, '']) assert.equal(ifMatchSatisfied(header, 4), true, String(header));
  for (const header of ['W/"3"', '"40"', 'W/"1", "2"', 'W/4x']) assert.equal(ifMatchSatisfied(header, 4), false, header);
});

test('the beheer store survives snapshot → JSON → restore into a fresh registry, writes included', async () => {
  const context = (registry: SandboxRegistry): SandboxContext => ({
    now: () => new Date('2025-05-01T10:00:00Z'),
    origins: {},
    fetch,
    registry: <T extends SandboxRegistry>(id: string) => (id === registry.id ? (registry as T) : undefined),
  });
  const call = (registry: SandboxRegistry, method: string, path: string, body?: unknown) => {
    const request: SandboxRequest = {
      method,
      path,
      query: new URLSearchParams(),
      headers: { 'x-correlation-id': '0b8b3a6e-8f2a-4c55-9d8e-0a4f0f3c1d2e', 'vr-initiator': 'OVO1', 'content-type': 'application/json' },
      body: Buffer.from(body === undefined ? '' : JSON.stringify(body)),
      origin: 'http://127.0.0.1:1',
    };
    return registry.handle(request, context(registry));
  };
  const first = createVrBeheer({});
  const registered = await call(first, 'POST', '/v1/verenigingen/feitelijkeverenigingen', { naam: 'Bewaarde Vereniging' });
  assert.equal(registered.status, 202);
  const location = String((registered.headers as Record<string, string>).location);
  const path = new URL(location).pathname;
  const second = createVrBeheer({});
  assert.equal((await call(second, 'GET', path)).status, 404, 'a fresh registry starts from the seed');
  second.restore(JSON.parse(JSON.stringify(first.snapshot())));
  const restored = await call(second, 'GET', path);
  assert.equal(restored.status, 200);
  assert.deepEqual(restored.body, (await call(first, 'GET', path)).body);
  const next = await call(second, 'POST', '/v1/verenigingen/feitelijkeverenigingen', { naam: 'Volgende Vereniging' });
  assert.notEqual(String((next.headers as Record<string, string>).location), location, 'vCodes continue after the restored ones');
  second.restore({ not: 'a snapshot' });
  assert.equal((await call(second, 'GET', path)).status, 200, 'a foreign state is ignored');
});
