import { commands, type CommandIo } from './commands';
import { isUsageError } from './errors';
import { terminalSafeStream } from '../core/report/terminalText';
import { formatHelp, wantsHelp } from './options';
import { saveCodeCaches } from './codeCache';

function overview(): string {
  const names = Object.keys(commands);
  const width = Math.max(...names.map((n) => n.length));
  const lines = ['usage: regx COMMAND [options]', '', 'Run, check and explore registry requests in .http files.', '', 'Commands:'];
  for (const [name, spec] of Object.entries(commands)) lines.push(`  ${name.padEnd(width)}  ${spec.summary}`);
  lines.push(
    '',
    'regx COMMAND --help (or regx help COMMAND) lists its options, exit codes and environment variables.',
    'regx --version prints the version.',
    '',
    'Secrets: REGX_SECRET_<name> gives the value of {{name}} (spelled as in the file); it is never printed.',
  );
  return `${lines.join('\n')}\n`;
}

async function printHelp(name: string, io: CommandIo): Promise<number> {
  const spec = commands[name];
  if (!spec) {
    io.stderr.write(`regx: unknown command '${name}'\n\n${overview()}`);
    return 2;
  }
  io.stdout.write(formatHelp((await spec.load()).help));
  return 0;
}

export async function main(argv: string[], raw: CommandIo): Promise<number> {
  // Every byte any command prints passes the one sanitiser; colour sequences survive only where
  // the reporters paint them (a terminal, NO_COLOR unset).
  const colour = (stream: NodeJS.WritableStream) => Boolean((stream as NodeJS.WriteStream).isTTY) && !raw.env.NO_COLOR;
  let usualRun = true;
  const io: CommandIo = { ...raw, unusualRun: () => (usualRun = false), stdout: terminalSafeStream(raw.stdout, { keepSgr: colour(raw.stdout) }), stderr: terminalSafeStream(raw.stderr, { keepSgr: colour(raw.stderr) }) };
  const [name, ...rest] = argv;
  // No command at all is a usage error (exit 2) that still says what to type.
  if (!name) {
    io.stderr.write(overview());
    return 2;
  }
  if (name === '--help' || name === '-h') {
    io.stdout.write(overview());
    return 0;
  }
  if (name === 'help') return rest[0] ? printHelp(rest[0], io) : (io.stdout.write(overview()), 0);
  if (name === '--version') {
    io.stdout.write(`${process.env.REGX_VERSION ?? require('../../package.json').version}\n`);
    return 0;
  }
  const spec = commands[name];
  if (!spec) {
    io.stderr.write(`regx: unknown command '${name}'\n\n${overview()}`);
    return 2;
  }
  if (wantsHelp(rest)) return printHelp(name, io);
  const module = await spec.load();
  try {
    const code = await module.run(rest, io);
    // After the command, so the cache holds the code it ran (not only the bundle's top level),
    // and only after a usual run (see CommandIo.unusualRun).
    if (usualRun) saveCodeCaches();
    return code;
  } catch (error) {
    if (isUsageError(error)) {
      io.stderr.write(`regx ${name}: ${error.message}\nusage: regx ${module.help.usage}  (regx ${name} --help lists the options)\n`);
      return 2;
    }
    io.stderr.write(`regx ${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}

if (require.main === module) {
  const controller = new AbortController();
  // The first signal stops the run (it still reports); a second one ends the process at once.
  // Listeners stay installed (`on`, not `once`): a library's signal handler (signal-exit, which
  // proper-lockfile brought in before dirLock.ts) may re-raise a signal when its own listeners are
  // the only ones left, which would kill the process before the interrupted run could report.
  const stop = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(signal === 'SIGINT' ? 130 : 143);
    controller.abort(new Error('interrupted'));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
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
