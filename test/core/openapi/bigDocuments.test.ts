import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOpenApi, matchOperation, validateResponse, type OpenApiIndex } from '../../../src/core/openapi';
import { generateOpenApi, resourceName, type GeneratedDocument } from '../../fixtures/openapi/generate';
import { fileHost } from './fixtures';

/** Counts event-loop turns taken while `work` runs: the loader must hand the thread back between phases. */
async function countTurns<T>(work: Promise<T>): Promise<{ value: T; turns: number }> {
  let turns = 0;
  let done = false;
  const tick = (): void => {
    if (done) return;
    turns++;
    setImmediate(tick);
  };
  setImmediate(tick);
  const value = await work;
  done = true;
  return { value, turns };
}

function checkIndex(index: OpenApiIndex, generated: GeneratedDocument): void {
  assert.equal(index.operations.length, generated.operations);
  assert.equal(Object.keys(index.schemas).length, generated.resources + 1);
  const n = generated.resources - 1;
  const last = resourceName(n);
  const get = index.operations.find((op) => op.id === `get${last}`);
  assert.equal(get?.path, `/r${n}/{id}`);
  assert.deepEqual(get?.parameters.map((p) => `${p.in}:${p.name}`), ['path:id'], 'path-level parameter merged in');
  const replace = index.operations.find((op) => op.id === `replace${resourceName(7)}`);
  assert.equal(replace?.deprecated, true);
  assert.deepEqual(replace?.parameters.map((p) => p.name), ['id', 'If-Match']);
  const schema = index.schemas[last] as { properties: Record<string, unknown> };
  assert.equal(schema.properties.vorige, index.schemas[resourceName(n - 1)], 'chain of refs shares objects');
  assert.equal(schema.properties.ouder, schema, 'self-reference is a cycle');
  assert.ok(get?.location.line !== undefined && get.location.line > 1);

  const match = matchOperation(index, 'GET', `http://127.0.0.1:7499/api/r${n}/A1234567`);
  assert.deepEqual([match?.operation.id, match?.pathParams], [`get${last}`, { id: 'A1234567' }]);
  const body = { naam: 'x', status: 'actief', vorige: { naam: 'y', status: 'gestopt', ouder: { naam: 'z', status: 'weg' } } };
  const result = validateResponse(index, match?.operation ?? { method: 'GET', path: '/' }, 200, 'application/json', body);
  assert.deepEqual(result.errors.map((e) => [e.path, e.keyword]), [['$.vorige.ouder.status', 'enum']]);
}

test('a generated 5 MB YAML document loads and indexes', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'regx-big-'));
  try {
    const generated = await generateOpenApi(join(dir, 'api.yaml'), { targetBytes: 5_000_000, format: 'yaml' });
    assert.ok(generated.bytes >= 5_000_000, `${generated.bytes} bytes`);
    const { value: index, turns } = await countTurns(loadOpenApi(generated.path, fileHost));
    assert.ok(turns >= 3, `the loader yielded ${turns} times`);
    checkIndex(index, generated);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a generated 50 MB JSON document loads and indexes without holding the thread throughout', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'regx-big-'));
  try {
    const generated = await generateOpenApi(join(dir, 'api.json'), { targetBytes: 50_000_000, format: 'json' });
    assert.ok(generated.bytes >= 50_000_000, `${generated.bytes} bytes`);
    const { value: index, turns } = await countTurns(loadOpenApi(generated.path, fileHost));
    // read, parse, resolve (in slices), index (in slices): many turns for a document this size
    assert.ok(turns >= 10, `the loader yielded ${turns} times`);
    checkIndex(index, generated);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
