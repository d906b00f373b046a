// A component used in many places is compared once (the comparison is kept per pair of schema
// nodes) and its changes are attributed to every place that uses it: each operation, each
// direction, each path through other components, whatever operation reached it first. And the
// JSON report lists at most JSON_OCCURRENCES_LISTED places per change, counting the rest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffTexts, find } from './helpers';
import { JSON_OCCURRENCES_LISTED, renderDiff } from '../../../src/core/specdiff/renderDiff';
import type { SpecChange, SpecDiff } from '../../../src/core/specdiff/types';

function document(adres: string, reversed = false): string {
  const paths = [
    `  /personen:
    get:
      responses:
        '200':
          description: ok
          content: { application/json: { schema: { type: array, items: { $ref: '#/components/schemas/Persoon' } } } }
    post:
      requestBody:
        content: { application/json: { schema: { $ref: '#/components/schemas/Persoon' } } }
      responses: { '201': { description: ok } }`,
    `  /bedrijven/{id}:
    get:
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      responses:
        '200':
          description: ok
          content: { application/json: { schema: { $ref: '#/components/schemas/Bedrijf' } } }`,
    `  /adressen:
    put:
      requestBody:
        content: { application/json: { schema: { $ref: '#/components/schemas/Adres' } } }
      responses:
        '200':
          description: ok
          content: { application/json: { schema: { $ref: '#/components/schemas/Adres' } } }`,
  ];
  return `openapi: 3.0.3
info: { title: Shared, version: '1' }
paths:
${(reversed ? [...paths].reverse() : paths).join('\n')}
components:
  schemas:
    Adres:
${adres}
    Persoon:
      type: object
      properties:
        naam: { type: string }
        adres: { $ref: '#/components/schemas/Adres' }
        partner: { $ref: '#/components/schemas/Persoon' }
    Bedrijf:
      type: object
      properties:
        vestiging:
          type: object
          properties:
            adres: { $ref: '#/components/schemas/Adres' }
            bezoekadressen: { type: array, items: { $ref: '#/components/schemas/Adres' } }
        eigenaar: { $ref: '#/components/schemas/Persoon' }
`;
}

const before = `      type: object
      properties:
        straat: { type: string }
        postcode: { type: string, description: De postcode van het adres }`;
const after = `      type: object
      properties:
        straat: { type: string }
        postcodeCijfers: { type: string, description: De postcode van het adres }`;

const places = (change: SpecChange | undefined): string[] =>
  (change?.occurrences ?? []).map((o) => `${o.operation.method} ${o.operation.path} ${o.direction} ${o.path}`).sort();

// Every place the old release uses Adres, with every path to it (the report lists the shortest
// ones per operation; the impact map finds the others by the schema site).
const EVERY_RESPONSE_PLACE = [
  'GET /bedrijven/{id} response $.eigenaar.adres',
  'GET /bedrijven/{id} response $.vestiging.adres',
  'GET /bedrijven/{id} response $.vestiging.bezoekadressen[*]',
  'GET /personen response $[*].adres',
  'PUT /adressen response $',
];

test('a changed component is one change per direction, attributed to every operation that uses it, through other components and a cycle', async () => {
  const diff = await diffTexts(document(before), document(after));
  const renames = diff.changes.filter((c) => c.kind === 'property-renamed');
  assert.deepEqual(renames.map((c) => c.direction).sort(), ['request', 'response'], 'compared once per direction, not once per use');
  const response = places(renames.find((c) => c.direction === 'response'));
  assert.ok(response.every((p) => EVERY_RESPONSE_PLACE.includes(p)), response.join('\n'));
  const operations = (list: string[]) => [...new Set(list.map((p) => p.split(' ').slice(0, 2).join(' ')))].sort();
  assert.deepEqual(operations(response), operations(EVERY_RESPONSE_PLACE));
  assert.deepEqual(response.filter((p) => p.startsWith('GET /bedrijven')), ['GET /bedrijven/{id} response $.eigenaar.adres', 'GET /bedrijven/{id} response $.vestiging.adres'], 'the shortest paths within one operation');
  assert.deepEqual(places(renames.find((c) => c.direction === 'request')), ['POST /personen request $.adres', 'PUT /adressen request $']);
});

test('the places do not depend on which operation reached the shared component first', async () => {
  const forward = await diffTexts(document(before), document(after));
  const backward = await diffTexts(document(before, true), document(after, true));
  const all = (diff: SpecDiff) => diff.changes.flatMap((c) => places(c).map((p) => `${c.id} ${p}`)).sort();
  assert.deepEqual(all(backward), all(forward));
  assert.equal(all(forward).length, 6);
});

// Two components that refer to each other: whichever is compared first meets the other while it
// is itself still being compared. What the second one finds then lacks the first one's changes,
// so it is not reused for the operation that uses the second one directly.
function cyclic(aantal: string, reversed = false): string {
  const paths = [
    `  /a:
    get:
      responses: { '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/A' } } } } }`,
    `  /b:
    get:
      responses: { '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/B' } } } } }`,
  ];
  return `openapi: 3.0.3
info: { title: Cycle, version: '1' }
paths:
${(reversed ? [...paths].reverse() : paths).join('\n')}
components:
  schemas:
    A:
      type: object
      properties:
        ${aantal}: { type: integer }
        b: { $ref: '#/components/schemas/B' }
    B:
      type: object
      properties:
        a: { $ref: '#/components/schemas/A' }
`;
}

for (const reversed of [false, true]) {
  test(`components that refer to each other: a change in one reaches the operations of both (${reversed ? 'B' : 'A'} compared first)`, async () => {
    const diff = await diffTexts(cyclic('aantal', reversed), cyclic('hoeveelheid', reversed));
    const rename = find(diff, 'property-renamed', "'aantal' of A renamed to 'hoeveelheid'");
    // (compared from B first, A's list also holds the way round the cycle, $.b.a: the same field again)
    const listed = places(rename);
    assert.ok(listed.includes('GET /a response $') && listed.includes('GET /b response $.a'), listed.join('\n'));
    assert.ok(listed.every((p) => ['GET /a response $', 'GET /a response $.b.a', 'GET /b response $.a'].includes(p)), listed.join('\n'));
  });
}

test('the JSON report lists at most JSON_OCCURRENCES_LISTED places of a change and counts the rest', async () => {
  const diff = await diffTexts(document(before), document(after));
  const change = find(diff, 'property-renamed', 'postcode')!;
  const one = change.occurrences[0]!;
  const many: SpecDiff = { ...diff, changes: [{ ...change, occurrences: Array.from({ length: JSON_OCCURRENCES_LISTED + 5 }, (_, i) => ({ ...one, operation: { ...one.operation, path: `/p${i}` } })) }] };
  const report = JSON.parse(renderDiff(many, 'json')) as { changes: (SpecChange & { moreOccurrences?: number })[] };
  assert.equal(report.changes[0]!.occurrences.length, JSON_OCCURRENCES_LISTED);
  assert.equal(report.changes[0]!.moreOccurrences, 5);
  assert.equal(report.changes[0]!.occurrences.at(-1)!.operation.path, `/p${JSON_OCCURRENCES_LISTED - 1}`);
  // below the cap, the report is the diff as it is, written as JSON.stringify writes it
  assert.equal(renderDiff(diff, 'json'), `${JSON.stringify({ old: diff.old, new: diff.new, summary: { breaking: 2, warning: 0, info: 0 }, changes: diff.changes }, null, 2)}\n`);
  const empty: SpecDiff = { ...diff, changes: [] };
  assert.equal(renderDiff(empty, 'json'), `${JSON.stringify({ old: diff.old, new: diff.new, summary: { breaking: 0, warning: 0, info: 0 }, changes: [] }, null, 2)}\n`);
});

test('the JSON report is JSON.stringify of the report whatever the changes hold: shared operation objects, odd strings, nested values, fields left undefined', async () => {
  const diff = await diffTexts(document(before), document(after));
  const change = find(diff, 'property-renamed', 'postcode')!;
  const operation = { method: 'GET', path: '/a/{id}', operationId: 'ë"\\\n\u2028' };
  const parameter = { in: 'query', name: 'q' };
  const odd: SpecChange = {
    ...change,
    message: 'quotes " and \\ and a line\nbreak, a tab\t, ünïcode → and a lone surrogate \ud800',
    before: { nested: [1, 'two', null, { three: [true, false] }], empty: {}, list: [] },
    after: [undefined, () => 1, 2.5, -0, 1e21],
    direction: undefined,
    occurrences: [
      { operation, area: 'parameter', parameter, path: '$' },
      { operation, area: 'parameter', parameter, path: '$["a b"]', newPath: '$["c\\"d"]', status: undefined },
      { operation, area: 'response', direction: 'response', status: '200→201', mediaType: 'application/json', path: '$[*]' },
      { operation: { method: 'PUT', path: '/b' }, area: 'operation' },
    ],
  };
  const report: SpecDiff = { ...diff, changes: [odd, { ...change, occurrences: [] }, change] };
  const summary = { breaking: 3, warning: 0, info: 0 };
  assert.equal(renderDiff(report, 'json'), `${JSON.stringify({ old: diff.old, new: diff.new, summary, changes: report.changes }, null, 2)}\n`);
});
