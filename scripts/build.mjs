// Bundles every target with esbuild: the extension (CJS, `vscode` external; a main and a heavy bundle), the `regx` CLI
// (a small main plus one bundle per command; it also hosts the sandbox) and one browser bundle
// per webview. Types are checked separately by `tsc --noEmit`, so this stays fast.
import { build } from 'esbuild';
import { existsSync, readdirSync, chmodSync, mkdirSync, copyFileSync, readFileSync, writeFileSync } from 'node:fs';
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
  // QuickJS's loader is imported with import(), which would pick its ES module build; that build
  // finds itself through import.meta.url, which a CJS bundle does not have. The CJS build uses __dirname.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js', '@jitl/quickjs-wasmfile-release-sync/emscripten-module': './node_modules/@jitl/quickjs-wasmfile-release-sync/dist/emscripten-module.cjs' },
};

// esbuild escapes non-ASCII in code (charset ascii) but keeps the comments it carries over as
// written; one '→' in a comment makes Node decode the whole bundle as UTF-8 into a two-byte
// string, which V8 then scans at half speed: dist/commands/run.js (2 MB) read + compiled in
// 38 + 88 ms instead of 82 + 123 ms. Written ASCII-only (\uXXXX is as good as the character
// in a comment, a string, a regular expression or an identifier).
const asciiOnly = {
  name: 'ascii-only',
  setup(b) {
    b.onEnd((result) => {
      for (const file of Object.keys(result.metafile?.outputs ?? {})) {
        if (!file.endsWith('.js')) continue;
        const path = join(root, file);
        const text = readFileSync(path, 'utf8');
        if (/[^\x00-\x7f]/.test(text)) writeFileSync(path, text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
      }
    });
  },
};
// undici's client.js requires client-h2.js at load, and with it node:http2, which loads node:tls:
// ~5 ms of every `regx run` (node --cpu-prof), also against plain HTTP where HTTP/2 is never
// offered. Required on the first HTTP/2 connection instead. Should undici's line change, the
// bundle is built unpatched (still correct, only slower) with a warning saying so.
const UNDICI_H2_REQUIRE = "const connectH2 = require('./client-h2.js')";
const lazyUndiciH2 = {
  name: 'lazy-undici-h2',
  setup(b) {
    b.onLoad({ filter: /undici[\\/]lib[\\/]dispatcher[\\/]client\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes(UNDICI_H2_REQUIRE)) return { contents: text, loader: 'js', warnings: [{ text: `lazy-undici-h2: no "${UNDICI_H2_REQUIRE}" in ${args.path}; client-h2 is loaded eagerly` }] };
      return { contents: text.replace(UNDICI_H2_REQUIRE, "const connectH2 = (...args) => require('./client-h2.js')(...args)"), loader: 'js' };
    });
  },
};
const node = { ...common, platform: 'node', format: 'cjs', target: 'node20', metafile: true, plugins: [asciiOnly, lazyUndiciH2] };
const jobs = [];
if (existsSync(join(root, 'src/extension/extension.ts'))) {
  // Two bundles: what activation needs, and the heavy modules (parser, catalog/OpenAPI loading,
  // sending, language features) that src/extension/heavyModules.ts require()s on first use. esbuild
  // would inline an `await import()` into the main file, where it is parsed at activation anyway.
  jobs.push({ ...node, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode', './extension-heavy.js'] });
  jobs.push({ ...node, entryPoints: ['src/extension/heavy.ts'], outfile: 'dist/extension-heavy.js', external: ['vscode'] });
  // The worker thread that parses and indexes a big API description off the extension host's
  // thread (src/core/openapi/workerLoader.ts starts it; `regx` loads in-process).
  jobs.push({ ...node, entryPoints: ['src/core/openapi/loadWorker.ts'], outfile: 'dist/openapiWorker.js' });
}
// The CLI's bundles without whitespace and with esbuild's syntax rewrites, but with every
// identifier as written, so a stack trace still names its functions (columns map back through the
// .map beside each bundle). Every `regx` start reads, copies and CRC-checks its command bundle
// (codeCache.ts): dist/commands/run.js 2.0 -> 1.4 MB.
const cliMinify = production ? {} : { minifyWhitespace: true, minifySyntax: true };
// One id for every CLI bundle of this build: src/cli/catalog.ts keys its cache with it, so all
// commands of a build share one catalog cache entry and a new build never reads an old one.
// Not in watch mode, where the bundles change under one id: there each keys by its own file.
const cliBuild = watch ? {} : { define: { REGX_BUILD_ID: JSON.stringify(`${Date.now().toString(36)}-${process.pid}-${Math.random().toString(36).slice(2, 10)}`) } };
if (existsSync(join(root, 'src/cli/main.ts'))) {
  // dist/cli.js holds only main and the command table; each command is its own bundle in
  // dist/commands/, require()d at run time by loadCommand() in src/cli/commands.ts, so
  // `regx --version` or `regx parse` no longer compiles the sandbox, undici and ajv.
  const commandsDir = join(root, 'src/cli/commands');
  jobs.push({ ...node, ...cliMinify, ...cliBuild, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, external: ['./commands/*'] });
  // The sandbox's start-up code (its registries, CA, x509, JOSE) is a bundle of its own that
  // src/cli/sandboxModule.ts require()s only for a run against the sandbox.
  jobs.push({ ...node, ...cliMinify, ...cliBuild, entryPoints: readdirSync(commandsDir).filter((name) => name.endsWith('.ts')).map((name) => `src/cli/commands/${name}`), outdir: 'dist/commands', external: ['../sandbox/ensure'] });
  jobs.push({ ...node, ...cliMinify, ...cliBuild, entryPoints: ['src/sandbox/ensure.ts'], outfile: 'dist/sandbox-ensure.js' });
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
// The script sandbox's engine (QuickJS compiled to WebAssembly) ships next to the bundles;
// src/core/scripts/quickJsModule.ts looks for it there before node_modules.
copyFileSync(join(root, 'node_modules/@jitl/quickjs-wasmfile-release-sync/dist/emscripten-module.wasm'), join(root, 'dist/quickjs.wasm'));
if (watch) {
  const { context } = await import('esbuild');
  for (const job of jobs) await (await context(job)).watch();
} else {
  await Promise.all(jobs.map((job) => build(job)));
  if (existsSync(join(root, 'dist/cli.js'))) chmodSync(join(root, 'dist/cli.js'), 0o755);
}
