// lineIndex (the lines a diff report shows) against the `yaml` package's own positions, for real
// descriptions and generated ones in both YAML styles, and for JSON: every pointer, and subsets
// (the scan passes the subtrees nothing is wanted from by indentation alone, which must not shift
// a line of what is wanted after them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { lineIndex } from '../../../src/core/specdiff/lineIndex';
import { escapePointerSegment } from '../../../src/core/openapi/jsonPointer';
import { generateOpenApi } from '../../fixtures/openapi/generate';
import { fixtures, root } from './helpers';

/** Line of every pointer: block keys and items on their own line, flow content on its parent's. */
function expectedLines(text: string): Map<string, number> {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: false });
  const out = new Map<string, number>();
  const lineOf = (node: { range?: [number, number, number] | null } | null | undefined, fallback: number): number =>
    node?.range ? counter.linePos(node.range[0]).line : fallback;
  const walk = (node: unknown, pointer: string, line: number): void => {
    out.set(pointer, line);
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = pair.key as YamlNode & { value?: unknown };
        const child = `${pointer}/${escapePointerSegment(String(key.value ?? key))}`;
        walk(pair.value, child, node.flow ? line : lineOf(key, line));
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item, `${pointer}/${i}`, node.flow ? line : lineOf(item as YamlNode, line)));
    }
  };
  walk(doc.contents, '', 1);
  return out;
}

function check(name: string, text: string): void {
  const expected = expectedLines(text);
  const all = [...expected.keys()].filter((p) => p !== '');
  assert.ok(all.length > 20, `${name}: a real document`);
  const subsets: [string, string[]][] = [
    ['every pointer', all],
    ['every 7th', all.filter((_, i) => i % 7 === 3)],
    ['the deepest', all.filter((p) => p.split('/').length > 6)],
    ['the last few', all.slice(-5)],
    ['one', [all[Math.floor(all.length / 2)]!]],
  ];
  for (const [label, wanted] of subsets) {
    const found = lineIndex(text, wanted);
    const wrong = wanted.filter((p) => found.get(p) !== expected.get(p)).slice(0, 5);
    assert.deepEqual(
      wrong.map((p) => `${p}: ${found.get(p)}`),
      wrong.map((p) => `${p}: ${expected.get(p)}`),
      `${name}, ${label}`,
    );
  }
}

test('YAML lines of real descriptions, wanted all or in part', () => {
  for (const file of [
    join(root, 'registries', 'vr-beheer', 'openapi.yaml'),
    join(root, 'registries', 'vr-beheer', 'openapi-v8.6.yaml'),
    join(fixtures, 'kvk-zoeken', 'old.yaml'),
    join(fixtures, 'vng-zaken', 'new.yaml'),
  ]) {
    check(file, readFileSync(file, 'utf8'));
  }
});

test('YAML lines of generated descriptions (quoted keys and flow values; block style with folded text)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'regx-lines-'));
  for (const yamlStyle of ['json-like', 'block'] as const) {
    const file = join(dir, `${yamlStyle}.yaml`);
    await generateOpenApi(file, { targetBytes: 60_000, format: 'yaml', yamlStyle });
    check(yamlStyle, readFileSync(file, 'utf8'));
  }
});

test('YAML: a sequence at its key\'s indentation, block scalars and comments in passed subtrees', () => {
  const text = [
    'openapi: 3.0.3',
    'tags:',
    '- name: a',
    '  description: |',
    '    text: that looks like a key',
    '    - and an item',
    '- name: b',
    'paths:',
    '  /x:',
    '    get:',
    '      # a comment: here',
    '      description: >-',
    '        folded: text',
    '      responses:',
    '        "200":',
    '          description: ok',
    'components:',
    '  schemas:',
    '    A:',
    '      enum:',
    '      - a',
    '      - b',
    '    B: { type: string }',
    '    C:',
    '      type: object',
    '',
  ].join('\n');
  check('inline', text);
  assert.equal(lineIndex(text, ['/components/schemas/C/type']).get('/components/schemas/C/type'), 25);
  assert.equal(lineIndex(text, ['/components/schemas/B/type']).get('/components/schemas/B/type'), 23);
});

test('JSON lines: the same answers as for YAML', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'regx-lines-'));
  const file = join(dir, 'g.json');
  await generateOpenApi(file, { targetBytes: 60_000, format: 'json' });
  const text = readFileSync(file, 'utf8');
  // JSON is YAML: the yaml package reads it (flow style, so one line per written key)
  const expected = expectedLines(text);
  const wanted = [...expected.keys()].filter((_, i) => i % 5 === 1);
  const found = lineIndex(text, wanted);
  const pretty = JSON.parse(text) as unknown;
  assert.ok(pretty);
  // written one key per line, each pointer's line is where its key is
  const lines = text.split('\n');
  for (const p of wanted.slice(0, 400)) {
    const line = found.get(p)!;
    const key = p.split('/').pop()!;
    if (/^\d+$/.test(key) || p === '') continue;
    assert.ok(lines[line - 1]!.includes(`"${key.replace(/~1/g, '/').replace(/~0/g, '~')}"`), `${p} at line ${line}: ${lines[line - 1]}`);
  }
});
