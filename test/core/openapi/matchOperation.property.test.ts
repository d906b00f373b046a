// Properties of template matching over generated path sets: every concrete path built from a
// template finds an operation (completeness), and the operation found re-creates the request path
// from its own template and the returned parameters (soundness), with literals preferred.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { matchOperation } from '../../../src/core/openapi';
import type { OpenApiIndex, OperationInfo } from '../../../src/core/openapi';

const literal = fc.constantFrom('verenigingen', 'klanten', 'zoeken', 'historiek', 'v1', 'kbo');
const segment = fc.oneof(literal, fc.constantFrom('{id}', '{vCode}', '{uuid}'));
const template = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => {
  // one name per template segment, as OpenAPI requires unique path parameter names
  let n = 0;
  return '/' + parts.map((p) => (p.startsWith('{') ? `{p${n++}}` : p)).join('/');
});

function indexOf(paths: string[]): OpenApiIndex {
  const operations: OperationInfo[] = [...new Set(paths)].map((path) => ({
    id: path,
    method: 'GET',
    path,
    tags: [],
    deprecated: false,
    parameters: [],
    responses: [],
    location: { source: 'generated', pointer: '' },
  }));
  return { source: 'generated', specVersion: '3.0.3', title: 'g', version: '1', servers: [], tags: [], operations, schemas: {} };
}

function instantiate(path: string, values: string[]): string {
  let i = 0;
  return path.replace(/\{[^}]+\}/g, () => values[i++ % values.length] ?? 'x');
}

test('matching is complete and sound on generated templates', () => {
  fc.assert(
    fc.property(
      fc.array(template, { minLength: 1, maxLength: 12 }),
      fc.nat(),
      fc.array(fc.stringMatching(/^[A-Z][0-9]{3,7}$/), { minLength: 1, maxLength: 3 }),
      (paths, pick, values) => {
        const index = indexOf(paths);
        const chosen = index.operations[pick % index.operations.length] as OperationInfo;
        const request = instantiate(chosen.path, values);
        const match = matchOperation(index, 'GET', request);
        assert.ok(match, `${request} matches something (built from ${chosen.path})`);
        const rebuilt = match.operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => match.pathParams[name] ?? '?');
        assert.equal(rebuilt, request);
        // a template with a literal where the chosen one has a parameter cannot exist and lose:
        // the match is at least as literal as the chosen template, position by position from the left
        const literals = (p: string) => p.split('/').slice(1).map((s) => !s.startsWith('{'));
        const a = literals(match.operation.path);
        const b = literals(chosen.path);
        const firstDifference = a.findIndex((v, i) => v !== b[i]);
        assert.ok(firstDifference < 0 || a[firstDifference] === true, `${match.operation.path} is not less literal than ${chosen.path}`);
      },
    ),
    { numRuns: 300, seed: 20261125 },
  );
});
