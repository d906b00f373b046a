// The `regx` command table. Each command lives in its own module under `commands/` and is
// loaded only when called, so `regx parse` does not pay for the sandbox or undici.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface CommandIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Aborted on SIGINT/SIGTERM. */
  signal: AbortSignal;
}

/** A command returns its exit code: 0 ok, 1 a request/assertion/check failed, 2 usage or parse error. */
export type CommandHandler = (args: string[], io: CommandIo) => Promise<number>;

export interface CommandSpec {
  summary: string;
  usage: string;
  load: () => Promise<{ run: CommandHandler }>;
}

/**
 * A command's module. The build bundles each command on its own (dist/commands/NAME.js, beside
 * dist/cli.js) and marks `./commands/*` external here, because esbuild would otherwise inline
 * every import() into dist/cli.js, which Node then compiles on every call. That file is
 * require()d (CJS, synchronous, cached by Node); an external import() would go through the ESM
 * loader, which does not add the `.js`. From the sources (tsx) or a single-bundle build (the
 * integration tests' own) there is no such file, so `fromSource` (the import() it would have
 * been) loads it. Passing `fromSource` also types the require() as the module's real exports.
 */
function loadCommand<T extends { run: CommandHandler }>(name: string, fromSource: () => Promise<T>): Promise<T> {
  const built = join(__dirname, 'commands', `${name}.js`);
  return existsSync(built) ? Promise.resolve(require(built) as T) : fromSource();
}

export const commands: Record<string, CommandSpec> = {
  check: { summary: 'check request files against their registries and API descriptions (exit 1 on errors)', usage: 'check FILE|DIR… [--env NAME] [--format text|json]', load: () => loadCommand('check', () => import('./commands/check')) },
  complete: { summary: 'print the completion items at a 1-based position as JSON', usage: 'complete FILE LINE COL [--env NAME]', load: () => loadCommand('complete', () => import('./commands/complete')) },
  parse: { summary: 'print the syntax tree of a .http file as JSON (ranges, diagnostics)', usage: 'parse FILE [--compact]', load: () => loadCommand('parse', () => import('./commands/parse')) },
  run: { summary: 'run the requests of a .http file and report (exit 1 when one fails)', usage: 'run FILE [--env NAME] [--name REQ… | --all] [--reporter pretty|json|junit] [--out PATH] [--timeout MS] [--max-body-bytes N] [--ca FILE] [--insecure] [--proxy URL] [--redact NAME,…] [--validate off|warn|error] [--history PATH | --no-history]', load: () => loadCommand('run', () => import('./commands/run')) },
  env: { summary: 'list the environments a request file in DIR sees and where each comes from', usage: 'env list [--dir D] [--json]', load: () => loadCommand('env', () => import('./commands/env')) },
  sandbox: { summary: 'host offline stand-ins of every registry on loopback until Ctrl+C', usage: 'sandbox [--port BASE|0] [--json] [--data DIR] [--latency id=ms|id=min-max,…] [--only id,…]', load: () => loadCommand('sandbox', () => import('./commands/sandbox')) },
};
