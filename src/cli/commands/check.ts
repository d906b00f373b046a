// `regx check FILE… [--env NAME] [--format text|json]`: the editor's diagnostics for request
// collections in CI. Directories are searched for `.http` / `.rest` files. Exit 1 when any error
// remains, 0 otherwise (warnings do not fail a build), 2 for usage problems.

import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { CommandIo } from '../commands';
import { UsageError } from '../errors';
import type { Diagnostic } from '../../core/http/ast';
import { createLanguageSession } from '../../core/language/languageSession';
import { diagnose } from '../../core/language/diagnostics';

interface CheckArguments {
  paths: string[];
  env?: string;
  format: 'text' | 'json';
}

function parseArguments(args: string[]): CheckArguments {
  const out: CheckArguments = { paths: [], format: 'text' };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--env') {
      const value = args[++i];
      if (!value) throw new UsageError('--env needs an environment name');
      out.env = value;
    } else if (arg === '--format') {
      const value = args[++i];
      if (value !== 'text' && value !== 'json') throw new UsageError(`--format is text or json, not '${value ?? ''}'`);
      out.format = value;
    } else if (arg.startsWith('--')) {
      throw new UsageError(`unknown option ${arg}`);
    } else {
      out.paths.push(arg);
    }
  }
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
  const session = await createLanguageSession({ cwd: io.cwd, env: io.env });
  for (const d of session.catalog.diagnostics) io.stderr.write(`warning: ${d.file}${d.line ? `:${d.line}` : ''}: ${d.message}\n`);
  const results: CheckedDiagnostic[] = [];
  for (const filePath of files) {
    if (io.signal.aborted) break;
    const shown = relative(io.cwd, filePath) || filePath;
    const { doc, context, problems, warnings } = await session.open(filePath, options.env);
    for (const w of warnings) io.stderr.write(`warning: ${w}\n`);
    const all = [...doc.file.diagnostics, ...problems, ...diagnose(doc, context, options.env ? { environment: options.env } : {})];
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
  if (options.format === 'json') io.stdout.write(`${JSON.stringify({ files: files.length, diagnostics: results }, null, 2)}\n`);
  else {
    for (const r of results) io.stdout.write(`${r.file}:${r.line}:${r.column} ${r.severity} ${r.code} ${r.message}\n`);
    const errors = results.filter((r) => r.severity === 'error').length;
    io.stderr.write(`${files.length} file${files.length === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${results.length - errors} other\n`);
  }
  return results.some((r) => r.severity === 'error') ? 1 : 0;
}
