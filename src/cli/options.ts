// One table per command: each option is declared once, with the words `--help` prints for it and
// the code that applies it, so the parser and the help can never disagree. A new flag is one
// entry in its command's table (see /work/wt/INTERFACES.md).
import { UsageError } from './errors';

export interface OptionSpec<T> {
  /** `--env`; an option's only name (short forms are not used, except `-h`). */
  flag: string;
  /** The value's placeholder (`NAME`, `MS`, `off|warn|error`); absent for a switch. */
  value?: string;
  /** One line for `--help`: what it does and its default. */
  help: string;
  /** Applies the option to the parsed arguments; throws UsageError on a bad value. */
  set(target: T, value: string): void;
}

export interface CommandHelp<T> {
  /** `run FILE [options]`: what follows `regx`. */
  usage: string;
  summary: string;
  options: readonly OptionSpec<T>[];
  /** Exit code → what it means. */
  exitCodes: readonly (readonly [number, string])[];
  /** Environment variables this command reads beyond the common ones, with one line each. */
  environment?: readonly (readonly [string, string])[];
  /** Lines printed after the options, e.g. examples. */
  notes?: readonly string[];
}

/** True when the arguments ask for help: `--help` or `-h` anywhere. */
export function wantsHelp(args: readonly string[]): boolean {
  return args.some((a) => a === '--help' || a === '-h');
}

/**
 * Reads `args` against `table` into `target`; returns the positional arguments. `--flag value`
 * and `--flag=value` both work; a value that looks like another option is refused rather than
 * swallowed; an unknown `-x` is a usage error that names it.
 */
export function parseOptions<T>(args: readonly string[], table: readonly OptionSpec<T>[], target: T): string[] {
  const byFlag = new Map(table.map((o) => [o.flag, o]));
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const spec = byFlag.get(flag);
    if (!spec) throw new UsageError(`unknown option '${flag}'${suggestion(flag, table)}`);
    if (spec.value === undefined) {
      if (eq > 0) throw new UsageError(`${flag} takes no value`);
      spec.set(target, '');
      continue;
    }
    let value: string | undefined;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      value = args[i + 1];
      if (value !== undefined && value.startsWith('--') && value.length > 2) value = undefined;
      else i++;
    }
    if (value === undefined || value === '') throw new UsageError(`${flag} needs a value (${spec.value})`);
    spec.set(target, value);
  }
  return positional;
}

function suggestion(flag: string, table: readonly OptionSpec<unknown>[]): string {
  const close = table.map((o) => o.flag).find((f) => editDistance(f, flag) <= 2);
  return close ? ` (did you mean ${close}?)` : '';
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const kept = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = kept;
    }
  }
  return row[b.length]!;
}

/** A value that must be one of `choices`. */
export function oneOf<C extends string>(flag: string, value: string, choices: readonly C[]): C {
  if ((choices as readonly string[]).includes(value)) return value as C;
  throw new UsageError(`${flag} is ${choices.slice(0, -1).join(', ')} or ${choices[choices.length - 1]}, not '${value}'`);
}

/** A whole number ≥ `min`. */
export function wholeNumber(flag: string, value: string, what: string, min = 0): number {
  if (/^\d+$/.test(value) && Number(value) >= min) return Number(value);
  throw new UsageError(`${flag} takes ${what}, not '${value}'`);
}

/** What every command says about secrets and the common environment variables. */
const COMMON_ENVIRONMENT: readonly (readonly [string, string])[] = [
  ['REGX_SECRET_<name>', "the value of {{name}}, spelled as in the file (REGX_SECRET_kvkApiKey for {{kvkApiKey}}); never printed, redacted from history and reports"],
  ['NO_COLOR', 'no colours in the output'],
  ['REGX_CODE_CACHE', "'off': compile the command from source, without the V8 code cache kept in $XDG_CACHE_HOME/register-explorer/code-cache"],
];

/** The text of `regx COMMAND --help`. */
export function formatHelp(help: CommandHelp<unknown>): string {
  const lines = [`usage: regx ${help.usage}`, '', help.summary, ''];
  const rows: [string, string][] = help.options.map((o) => [o.value ? `${o.flag} ${o.value}` : o.flag, o.help]);
  rows.push(['-h, --help', 'show this help']);
  lines.push('Options:', ...table(rows), '');
  lines.push('Exit codes:', ...table(help.exitCodes.map(([code, text]) => [String(code), text])), '');
  lines.push('Environment:', ...table([...COMMON_ENVIRONMENT, ...(help.environment ?? [])].map(([name, text]) => [name, text])));
  if (help.notes?.length) lines.push('', ...help.notes);
  return `${lines.join('\n')}\n`;
}

function table(rows: readonly (readonly [string, string])[]): string[] {
  const width = Math.min(28, Math.max(...rows.map(([left]) => left.length)));
  return rows.map(([left, right]) => (left.length > width ? `  ${left}\n  ${''.padEnd(width)}  ${right}` : `  ${left.padEnd(width)}  ${right}`));
}
