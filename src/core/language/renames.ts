// A release's field renames (`contactgegeven.type` → `contactgegeven.contactgegeventype`) name
// the field with the kind of object it lives in; these decide where one applies.

import type { FieldRename } from '../catalog/types';
import type { PathSegment } from './schemaWalk';

/** Renames name a field with its context (`contactgegeven.type`); the key is the last part. */
export function fieldName(qualified: string): string {
  return qualified.slice(qualified.lastIndexOf('.') + 1);
}

/** `in v8.32`, or the notes' `before v3.17.0` for a change they give no number. */
export function inRelease(release: string): string {
  return release.startsWith('before ') ? release : `in ${release}`;
}

export function pickRename(renames: readonly FieldRename[], key: string, names: ReadonlySet<string>, path: readonly PathSegment[]): FieldRename | undefined {
  return renames.find((r) => fieldName(r.from) === key && names.has(fieldName(r.to)) && !names.has(key) && inContext(r, path));
}

/**
 * Whether the object at `path` is the kind of object the rename is about. `contactgegeven.type`
 * applies under a `contactgegeven` / `contactgegevens[i]` key, `verenigingstype.beschrijving`
 * only inside a `verenigingstype` — not to every `beschrijving`. A rename of the registry's main
 * entity (`vereniging.type`, `in: vereniging`) also applies at the body's root.
 */
export function inContext(rename: Pick<FieldRename, 'from' | 'in'>, path: readonly PathSegment[]): boolean {
  const parts = rename.from.split('.');
  const qualifier = parts.length > 1 ? parts[parts.length - 2].toLowerCase() : undefined;
  if (!qualifier) return true;
  const ancestor = [...path].reverse().find((s): s is string => typeof s === 'string')?.toLowerCase();
  if (ancestor === undefined) return parts.length === 2 && qualifier === rename.in?.toLowerCase();
  return ancestor.startsWith(qualifier) || qualifier.startsWith(ancestor.replace(/(en|s)$/, ''));
}
