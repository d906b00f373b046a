// The variable scope a request is sent with, built once for every adapter: the environment files
// (and the editor's settings layer, which the adapter merges in first), the catalog's variables
// for the selected environment (base URLs, the sandbox's demo values), secrets, `.env` and the
// process environment, plus the catalog's old names as aliases. What the CLI, the editor and a
// flow step resolve `{{kvkApiKey}}` against is this one function's answer.

import type { Catalog } from '../catalog/loadCatalog';
import { catalogVariables, credentialVariables, variableAliases, type SandboxDetails } from '../catalog/catalogVariables';
import type { VariableValue } from '../variables/types';
import type { VariableScopeInput } from '../variables/variableScope';

export type ScopeInput = Omit<VariableScopeInput, 'requestVariables' | 'fileVariables' | 'exchanges' | 'requestNames' | 'file'>;

export interface RequestVariablesInput {
  catalog: Catalog;
  environmentName?: string;
  /** `# @registry` of the request file: its base URL is also `{{baseUrl}}`. */
  fileRegistry?: string;
  /** The selected environment from the env files (and settings), as `LoadedEnvironments.select` gives it. */
  environment: Map<string, VariableValue>;
  dotenv?: Map<string, VariableValue>;
  shared?: Map<string, VariableValue>;
  definedIn?: (name: string) => string[];
  /** Named secrets (CLI: `REGX_SECRET_<NAME>`; editor: SecretStorage). */
  secrets: Record<string, string>;
  sandbox?: SandboxDetails;
  processEnv?: Record<string, string | undefined>;
  /** Told once per old variable name in use, with the name that replaced it. */
  onDeprecated?(oldName: string, newName: string): void;
}

export interface RequestVariables {
  scope: ScopeInput;
  /** Secret values known up front: redacted wherever they appear, used or not. */
  knownSecrets: string[];
}

export function requestVariables(input: RequestVariablesInput): RequestVariables {
  const entries = input.catalog.entries;
  const credentials = credentialVariables(entries);
  // A registry's credential is secret wherever it is written, a public env file included.
  const asSecret = (map: Map<string, VariableValue> | undefined) => {
    const out = new Map<string, VariableValue>();
    for (const [name, value] of map ?? []) out.set(name, credentials.has(name) && !value.secret ? { ...value, secret: true } : value);
    return out;
  };
  const environment = asSecret(input.environment);
  const fromCatalog = catalogVariables(entries, input.environmentName, { sandbox: input.sandbox, fileRegistry: input.fileRegistry });
  const secrets = { ...input.secrets };
  for (const [name, value] of fromCatalog) {
    if (environment.has(name) || name in secrets) continue;
    // The sandbox's demo credentials are secrets like any other: redacted, shown masked.
    if (value.secret) secrets[name] = value.value;
    else environment.set(name, value);
  }
  const dotenv = asSecret(input.dotenv);
  const reported = new Set<string>();
  const knownSecrets = [...Object.values(secrets), ...[...environment.values(), ...dotenv.values()].filter((v) => v.secret).map((v) => v.value)];
  return {
    scope: {
      secrets,
      environment,
      dotenv,
      environmentName: input.environmentName,
      ...(input.shared ? { shared: input.shared } : {}),
      ...(input.definedIn ? { definedIn: input.definedIn } : {}),
      processEnv: input.processEnv,
      aliases: variableAliases(entries),
      onDeprecated: (oldName, newName) => {
        if (reported.has(oldName)) return;
        reported.add(oldName);
        input.onDeprecated?.(oldName, newName);
      },
    },
    knownSecrets: knownSecrets.filter((value) => value.length > 0),
  };
}

/** The notice for an old variable name: it still works, and what to write instead. */
export function deprecationNotice(oldName: string, newName: string): string {
  return `'${oldName}' is the old name of '${newName}': it still works in this release; rename it (in the request file, the environment file or the stored secret)`;
}
