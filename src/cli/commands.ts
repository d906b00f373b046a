// The `regx` command table. Each command lives in its own module under `commands/` and is
// loaded only when called, so `regx parse` does not pay for the sandbox or undici.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandHelp } from './options';
import { codeCacheDir, loadBundle } from './codeCache';
import { FLOW_V8_FLAGS, RUN_V8_FLAGS, setV8Flags } from './v8Flags';

export interface CommandIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Aborted on SIGINT/SIGTERM. */
  signal: AbortSignal;
  /**
   * Says this run did one-off work (it rebuilt the catalog cache: ajv and the YAML parser ran),
   * so the command bundle's code cache is left for a later run: a cache holds every function the
   * run compiled, and V8 deserialises all of it on each start (836 KB after a usual `regx run`,
   * 1.29 MB after one that rebuilt the catalog).
   */
  unusualRun?: () => void;
}

/** A command returns its exit code: 0 ok, 1 a request/assertion/check failed, 2 usage or parse error. */
export type CommandHandler = (args: string[], io: CommandIo) => Promise<number>;

/** What a command module exports: its handler and its help (the option table its parser reads). */
export interface CommandModule {
  run: CommandHandler;
  help: CommandHelp<never>;
}

export interface CommandSpec {
  /** One line for the overview `regx` prints; `regx COMMAND --help` gives the whole help. */
  summary: string;
  load: () => Promise<CommandModule>;
}

/**
 * A command's module. The build bundles each command on its own (dist/commands/NAME.js, beside
 * dist/cli.js) and marks `./commands/*` external here, because esbuild would otherwise inline
 * every import() into dist/cli.js, which Node then compiles on every call. That file is
 * require()d (CJS, synchronous, cached by Node); an external import() would go through the ESM
 * loader, which does not add the `.js`. From the sources (tsx) or a single-bundle build (the
 * integration tests' own) there is no such file, so `fromSource` (the import() it would have
 * been) loads it. Passing `fromSource` also types the require() as the module's real exports.
 * A built bundle is compiled through the code cache (codeCache.ts; REGX_CODE_CACHE=off: none),
 * after the command's V8 flags are set, since a cache made under other flags is rejected.
 */
function loadCommand<T extends CommandModule>(name: string, fromSource: () => Promise<T>, v8Flags: readonly string[] = []): Promise<T> {
  setV8Flags(v8Flags);
  const built = join(__dirname, 'commands', `${name}.js`);
  if (!existsSync(built)) return fromSource();
  const cacheDir = process.env.REGX_CODE_CACHE === 'off' ? undefined : codeCacheDir(process.env);
  return Promise.resolve(loadBundle(built, cacheDir, v8Flags).exports as T);
}

export const commands: Record<string, CommandSpec> = {
  run: { summary: 'run the requests of a .http file and report (exit 1 when one fails)', load: () => loadCommand('run', () => import('./commands/run'), RUN_V8_FLAGS) },
  check: { summary: 'check request files against their registries and API descriptions (exit 1 on errors)', load: () => loadCommand('check', () => import('./commands/check')) },
  flow: { summary: 'run a workflow of an Arazzo file (exit 1 when a step fails), or check the file', load: () => loadCommand('flow', () => import('./commands/flow'), FLOW_V8_FLAGS) },
  'spec-diff': { summary: 'compare two releases of an API description, and what each change hits', load: () => loadCommand('spec-diff', () => import('./commands/spec-diff')) },
  sandbox: { summary: 'host offline stand-ins of every registry on loopback until Ctrl+C', load: () => loadCommand('sandbox', () => import('./commands/sandbox')) },
  test: { summary: 'run a test set of flows and request files; report per request what changed since the baseline (exit 1 on a failure or a change)', load: () => loadCommand('test', () => import('./commands/test'), FLOW_V8_FLAGS) },
  env: { summary: 'list the environments a request file sees and where each comes from', load: () => loadCommand('env', () => import('./commands/env')) },
  parse: { summary: 'print the syntax tree of a .http file as JSON (ranges, diagnostics)', load: () => loadCommand('parse', () => import('./commands/parse')) },
  complete: { summary: 'print the completion items at a 1-based position as JSON', load: () => loadCommand('complete', () => import('./commands/complete')) },
};
