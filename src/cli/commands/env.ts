// `regx env list [--dir D] [--json]`: the environments a request file in D would see, and the
// files each comes from.

import { resolve } from 'node:path';
import type { CommandIo } from '../commands';
import { UsageError } from '../errors';
import { findWorkspaceRoot, loadEnvironments } from '../../core/env/loadEnvironments';

export async function run(args: string[], io: CommandIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'list') throw new UsageError(sub ? `unknown subcommand '${sub}'` : 'which subcommand? (list)');
  let dir = io.cwd;
  let json = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--dir') {
      const value = rest[++i];
      if (!value) throw new UsageError('--dir needs a folder');
      dir = resolve(io.cwd, value);
    } else if (arg.startsWith('--dir=')) dir = resolve(io.cwd, arg.slice(6));
    else if (arg === '--json') json = true;
    else throw new UsageError(`unknown argument '${arg}'`);
  }
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
