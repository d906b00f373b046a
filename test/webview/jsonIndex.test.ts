import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { JsonIndex, Kind } from '../../webview/response/body/jsonIndex';
import { RawRows, WRAP } from '../../webview/response/body/rawRows';
import { TreeRows } from '../../webview/response/body/treeRows';
import { jsonPath } from '../../src/core/json/jsonPath';

const encoder = new TextEncoder();

/** Feeds `text` in chunks of the given sizes, scanning a little after each, as the viewer does. */
function indexOf(text: string, chunks: number[] = [text.length], scanBytes = 7): JsonIndex {
  const bytes = encoder.encode(text);
  const index = new JsonIndex(bytes.length);
  let offset = 0;
  let i = 0;
  while (offset < bytes.length) {
    const size = Math.max(1, chunks[i++ % chunks.length]!);
    const chunk = bytes.subarray(offset, offset + size);
    index.append(chunk, offset, offset + chunk.length >= bytes.length);
    offset += chunk.length;
    while (index.scan(scanBytes));
  }
  if (bytes.length === 0) index.append(new Uint8Array(), 0, true);
  while (index.scan(scanBytes));
  return index;
}

function valueAt(value: unknown, steps: (string | number)[]): unknown {
  return steps.reduce<unknown>((at, step) => (at as Record<string | number, unknown>)[step], value);
}

test('a JSON body is indexed value by value: kinds, ranges, keys, parents, sizes', () => {
  const index = indexOf('{"naam":"Kool","n":[1,-2.5e3,true,null],"x":{"e-mail":"a\\"b"}}', [5, 3, 11]);
  assert.equal(index.error, undefined);
  assert.equal(index.count, 9);
  assert.deepEqual([...index.kind.subarray(0, 9)], [Kind.Object, Kind.String, Kind.Array, Kind.Number, Kind.Number, Kind.True, Kind.Null, Kind.Object, Kind.String]);
  assert.equal(index.keyOf(1), 'naam');
  assert.equal(index.keyOf(4), 1);
  assert.equal(index.keyOf(8), 'e-mail');
  assert.equal(index.text(index.start[8]!, index.endOf(8)), '"a\\"b"');
  assert.equal(index.sizeOf(0), 3);
  assert.equal(index.sizeOf(2), 4);
  assert.equal(index.sizeOf(7), 1);
  assert.equal(index.endOf(0), index.bytes.length);
  assert.equal(index.endOf(7), index.bytes.length - 1);
  assert.deepEqual([...index.children(0)], [1, 2, 7]);
  assert.equal(jsonPath(index.steps(8)), "$.x['e-mail']");
  assert.equal(index.find(['n', 2]), 5);
  assert.equal(index.find(['n', 9]), undefined);
  assert.equal(index.nodeAt(index.start[5]! + 1), 5);
  assert.equal(index.nodeAt(2), 1, 'an offset inside a key belongs to its member');
});

test('any JSON, with any whitespace, cut into any chunks: every node is found again and its text parses to its value', () => {
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 4 }), fc.constantFrom(0, 2, '\t'), fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 5 }), (value, space, chunks) => {
      const text = JSON.stringify(value, null, space);
      const index = indexOf(text, chunks);
      assert.equal(index.error, undefined, text);
      assert.ok(index.done);
      for (let node = 0; node < index.count; node++) {
        const steps = index.steps(node);
        assert.deepEqual(JSON.parse(index.text(index.start[node]!, index.endOf(node))), valueAt(JSON.parse(text), steps), `${jsonPath(steps)} in ${text}`);
        assert.equal(index.find(steps), node);
      }
    }),
    { numRuns: 300 },
  );
});

test('what is not JSON says where and why, and never throws', () => {
  assert.match(indexOf('{"a":1,}').error?.message ?? '', /a ',' before '\}'/);
  assert.match(indexOf('[1 2]').error?.message ?? '', /expected ',' or the end of the array/);
  assert.match(indexOf('{"a" 1}').error?.message ?? '', /expected ':'/);
  assert.match(indexOf('{"a"}').error?.message ?? '', /a key without a value/);
  assert.match(indexOf('[,1]').error?.message ?? '', /unexpected ','/);
  assert.match(indexOf('{"a":[1,2}').error?.message ?? '', /unexpected '\}'/);
  assert.match(indexOf('{"a":"x').error?.message ?? '', /unterminated string/);
  assert.match(indexOf('[1,2').error?.message ?? '', /ends inside/);
  assert.match(indexOf('{} x').error?.message ?? '', /more data/);
  assert.match(indexOf('<img src=x onerror=alert(1)>').error?.message ?? '', /unexpected '<'/);
  assert.match(indexOf('').error?.message ?? '', /no JSON value/);
});

test('the tree shows expanded containers only, and reveals a deep node by opening its ancestors; a million-deep body is no stack overflow', () => {
  const index = indexOf('{"a":{"b":[10,20]},"c":3}');
  const rows = new TreeRows(index);
  rows.expandDefaults();
  rows.rebuild();
  assert.deepEqual([...rows.rows.subarray(0, rows.count)], [0, 1, 2, 5]);
  const twenty = index.find(['a', 'b', 1])!;
  const row = rows.reveal(twenty);
  assert.equal(rows.rows[row], twenty);
  assert.equal(rows.count, 6);
  rows.toggle(1);
  assert.deepEqual([...rows.rows.subarray(0, rows.count)], [0, 1, 5]);

  const deep = indexOf('['.repeat(200_000) + ']'.repeat(200_000), [1 << 20], 1 << 20);
  assert.equal(deep.error, undefined);
  const deepRows = new TreeRows(deep);
  assert.ok(deepRows.reveal(199_999) === 199_999);
});

test('raw rows: line breaks end rows, long lines wrap at WRAP bytes without cutting a UTF-8 character', () => {
  const text = `a\nbc\n${'é'.repeat(WRAP)}\nend`;
  const bytes = encoder.encode(text);
  const rows = new RawRows(bytes);
  for (let at = 0; at <= bytes.length; at += 333) rows.scan(Math.min(at, bytes.length), false);
  rows.scan(bytes.length, true);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const lines = Array.from({ length: rows.count }, (_, i) => decoder.decode(bytes.subarray(...rows.range(i, bytes.length))));
  assert.equal(lines.join(''), text);
  assert.deepEqual(lines.slice(0, 2), ['a\n', 'bc\n']);
  assert.ok(lines.slice(2, -1).every((line) => encoder.encode(line).length <= WRAP));
  assert.equal(lines.at(-1), 'end');
  assert.equal(rows.rowAt(bytes.indexOf(0x63)), 1);
});

test('problem details made readable; a plain error body is not one', async () => {
  const { problemView } = await import('../../webview/response/body/problemDetails');
  const problem = problemView({ type: 'urn:x', title: 'Bad Request', status: 400, detail: "De header 'VR-Initiator' is verplicht.", validationErrors: { naam: ['verplicht', 'te kort'] }, bevestigingsToken: 'abc' }, 'application/problem+json');
  assert.deepEqual(problem, {
    title: 'Bad Request',
    status: 400,
    detail: "De header 'VR-Initiator' is verplicht.",
    instance: undefined,
    type: 'urn:x',
    extensions: [
      { name: 'validationErrors', lines: ['naam: verplicht; te kort'] },
      { name: 'bevestigingsToken', lines: ['abc'] },
    ],
  });
  assert.equal(problemView({ title: 'x', status: 400 }, 'application/json')?.title, 'x');
  assert.equal(problemView({ naam: 'Kool' }, 'application/json'), undefined);
  assert.equal(problemView([1], 'application/problem+json'), undefined);
});

test('validation error paths and copied paths lead back to their node', async () => {
  const { pathSteps } = await import('../../webview/response/body/problemDetails');
  assert.deepEqual(pathSteps('$.contactgegevens[0].waarde'), ['contactgegevens', 0, 'waarde']);
  assert.deepEqual(pathSteps(`$["e-mail"]['x y'][\`@id]`), ['e-mail', 'x y', '@id']);
  assert.deepEqual(pathSteps('$'), []);
  assert.equal(pathSteps('naam'), undefined);
  const index = indexOf('{"a":[{"e-mail":"x"}]}');
  assert.equal(index.find(pathSteps(jsonPath(['a', 0, 'e-mail']))!), 3);
});

test('hex preview lines: offset, bytes, printable characters', async () => {
  const { hexLine } = await import('../../webview/response/body/problemDetails');
  const line = hexLine(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]), 0);
  assert.match(line, /^00000000  89 50 4e 47 0d 0a {2,}\.PNG\.\.$/);
  assert.equal(line.length, hexLine(new Uint8Array(16), 0).length - 10, 'the ASCII column starts at the same place on a short last line');
});

test('search finds every occurrence, case-insensitively for ASCII, in slices', async () => {
  const { ByteSearch } = await import('../../webview/response/body/search');
  const bytes = encoder.encode('{"Naam":"kool","x":"NAAM naam é"}');
  const search = new ByteSearch(bytes, 'naam');
  while (search.scan(bytes.length, 3));
  assert.deepEqual(search.matches, [2, 20, 25]);
  const accents = new ByteSearch(bytes, 'é');
  while (accents.scan(bytes.length));
  assert.deepEqual(accents.matches, [30]);
});

test('the arrays are sized from the density scanned so far, not from where the slice began', () => {
  // 4 MB of small objects in 2 MB slices: the first growth comes mid-slice. Sized from the slice's
  // start it overshot the value count by 70%; now it stays within the estimate's margin.
  const items: string[] = [];
  let size = 0;
  for (let i = 0; size < 4 * 1024 * 1024; i++) {
    const item = JSON.stringify({ id: i, naam: `Vereniging ${i}`, actief: i % 2 === 0, adres: { postcode: '9000', gemeente: 'Gent' } });
    items.push(item);
    size += item.length + 1;
  }
  const bytes = encoder.encode(`[${items.join(',')}]`);
  const index = new JsonIndex(bytes.length);
  for (let offset = 0; offset < bytes.length; offset += 2 * 1024 * 1024) {
    const end = Math.min(bytes.length, offset + 2 * 1024 * 1024);
    index.append(bytes.subarray(offset, end), offset, end >= bytes.length);
    while (index.scan(2 * 1024 * 1024));
  }
  assert.ok(index.done && !index.error);
  assert.equal(index.count, 1 + items.length * 7);
  assert.ok(index.kind.length <= index.count * 1.2, `capacity ${index.kind.length} for ${index.count} values`);
});

test('the body is kept as the chunks it arrived in: reads, searches and slices across their borders', async () => {
  const { ChunkedBytes } = await import('../../webview/response/body/chunkedBytes');
  const { ByteSearch } = await import('../../webview/response/body/search');
  const bytes = encoder.encode('{"naam":"Kool é","x":"NAAM"}\nline two\n');
  const store = new ChunkedBytes(bytes.length);
  const cuts = [0, 3, 4, 11, 12, 20, bytes.length];
  for (let i = 0; i + 1 < cuts.length; i++) store.append(bytes.subarray(cuts[i]!, cuts[i + 1]!), cuts[i]!);
  // a chunk sent again (a resent first chunk) adds nothing; one past a gap is refused
  store.append(bytes.subarray(0, 5), 0);
  assert.throws(() => new ChunkedBytes(10).append(new Uint8Array(2), 4), /at byte 4 while the body has arrived up to byte 0/);
  assert.equal(store.available, bytes.length);
  assert.equal(store.chunks.length, 6);
  // the chunks themselves, not copies
  assert.equal(store.chunks[1]!.buffer, bytes.buffer);
  assert.deepEqual([...Array(bytes.length).keys()].map((i) => store.at(i)), [...bytes]);
  for (let from = 0; from < bytes.length; from++) {
    for (let to = from; to <= bytes.length; to++) {
      assert.deepEqual([...store.slice(from, to)], [...bytes.subarray(from, to)]);
      for (const byte of [0x22, 0x0a, 0x4b]) {
        const found = bytes.subarray(from, to).indexOf(byte);
        assert.equal(store.indexOf(byte, from, to), found < 0 ? -1 : from + found, `indexOf ${byte} in [${from}, ${to})`);
      }
    }
  }
  const search = new ByteSearch(store, 'naam');
  while (search.scan(store.available, 5));
  assert.deepEqual(search.matches, [2, 23]); // é is two bytes
  const rows = new RawRows(store);
  rows.scan(store.available, true);
  assert.deepEqual([...rows.starts.subarray(0, rows.count)], [0, bytes.indexOf(0x0a) + 1]);
});

test('search reads the body a bounded number of times: a letter whose other case never occurs is not looked for again at every match of the first', async () => {
  const { ChunkedBytes } = await import('../../webview/response/body/chunkedBytes');
  const { ByteSearch } = await import('../../webview/response/body/search');
  // a lowercase body full of 'e' and one 'EINDE' at its end (as the e2e step's 20 MB body)
  const bytes = encoder.encode(`${'{"e":"ee"},'.repeat(20_000)}"EINDE"`);
  let read = 0;
  class Counting extends ChunkedBytes {
    override indexOf(byte: number, from: number, to: number): number {
      const found = super.indexOf(byte, from, to);
      read += (found < 0 ? Math.min(to, this.available) : found + 1) - from;
      return found;
    }
  }
  const store = new Counting(bytes.length);
  store.append(bytes, 0);
  const search = new ByteSearch(store, 'einde');
  while (search.scan(bytes.length, 64 * 1024));
  assert.deepEqual(search.matches, [bytes.length - 6]);
  assert.ok(read <= 3 * bytes.length, `indexOf read ${read} bytes of a ${bytes.length}-byte body`);
});
