// The code cache of the command bundles (src/cli/codeCache.ts): each case runs loadBundle in a
// fresh Node process, as `regx` would, because within one process V8's own compilation cache
// would hide whether the file was used.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

const codeCache = join(__dirname, '..', '..', 'src', 'cli', 'codeCache.ts');
const v8Flags = join(__dirname, '..', '..', 'src', 'cli', 'v8Flags.ts');
const dir = mkdtempSync(join(tmpdir(), 'regx-code-cache-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A bundle with a function the first run calls, so the cache has more than the top level. */
function writeBundle(name: string, answer: number): string {
  const file = join(dir, `${name}.js`);
  const filler = Array.from({ length: 200 }, (_, i) => `function unused${i}(x) { return x * ${i} + ${answer}; }`).join('\n');
  writeFileSync(file, `'use strict';\n${filler}\nexports.answer = function answer() { return [${answer}].map((x) => x + 0)[0]; };\nexports.dir = __dirname;\nexports.os = require('node:os').EOL.length;\n`);
  return file;
}

/** loadBundle in a new process that sets the `regx run` V8 flags first, as main() does. */
function load(file: string, cacheDir: string): { cache: string; answer: number; dir: string; os: number } {
  const script = `
    const { RUN_V8_FLAGS, setV8Flags } = require(${JSON.stringify(v8Flags)});
    const { loadBundle, saveCodeCaches } = require(${JSON.stringify(codeCache)});
    setV8Flags(RUN_V8_FLAGS);
    const bundle = loadBundle(${JSON.stringify(file)}, ${JSON.stringify(cacheDir)}, RUN_V8_FLAGS);
    const answer = bundle.exports.answer();
    saveCodeCaches();
    process.stdout.write(JSON.stringify({ cache: bundle.cache, answer, dir: bundle.exports.dir, os: bundle.exports.os }));`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  return JSON.parse(child.stdout) as { cache: string; answer: number; dir: string; os: number };
}

const cacheFiles = (cacheDir: string) => readdirSync(cacheDir);

test('the first run writes the cache after the command, the next one compiles from it', () => {
  const file = writeBundle('run', 7);
  const cacheDir = join(dir, 'cache-a');
  const first = load(file, cacheDir);
  assert.deepEqual(first, { cache: 'written-later', answer: 7, dir, os: 1 });
  const [written, ...others] = cacheFiles(cacheDir);
  assert.match(written!, /^run-[0-9a-f]{8}\.cache$/);
  assert.deepEqual(others, [], 'no temporary file is left');
  assert.deepEqual(load(file, cacheDir), { cache: 'accepted', answer: 7, dir, os: 1 });
  assert.deepEqual(load(file, cacheDir).cache, 'accepted');
});

test('a damaged cache file is ignored and replaced, never given to V8', () => {
  const file = writeBundle('damaged', 11);
  const cacheDir = join(dir, 'cache-b');
  load(file, cacheDir);
  const path = join(cacheDir, cacheFiles(cacheDir)[0]!);
  const good = readFileSync(path);
  // V8 does not checksum a code cache in release builds: a flipped payload byte would be taken.
  const flipped = Buffer.from(good);
  flipped[flipped.length >> 1] ^= 0xff;
  writeFileSync(path, flipped);
  assert.deepEqual(load(file, cacheDir), { cache: 'written-later', answer: 11, dir, os: 1 });
  assert.notDeepEqual(readFileSync(path), flipped, 'rewritten from this run');
  assert.equal(load(file, cacheDir).cache, 'accepted');
  for (const broken of [good.subarray(0, good.length - 1), good.subarray(0, 10), Buffer.from('not a cache at all')]) {
    writeFileSync(path, broken);
    assert.deepEqual(load(file, cacheDir), { cache: 'written-later', answer: 11, dir, os: 1 });
  }
});

test('a changed bundle of the same length does not use the old cache', () => {
  const file = writeBundle('rebuilt', 3);
  const cacheDir = join(dir, 'cache-c');
  load(file, cacheDir);
  assert.equal(load(file, cacheDir).cache, 'accepted');
  const before = readFileSync(file, 'utf8');
  writeBundle('rebuilt', 4);
  assert.equal(readFileSync(file, 'utf8').length, before.length);
  assert.deepEqual(load(file, cacheDir), { cache: 'written-later', answer: 4, dir, os: 1 });
  assert.equal(load(file, cacheDir).cache, 'accepted');
});

test('a cache folder that cannot be created costs the cache, not the command', () => {
  const file = writeBundle('readonly', 5);
  const notAFolder = join(dir, 'plain-file');
  writeFileSync(notAFolder, '');
  const cacheDir = join(notAFolder, 'cache');
  assert.deepEqual(load(file, cacheDir), { cache: 'written-later', answer: 5, dir, os: 1 });
  assert.deepEqual(load(file, cacheDir), { cache: 'written-later', answer: 5, dir, os: 1 });
});
