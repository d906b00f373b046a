// Everything the editor features need for one request file, gathered from disk: the variables
// of the chosen environment (H2's environment files, `.env`, secrets), and per request the
// registry, environment and API description (the catalog's `registryForRequest`, indexes from
// the caller's `OpenApiCache`). A description that fails to load becomes `indexError`, which
// the diagnostics report once instead of throwing. Used by `regx check`, `regx complete` and
// the extension's providers alike.

import { dirname } from 'node:path';
import type { Diagnostic, HttpFile, RequestBlock } from '../http/ast';
import type { Catalog } from '../catalog/loadCatalog';
import { registryForRequest } from '../catalog/registryForRequest';
import type { OpenApiIndex } from '../openapi/types';
import { loadEnvironments, UnknownEnvironmentError } from '../env/loadEnvironments';
import { chooseEnvironment, type ChosenEnvironment } from '../env/chooseEnvironment';
import { listVisibleVariables } from '../variables/listVisibleVariables';
import type { VariableValue } from '../variables/types';
import { catalogVariables, DEMO_PLACEHOLDER, variableAliases, type SandboxDetails } from '../catalog/catalogVariables';
import { requestVariables } from '../run/requestVariables';
import type { LanguageContext, SpecContext, VisibleVariable } from './types';

export interface FileContextInput {
  filePath: string;
  file: HttpFile;
  catalog: Catalog;
  /** Index of a description by absolute path or URL (an `OpenApiCache.get`). */
  loadIndex: (source: string) => Promise<OpenApiIndex>;
  environment?: string;
  /** Folder where the search for environment files stops (the workspace root). */
  root?: string;
  /** Secrets by name (CLI: `REGX_SECRET_<NAME>`). */
  secrets?: Record<string, string>;
  processEnv?: Record<string, string | undefined>;
  /** A running sandbox: its demo values fill the catalog's variables (else they are named only). */
  sandbox?: SandboxDetails;
}

export interface FileContext {
  context: LanguageContext;
  /** Problems found on the way (unknown registry or environment), as diagnostics of the file. */
  problems: Diagnostic[];
  /** Warnings about environment files that could not be read. */
  warnings: string[];
  /** The environment used, and why: given, the file's `# @env`, the workspace setting, the default, or none. */
  environment: ChosenEnvironment;
}

export async function loadFileContext(input: FileContextInput): Promise<FileContext> {
  const { file } = input;
  const environments = loadEnvironments({ from: dirname(input.filePath), ...(input.root ? { root: input.root } : {}) });
  const chosen = chooseEnvironment(input.environment, file, environments);
  const envName = chosen.name;
  const problems: Diagnostic[] = [];
  let environment: Map<string, VariableValue>;
  try {
    // `sandbox` needs no environment file: the catalog knows the sandbox's base URLs (as `regx run`).
    const known = environments.environments.some((e) => e.name === envName);
    environment = environments.select(envName === 'sandbox' && !known ? undefined : envName);
  } catch (error) {
    if (!(error instanceof UnknownEnvironmentError)) throw error;
    environment = environments.select(undefined);
    problems.push({ range: zero(), severity: 'warning', code: 'env/unknown-environment', message: error.message });
  }
  const fileRegistry = file.directives.find((d) => d.name === 'registry')?.value;
  const { scope } = requestVariables({
    catalog: input.catalog,
    environmentName: envName,
    fileRegistry,
    environment,
    dotenv: environments.dotenv,
    secrets: input.secrets ?? {},
    processEnv: input.processEnv ?? {},
  });
  // The sandbox's demo values are known by name only here: nothing is started to check a file.
  if (!input.sandbox) {
    for (const [name, value] of catalogVariables(input.catalog.entries, envName, { fileRegistry, demoPlaceholders: true })) {
      if (value.value === DEMO_PLACEHOLDER && !scope.environment!.has(name) && !(name in scope.secrets!)) scope.environment!.set(name, value);
    }
  }
  const listed: VisibleVariable[] = listVisibleVariables(file, { line: 0, character: 0 }, { ...scope, file: input.filePath }).filter((v) => v.source !== 'dynamic' && v.source !== 'response');
  const variables = withAliases(listed, variableAliases(input.catalog.entries));

  const specs = new Map<RequestBlock, SpecContext>();
  const loads = new Map<string, Promise<{ index?: OpenApiIndex; indexError?: string }>>();
  for (const request of file.requests) {
    const url = leadingResolved(request.requestLine?.url, variables);
    const resolution = registryForRequest(input.catalog, file, request, envName, { filePath: input.filePath, ...(url ? { url } : {}) });
    for (const p of resolution?.problems ?? []) {
      if (!problems.some((q) => q.code === p.code && q.message === p.message)) problems.push({ range: p.range ?? request.requestLine!.range, severity: 'error', code: p.code, message: p.message });
    }
    if (!resolution) continue;
    const spec: SpecContext = {};
    if (resolution.entry) spec.registry = resolution.entry;
    if (resolution.environment) {
      spec.environment = resolution.environment;
      spec.baseUrl = resolution.environment.baseUrl;
    }
    if (resolution.openapi) {
      const source = resolution.openapi;
      if ([...request.directives, ...file.directives].some((d) => d.name === 'openapi' && d.value)) spec.descriptionNamedByFile = true;
      let load = loads.get(source);
      if (!load) {
        load = input.loadIndex(source).then(
          (index) => ({ index }),
          (error: unknown) => ({ indexError: error instanceof Error ? error.message : String(error) }),
        );
        loads.set(source, load);
      }
      Object.assign(spec, await load);
    }
    specs.set(request, spec);
  }
  const registries = input.catalog.entries.map((e) => ({ id: e.id, name: e.name, environments: e.environments.map((x) => x.name) }));
  const context: LanguageContext = { variables, registries, specFor: (request) => specs.get(request) };
  return { context, problems, warnings: environments.warnings, environment: chosen };
}

/** `{{baseUrl}}/x` → `http://127.0.0.1:7402/x` when the variable is known, so the URL can name the registry. */
function leadingResolved(url: string | undefined, variables: readonly VisibleVariable[]): string | undefined {
  if (!url) return undefined;
  const m = /^\{\{\s*([^}\s]+)\s*\}\}/.exec(url);
  if (!m) return url.includes('{{') ? undefined : url;
  const value = variables.find((v) => v.name === m[1] && !v.secret)?.value;
  return value && /^[a-z]+:\/\//i.test(value) ? value + url.slice(m[0].length) : undefined;
}

/**
 * The catalog's old names as visible variables marked `deprecated` (so a file that still uses
 * them is not told they are undefined, but to rename them), and a new name whose value is only
 * stored under its old name (a secret set before the rename) as defined.
 */
function withAliases(variables: VisibleVariable[], aliases: ReadonlyMap<string, string>): VisibleVariable[] {
  const byName = new Map(variables.map((v) => [v.name, v]));
  const out = [...variables];
  for (const [oldName, newName] of aliases) {
    const current = byName.get(newName);
    const old = byName.get(oldName);
    if (current && !old) out.push({ ...current, name: oldName, deprecated: newName });
    else if (old && !current) {
      out.push({ ...old, name: newName });
      old.deprecated = newName;
    }
  }
  return out;
}

function zero(): Diagnostic['range'] {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}
