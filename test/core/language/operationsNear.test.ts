// The pre-filter must never change what the matcher finds: for paths made from a description's
// templates (and broken versions of them), matching on the filtered view equals matching on the
// whole description. The description is built here in the shape of the VNG Catalogi API (many
// resources, each with list/create/read/update/delete, some with actions and audit trails);
// the corpus suite runs the same check on the real Catalogi 1.3.1 document.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { matchOperation, matchPath } from '../../../src/core/openapi/matchOperation';
import { indexNear } from '../../../src/core/language/operationsNear';
import type { OpenApiIndex } from '../../../src/core/openapi/types';
import { loadIndex } from './helpers';

const RESOURCES = ['catalogussen', 'zaaktypen', 'statustypen', 'roltypen', 'resultaattypen', 'eigenschappen', 'informatieobjecttypen', 'besluittypen', 'zaakobjecttypen', 'zaaktype-informatieobjecttypen', 'zaaktypenrelaties', 'statustypen-gerelateerd'];

/** A description with more than the pre-filter's threshold of operations, written to a temp file. */
async function catalogiLike(): Promise<OpenApiIndex> {
  const ok = { '200': { description: 'ok' } };
  const uuid = { name: 'uuid', in: 'path', required: true, schema: { type: 'string' } };
  const paths: Record<string, unknown> = {};
  RESOURCES.forEach((name, i) => {
    const id = name.replace(/-/g, '_');
    paths[`/${name}`] = { get: { operationId: `${id}_list`, responses: ok }, post: { operationId: `${id}_create`, responses: ok } };
    paths[`/${name}/{uuid}`] = {
      parameters: [uuid],
      get: { operationId: `${id}_read`, responses: ok },
      put: { operationId: `${id}_update`, responses: ok },
      patch: { operationId: `${id}_partial_update`, responses: ok },
      delete: { operationId: `${id}_delete`, responses: ok },
    };
    if (i % 2 === 0) paths[`/${name}/{uuid}/publish`] = { parameters: [uuid], post: { operationId: `${id}_publish`, responses: ok } };
    if (i % 3 === 0) paths[`/${name}/{${id}_uuid}/audittrail/{uuid}`] = { parameters: [{ ...uuid, name: `${id}_uuid` }, uuid], get: { operationId: `${id}_audittrail_read`, responses: ok } };
  });
  // templates with no literal segment at all are never filtered out
  paths['/{bron}/{uuid}'] = { parameters: [{ ...uuid, name: 'bron' }, uuid], get: { operationId: 'generic_read', responses: ok } };
  const dir = mkdtempSync(join(tmpdir(), 'regx-near-'));
  try {
    const file = join(dir, 'catalogi.json');
    writeFileSync(file, JSON.stringify({ openapi: '3.0.3', info: { title: 'Catalogi-like', version: '1' }, servers: [{ url: '/api/v1' }], paths }));
    return await loadIndex(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('indexNear finds what the whole description finds (a Catalogi-like description, 83 operations)', async () => {
  const index = await catalogiLike();
  assert.ok(index.operations.length > 64, 'big enough to be filtered');
  const segment = fc.stringMatching(/^[a-z0-9_-]{1,8}$/);
  const path = fc
    .tuple(fc.constantFrom(...index.operations), fc.array(segment, { minLength: 4, maxLength: 4 }), fc.constantFrom('', '/api/v1', '/x'), fc.nat({ max: 3 }))
    .map(([op, values, prefix, breakAt]) => {
      let i = 0;
      const parts = op.path.split('/').map((s) => (s.includes('{') ? values[i++ % values.length] : s));
      if (breakAt === 0 && parts.length > 1) parts[parts.length - 1] += 'x';
      return { method: op.method, path: prefix + parts.join('/') };
    });
  fc.assert(
    fc.property(path, fc.constantFrom('GET', 'POST', 'PATCH', 'DELETE'), ({ method, path: p }, other) => {
      const options = { basePaths: ['/api/v1'] };
      const near = indexNear(index, p);
      assert.ok(near.operations.length < index.operations.length);
      for (const m of [method, other]) assert.equal(matchOperation(near, m, p, options)?.operation, matchOperation(index, m, p, options)?.operation);
      const ids = (list: { operation: { id: string } }[]) => list.map((x) => x.operation.id).sort();
      assert.deepEqual(ids(matchPath(near, p, options)), ids(matchPath(index, p, options)));
    }),
    { numRuns: 300 },
  );
});
