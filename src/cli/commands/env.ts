// `regx env list [--dir D] [--json]`: the environments a request file in D would see, and the
// files each comes from.

import { resolve } from 'node:path';
import type { CommandIo } from '../commands';
import { UsageError } from '../errors';
import { parseOptions, type CommandHelp } from '../options';
import { findWorkspaceRoot, loadEnvironments } from '../../core/env/loadEnvironments';

interface EnvArguments {
  dir?: string;
  json: boolean;
}

export const help: CommandHelp<EnvArguments> = {
  usage: 'env list [options]',
  summary: 'Lists the environments a request file in a folder sees (http-client.env.json, http-client.private.env.json, REST Client settings, .env), with the files each comes from.',
  options: [
    { flag: '--dir', value: 'DIR', help: 'the folder a request file would be in (default: the current one)', set: (o, v) => (o.dir = v) },
    { flag: '--json', help: 'one JSON document: environments, their variables (names, never secret values) and files', set: (o) => (o.json = true) },
  ],
  exitCodes: [
    [0, 'listed (also when there are none)'],
    [2, 'usage error'],
  ],
};

export async function run(args: string[], io: CommandIo): Promise<number> {
  const options: EnvArguments = { json: false };
  const [sub, ...extra] = parseOptions(args, help.options, options);
  if (sub !== 'list') throw new UsageError(sub ? `unknown subcommand '${sub}'` : 'which subcommand? (list)');
  if (extra.length) throw new UsageError(`unknown argument '${extra[0]}'`);
  const dir = options.dir ? resolve(io.cwd, options.dir) : io.cwd;
  const json = options.json;
  const loaded = loadEnvironments({ from: dir, root: findWorkspaceRoot(dir, io.cwd) });
  for (const warning of loaded.warnings) io.stderr.write(`warning: ${warning}\n`);
  if (json) {
    const dotenvFiles = [...new Set([...loaded.dotenv.values()].map((v) => v.origin))];
    const environments = loaded.environments.map((e) => ({ ...e, variables: [...loaded.select(e.name)].map(([name, v]) => ({ name, secret: v.secret, origin: v.origin })) }));
    io.stdout.write(`${JSON.stringify({ environments, dotenv: dotenvFiles, files: loaded.files }, null, 2)}\n`);
    return 0;
  }
  if (loaded.environments.length === 0) io.stdout.write(`no environments found from ${dir} upward (http-client.env.json, http-client.private.env.json, .vscode/settings.json rest-client.environmentVariables)\n`);
  for (const environment of loaded.environments) {
    const variables = [...loaded.select(environment.name)];
    const secret = variables.filter(([, v]) => v.secret).length;
    io.stdout.write(`${environment.name}  (${variables.length} variables${secret ? `, ${secret} private` : ''})\n`);
    for (const source of environment.sources) io.stdout.write(`    ${source}\n`);
  }
  const dotenv = [...new Set([...loaded.dotenv.values()].map((v) => v.origin))];
  if (dotenv.length) io.stdout.write(`.env  (${loaded.dotenv.size} variables, for every environment)\n${dotenv.map((f) => `    ${f}\n`).join('')}`);
  return 0;
}
