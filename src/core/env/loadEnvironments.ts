// Environments from the files the other tools already use, searched from the request file's
// folder up to the workspace root (nearer files override farther ones):
// - JetBrains `http-client.env.json` and `http-client.private.env.json` (private = secret),
// - REST Client `rest-client.environmentVariables` in `.vscode/settings.json` (JSONC),
// - `.env`.
// `$shared` values apply to every environment and lose to the environment's own.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { parseDotenv } from './parseDotenv';
import type { VariableSource, VariableValue } from '../variables/types';

export interface EnvironmentInfo {
  name: string;
  /** Files that define it, farthest first. */
  sources: string[];
}

export interface LoadedEnvironments {
  /** Every file read, farthest first. */
  files: string[];
  environments: EnvironmentInfo[];
  dotenv: Map<string, VariableValue>;
  /** Problems that did not stop loading (a broken file is skipped, never half-read). */
  warnings: string[];
  /** The variables of one environment (`$shared` included); undefined name = `$shared` only. */
  select(name: string | undefined): Map<string, VariableValue>;
  /** Environments that define `variable`, for "it is in 'test', not in 'dev'" messages. */
  definedIn(variable: string): string[];
  /** `registerExplorer.environment` of the nearest `.vscode/settings.json`: the editor's active environment. */
  settingEnvironment?: string;
}

export class UnknownEnvironmentError extends Error {
  constructor(readonly environment: string, readonly known: string[]) {
    super(`no environment '${environment}'${known.length ? ` (known: ${known.join(', ')})` : ' (no environment files found)'}`);
    this.name = 'UnknownEnvironmentError';
  }
}

export interface LoadEnvironmentsOptions {
  /** The request file's folder. */
  from: string;
  /** Stop here; default: the first folder upward that holds `.git`, else the filesystem root. */
  root?: string;
  readFile?: (path: string) => string | undefined;
}

type Layer = { file: string; source: VariableSource; secret: boolean; envs: Record<string, Record<string, unknown>> };

// `pass` catches DB_PASS and PASSPHRASE as well as PASSWORD: masking a harmless value costs less than showing a key.
const SECRET_NAME = /key|token|secret|pass|pwd|auth|credential|cookie|session/i;

function folders(from: string, root: string | undefined): string[] {
  const chain: string[] = [];
  let dir = resolve(from);
  const stop = root ? resolve(root) : undefined;
  for (;;) {
    chain.push(dir);
    if (dir === stop || (!stop && existsSync(join(dir, '.git')))) break;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return chain.reverse();
}

/**
 * Where the upward search stops for a request file in `fileDir`: the git root above it, else
 * `cwd` when the file is under it, else the file's own folder — never the whole disk.
 */
export function findWorkspaceRoot(fileDir: string, cwd: string): string {
  for (let dir = resolve(fileDir); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) break;
  }
  const file = resolve(fileDir);
  const base = resolve(cwd);
  return file === base || file.startsWith(base + sep) ? base : file;
}

function defaultRead(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function stringify(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function loadEnvironments(options: LoadEnvironmentsOptions): LoadedEnvironments {
  const read = options.readFile ?? defaultRead;
  const warnings: string[] = [];
  const files: string[] = [];
  const layers: Layer[] = [];
  const dotenv = new Map<string, VariableValue>();
  let settingEnvironment: string | undefined;

  const readJson = (file: string, jsonc: boolean): Record<string, unknown> | undefined => {
    const text = read(file);
    if (text === undefined) return undefined;
    const errors: ParseError[] = [];
    const value: unknown = parseJsonc(text, errors, { allowTrailingComma: true, disallowComments: !jsonc });
    if (errors.length) {
      const first = errors[0]!;
      const line = text.slice(0, first.offset).split('\n').length;
      warnings.push(`${file}:${line}: ${printParseErrorCode(first.error)} — file skipped`);
      return undefined;
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      warnings.push(`${file}: expected an object of environments — file skipped`);
      return undefined;
    }
    files.push(file);
    return value as Record<string, unknown>;
  };
  const environmentsOf = (file: string, value: Record<string, unknown>): Record<string, Record<string, unknown>> => {
    const envs: Record<string, Record<string, unknown>> = {};
    for (const [name, vars] of Object.entries(value)) {
      if (vars && typeof vars === 'object' && !Array.isArray(vars)) envs[name] = vars as Record<string, unknown>;
      else warnings.push(`${file}: environment '${name}' is not an object — ignored`);
    }
    return envs;
  };

  for (const dir of folders(options.from, options.root)) {
    const settingsFile = join(dir, '.vscode', 'settings.json');
    const settings = readJson(settingsFile, true);
    const active = settings?.['registerExplorer.environment'];
    if (typeof active === 'string' && active.trim()) settingEnvironment = active.trim();
    const restClient = settings?.['rest-client.environmentVariables'];
    if (restClient && typeof restClient === 'object') {
      layers.push({ file: settingsFile, source: 'environment', secret: false, envs: environmentsOf(settingsFile, restClient as Record<string, unknown>) });
    }
    for (const [name, secret] of [['http-client.env.json', false], ['http-client.private.env.json', true]] as const) {
      const file = join(dir, name);
      const json = readJson(file, true);
      if (json) layers.push({ file, source: secret ? 'private-environment' : 'environment', secret, envs: environmentsOf(file, json) });
    }
    const envFile = join(dir, '.env');
    const text = read(envFile);
    if (text !== undefined) {
      files.push(envFile);
      // .env is where people keep keys, but also hosts: only names that look secret are redacted.
      for (const [key, value] of parseDotenv(text)) dotenv.set(key, { value, source: 'dotenv', secret: SECRET_NAME.test(key), origin: envFile });
    }
  }

  const byName = new Map<string, string[]>();
  for (const layer of layers) {
    for (const name of Object.keys(layer.envs)) {
      if (name === '$shared') continue;
      const sources = byName.get(name) ?? [];
      if (!sources.includes(layer.file)) sources.push(layer.file);
      byName.set(name, sources);
    }
  }
  const environments = [...byName].map(([name, sources]) => ({ name, sources })).sort((a, b) => a.name.localeCompare(b.name));

  const select = (name: string | undefined): Map<string, VariableValue> => {
    if (name !== undefined && !byName.has(name)) throw new UnknownEnvironmentError(name, environments.map((e) => e.name));
    const result = new Map<string, VariableValue>();
    const apply = (layer: Layer, env: string) => {
      for (const [key, value] of Object.entries(layer.envs[env] ?? {})) {
        result.set(key, { value: stringify(value), source: layer.source, secret: layer.secret, origin: layer.file });
      }
    };
    // Per folder level, farther first: shared values, then the environment's own.
    for (const layer of layers) apply(layer, '$shared');
    if (name !== undefined) for (const layer of layers) apply(layer, name);
    return result;
  };

  const definedIn = (variable: string): string[] =>
    environments.filter((e) => layers.some((layer) => layer.envs[e.name] && Object.hasOwn(layer.envs[e.name]!, variable))).map((e) => e.name);

  return { files, environments, dotenv, warnings, select, definedIn, ...(settingEnvironment ? { settingEnvironment } : {}) };
}
