// The renames a registry documents (its release notes, as data in `registries/<id>/`) as evidence
// for the diff: `contactgegeven.type → contactgegeven.contactgegeventype` applies to a property
// `type` → `contactgegeventype` inside something called Contactgegeven (a schema, or a property
// `contactgegevens` on the way there).

import type { FieldRename, RegistryEntry } from '../catalog/types';
import type { Catalog } from '../catalog/loadCatalog';
import { fieldName, inRelease } from '../language/renames';
import type { SpecDiffOptions } from './specDiff';

function stem(word: string): string {
  return word.toLowerCase().replace(/[^a-z0-9]/g, '').replace(/(en|s)$/, '');
}

export function documentedRenames(renames: readonly FieldRename[]): SpecDiffOptions['documented'] {
  if (renames.length === 0) return undefined;
  return (from, to, context) => {
    for (const rename of renames) {
      if (fieldName(rename.from) !== from || fieldName(rename.to) !== to) continue;
      const parts = rename.from.split('.');
      const qualifier = parts.length > 1 ? stem(parts[parts.length - 2]!) : '';
      // the place may be more specific than the notes (ContactgegevenInput for contactgegeven), never less
      const fits = qualifier === '' || context.some((name) => stem(name).startsWith(qualifier));
      if (fits) return `documented: ${rename.from} → ${rename.to} ${inRelease(rename.release)}`;
    }
    return undefined;
  };
}

/** The registry whose environments describe either document, for its documented renames. */
export function registryOfDocuments(catalog: Catalog, sources: readonly string[]): RegistryEntry | undefined {
  return catalog.entries.find((entry) => entry.environments.some((env) => sources.includes(env.openapi)));
}
