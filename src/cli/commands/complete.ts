// `regx complete FILE LINE COL [--env NAME]`: the editor's completion items at a 1-based
// position, as JSON with 1-based ranges (`{ line, column }`) — for scripting, other editors,
// and tests that drive the CLI.

import { resolve } from 'node:path';
import type { CommandIo } from '../commands';
import { UsageError } from '../errors';
import { createLanguageSession } from '../../core/language/languageSession';
import { complete } from '../../core/language/completion';
import type { Position } from '../../core/http/ast';

export async function run(args: string[], io: CommandIo): Promise<number> {
  const positional: string[] = [];
  let env: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--env') {
      env = args[++i];
      if (!env) throw new UsageError('--env needs an environment name');
    } else if (args[i].startsWith('--')) throw new UsageError(`unknown option ${args[i]}`);
    else positional.push(args[i]);
  }
  const [file, lineText, colText] = positional;
  if (!file || !lineText || !colText || positional.length > 3) throw new UsageError('expected FILE LINE COL');
  const line = Number(lineText);
  const column = Number(colText);
  if (!Number.isInteger(line) || line < 1 || !Number.isInteger(column) || column < 1) throw new UsageError('LINE and COL are whole numbers from 1');
  const session = await createLanguageSession({ cwd: io.cwd, env: io.env });
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
  return 0;
}
