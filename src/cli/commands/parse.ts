import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CommandIo } from '../commands';
import { UsageError } from '../errors';
import { parseHttp } from '../../core/http/parser';

/**
 * `regx parse FILE`: the syntax tree as JSON, ranges included, for scripts and bug reports.
 * Parse diagnostics are part of the tree, not a failure: exit 0. A file that cannot be read: 2.
 */
export async function run(args: string[], io: CommandIo): Promise<number> {
  const files = args.filter((a) => !a.startsWith('-'));
  const unknown = args.filter((a) => a.startsWith('-') && a !== '--compact');
  if (unknown.length > 0) throw new UsageError(`unknown option ${unknown[0]}`);
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
  io.stdout.write(JSON.stringify(tree, null, args.includes('--compact') ? undefined : 2) + '\n');
  return 0;
}
