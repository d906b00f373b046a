// From a parsed script block to code the sandbox compiles, or the reason it is not run. The code
// is padded so that its line numbers are the request file's: an error on line 12 of the sandbox
// source is line 12 of the .http file (for a handler file, of that file).

import { dirname, extname, isAbsolute, resolve } from 'node:path';
import type { ScriptBlock } from '../http/ast';

export type ScriptDialect = 'jetbrains' | 'httpyac';

export interface RunnableScript {
  dialect: ScriptDialect;
  /** The code, not yet wrapped; `wrapScript` makes the sandbox source of it. */
  text: string;
  /** Zero-based position of `text` in `file`. */
  start: { line: number; character: number };
  /** The file errors point into: the request file, or the handler file. */
  file: string;
}

export type ScriptPlan =
  | { run: RunnableScript }
  /** A handler file to read first (`> ./handler.js`). */
  | { read: string; dialect: ScriptDialect }
  | { skip: string };

/** Handler files larger than this are not read. */
export const MAX_SCRIPT_FILE_BYTES = 1024 * 1024;

/** True for blocks that are JavaScript to run (not assertions, saved responses or history). */
export function isRunnable(script: ScriptBlock): boolean {
  return (script.kind === 'pre-request' || script.kind === 'response-handler') && script.form !== 'response-history' && script.form !== 'assertion';
}

function withoutComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/(^|[^:\\])\/\/.*$/gm, '$1');
}

/** Why code that needs more than the sandbox has is not run; undefined when it can run. */
export function unsupportedReason(code: string): string | undefined {
  if (/^\s*--\s*lua\b/.test(code)) return 'a Lua script (kulala.nvim); only JavaScript is run';
  const plain = withoutComments(code);
  const modules = [...plain.matchAll(/\brequire\s*\(\s*(['"`])([^'"`]+)\1\s*\)/g)].map((m) => m[2]!);
  if (modules.length) {
    const names = [...new Set(modules)].map((m) => `'${m}'`).join(', ');
    return `it needs the Node module${modules.length > 1 ? 's' : ''} ${names} (require), which the sandbox does not provide: no file system, network or Node built-ins`;
  }
  if (/^\s*import\s+(?:[\w*{][^'"]*from\s*)?['"]/m.test(plain)) return 'it imports modules (import … from), which the sandbox does not load';
  return undefined;
}

/** What to do with one script block of a request file at `filePath`. */
export function planScript(script: ScriptBlock, filePath: string): ScriptPlan {
  if (script.form === 'save-response') return { skip: `'>> ${script.text}' (saving the response to a file) is not supported` };
  if (script.form === 'file') {
    const path = isAbsolute(script.text) ? script.text : resolve(dirname(filePath), script.text);
    if (!/^\.[cm]?js$/i.test(extname(path))) return { skip: `'${script.text}' is not a JavaScript (.js) file` };
    return { read: path, dialect: 'jetbrains' };
  }
  if (script.form === 'httpyac' && script.event && /^[@+](streaming|responseLogging)$/.test(script.event)) {
    return { skip: `httpYac '{{${script.event}' scripts are not supported` };
  }
  const reason = unsupportedReason(script.text);
  if (reason) return { skip: reason };
  return {
    run: {
      dialect: script.form === 'httpyac' ? 'httpyac' : 'jetbrains',
      text: script.text,
      start: script.textStart ?? script.range.start,
      file: filePath,
    },
  };
}

/** A handler file's text as a runnable script, or the reason it is not run. */
export function planScriptFile(path: string, text: string, dialect: ScriptDialect): ScriptPlan {
  const reason = unsupportedReason(text);
  if (reason) return { skip: reason };
  return { run: { dialect, text, start: { line: 0, character: 0 }, file: path } };
}

/**
 * The sandbox source for `script`: a function expression the prelude calls. JetBrains scripts
 * are plain functions (a `return` ends them); httpYac scripts are async functions inside a
 * `with` over the variables, so `await` and plain variable names work.
 */
export function wrapScript(script: RunnableScript, mode: 'script' | 'expression' = 'script'): string {
  const { line, character } = script.start;
  const open =
    mode === 'expression'
      ? '(function (__regx_scope) { with (__regx_scope) { return ('
      : script.dialect === 'httpyac'
        ? '(function (__regx_scope) { with (__regx_scope) { return (async function () {'
        : '(function () {';
  const close = mode === 'expression' ? '\n); } })' : script.dialect === 'httpyac' ? '\n})(); } })' : '\n})';
  // Line 1 holds the opener; the text starts on the line it has in its file.
  return `${open}${'\n'.repeat(line)}${' '.repeat(line > 0 ? character : 0)}${script.text}${close}`;
}
