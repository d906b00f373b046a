// What the environment picker offers, grouped by registry (no `vscode` here, tested in plain
// Node). An environment belongs to a registry when the catalog gives the registry one by that
// name, or when an environment file defines the registry's base-URL variable in it: the samples'
// `test` in http-client.env.json sets `vrPubliekBaseUrl`, `klantenBaseUrl`, … so it is an
// environment of every registry, not only of kvk (the one whose catalog lists a `test`).
import type { RegistryEntry } from '../core/catalog/types';

export interface EnvironmentChoice {
  name: string;
  /** Registry ids that have it, in catalog order. */
  registries: string[];
  /** Where it is defined: `catalog`, an environment file's name, or `settings`. */
  sources: string[];
}

/** An environment a file or the setting defines, with the variables it sets (not `$shared`'s). */
export interface DefinedEnvironment {
  name: string;
  variables: Iterable<string>;
  source: string;
}

export interface EnvironmentGroup {
  label: string;
  choices: EnvironmentChoice[];
}

/** Every environment name once, with the registries it serves and where it comes from. */
export function environmentChoices(entries: readonly RegistryEntry[], defined: readonly DefinedEnvironment[]): EnvironmentChoice[] {
  const byName = new Map<string, { registries: Set<string>; sources: Set<string> }>();
  const choice = (name: string) => {
    let found = byName.get(name);
    if (!found) byName.set(name, (found = { registries: new Set(), sources: new Set() }));
    return found;
  };
  for (const entry of entries) {
    for (const environment of entry.environments) {
      const found = choice(environment.name);
      found.registries.add(entry.id);
      found.sources.add('catalog');
    }
  }
  // A base-URL variable (or one of its old names) names the registry it points at.
  const registryOfBaseUrl = new Map<string, string>();
  for (const entry of entries) {
    for (const variable of entry.variables) {
      if (variable.role !== 'baseUrl') continue;
      for (const name of [variable.name, ...(variable.aliases ?? [])]) registryOfBaseUrl.set(name, entry.id);
    }
  }
  for (const environment of defined) {
    if (environment.name === '$shared') continue;
    const found = choice(environment.name);
    found.sources.add(environment.source);
    for (const variable of environment.variables) {
      const id = registryOfBaseUrl.get(variable);
      if (id) found.registries.add(id);
    }
  }
  const order = new Map(entries.map((entry, index) => [entry.id, index]));
  return [...byName].map(([name, found]) => ({
    name,
    registries: [...found.registries].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0)),
    sources: [...found.sources],
  }));
}

/**
 * Groups for the picker: the environments every registry has first, then per registry (catalog
 * order) the ones only some have, then those no registry claims. An environment several
 * registries share shows under each; picking any selects the same name.
 */
export function groupByRegistry(choices: readonly EnvironmentChoice[], entries: readonly RegistryEntry[]): EnvironmentGroup[] {
  const all = entries.map((entry) => entry.id);
  const everywhere = (choice: EnvironmentChoice) => all.length > 0 && all.every((id) => choice.registries.includes(id));
  const groups: EnvironmentGroup[] = [];
  const common = choices.filter(everywhere);
  if (common.length) groups.push({ label: 'every registry', choices: common });
  for (const entry of entries) {
    const own = choices.filter((choice) => !everywhere(choice) && choice.registries.includes(entry.id));
    if (own.length) groups.push({ label: `${entry.name} (${entry.id})`, choices: own });
  }
  const unclaimed = choices.filter((choice) => choice.registries.length === 0);
  if (unclaimed.length) groups.push({ label: 'environment files and settings', choices: unclaimed });
  return groups;
}
