// `regx` as a CI user meets it: no arguments, `--help` on every command, `regx help COMMAND`,
// and option tables that the parser and the help both read.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { commands } from '../../src/cli/commands';
import { main } from '../../src/cli/main';
import { parseOptions, type OptionSpec } from '../../src/cli/options';
import { UsageError } from '../../src/cli/errors';

const root = join(__dirname, '..', '..');

async function regx(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await main(args, { stdout, stderr, env: {}, cwd: root, signal: new AbortController().signal });
  return { code, stdout: out, stderr: err };
}

test('regx with no arguments lists the commands on stderr and exits 2', async () => {
  const { code, stdout, stderr } = await regx([]);
  assert.equal(code, 2);
  assert.equal(stdout, '');
  for (const name of Object.keys(commands)) assert.match(stderr, new RegExp(`^  ${name} +\\S`, 'm'), name);
  assert.match(stderr, /regx COMMAND --help/);
  assert.match(stderr, /REGX_SECRET_<name>/);
  const asked = await regx(['--help']);
  assert.equal(asked.code, 0);
  assert.equal(asked.stdout, stderr);
});

for (const name of Object.keys(commands)) {
  test(`regx ${name} --help: usage, every option on a line of its own, exit codes, the REGX_SECRET_ rule`, async () => {
    const { code, stdout, stderr } = await regx([name, '--help']);
    assert.equal(code, 0, stderr);
    const { help } = await commands[name]!.load();
    assert.match(stdout, new RegExp(`^usage: regx ${name}\\b`));
    const lines = stdout.split('\n');
    for (const option of help.options) {
      const head = option.value ? `${option.flag} ${option.value}` : option.flag;
      const line = lines.find((l) => l.trimStart().startsWith(`${head} `) || l.trim() === head);
      assert.ok(line, `${head} has no line of its own in:\n${stdout}`);
      assert.ok(stdout.includes(option.help), `${option.flag}'s help text is printed`);
    }
    assert.ok(lines.some((l) => l.trim().startsWith('-h, --help')));
    const exitCodes = lines.indexOf('Exit codes:');
    assert.ok(exitCodes > 0, 'an Exit codes section');
    for (const [exit] of help.exitCodes) assert.ok(lines.slice(exitCodes).some((l) => new RegExp(`^  ${exit} +\\S`).test(l)), `exit ${exit}`);
    assert.match(stdout, /^ {2}REGX_SECRET_<name> +.*never printed/m);
    // `regx help NAME` is the same text; `-h` after other arguments too
    assert.equal((await regx(['help', name])).stdout, stdout);
    assert.equal((await regx([name, 'some-file', '-h'])).stdout, stdout);
  });
}

test('a usage error names the problem, the usage line and --help; exit 2', async () => {
  const { code, stderr } = await regx(['run', 'a.http', '--timout', '5']);
  assert.equal(code, 2);
  assert.match(stderr, /^regx run: unknown option '--timout' \(did you mean --timeout\?\)\nusage: regx run FILE \[options\]  \(regx run --help lists the options\)\n$/);
  assert.equal((await regx(['nope'])).code, 2);
});

test('parseOptions: --flag value and --flag=value, switches, repeats; a missing value is refused', () => {
  interface A {
    env?: string;
    names: string[];
    all: boolean;
  }
  const table: OptionSpec<A>[] = [
    { flag: '--env', value: 'NAME', help: 'e', set: (o, v) => (o.env = v) },
    { flag: '--name', value: 'REQ', help: 'n', set: (o, v) => void o.names.push(v) },
    { flag: '--all', help: 'a', set: (o) => (o.all = true) },
  ];
  const target: A = { names: [], all: false };
  assert.deepEqual(parseOptions(['x.http', '--env', 'test', '--name=a', '--name', 'b', '--all', 'y'], table, target), ['x.http', 'y']);
  assert.deepEqual(target, { env: 'test', names: ['a', 'b'], all: true });
  assert.throws(() => parseOptions(['--env', '--all'], table, { names: [], all: false }), (e: unknown) => e instanceof UsageError && e.message === '--env needs a value (NAME)');
  assert.throws(() => parseOptions(['--env'], table, { names: [], all: false }), /--env needs a value/);
  assert.throws(() => parseOptions(['--env='], table, { names: [], all: false }), /--env needs a value/);
  assert.throws(() => parseOptions(['--all=yes'], table, { names: [], all: false }), /--all takes no value/);
  assert.throws(() => parseOptions(['-x'], table, { names: [], all: false }), /unknown option '-x'$/);
});

test('npx regx works from a checkout: npm ci runs prepare, which builds the bin regx points at', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: Record<string, string>; scripts: Record<string, string> };
  assert.equal(manifest.bin.regx, './dist/cli.js');
  assert.equal(manifest.scripts.prepare, 'node scripts/build.mjs');
  assert.match(readFileSync(join(root, 'scripts', 'build.mjs'), 'utf8'), /outfile: 'dist\/cli\.js', banner: \{ js: '#!\/usr\/bin\/env node' \}/);
});
