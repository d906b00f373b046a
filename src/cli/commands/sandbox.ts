// `regx sandbox`: hosts every registry stand-in on loopback until interrupted.
import { resolve } from 'node:path';
import type { CommandIo } from '../commands';
import { UsageError } from '../errors';
import type { Latency, SandboxOptions } from '../../sandbox/server';
import { SANDBOX_DEFAULT_BASE_PORT } from '../../sandbox/types';

export interface SandboxArgs {
  basePort: number;
  json: boolean;
  dataDir?: string;
  latency: Record<string, Latency>;
  registries?: string[];
}

export function parseSandboxArgs(args: string[], cwd: string): SandboxArgs {
  const parsed: SandboxArgs = { basePort: SANDBOX_DEFAULT_BASE_PORT, json: false, latency: {} };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const next = inline ?? args[++i];
      if (next === undefined || next === '') throw new UsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '--json':
        parsed.json = true;
        break;
      case '--port': {
        const text = value();
        const port = Number(text);
        if (!/^[0-9]+$/.test(text) || port > 65535 - 10) throw new UsageError(`--port must be a port number (0 for free ports), not '${text}'`);
        parsed.basePort = port;
        break;
      }
      case '--data':
        parsed.dataDir = resolve(cwd, value());
        break;
      case '--latency':
        for (const pair of value().split(',')) {
          const match = /^\s*([a-z][a-z0-9-]*)\s*=\s*([0-9]+)(?:\s*-\s*([0-9]+))?\s*$/.exec(pair);
          if (!match || (match[3] !== undefined && Number(match[3]) < Number(match[2]))) {
            throw new UsageError(`--latency takes id=ms or id=min-max pairs separated by commas (e.g. kvk=650 or kvk=500-800), not '${pair}'`);
          }
          parsed.latency[match[1]!] = match[3] === undefined ? Number(match[2]) : { min: Number(match[2]), max: Number(match[3]) };
        }
        break;
      case '--only':
        parsed.registries = value().split(',').map((id) => id.trim()).filter(Boolean);
        break;
      default:
        throw new UsageError(`unknown argument '${arg}'`);
    }
  }
  return parsed;
}

export async function run(args: string[], io: CommandIo): Promise<number> {
  const parsed = parseSandboxArgs(args, io.cwd);
  const { startSandbox, knownRegistryIds } = await import('../../sandbox/server');
  const known = knownRegistryIds();
  for (const id of [...(parsed.registries ?? []), ...Object.keys(parsed.latency)]) {
    if (!known.includes(id)) throw new UsageError(`unknown registry '${id}' (known: ${known.join(', ')})`);
  }
  const options: SandboxOptions = { basePort: parsed.basePort, latency: parsed.latency };
  if (parsed.dataDir) options.dataDir = parsed.dataDir;
  if (parsed.registries) options.registries = parsed.registries;
  if (io.env.REGX_STATE_DIR) options.stateDir = io.env.REGX_STATE_DIR;
  if (io.signal.aborted) return 0;
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  try {
    sandbox = await startSandbox(options);
  } catch (error) {
    // A busy port or a corrupt data file is the user's to fix: the message says how, a stack would bury it.
    io.stderr.write(`regx sandbox: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  if (parsed.json) {
    io.stdout.write(`${JSON.stringify({ registries: sandbox.registries, caFile: sandbox.caFile, credentials: sandbox.credentials })}\n`);
  } else {
    io.stdout.write(renderTable(sandbox.registries, sandbox.credentials, sandbox.caFile, parsed.dataDir));
  }
  await new Promise<void>((done) => {
    if (io.signal.aborted) return done();
    io.signal.addEventListener('abort', () => done(), { once: true });
  });
  await sandbox.close();
  if (!parsed.json) io.stdout.write('sandbox stopped\n');
  return 0;
}

function renderTable(registries: Record<string, string>, credentials: Record<string, Record<string, unknown>>, caFile: string, dataDir: string | undefined): string {
  const rows = Object.entries(registries).map(([id, url]) => [
    id,
    url,
    Object.entries(credentials[id] ?? {})
      .map(([name, value]) => `${name}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
      .join(' '),
  ]);
  const widths = [0, 1].map((column) => Math.max(...rows.map((row) => row[column]!.length), column === 0 ? 'registry'.length : 'base URL'.length));
  const line = (cells: string[]) => `${cells[0]!.padEnd(widths[0]!)}  ${cells[1]!.padEnd(widths[1]!)}  ${cells[2]}`.trimEnd();
  return [
    'Register Explorer sandbox',
    '',
    line(['registry', 'base URL', 'demo credentials']),
    ...rows.map(line),
    '',
    `Private root CA (trust it, or pass it as the CA file, to call kvk over HTTPS): ${caFile}`,
    dataDir ? `State is kept in ${dataDir}` : 'State is in memory only (use --data DIR to keep it)',
    'Each registry serves its OpenAPI description at /openapi.json. Press Ctrl+C to stop.',
    '',
  ].join('\n');
}
