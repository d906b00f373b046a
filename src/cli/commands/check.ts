// `regx check FILE… [--env NAME] [--format text|json] [--offline]`: the editor's diagnostics for request
// collections in CI. Directories are searched for `.http` / `.rest` files. Exit 1 when any error
// remains, 0 otherwise (warnings do not fail a build), 2 for usage problems.

import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { CommandIo } from '../commands';
import { UsageError } from '../errors';
import { oneOf, parseOptions, type CommandHelp, type OptionSpec } from '../options';
import type { Diagnostic } from '../../core/http/ast';
import { createLanguageSession } from '../../core/language/languageSession';
import { diagnose } from '../../core/language/diagnostics';
import { terminalSafe } from '../../core/report/terminalText';

interface CheckArguments {
  paths: string[];
  env?: string;
  format: 'text' | 'json';
  /** Fetch no description named by a URL. */
  offline?: boolean;
}

const CHECK_OPTIONS: readonly OptionSpec<CheckArguments>[] = [
  { flag: '--env', value: 'NAME', help: "environment whose variables resolve {{…}} (default: the file's # @env, else the project's default environment)", set: (o, v) => (o.env = v) },
  { flag: '--format', value: 'text|json', help: 'text: one line per diagnostic and a summary on stderr (default); json: one document on stdout', set: (o, v) => (o.format = oneOf('--format', v, ['text', 'json'] as const)) },
  { flag: '--offline', help: 'fetch no API description named by a URL (each fetched one is listed on stderr otherwise)', set: (o) => (o.offline = true) },
];

export const help: CommandHelp<CheckArguments> = {
  usage: 'check FILE|DIR… [options]',
  summary: "Checks request files as the editor does: syntax, the registry's mandatory headers, the OpenAPI description (paths, methods, parameters, bodies), unresolved variables. Folders are searched for .http and .rest files.",
  options: CHECK_OPTIONS,
  exitCodes: [
    [0, 'no errors (warnings and hints do not fail a build)'],
    [1, 'at least one error'],
    [2, 'usage error, or a path that does not exist'],
  ],
  notes: ['Example: regx check samples --format json'],
};

function parseArguments(args: string[]): CheckArguments {
  const out: CheckArguments = { paths: [], format: 'text' };
  out.paths = parseOptions(args, CHECK_OPTIONS, out);
  if (out.paths.length === 0) throw new UsageError('name at least one .http file or folder');
  return out;
}

const SKIP = new Set(['node_modules', '.git', 'dist', '.cache']);

/** Files as given, folders searched for request files, in a stable order. */
export function requestFiles(paths: readonly string[], cwd: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) {
        if (!SKIP.has(name)) walk(full);
      } else if (/\.(http|rest)$/i.test(name)) found.push(full);
    }
  };
  for (const path of paths) {
    const full = resolve(cwd, path);
    let isDir: boolean;
    try {
      isDir = statSync(full).isDirectory();
    } catch {
      throw new UsageError(`no such file or folder: ${path}`);
    }
    if (isDir) walk(full);
    else found.push(full);
  }
  return [...new Set(found)];
}

export interface CheckedDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Diagnostic['severity'];
  code: string;
  message: string;
}

export async function run(args: string[], io: CommandIo): Promise<number> {
  const options = parseArguments(args);
  const files = requestFiles(options.paths, io.cwd);
  // What the workspace made this run fetch is listed: a file may name any URL.
  const session = await createLanguageSession({ cwd: io.cwd, env: io.env, offline: options.offline, onFetched: (url, bytes) => io.stderr.write(`fetched ${url} (${bytes} bytes)\n`) });
  for (const d of session.catalog.diagnostics) io.stderr.write(`warning: ${d.file}${d.line ? `:${d.line}` : ''}: ${d.message}\n`);
  const results: CheckedDiagnostic[] = [];
  // How each file's environment was chosen, told once for the run rather than per file or variable.
  const defaulted = new Map<string, string>();
  const without = { files: 0, defined: new Set<string>() };
  for (const filePath of files) {
    if (io.signal.aborted) break;
    const shown = relative(io.cwd, filePath) || filePath;
    const { doc, context, problems, warnings, environment } = await session.open(filePath, options.env);
    for (const w of warnings) io.stderr.write(`warning: ${w}\n`);
    if (environment.source === 'default') defaulted.set(environment.name, "the default environment, as in the editor");
    else if (environment.source === 'setting') defaulted.set(environment.name, 'registerExplorer.environment in .vscode/settings.json');
    else if (environment.source === 'none') {
      without.files++;
      for (const name of environment.defined) without.defined.add(name);
    }
    const all = [...doc.file.diagnostics, ...problems, ...diagnose(doc, context, environment.name ? { environment: environment.name } : {})];
    all.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    for (const d of all) {
      results.push({
        file: shown,
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        endLine: d.range.end.line + 1,
        endColumn: d.range.end.character + 1,
        severity: d.severity,
        code: d.code,
        message: d.message,
      });
    }
  }
  for (const [name, why] of defaulted) io.stderr.write(`note: files without '# @env' were checked in '${name}' (${why}); --env NAME chooses another\n`);
  if (without.files) {
    io.stderr.write(`note: ${plural(without.files, 'file')} had no environment: the environment files define ${[...without.defined].map((n) => `'${n}'`).join(', ')}, not 'sandbox'; pass --env NAME or write '# @env NAME' in the file\n`);
  }
  if (options.format === 'json') io.stdout.write(`${JSON.stringify({ files: files.length, diagnostics: results }, null, 2)}\n`);
  else {
    // Messages quote the request file and the description: one line each, whatever they hold.
    for (const r of results) io.stdout.write(`${terminalSafe(r.file)}:${r.line}:${r.column} ${r.severity} ${r.code} ${terminalSafe(r.message)}\n`);
    const count = (severity: CheckedDiagnostic['severity']) => results.filter((r) => r.severity === severity).length;
    io.stderr.write(`${plural(files.length, 'file')} checked: ${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${plural(count('info') + count('hint'), 'hint')}\n`);
  }
  return results.some((r) => r.severity === 'error') ? 1 : 0;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
