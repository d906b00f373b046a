// JSON body completion: the cursor's JSON path (from a tolerant scan of the possibly half-typed
// body) walks the request schema; at a key the object's missing properties are offered, required
// first, plus one item that writes all missing required ones; at a value its enum values,
// booleans, and an object skeleton with the required properties filled in at every depth.

import { getLocation, type Node as JsonNode } from 'jsonc-parser';
import type { Range } from '../http/ast';
import type { JsonSchema } from '../openapi/types';
import type { CompletionItem } from './types';
import type { TextLines } from './textLines';
import { scanJson, nodeAt, type ScannedBody } from './jsonBody';
import { enumValues, properties, schemaAt, typeLabel, types, type PathSegment } from './schemaWalk';
import { escapeSnippet, requiredLines, skeleton, valueSnippet } from './snippets';

export function completeBody(lines: TextLines, start: number, end: number, offset: number, schema: JsonSchema | undefined): CompletionItem[] {
  if (schema === undefined) return [];
  const source = lines.text.slice(start, end);
  const body = scanJson(source, start);
  const rel = offset - start;
  if (source.trim() === '') {
    const at = lines.positionAt(offset);
    const root = schemaAt(schema, []);
    return [{ label: '{…}', kind: 'snippet', detail: 'body with the required properties', insertText: skeleton(root, { next: 1 }), range: { start: at, end: at } }];
  }
  const location = getLocation(body.text, rel);
  const path = location.path as PathSegment[];
  const typed = typedNode(location.previousNode, rel);
  const range = typed ? rangeOf(lines, body, typed) : wordRange(lines, body, rel);
  if (location.isAtPropertyKey) return keyItems(body, schema, path.slice(0, -1), typed, range);
  return valueItems(schema, path, range);
}

function keyItems(body: ScannedBody, schema: JsonSchema, objectPath: PathSegment[], typed: JsonNode | undefined, range: Range): CompletionItem[] {
  const schemas = schemaAt(schema, objectPath);
  const object = nodeAt(body, objectPath);
  const present = new Set<string>();
  for (const prop of object?.type === 'object' ? (object.children ?? []) : []) {
    const key = prop.children?.[0];
    if (key && key.offset !== typed?.offset && typeof key.value === 'string') present.add(key.value);
  }
  const items: CompletionItem[] = [];
  for (const p of properties(schemas)) {
    if (present.has(p.name) || p.readOnly) continue;
    items.push({
      label: p.name,
      kind: 'property',
      detail: `${p.required ? 'required ' : ''}${typeLabel(p.schemas)}`,
      ...(p.description ? { documentation: p.description } : {}),
      insertText: `${escapeSnippet(JSON.stringify(p.name))}: ${valueSnippet(p.schemas, { next: 1 })}`,
      filterText: JSON.stringify(p.name),
      range,
      sortText: `${p.required ? 0 : 1}${p.name}`,
      deprecated: p.deprecated,
    });
  }
  const missing = requiredLines(schemas, { next: 1 }, 0, present);
  if (missing.length > 1) {
    items.unshift({ label: 'required properties', kind: 'snippet', detail: `${missing.length} missing`, insertText: missing.join(',\n'), range, sortText: '00' });
  }
  return items;
}

function valueItems(schema: JsonSchema, path: PathSegment[], range: Range): CompletionItem[] {
  const schemas = schemaAt(schema, path);
  if (schemas.length === 0) return [];
  const items: CompletionItem[] = enumValues(schemas).map((value, i) => ({
    label: JSON.stringify(value),
    kind: 'value' as const,
    detail: typeLabel(schemas),
    insertText: escapeSnippet(JSON.stringify(value)),
    range,
    sortText: `0${String(i).padStart(4, '0')}`,
  }));
  const kinds = types(schemas);
  if (kinds.has('object')) items.push({ label: '{…}', kind: 'snippet', detail: 'object with the required properties', insertText: skeleton(schemas, { next: 1 }), range, sortText: '1' });
  if (kinds.has('array')) items.push({ label: '[…]', kind: 'snippet', detail: typeLabel(schemas), insertText: `[${valueSnippet(schemaAt(schema, [...path, 0]), { next: 1 })}]`, range, sortText: '1' });
  if (kinds.has('null')) items.push({ label: 'null', kind: 'value', insertText: 'null', range, sortText: '2' });
  return items;
}

/** The literal or key the cursor is inside, which the item replaces whole (quotes included). */
function typedNode(node: JsonNode | undefined, rel: number): JsonNode | undefined {
  return node && rel >= node.offset && rel <= node.offset + node.length ? node : undefined;
}

function rangeOf(lines: TextLines, body: ScannedBody, node: JsonNode): Range {
  return lines.range(body.start + node.offset, body.start + node.offset + node.length);
}

function wordRange(lines: TextLines, body: ScannedBody, rel: number): Range {
  let from = rel;
  while (from > 0 && /[\w$@."-]/.test(body.text[from - 1])) from--;
  let to = rel;
  while (to < body.text.length && /[\w$@.-]/.test(body.text[to])) to++;
  return lines.range(body.start + from, body.start + to);
}
