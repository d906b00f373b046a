// Hover as a pure function: what the description says about the thing under the cursor — the
// operation on the request line, a query parameter, a header, a body property — or the current
// value of a variable (masked when secret).

import { getLocation } from 'jsonc-parser';
import type { Position, Range } from '../http/ast';
import { rangeContains } from '../http/position';
import type { OperationInfo, ParameterInfo } from '../openapi/types';
import type { HoverInfo, LanguageContext, LanguageDocument, SpecContext } from './types';
import { linesOf, type TextLines } from './textLines';
import { locateCursor, requestAtPosition } from './locateCursor';
import { specFor, requestMedia, shownValue } from './specFor';
import { requestTarget, type RequestTarget } from './requestTarget';
import { mandatoryHeadersFor } from './completeHeaders';
import { visibleVariables } from './completeVariables';
import { contentType, scanJson } from './jsonBody';
import { describe, enumValues, schemaAt, typeLabel, type PathSegment } from './schemaWalk';
import { DYNAMIC_VARIABLES } from '../variables/dynamicVariables';

export function hover(doc: LanguageDocument, position: Position, context: LanguageContext): HoverInfo | undefined {
  try {
    return hoverUnsafe(doc, position, context);
  } catch {
    return undefined;
  }
}

function hoverUnsafe(doc: LanguageDocument, position: Position, context: LanguageContext): HoverInfo | undefined {
  const lines = linesOf(doc.text, doc.file);
  const reference = doc.file.references.find((r) => rangeContains(r.range, position));
  if (reference) {
    const request = requestAtPosition(doc.file, position);
    if (reference.kind === 'dynamic') {
      const d = DYNAMIC_VARIABLES.find((v) => v.name === reference.name);
      return d ? { range: reference.range, contents: `\`${d.usage}\` — ${d.description}` } : undefined;
    }
    if (reference.kind === 'response') return { range: reference.range, contents: `From the response of the request named \`${reference.name}\`` };
    const v = visibleVariables(doc.file, request, context.variables).find((x) => x.name === reference.name);
    return { range: reference.range, contents: v ? `\`${v.name}\` = \`${shownValue(v.value, v.secret)}\` (${v.source})` : `\`${reference.name}\` is not defined` };
  }
  const zone = locateCursor(lines, doc.file, position);
  if (zone.kind === 'none' || zone.kind === 'variable' || !zone.request) return undefined;
  const request = zone.request;
  const spec: SpecContext = specFor(context, request);
  const target = requestTarget(lines, request, spec, context.variables);
  const op = target?.operation;
  switch (zone.kind) {
    case 'method':
      return op && request.requestLine ? { range: request.requestLine.range, contents: operationText(op) } : undefined;
    case 'url':
      return target ? urlHover(lines, target, zone.offset, op) : undefined;
    case 'header-name':
    case 'header-value': {
      const header = request.headers.find((h) => h.range.start.line === position.line);
      const name = header?.name ?? (zone.kind === 'header-value' ? zone.name : undefined);
      if (!name) return undefined;
      const range = header?.range ?? zone.range;
      const param = op?.parameters.find((p) => p.in === 'header' && p.name.toLowerCase() === name.toLowerCase());
      if (param) return { range, contents: parameterText(param) };
      const mandatory = mandatoryHeadersFor(spec.registry, request.requestLine?.method).find((h) => h.name.toLowerCase() === name.toLowerCase());
      if (mandatory) return { range, contents: `**${mandatory.name}** — required by ${spec.registry!.name}${mandatory.description ? `\n\n${mandatory.description}` : ''}\n\nValue: \`${mandatory.value}\`` };
      return undefined;
    }
    case 'body': {
      const schema = requestMedia(op, contentType(request))?.schema;
      if (schema === undefined) return undefined;
      const body = scanJson(lines.text.slice(zone.start, zone.end), zone.start);
      const location = getLocation(body.text, zone.offset - zone.start);
      const node = location.previousNode;
      // Keys come back as a synthesized `property` node spanning the key string.
      if (!node || !['property', 'string', 'number', 'boolean', 'null'].includes(node.type)) return undefined;
      const schemas = schemaAt(schema, location.path as PathSegment[]);
      if (schemas.length === 0) return undefined;
      const name = location.path[location.path.length - 1];
      const values = enumValues(schemas);
      const parts = [`**${String(name ?? 'body')}**: ${typeLabel(schemas)}`];
      const text = describe(schemas);
      if (text) parts.push(text);
      if (values.length) parts.push(`One of: ${values.map((v) => `\`${JSON.stringify(v)}\``).join(', ')}`);
      const range: Range = lines.range(body.start + node.offset, body.start + node.offset + node.length);
      return { range, contents: parts.join('\n\n') };
    }
  }
}

function urlHover(lines: TextLines, target: RequestTarget, offset: number, op: OperationInfo | undefined): HoverInfo | undefined {
  const query = target.query.find((q) => offset >= q.name.start && offset <= (q.value?.end ?? q.name.end));
  if (query) {
    const param = op?.parameters.find((p) => p.in === 'query' && p.name === query.name.text);
    return param ? { range: lines.range(query.name.start, query.value?.end ?? query.name.end), contents: parameterText(param) } : undefined;
  }
  if (!op || !target.path) return undefined;
  const param = pathParameterAt(target, offset, op);
  if (param) return { range: lines.range(param.start, param.end), contents: parameterText(param.info) };
  return { range: lines.range(target.path.start, target.path.end), contents: operationText(op) };
}

/** The `{parameter}` of the template whose value the cursor is on (templates align at the end). */
function pathParameterAt(target: RequestTarget, offset: number, op: OperationInfo): { start: number; end: number; info: ParameterInfo } | undefined {
  const path = target.path!;
  const written: { text: string; start: number }[] = [];
  let start = 0;
  for (const piece of path.text.split('/')) {
    written.push({ text: piece, start });
    start += piece.length + 1;
  }
  const template = op.path.split('/');
  const shift = written.length - template.length;
  for (let i = 0; i < template.length; i++) {
    const w = written[i + shift];
    const name = /^\{([^}]+)\}$/.exec(template[i])?.[1];
    if (!w || !name) continue;
    const from = path.start + w.start; // the path is on the request line itself, one offset per character
    if (offset >= from && offset <= from + w.text.length) {
      const info = op.parameters.find((p) => p.in === 'path' && p.name === name);
      return info ? { start: from, end: from + w.text.length, info } : undefined;
    }
  }
  return undefined;
}

function operationText(op: OperationInfo): string {
  const parts = [`**${op.method} ${op.path}**${op.summary ? ` — ${op.summary}` : ''}`];
  if (op.deprecated) parts.push('**Deprecated.**');
  if (op.description && op.description !== op.summary) parts.push(op.description);
  parts.push(`Operation \`${op.id}\``);
  return parts.join('\n\n');
}

function parameterText(p: ParameterInfo): string {
  const parts = [`**${p.name}** (${p.in}${p.required ? ', required' : ''}): ${typeLabel([p.schema])}${p.deprecated ? ' — deprecated' : ''}`];
  if (p.description) parts.push(p.description);
  const values = enumValues([p.schema]);
  if (values.length) parts.push(`One of: ${values.map((v) => `\`${String(v)}\``).join(', ')}`);
  return parts.join('\n\n');
}
