// The catalog's variables, in its one camelCase scheme (`kvkBaseUrl`, `kvkApiKey`,
// `vrInitiator`): what every registry declares under `variables` in its registry.yaml. One
// module builds them for the CLI, the editor and the language features alike, so a request
// file resolves the same everywhere.
//
// The layer it produces sits below every environment file: a file that defines `kvkBaseUrl`
// wins. It holds, for the selected environment, each registry's base URL (the running
// sandbox's when that environment is the sandbox), `baseUrl` for the file's own registry, and
// in sandbox environments the stand-in's demo credentials under the same names.

import type { VariableValue } from '../variables/types';
import type { RegistryEntry, RegistryVariable } from './types';

/** What a running sandbox tells about itself (`regx sandbox --json`, `findRunningSandbox`). */
export interface SandboxDetails {
  /** Origin by registry id. */
  registries: Record<string, string>;
  /** Demo values by registry id, keyed by the catalog's variable names. */
  credentials: Record<string, Record<string, unknown>>;
}

export interface CatalogVariableOptions {
  sandbox?: SandboxDetails;
  /** The registry of the request file (`# @registry`): its base URL is also `{{baseUrl}}`. */
  fileRegistry?: string;
  /**
   * Without a running sandbox, name its demo values anyway (value `DEMO_PLACEHOLDER`): what the
   * language features need to know a sandbox request will resolve. Never for sending.
   */
  demoPlaceholders?: boolean;
}

export const DEMO_PLACEHOLDER = '(the sandbox\'s demo value)';

/** The base URL of `url`'s environment moved to the running sandbox's origin, path kept. */
function onSandbox(baseUrl: string, origin: string | undefined): string {
  if (!origin) return baseUrl;
  try {
    const base = new URL(baseUrl);
    return `${new URL(origin).origin}${base.pathname.replace(/\/+$/, '')}`;
  } catch {
    return baseUrl;
  }
}

export function catalogVariables(entries: readonly RegistryEntry[], environmentName: string | undefined, options: CatalogVariableOptions = {}): Map<string, VariableValue> {
  const out = new Map<string, VariableValue>();
  if (!environmentName) return out;
  const set = (name: string, value: string, secret: boolean, origin: string) => {
    if (!out.has(name)) out.set(name, { value, source: secret ? 'secret' : 'environment', secret, origin });
  };
  for (const entry of entries) {
    const environment = entry.environments.find((env) => env.name === environmentName);
    if (!environment) continue;
    const origin = `catalog:${entry.id}`;
    const baseUrl = environment.sandbox ? onSandbox(environment.baseUrl, options.sandbox?.registries[entry.id]) : environment.baseUrl;
    for (const variable of entry.variables) if (variable.role === 'baseUrl') set(variable.name, baseUrl, false, origin);
    if (entry.id === options.fileRegistry) set('baseUrl', baseUrl, false, origin);
    if (!environment.sandbox) continue;
    const demo = options.sandbox?.credentials[entry.id] ?? {};
    for (const variable of entry.variables) {
      const value = options.demoPlaceholders && !options.sandbox ? DEMO_PLACEHOLDER : demo[variable.name];
      if (typeof value === 'string' && variable.role !== 'baseUrl') set(variable.name, value, variable.role === 'credential', 'sandbox');
    }
  }
  return out;
}

/** Every declared variable with the registry it belongs to, current registry's first. */
export function declaredVariables(entries: readonly RegistryEntry[], first?: string): { entry: RegistryEntry; variable: RegistryVariable }[] {
  const ordered = [...entries].sort((a, b) => Number(b.id === first) - Number(a.id === first));
  return ordered.flatMap((entry) => entry.variables.map((variable) => ({ entry, variable })));
}

/** Old name → the name that replaced it (`KVK_APIKEY` → `kvkApiKey`, `kvk_baseUrl` → `kvkBaseUrl`). */
export function variableAliases(entries: readonly RegistryEntry[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of entries) for (const variable of entry.variables) for (const alias of variable.aliases ?? []) if (!out.has(alias)) out.set(alias, variable.name);
  return out;
}

/** Names whose values are credentials wherever they are defined (also old names). */
export function credentialVariables(entries: readonly Pick<RegistryEntry, 'variables'>[]): Set<string> {
  const out = new Set<string>();
  for (const entry of entries) {
    for (const variable of entry.variables) if (variable.role === 'credential') for (const name of [variable.name, ...(variable.aliases ?? [])]) out.add(name);
  }
  return out;
}

/** Why a value for credential `name` is refused (too short for its registry), or undefined. */
export function credentialProblem(entries: readonly RegistryEntry[], name: string, value: string): string | undefined {
  for (const entry of entries) {
    const variable = entry.variables.find((v) => v.role === 'credential' && (v.name === name || v.aliases?.includes(name)));
    if (variable?.minLength && value.length < variable.minLength) {
      return `${entry.name} requires at least ${variable.minLength} characters for ${variable.name} (this one has ${value.length})${variable.description ? `: ${variable.description}` : ''}`;
    }
  }
  return undefined;
}
