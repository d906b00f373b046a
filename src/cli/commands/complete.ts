// `regx complete FILE LINE COL [--env NAME] [--offline]`: the editor's completion items at a 1-based
// position, as JSON with 1-based ranges (`{ line, column }`) — for scripting, other editors,
// and tests that drive the CLI.

import { resolve } from 'node:path';
import type { CommandIo } from '../commands';
import { UsageError } from '../errors';
import { parseOptions, type CommandHelp } from '../options';
import { createLanguageSession } from '../../core/language/languageSession';
import { complete } from '../../core/language/completion';
import { diagnose } from '../../core/language/diagnostics';
import { terminalSafe } from '../../core/report/terminalText';
import type { Position } from '../../core/http/ast';

interface CompleteArguments {
  env?: string;
  offline?: boolean;
}

export const help: CommandHelp<CompleteArguments> = {
  usage: 'complete FILE LINE COL [options]',
  summary: "Prints the editor's completion items at a 1-based LINE and COL of a request file, as JSON (ranges 1-based too).",
  options: [
    { flag: '--env', value: 'NAME', help: "environment whose variables are offered (default: the file's # @env, else the project's default)", set: (o, v) => (o.env = v) },
    { flag: '--offline', help: 'fetch no API description named by a URL (each fetched one is listed on stderr otherwise)', set: (o) => (o.offline = true) },
  ],
  exitCodes: [
    [0, 'the items were printed (possibly none)'],
    [1, "the items were printed, but an API description the file names cannot be loaded (its location on stderr)"],
    [2, 'usage error or a file that cannot be read'],
  ],
};

export async function run(args: string[], io: CommandIo): Promise<number> {
  const options: CompleteArguments = {};
  const positional = parseOptions(args, help.options, options);
  const env = options.env;
  const [file, lineText, colText] = positional;
  if (!file || !lineText || !colText || positional.length > 3) throw new UsageError('expected FILE LINE COL');
  const line = Number(lineText);
  const column = Number(colText);
  if (!Number.isInteger(line) || line < 1 || !Number.isInteger(column) || column < 1) throw new UsageError('LINE and COL are whole numbers from 1');
  const session = await createLanguageSession({ cwd: io.cwd, env: io.env, offline: options.offline, onFetched: (url, bytes) => io.stderr.write(`fetched ${url} (${bytes} bytes)\n`) });
  let opened;
  try {
    opened = await session.open(resolve(io.cwd, file), env);
  } catch (error) {
    throw new UsageError(`cannot read '${file}': ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  const items = complete(opened.doc, { line: line - 1, character: column - 1 }, opened.context);
  // Positions on the command line are 1-based (as `regx check` prints them); so are these.
  const human = (p: Position) => ({ line: p.line + 1, column: p.character + 1 });
  const shown = items.map(({ range, ...item }) => (range ? { ...item, range: { start: human(range.start), end: human(range.end) } } : item));
  io.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
  // A description the file names and that cannot load would make these items silently incomplete.
  const unavailable = diagnose(opened.doc, opened.context, env ? { environment: env } : {}).filter((d) => d.code === 'spec/unavailable' && d.severity === 'error');
  for (const d of unavailable) io.stderr.write(`${terminalSafe(file)}:${d.range.start.line + 1}:${d.range.start.character + 1}: error ${d.code}: ${terminalSafe(d.message)}\n`);
  return unavailable.length ? 1 : 0;
}
