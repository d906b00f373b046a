// Snippet text for JSON values a schema describes. Editors re-indent inserted snippet lines
// relative to the cursor line, so nested skeletons are written as if at column 0.

import type { SchemaObject } from './schemaWalk';
import { enumValues, properties, types } from './schemaWalk';

export interface TabStops {
  next: number;
}

const MAX_DEPTH = 4;

export function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, (c) => `\\${c}`);
}

function escapeChoice(text: string): string {
  return text.replace(/[\\$}|,]/g, (c) => `\\${c}`);
}

/** The value to insert after `"name": `, with tab stops. */
export function valueSnippet(schemas: readonly SchemaObject[], stops: TabStops, depth = 0): string {
  const values = enumValues(schemas).filter((v) => v !== null);
  const kinds = types(schemas);
  if (values.length === 1 && !kinds.has('boolean')) return escapeSnippet(JSON.stringify(values[0]));
  if (values.length > 1) {
    const n = stops.next++;
    const strings = values.every((v) => typeof v === 'string');
    const choices = values.map((v) => escapeChoice(strings ? String(v) : JSON.stringify(v))).join(',');
    return strings ? `"\${${n}|${choices}|}"` : `\${${n}|${choices}|}`;
  }
  if (kinds.has('object') && depth < MAX_DEPTH) return skeleton(schemas, stops, depth + 1);
  if (kinds.has('array')) return `[$${stops.next++}]`;
  if (kinds.has('string')) return `"$${stops.next++}"`;
  if (kinds.has('integer') || kinds.has('number')) return `\${${stops.next++}:0}`;
  return `$${stops.next++}`;
}

/** `{ "a": …, "b": … }` with the object's required properties (writable ones), nested. */
export function skeleton(schemas: readonly SchemaObject[], stops: TabStops, depth = 1, skip: ReadonlySet<string> = new Set()): string {
  const required = properties(schemas).filter((p) => p.required && !p.readOnly && !skip.has(p.name));
  if (required.length === 0) return `{$${stops.next++}}`;
  return `{\n${requiredLines(schemas, stops, depth, skip).join(',\n')}\n${'  '.repeat(depth - 1)}}`;
}

/** One `"name": value` line per missing required property, indented for `depth`. */
export function requiredLines(schemas: readonly SchemaObject[], stops: TabStops, depth: number, skip: ReadonlySet<string>): string[] {
  const pad = '  '.repeat(depth);
  return properties(schemas)
    .filter((p) => p.required && !p.readOnly && !skip.has(p.name))
    .map((p) => `${pad}${escapeSnippet(JSON.stringify(p.name))}: ${valueSnippet(p.schemas, stops, depth)}`);
}

/** A plain-JSON value for a quick fix (no tab stops: it is applied, not typed into). */
export function placeholderValue(schemas: readonly SchemaObject[], depth = 0): unknown {
  const values = enumValues(schemas).filter((v) => v !== null);
  if (values.length) return values[0];
  const flat = schemas.find((s) => 'example' in s);
  if (flat && flat.example !== undefined && typeof flat.example !== 'object') return flat.example;
  const kinds = types(schemas);
  if (kinds.has('object')) {
    const out: Record<string, unknown> = {};
    if (depth < MAX_DEPTH) for (const p of properties(schemas)) if (p.required && !p.readOnly) out[p.name] = placeholderValue(p.schemas, depth + 1);
    return out;
  }
  if (kinds.has('array')) return [];
  if (kinds.has('integer') || kinds.has('number')) return 0;
  if (kinds.has('boolean')) return false;
  return '';
}
