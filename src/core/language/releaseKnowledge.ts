// The rest of a registry's release knowledge (registry.yaml `releases:`), read with only the
// current description at hand: a field or an operation the description no longer has, that the
// notes say a release removed or moved, and enum values the notes say were renamed or dropped.
// Each lookup answers only where the description agrees (the old name is absent there), so a
// note about a field that came back later never flags the field.

import type { OperationMove, RegistryEntry, Removal, ValueRename } from '../catalog/types';
import { endsWithTemplate, movedPath } from '../openapi/movedPath';
import { fieldName, inContext } from './renames';
import type { PathSegment } from './schemaWalk';

/** A field the notes say a release removed, where the schema (`names`) has no such property. */
export function removedField(registry: RegistryEntry | undefined, key: string, names: ReadonlySet<string>, path: readonly PathSegment[]): Removal | undefined {
  if (names.has(key)) return undefined;
  return registry?.releases?.removed?.find((r) => r.field !== undefined && r.value === undefined && fieldName(r.field) === key && inContext({ from: r.field }, path));
}

/**
 * Whether `key` names the field `field` (`contactgegeven.contactgegeventype`) by its current name
 * or by one it had before a documented rename (`type`).
 */
function namesField(registry: RegistryEntry, field: string, key: string): boolean {
  const current = fieldName(field);
  return key === current || (registry.releases?.renames ?? []).some((r) => fieldName(r.to) === current && fieldName(r.from) === key);
}

/** A value the notes say was renamed, where the field's enum (`allowed`) has the new one and not the old. */
export function renamedValue(registry: RegistryEntry | undefined, key: string, value: string, allowed: readonly unknown[]): ValueRename | undefined {
  if (!registry || allowed.includes(value)) return undefined;
  return registry.releases?.values?.find((v) => v.from === value && allowed.includes(v.to) && namesField(registry, v.field, key));
}

/** A value the notes say a release dropped from a field, where the field's enum no longer has it. */
export function removedValue(registry: RegistryEntry | undefined, key: string, value: string, allowed: readonly unknown[]): Removal | undefined {
  if (!registry || !allowed.length || allowed.includes(value)) return undefined;
  return registry.releases?.removed?.find((r) => r.field !== undefined && r.value === value && namesField(registry, r.field, key));
}

function splitOperation(text: string): { method: string; path: string } {
  const space = text.indexOf(' ');
  return { method: text.slice(0, space).toUpperCase(), path: text.slice(space + 1) };
}

export type DocumentedOperation =
  | { kind: 'moved'; move: OperationMove; method: string; path: string }
  | { kind: 'removed'; removal: Removal };

/**
 * What the notes say about `METHOD written-path` that no operation of the description matches:
 * moved (with the written path rewritten for the new template) or removed.
 */
export function documentedOperation(registry: RegistryEntry | undefined, method: string, written: string): DocumentedOperation | undefined {
  const upper = method.toUpperCase();
  for (const move of registry?.releases?.moved ?? []) {
    const from = splitOperation(move.from);
    if (from.method !== upper || !endsWithTemplate(written, from.path)) continue;
    const to = splitOperation(move.to);
    return { kind: 'moved', move, method: to.method, path: movedPath(written, from.path, to.path) };
  }
  for (const removal of registry?.releases?.removed ?? []) {
    if (!removal.operation) continue;
    const gone = splitOperation(removal.operation);
    if (gone.method === upper && endsWithTemplate(written, gone.path)) return { kind: 'removed', removal };
  }
  return undefined;
}

/** `: <note>` when the notes say what to do instead. */
export function noteOf(removal: Removal): string {
  return removal.note ? `: ${removal.note}` : '';
}
