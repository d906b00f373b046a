// Bundles every target with esbuild: the extension (CJS, `vscode` external; a main and a heavy bundle), the `regx` CLI
// (a small main plus one bundle per command; it also hosts the sandbox) and one browser bundle
// per webview. Types are checked separately by `tsc --noEmit`, so this stays fast.
import { build } from 'esbuild';
import { existsSync, readdirSync, chmodSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
  // jsonc-parser's `main` is a UMD build whose inner require()s esbuild cannot follow; its ESM build bundles cleanly.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
};

const node = { ...common, platform: 'node', format: 'cjs', target: 'node20' };
const jobs = [];
if (existsSync(join(root, 'src/extension/extension.ts'))) {
  // Two bundles: what activation needs, and the heavy modules (parser, catalog/OpenAPI loading,
  // sending, language features) that src/extension/heavyModules.ts require()s on first use. esbuild
  // would inline an `await import()` into the main file, where it is parsed at activation anyway.
  jobs.push({ ...node, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode', './extension-heavy.js'] });
  jobs.push({ ...node, entryPoints: ['src/extension/heavy.ts'], outfile: 'dist/extension-heavy.js', external: ['vscode'] });
}
if (existsSync(join(root, 'src/cli/main.ts'))) {
  // dist/cli.js holds only main and the command table; each command is its own bundle in
  // dist/commands/, require()d at run time by loadCommand() in src/cli/commands.ts, so
  // `regx --version` or `regx parse` no longer compiles the sandbox, undici and ajv.
  const commandsDir = join(root, 'src/cli/commands');
  jobs.push({ ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, external: ['./commands/*'] });
  jobs.push({ ...node, entryPoints: readdirSync(commandsDir).filter((name) => name.endsWith('.ts')).map((name) => `src/cli/commands/${name}`), outdir: 'dist/commands' });
}
const webviewDir = join(root, 'webview');
if (existsSync(webviewDir)) {
  for (const name of readdirSync(webviewDir)) {
    if (existsSync(join(webviewDir, name, 'main.ts'))) {
      jobs.push({ ...common, platform: 'browser', format: 'iife', target: 'es2022', entryPoints: [`webview/${name}/main.ts`], outfile: `dist/webview/${name}.js` });
    }
  }
}

mkdirSync(join(root, 'dist'), { recursive: true });
if (watch) {
  const { context } = await import('esbuild');
  for (const job of jobs) await (await context(job)).watch();
} else {
  await Promise.all(jobs.map((job) => build(job)));
  if (existsSync(join(root, 'dist/cli.js'))) chmodSync(join(root, 'dist/cli.js'), 0o755);
}
