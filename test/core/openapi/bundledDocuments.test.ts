// Every OpenAPI description the sandbox serves (`registries/<id>/openapi.yaml`) must be a valid
// document that the loader indexes: editors, flows and validation all start from it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadOpenApi, matchOperation, validateDocument } from '../../../src/core/openapi';
import { fileHost, repoRoot } from './fixtures';

const registries = join(repoRoot, 'registries');
const documents = readdirSync(registries)
  .map((id) => join(registries, id, 'openapi.yaml'))
  .filter((file) => existsSync(file));

test('at least one bundled OpenAPI document exists to check', () => {
  assert.ok(documents.length > 0);
});

for (const file of documents) {
  test(`bundled ${file.slice(registries.length + 1)} is valid and indexes`, async () => {
    const result = await validateDocument(file, fileHost);
    assert.deepEqual(
      result.problems.filter((p) => p.severity === 'error').map((p) => `${p.line ?? '?'}: ${p.message}`),
      [],
      `${file} has problems`,
    );
    const index = await loadOpenApi(file, fileHost);
    assert.ok(index.operations.length > 0, 'it describes operations');
    for (const op of index.operations) {
      // each template matches itself with sample values
      const concrete = op.path.replace(/\{[^}]+\}/g, 'X1');
      assert.ok(matchOperation(index, op.method, concrete), `${op.method} ${op.path} matches ${concrete}`);
    }
  });
}
