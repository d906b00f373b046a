// The pre-filter must never change what the matcher finds: for paths made from a real
// description's templates (and broken versions of them), matching on the filtered view equals
// matching on the whole description.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import fc from 'fast-check';
import { matchOperation, matchPath } from '../../../src/core/openapi/matchOperation';
import { indexNear } from '../../../src/core/language/operationsNear';
import { loadIndex, reference } from './helpers';

test('indexNear finds what the whole description finds (VNG Catalogi 1.3.1, 70 operations)', async () => {
  const index = await loadIndex(join(reference, 'spec-pairs', 'vng-catalogi', '1.3.1.yaml'));
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
