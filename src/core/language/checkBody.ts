// Body checks: JSON that does not parse, fields renamed in a release of the registry, and
// schema violations from the OpenAPI validator, each pinned to the range of the offending
// key or value in the file (not to the request as a whole).

import { printParseErrorCode, type Node as JsonNode } from 'jsonc-parser';
import type { Diagnostic, RequestBlock } from '../http/ast';
import type { RegistryEntry } from '../catalog/types';
import { fieldName, inRelease, pickRename } from './renames';
import { noteOf, removedField, removedValue, renamedValue } from './releaseKnowledge';
import type { JsonSchema, OpenApiIndex, OperationInfo, SchemaError } from '../openapi/types';
import { validateRequestBody } from '../openapi/validateMessage';
import type { TextLines } from './textLines';
import { bodyValue, contentType, keyNodeAt, nodeAt, nodeRange, overlapsReference, parseJsonPath, scanBody, type ScannedBody } from './jsonBody';
import { enumValues, extraProperty, properties, schemaAt, type PathSegment } from './schemaWalk';
import { closest } from './closest';
import { requestMedia } from './specFor';
import { placeholderValue } from './snippets';
import { withFixes } from './quickFixes';
import type { QuickFix } from './types';

const VALUE_KEYWORDS = new Set(['required', 'additionalProperties', 'unevaluatedProperties', 'minProperties', 'maxProperties']);

export function checkBody(lines: TextLines, request: RequestBlock, index: OpenApiIndex, op: OperationInfo, registry: RegistryEntry | undefined, out: Diagnostic[]): void {
  const body = scanBody(lines, request);
  const hasText = request.body !== undefined && request.body.text.trim() !== '';
  if (body && body.errors.length) {
    const first = body.errors[0];
    const at = body.start + first.offset;
    out.push({ range: lines.range(at, at + Math.max(1, first.length)), severity: 'error', code: 'spec/invalid-json', message: `invalid JSON body: ${describeParseError(printParseErrorCode(first.error))}` });
    return;
  }
  if (!op.requestBody) return;
  if (!body && hasText) return; // not JSON (a file include, XML, a form): the schema check is the server's
  const schema = requestMedia(op, contentType(request))?.schema;
  const renamed = body && schema !== undefined ? checkRenames(lines, body, schema, registry, out) : [];
  const value = body ? bodyValue(body) : undefined;
  const result = validateRequestBody(index, op, contentType(request), value);
  // A PATCH body is a partial document: descriptions that reuse the full schema for it (VNG's do)
  // would otherwise demand every required property on every update.
  const partial = request.requestLine?.method === 'PATCH';
  for (const error of result.errors) {
    if (partial && error.keyword === 'required' && error.path !== '$') continue;
    const mapped = body ? mapError(lines, body, error, renamed, schema) : { range: request.requestLine!.range };
    if (!mapped) continue;
    const diagnostic: Diagnostic = { range: mapped.range, severity: 'error', code: 'spec/body-schema', message: errorMessage(error) };
    out.push(mapped.fixes ? withFixes(diagnostic, mapped.fixes) : diagnostic);
  }
}

/**
 * Keys the schema marks deprecated, and keys a release renamed where the schema at that place
 * knows the new name and not the old one.
 */
function checkRenames(lines: TextLines, body: ScannedBody, schema: JsonSchema, registry: RegistryEntry | undefined, out: Diagnostic[]): string[] {
  const renames = registry?.releases?.renames ?? [];
  const hits: string[] = [];
  if (!body.root) return hits;
  const visit = (node: JsonNode, path: PathSegment[]): void => {
    if (node.type === 'array') node.children?.forEach((item, i) => visit(item, [...path, i]));
    if (node.type !== 'object') return;
    const known = properties(schemaAt(schema, path));
    const names = new Set(known.map((p) => p.name));
    for (const prop of node.children ?? []) {
      const [key, value] = prop.children ?? [];
      if (!key || typeof key.value !== 'string') continue;
      const info = known.find((p) => p.name === key.value);
      if (info?.deprecated) {
        out.push({ range: nodeRange(lines, body, key), severity: 'warning', code: 'spec/deprecated', message: `${key.value} is deprecated${info.description ? `: ${info.description.split('\n')[0]}` : ''}` });
      }
      const rename = names.size ? pickRename(renames, key.value, names, path) : undefined;
      const removed = names.size && !rename ? removedField(registry, key.value, names, path) : undefined;
      if (rename) {
        const range = nodeRange(lines, body, key);
        out.push(
          withFixes(
            { range, severity: 'error', code: 'spec/renamed-field', message: `'${rename.from}' was renamed to '${rename.to}' ${inRelease(rename.release)}` },
            [{ title: `Rename to '${fieldName(rename.to)}'`, edits: [{ range, newText: JSON.stringify(fieldName(rename.to)) }], preferred: true }],
          ),
        );
        hits.push(pathKey([...path, key.value]), pathKey([...path, fieldName(rename.to)]));
      } else if (removed) {
        out.push({ range: nodeRange(lines, body, key), severity: 'error', code: 'spec/removed-field', message: `'${removed.field}' was removed ${inRelease(removed.release)}${noteOf(removed)}` });
        hits.push(pathKey([...path, key.value]));
      } else if (!info && names.size && !key.value.includes('{{') && extraProperty(schemaAt(schema, path), key.value) === 'undeclared') {
        // A typo or a field of another registry: the server may ignore it silently, so say so.
        const range = nodeRange(lines, body, key);
        const near = closest(key.value, [...names]);
        const where = path.length ? `'${path.filter((segment) => typeof segment === 'string').at(-1)}'` : 'the body';
        const diagnostic: Diagnostic = { range, severity: 'warning', code: 'spec/unknown-property', message: `${where} has no property '${key.value}' in the description${near ? ` (did you mean '${near}'?)` : ''}` };
        out.push(near ? withFixes(diagnostic, [{ title: `Change to '${near}'`, edits: [{ range, newText: JSON.stringify(near) }], preferred: true }]) : diagnostic);
      }
      if (value?.type === 'string' && typeof value.value === 'string') {
        const name = rename ? fieldName(rename.to) : key.value;
        if (checkValue(lines, body, registry, key.value, value, enumValues(schemaAt(schema, [...path, name])), out)) hits.push(pathKey([...path, key.value]), pathKey([...path, name]));
      }
      if (value) visit(value, [...path, key.value]);
    }
  };
  visit(body.root, []);
  return hits;
}

/** A value the release notes say was renamed or dropped (an enum value); true when reported. */
function checkValue(lines: TextLines, body: ScannedBody, registry: RegistryEntry | undefined, key: string, node: JsonNode, allowed: readonly unknown[], out: Diagnostic[]): boolean {
  const value = node.value as string;
  const range = nodeRange(lines, body, node);
  const renamed = renamedValue(registry, key, value, allowed);
  if (renamed) {
    out.push(
      withFixes(
        { range, severity: 'error', code: 'spec/renamed-value', message: `${key} '${renamed.from}' was renamed to '${renamed.to}' ${inRelease(renamed.release)}` },
        [{ title: `Change to "${renamed.to}"`, edits: [{ range, newText: JSON.stringify(renamed.to) }], preferred: true }],
      ),
    );
    return true;
  }
  const removed = removedValue(registry, key, value, allowed);
  if (!removed) return false;
  out.push({ range, severity: 'error', code: 'spec/removed-value', message: `${key} '${value}' was removed ${inRelease(removed.release)}${noteOf(removed)}` });
  return true;
}

function mapError(lines: TextLines, body: ScannedBody, error: SchemaError, renamed: readonly string[], schema: JsonSchema | undefined): { range: ReturnType<TextLines['range']>; fixes?: QuickFix[] } | undefined {
  const path = parseJsonPath(error.path);
  if (renamed.includes(pathKey(path))) return undefined;
  if (error.keyword === 'required' && path.length) {
    const parentPath = path.slice(0, -1);
    const parent = nodeAt(body, parentPath);
    const key = keyNodeAt(body, parentPath);
    const anchor = key ?? parent;
    if (!anchor) return { range: lines.range(body.start, body.start + 1) };
    const range = key ? nodeRange(lines, body, key) : lines.range(body.start + anchor.offset, body.start + anchor.offset + 1);
    return parent?.type === 'object' ? { range, fixes: [requiredFix(lines, body, parent, String(path[path.length - 1]), placeholderValue(schemaAt(schema, path)))] } : { range };
  }
  if (error.keyword === 'additionalProperties' || error.keyword === 'unevaluatedProperties') {
    const key = keyNodeAt(body, path);
    if (key) return { range: nodeRange(lines, body, key) };
  }
  let node = nodeAt(body, path);
  for (let n = path.length - 1; !node && n >= 0; n--) node = nodeAt(body, path.slice(0, n));
  if (!node) return { range: lines.range(body.start, body.start + 1) };
  // A value that is still a `{{…}}` reference is checked when it is sent, not now.
  if (!VALUE_KEYWORDS.has(error.keyword) && overlapsReference(body, node)) return undefined;
  const range = nodeRange(lines, body, node);
  if (error.keyword === 'enum' && node.type === 'string' && typeof node.value === 'string') {
    const near = closest(node.value, enumValues(schemaAt(schema, path)).filter((v): v is string => typeof v === 'string'));
    if (near) return { range, fixes: [{ title: `Change to "${near}"`, edits: [{ range, newText: JSON.stringify(near) }], preferred: true }] };
  }
  return { range };
}

/** Inserts `"name": <placeholder>` as the object's first property, indented like its siblings. */
function requiredFix(lines: TextLines, body: ScannedBody, object: JsonNode, name: string, value: unknown): QuickFix {
  const first = object.children?.[0];
  const text = `${JSON.stringify(name)}: ${JSON.stringify(value)}`;
  if (first) {
    const at = lines.positionAt(body.start + first.offset);
    const indent = /^\s*/.exec(lines.line(at.line))![0];
    const sameLine = lines.positionAt(body.start + object.offset).line === at.line;
    return { title: `Add required property '${name}'`, edits: [{ range: { start: at, end: at }, newText: sameLine ? `${text}, ` : `${text},\n${indent}` }] };
  }
  const at = lines.positionAt(body.start + object.offset + 1);
  return { title: `Add required property '${name}'`, edits: [{ range: { start: at, end: at }, newText: ` ${text} ` }] };
}

function pathKey(path: readonly PathSegment[]): string {
  return JSON.stringify(path);
}

function errorMessage(error: SchemaError): string {
  const where = error.path === '$' || error.path === '' ? 'body' : error.path.replace(/^\$\.?/, '');
  return `${where} ${error.message}`;
}

function describeParseError(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
