import { commands, type CommandIo } from './commands';
import { isUsageError } from './errors';

function help(): string {
  const lines = ['regx — run, check and explore registry requests in .http files', '', 'Commands:'];
  for (const spec of Object.values(commands)) lines.push(`  ${spec.usage.padEnd(60)} ${spec.summary}`);
  lines.push('', 'regx help COMMAND shows one command.');
  return lines.join('\n') + '\n';
}

export async function main(argv: string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    const spec = rest[0] ? commands[rest[0]] : undefined;
    io.stdout.write(spec ? `regx ${spec.usage}\n  ${spec.summary}\n` : help());
    return 0;
  }
  if (name === '--version') {
    io.stdout.write(`${process.env.REGX_VERSION ?? require('../../package.json').version}\n`);
    return 0;
  }
  const spec = commands[name];
  if (!spec) {
    io.stderr.write(`regx: unknown command '${name}'\n\n${help()}`);
    return 2;
  }
  try {
    const { run } = await spec.load();
    return await run(rest, io);
  } catch (error) {
    if (isUsageError(error)) {
      io.stderr.write(`regx ${name}: ${error.message}\nusage: regx ${spec.usage}\n`);
      return 2;
    }
    io.stderr.write(`regx ${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}

if (require.main === module) {
  const controller = new AbortController();
  const stop = () => controller.abort(new Error('interrupted'));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), signal: controller.signal }).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`regx: ${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
