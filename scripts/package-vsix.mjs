// Packages the extension as a VSIX, the way it ships: a production build (minified, no source
// maps), then `vsce package --no-dependencies` (the esbuild bundles carry their dependencies).
// Afterwards it reads the VSIX's own file list and fails when anything outside the shipped set
// slipped in (sources, tests, node_modules, source maps), so `.vscodeignore` cannot rot silently.
//
//   node scripts/package-vsix.mjs [--no-build] [--out FILE]
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const defaultVsix = join(root, '.cache', 'register-explorer.vsix');

/** What may ship, relative to the VSIX's `extension/` folder. */
const allowed = [
  /^package\.json$/,
  /^readme\.md$/i,
  /^LICENSE(\.txt)?$/,
  /^CHANGELOG\.md$/,
  /^language-configuration\.json$/,
  /^dist\/(extension|extension-heavy|cli)\.js$/,
  // A big API description is parsed and indexed in a worker thread (catalogStore → workerLoader).
  /^dist\/openapiWorker\.js$/,
  // QuickJS compiled to WebAssembly: request scripts run in it (src/core/scripts).
  /^dist\/quickjs\.wasm$/,
  // The extension runs the CLI only to host the sandbox (sandboxController), so only that command ships.
  /^dist\/commands\/sandbox\.js$/,
  /^dist\/webview\/[^/]+\.(js|css)$/,
  /^dist\/registries\//,
  /^registries\//,
  /^syntaxes\//,
  /^media\//,
  /^samples\//,
];

/** README.md with relative images replaced by their alt text (absolute URLs stay). */
export function vsixReadme(markdown) {
  return markdown.replace(/!\[([^\]]*)\]\((?!https?:|data:)[^)]*\)/g, (_match, alt) => `*${alt || 'screenshot'}*`);
}

function run(command, args, cwd = root) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolvePromise(output) : reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output}`))));
  });
}

/** Lists a zip's entries from its central directory (a VSIX is a zip); no dependency needed. */
export function zipEntries(file) {
  const buf = readFileSync(file);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${file} is not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let offset = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(offset) !== 0x02014b50) throw new Error(`${file}: bad central directory entry`);
    const method = buf.readUInt16LE(offset + 10);
    const compressedSize = buf.readUInt32LE(offset + 20);
    const size = buf.readUInt32LE(offset + 24);
    const localOffset = buf.readUInt32LE(offset + 42);
    const nameLength = buf.readUInt16LE(offset + 28);
    const extraLength = buf.readUInt16LE(offset + 30);
    const commentLength = buf.readUInt16LE(offset + 32);
    entries.push({ name: buf.toString('utf8', offset + 46, offset + 46 + nameLength), size, compressedSize, method, localOffset });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The bytes of one entry of a zip (stored or deflated). */
export function zipRead(file, name) {
  const entry = zipEntries(file).find((e) => e.name === name);
  if (!entry) throw new Error(`${file} has no ${name}`);
  const buf = readFileSync(file);
  const at = entry.localOffset;
  const start = at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28);
  const data = buf.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return data;
  if (entry.method === 8) return inflateRawSync(data);
  throw new Error(`${name}: unsupported zip method ${entry.method}`);
}

/** Entries of the VSIX that are not in the shipped set. */
export function unexpectedEntries(entries) {
  return entries
    .map((e) => e.name)
    .filter((name) => name !== '[Content_Types].xml' && name !== 'extension.vsixmanifest')
    .filter((name) => !(name.startsWith('extension/') && allowed.some((re) => re.test(name.slice('extension/'.length)))));
}

export async function packageVsix({ build = true, out = defaultVsix, log = console.log } = {}) {
  const timings = {};
  let started = performance.now();
  if (build) {
    await run(process.execPath, [join(root, 'scripts', 'build.mjs'), '--production']);
    timings.build = (performance.now() - started) / 1000;
  }
  if (!existsSync(join(root, 'dist', 'extension.js'))) {
    throw new Error('dist/extension.js is missing: the extension entry point (src/extension/extension.ts) has not been built');
  }
  mkdirSync(dirname(out), { recursive: true });
  started = performance.now();
  const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  // The README's screenshots are relative links into docs/: the Extensions view cannot resolve
  // them inside an installed extension (checked: they render as broken images) and there is no
  // public repository to point them at, so the VSIX gets a README with each image as its caption.
  // vsce takes the README from the folder it packages, so it packages a staged copy.
  const stage = join(root, '.cache', 'vsix-stage');
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  for (const path of ['package.json', 'LICENSE', '.vscodeignore', 'language-configuration.json', 'dist', 'registries', 'syntaxes', 'media', 'samples']) {
    if (existsSync(join(root, path))) cpSync(join(root, path), join(stage, path), { recursive: true });
  }
  writeFileSync(join(stage, 'README.md'), vsixReadme(readFileSync(join(root, 'README.md'), 'utf8')));
  await run(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--skip-license', '--out', out], stage);
  timings.package = (performance.now() - started) / 1000;
  const entries = zipEntries(out);
  const stray = unexpectedEntries(entries);
  if (stray.length) {
    throw new Error(`the VSIX holds files that should not ship (fix .vscodeignore):\n  ${stray.slice(0, 30).join('\n  ')}${stray.length > 30 ? `\n  … ${stray.length - 30} more` : ''}`);
  }
  const bytes = statSync(out).size;
  log(`VSIX ${out}: ${bytes} bytes, ${entries.length} entries (build ${timings.build?.toFixed(1) ?? 'skipped'} s, package ${timings.package.toFixed(1)} s)`);
  return { file: out, bytes, entries, timings };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--out');
  try {
    const { entries } = await packageVsix({ build: !process.argv.includes('--no-build'), out: i >= 0 ? resolve(process.argv[i + 1]) : defaultVsix });
    if (process.argv.includes('--list')) for (const e of entries) console.log(`${String(e.size).padStart(9)}  ${e.name}`);
  } catch (error) {
    console.error(`package-vsix: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  }
}
