// The `{{$…}}` system variables of REST Client (and the common JetBrains spellings), evaluated
// from a host so tests can fix the clock and the random source.

import { applyOffset, formatDatetime } from './datetimeFormat';
import { UnresolvedVariableError, type VariableValue } from './types';

export interface DynamicHost {
  now(): Date;
  randomUUID(): string;
  /** A float in [0, 1). */
  random(): number;
  processEnv: Record<string, string | undefined>;
  dotenv: Map<string, VariableValue>;
  /** The environments' `$shared` values, for REST Client's `{{$shared name}}`. */
  shared?: Map<string, VariableValue>;
  /** Looks up an ordinary variable, for the `%name` indirection of `$processEnv` / `$dotenv`. */
  lookup(name: string): string | undefined;
}

export const DYNAMIC_VARIABLES: { name: string; usage: string; description: string }[] = [
  { name: '$guid', usage: '{{$guid}}', description: 'A new RFC 4122 v4 UUID' },
  { name: '$uuid', usage: '{{$uuid}}', description: 'A new RFC 4122 v4 UUID' },
  { name: '$randomInt', usage: '{{$randomInt min max}}', description: 'A random integer, min inclusive, max exclusive' },
  { name: '$timestamp', usage: '{{$timestamp [offset unit]}}', description: 'Seconds since 1970 (UTC), e.g. {{$timestamp -1 d}}' },
  { name: '$datetime', usage: '{{$datetime rfc1123|iso8601|"format" [offset unit]}}', description: 'The time in UTC' },
  { name: '$localDatetime', usage: '{{$localDatetime rfc1123|iso8601|"format" [offset unit]}}', description: 'The time in the local zone' },
  { name: '$processEnv', usage: '{{$processEnv [%]NAME}}', description: 'An environment variable of the process (a secret)' },
  { name: '$dotenv', usage: '{{$dotenv [%]NAME}}', description: 'A value from the nearest .env file' },
  { name: '$shared', usage: '{{$shared NAME}}', description: "A value of the environments' $shared block (REST Client)" },
  { name: '$isoTimestamp', usage: '{{$isoTimestamp}}', description: 'The time in UTC, ISO 8601 (JetBrains)' },
  { name: '$random.uuid', usage: '{{$random.uuid}}', description: 'A new UUID (JetBrains)' },
  { name: '$random.integer', usage: '{{$random.integer(min, max)}}', description: 'A random integer, min inclusive, max exclusive (JetBrains)' },
  { name: '$random.float', usage: '{{$random.float(min, max)}}', description: 'A random number between min and max (JetBrains)' },
  { name: '$random.alphabetic', usage: '{{$random.alphabetic(length)}}', description: 'Random letters (JetBrains)' },
  { name: '$random.alphanumeric', usage: '{{$random.alphanumeric(length)}}', description: 'Random letters, digits and _ (JetBrains)' },
  { name: '$random.hexadecimal', usage: '{{$random.hexadecimal(length)}}', description: 'Random hexadecimal digits (JetBrains)' },
  { name: '$random.email', usage: '{{$random.email}}', description: 'A random e-mail address (JetBrains)' },
];

const ALPHABETS: Record<string, string> = {
  alphabetic: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ',
  alphanumeric: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_',
  hexadecimal: '0123456789abcdef',
};

/** JetBrains' `$random.name(args)` functions. */
function jetbrainsRandom(expression: string, host: DynamicHost): string | undefined {
  const call = /^\$random\.(\w+)(?:\(([^)]*)\))?$/.exec(expression.trim());
  if (!call) return undefined;
  const [, fn, rawArgs] = call;
  const args = (rawArgs ?? '').split(',').map((a) => a.trim()).filter(Boolean).map(Number);
  const pick = (alphabet: string, length: number) => Array.from({ length }, () => alphabet[Math.floor(host.random() * alphabet.length)]).join('');
  switch (fn) {
    case 'integer': {
      const [min = 0, max = 1000] = args;
      if (!Number.isInteger(min) || !Number.isInteger(max) || max <= min) break;
      return String(min + Math.floor(host.random() * (max - min)));
    }
    case 'float': {
      const [min = 0, max = 1000] = args;
      if (Number.isNaN(min) || Number.isNaN(max) || max <= min) break;
      return String(min + host.random() * (max - min));
    }
    case 'alphabetic':
    case 'alphanumeric':
    case 'hexadecimal': {
      const [length = 10] = args;
      if (!Number.isInteger(length) || length < 0 || length > 10_000) break;
      return pick(ALPHABETS[fn]!, length);
    }
    case 'email':
      return `${pick(ALPHABETS.alphabetic!.slice(0, 26), 8)}@example.org`;
    case 'uuid':
      return host.randomUUID();
  }
  throw new UnresolvedVariableError(expression, `'{{${expression}}}': write ${DYNAMIC_VARIABLES.find((d) => d.name === `$random.${fn}`)?.usage ?? `a known $random function (${DYNAMIC_VARIABLES.filter((d) => d.name.startsWith('$random.')).map((d) => d.name).join(', ')})`}`);
}

/** Splits `rfc1123 -1 d` / `"DD-MM-YYYY" 2 h` into words, keeping quoted words whole. */
export function splitArguments(text: string): string[] {
  const words: string[] = [];
  const pattern = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) words.push(match[1] ?? match[2] ?? match[3]!);
  return words;
}

function offsetDate(host: DynamicHost, expression: string, words: string[]): Date {
  if (words.length === 0) return host.now();
  if (words.length !== 2 || !/^[-+]?\d+$/.test(words[0]!)) {
    throw new UnresolvedVariableError(expression, `'{{${expression}}}': an offset is a number and a unit, e.g. -1 d`);
  }
  try {
    return applyOffset(host.now(), Number(words[0]), words[1]!);
  } catch (error) {
    throw new UnresolvedVariableError(expression, `'{{${expression}}}': ${(error as Error).message}`);
  }
}

function indirect(host: DynamicHost, expression: string, word: string | undefined): string {
  if (!word) throw new UnresolvedVariableError(expression, `'{{${expression}}}' needs a variable name`);
  if (!word.startsWith('%')) return word;
  const name = host.lookup(word.slice(1));
  if (name === undefined) throw new UnresolvedVariableError(expression, `'{{${expression}}}': variable '${word.slice(1)}' is not defined`);
  return name;
}

/** Evaluates `$name args…` (the text between the braces). */
export function evaluateDynamic(expression: string, host: DynamicHost): VariableValue {
  const dynamic = (value: string): VariableValue => ({ value, source: 'dynamic', secret: false });
  if (expression.startsWith('$random.')) {
    const value = jetbrainsRandom(expression, host);
    if (value !== undefined) return dynamic(value);
  }
  const [name, ...words] = splitArguments(expression);
  switch (name) {
    case '$guid':
    case '$uuid':
      return dynamic(host.randomUUID());
    case '$randomInt': {
      const [min, max] = words.length === 0 ? [0, 1000] : words.map(Number);
      if (words.length !== 2 || !Number.isInteger(min) || !Number.isInteger(max) || max! <= min!) {
        throw new UnresolvedVariableError(expression, `'{{${expression}}}': write {{$randomInt min max}} with integers, min < max`);
      }
      return dynamic(String(min! + Math.floor(host.random() * (max! - min!))));
    }
    case '$timestamp':
      return dynamic(String(Math.floor(offsetDate(host, expression, words).getTime() / 1000)));
    case '$isoTimestamp':
      return dynamic(host.now().toISOString());
    case '$datetime':
    case '$localDatetime': {
      const [format, ...offset] = words;
      if (!format) throw new UnresolvedVariableError(expression, `'{{${expression}}}' needs a format: rfc1123, iso8601 or a quoted pattern`);
      return dynamic(formatDatetime(offsetDate(host, expression, offset), format, name === '$datetime'));
    }
    case '$processEnv': {
      const key = indirect(host, expression, words[0]);
      const value = host.processEnv[key];
      if (value === undefined) throw new UnresolvedVariableError(expression, `environment variable '${key}' is not set (from '{{${expression}}}')`);
      // Process environment is where the CLI takes secrets from, so it is never written down.
      return { value, source: 'process-env', secret: true };
    }
    case '$dotenv': {
      const key = indirect(host, expression, words[0]);
      const value = host.dotenv.get(key);
      if (value === undefined) throw new UnresolvedVariableError(expression, `'${key}' is not in any .env file (from '{{${expression}}}')`);
      return value;
    }
    case '$shared': {
      const key = words[0];
      const value = key === undefined ? undefined : host.shared?.get(key);
      if (value === undefined) throw new UnresolvedVariableError(expression, `'${key ?? ''}' is not in any $shared environment block (from '{{${expression}}}')`);
      return value;
    }
    default:
      throw new UnresolvedVariableError(expression, `unknown system variable '${name}' in '{{${expression}}}'`);
  }
}
