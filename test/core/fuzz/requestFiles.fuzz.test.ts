// 10,000 fuzzed request files, parsed and every request prepared (variables, dynamic values,
// named responses, bodies), with a fixed seed so a failure reproduces: nothing may throw.
// `npm run bench -- fuzz` runs 100,000 with a random seed and prints the slowest case's shape.
import { test } from 'node:test';
import fc from 'fast-check';
import { fuzzCase, runCase } from '../../helpers/fuzzRequestFiles';

test('10,000 fuzzed request files: the parser and the variable resolver never throw', async () => {
  await fc.assert(
    fc.asyncProperty(fuzzCase, async (c) => {
      await runCase(c);
    }),
    { seed: 2021, numRuns: 10_000 },
  );
});
