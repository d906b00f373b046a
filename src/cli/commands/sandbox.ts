// `regx sandbox`: hosts every registry stand-in on loopback until interrupted.
import { resolve } from 'node:path';
import type { CommandIo } from '../commands';
import { UsageError } from '../errors';
import { parseOptions, type CommandHelp, type OptionSpec } from '../options';
import type { Latency, SandboxOptions } from '../../sandbox/server';
import { SANDBOX_DEFAULT_BASE_PORT } from '../../sandbox/types';

export interface SandboxArgs {
  basePort: number;
  json: boolean;
  dataDir?: string;
  latency: Record<string, Latency>;
  registries?: string[];
}

function latencies(target: SandboxArgs, text: string): void {
  for (const pair of text.split(',')) {
    const match = /^\s*([a-z][a-z0-9-]*)\s*=\s*([0-9]+)(?:\s*-\s*([0-9]+))?\s*$/.exec(pair);
    if (!match || (match[3] !== undefined && Number(match[3]) < Number(match[2]))) {
      throw new UsageError(`--latency takes id=ms or id=min-max pairs separated by commas (e.g. kvk=650 or kvk=500-800), not '${pair}'`);
    }
    target.latency[match[1]!] = match[3] === undefined ? Number(match[2]) : { min: Number(match[2]), max: Number(match[3]) };
  }
}

const SANDBOX_OPTIONS: readonly OptionSpec<SandboxArgs>[] = [
  {
    flag: '--port',
    value: 'BASE|0',
    help: `first port; each registry takes the next (kvk ${SANDBOX_DEFAULT_BASE_PORT}, vr-publiek ${SANDBOX_DEFAULT_BASE_PORT + 1}, …); 0 = free ports`,
    set: (o, v) => {
      if (!/^[0-9]+$/.test(v) || Number(v) > 65535 - 10) throw new UsageError(`--port must be a port number (0 for free ports), not '${v}'`);
      o.basePort = Number(v);
    },
  },
  { flag: '--json', help: 'print one JSON line when ready: base URLs, the CA file, demo credentials', set: (o) => (o.json = true) },
  { flag: '--data', value: 'DIR', help: "keep the registries' data and the CA in DIR, so they survive a restart (default: data in memory, CA in the user state folder)", set: (o, v) => (o.dataDir = v) },
  { flag: '--latency', value: 'id=ms|id=min-max,…', help: 'answer a registry this much slower, e.g. kvk=500-800 as the real one', set: latencies },
  { flag: '--only', value: 'id,…', help: 'host only these registries', set: (o, v) => (o.registries = v.split(',').map((id) => id.trim()).filter(Boolean)) },
];

export const help: CommandHelp<SandboxArgs> = {
  usage: 'sandbox [options]',
  summary: 'Hosts offline stand-ins of every registry on loopback until Ctrl+C: one origin per registry, KVK over HTTPS under a private CA of its own, demo credentials, no network.',
  options: SANDBOX_OPTIONS,
  exitCodes: [
    [0, 'stopped with Ctrl+C'],
    [1, 'could not start (e.g. a port is taken)'],
    [2, 'usage error'],
  ],
  environment: [['REGX_STATE_DIR', 'where the sandbox keeps its CA when --data is not given']],
};

export function parseSandboxArgs(args: string[], cwd: string): SandboxArgs {
  const parsed: SandboxArgs = { basePort: SANDBOX_DEFAULT_BASE_PORT, json: false, latency: {} };
  const positional = parseOptions(args, SANDBOX_OPTIONS, parsed);
  if (positional.length) throw new UsageError(`unknown argument '${positional[0]}'`);
  if (parsed.dataDir !== undefined) parsed.dataDir = resolve(cwd, parsed.dataDir);
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
