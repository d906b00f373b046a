// Runs every `*.test.ts` under test/ with node's own test runner, TypeScript loaded through tsx.
// Node 20's `--test` has no globs, so the files are listed here. Pass paths or substrings to run
// a subset:
//   node test/run-unit.mjs sandbox/vr-beheer
// Two suites: the unit suite (default) reads nothing outside the clone; `--corpus` runs
// test/corpus instead, the real-world files of the shared folder beside the clone
// (`npm run test:corpus`). The e2e suite has its own entry point (test/e2e/run.mjs).
import { readdirSync, statSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const corpus = args.includes('--corpus');
const filters = args.filter((a) => a !== '--corpus');
const NOT_UNIT = ['test/e2e', 'test/fixtures', 'test/corpus'];
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    const rel = relative(root, full).split('\\').join('/');
    if (name === 'node_modules' || (!corpus && NOT_UNIT.some((p) => rel.startsWith(p)))) continue;
    if (statSync(full).isDirectory()) walk(full);
    else if (name.endsWith('.test.ts')) files.push(rel);
  }
})(join(root, corpus ? 'test/corpus' : 'test'));
files.sort();
const selected = filters.length ? files.filter((f) => filters.some((x) => f.includes(x))) : files;
if (selected.length === 0) {
  console.error(`no test files match ${filters.join(' ')}`);
  process.exit(2);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...selected], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, REGX_TEST: '1' },
});
process.exit(result.status ?? 1);
