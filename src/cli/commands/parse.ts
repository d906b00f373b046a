import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CommandIo } from '../commands';
import { UsageError } from '../errors';
import { parseOptions, type CommandHelp } from '../options';
import { parseHttp } from '../../core/http/parser';

/**
 * `regx parse FILE`: the syntax tree as JSON, ranges included, for scripts and bug reports.
 * Parse diagnostics are part of the tree, not a failure: exit 0. A file that cannot be read: 2.
 */
interface ParseArguments {
  compact: boolean;
}

export const help: CommandHelp<ParseArguments> = {
  usage: 'parse FILE [options]',
  summary: 'Prints the syntax tree of a .http / .rest file as JSON: requests, headers, bodies, variables, directives, each with its zero-based range, and the parse diagnostics.',
  options: [{ flag: '--compact', help: 'one line of JSON instead of indented', set: (o) => (o.compact = true) }],
  exitCodes: [
    [0, 'the tree was printed (parse diagnostics are part of it, not a failure)'],
    [2, 'usage error or a file that cannot be read'],
  ],
};

export async function run(args: string[], io: CommandIo): Promise<number> {
  const options: ParseArguments = { compact: false };
  const files = parseOptions(args, help.options, options);
  if (files.length !== 1) throw new UsageError(files.length === 0 ? 'FILE is missing' : 'give one FILE');
  const path = resolve(io.cwd, files[0]!);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    io.stderr.write(`regx parse: cannot read ${path}: ${reason}\n`);
    return 2;
  }
  const tree = parseHttp(text);
  io.stdout.write(JSON.stringify(tree, null, options.compact ? undefined : 2) + '\n');
  return 0;
}
