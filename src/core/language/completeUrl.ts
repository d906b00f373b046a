// Completion on the request line after the method: path templates (relative to the base URL),
// query parameter names and their enum values.

import type { RequestBlock } from '../http/ast';
import type { OpenApiIndex, OperationInfo, ParameterInfo } from '../openapi/types';
import type { CompletionItem, SpecContext, VisibleVariable } from './types';
import type { TextLines } from './textLines';
import { requestTarget, type RequestTarget } from './requestTarget';
import { describe, enumValues, typeLabel, child } from './schemaWalk';
import { escapeSnippet } from './snippets';
import { METHODS } from '../http/syntax';

export function completeUrl(lines: TextLines, request: RequestBlock, offset: number, spec: SpecContext, variables: readonly VisibleVariable[] | undefined): CompletionItem[] {
  const target = requestTarget(lines, request, spec, variables);
  const index = spec.index;
  if (!index) return [];
  // `POST ` with nothing after it reads as a bare URL `POST`: it is the method, the URL is to come.
  const word = request.requestLine?.methodImplicit ? request.requestLine.url.trim().toUpperCase() : '';
  const methodOnly = METHODS.has(word);
  if (!target || target.url.trim() === '' || methodOnly) {
    const at = lines.positionAt(offset);
    return pathItems(index, methodOnly ? word : request.requestLine?.method, baseReference(spec, variables), { start: at, end: at });
  }
  if (target.opaque) return [];
  const query = target.query.find((q) => offset >= q.name.start && offset <= (q.value?.end ?? q.name.end));
  if (query) {
    if (!query.value || offset <= query.name.end) return queryNames(target, lines.range(query.name.start, query.name.end));
    return queryValues(target.operation, query.name.text, lines.range(query.value.start, query.value.end));
  }
  const path = target.path;
  if (path && offset >= path.start && offset <= path.end) {
    // `/test/api/v2/zo` against templates without the server's `/test/api/v2`: keep that part.
    const keep = target.prefix && offset >= path.start + target.prefix.length ? target.prefix.length : 0;
    return pathItems(index, request.requestLine?.method, '', lines.range(path.start + keep, path.end));
  }
  const lastChar = target.offsets[target.url.length - 1];
  if (offset === lastChar + 1 && /[?&]$/.test(target.url)) {
    const at = lines.positionAt(offset);
    return queryNames(target, { start: at, end: at });
  }
  return [];
}

// The items of a description per method and prefix, built once: a 7,000-operation description
// gives thousands of snippets, and only their range differs from one keystroke to the next.
const pathItemCache = new WeakMap<OpenApiIndex, Map<string, CompletionItem[]>>();

function pathItems(index: OpenApiIndex, method: string | undefined, prefix: string, range: CompletionItem['range']): CompletionItem[] {
  let perIndex = pathItemCache.get(index);
  if (!perIndex) pathItemCache.set(index, (perIndex = new Map()));
  const key = `${method ?? ''} ${prefix}`;
  let items = perIndex.get(key);
  if (!items) perIndex.set(key, (items = buildPathItems(index.operations, method, prefix)));
  return range ? items.map((item) => ({ ...item, range })) : items;
}

function buildPathItems(operations: readonly OperationInfo[], method: string | undefined, prefix: string): CompletionItem[] {
  const byPath = new Map<string, OperationInfo[]>();
  for (const op of operations) {
    const list = byPath.get(op.path);
    if (list) list.push(op);
    else byPath.set(op.path, [op]);
  }
  return [...byPath].map(([path, ops]) => {
    const own = ops.find((o) => o.method === method);
    const shown = own ?? ops[0];
    let n = 1;
    const snippet = path.split(/(\{[^}]+\})/).map((piece) => (/^\{[^}]+\}$/.test(piece) ? `\${${n++}:${escapeSnippet(piece.slice(1, -1))}}` : escapeSnippet(piece))).join('');
    return {
      label: path,
      kind: 'path' as const,
      detail: `${ops.map((o) => o.method).join(' ')}${shown.summary ? ` — ${shown.summary}` : ''}`,
      ...(shown.description ? { documentation: shown.description } : {}),
      insertText: escapeSnippet(prefix) + snippet,
      filterText: prefix + path,
      sortText: `${own || !method ? 0 : 1}${path}`,
      deprecated: ops.every((o) => o.deprecated),
    };
  });
}

/** What to write before a path on an empty request line: the base-URL variable, else the base URL. */
function baseReference(spec: SpecContext, variables: readonly VisibleVariable[] | undefined): string {
  const base = spec.baseUrl ?? spec.environment?.baseUrl;
  const named = variables?.find((v) => v.value !== undefined && base !== undefined && v.value.replace(/\/+$/, '') === base.replace(/\/+$/, ''));
  if (named) return `{{${named.name}}}`;
  const conventional = variables?.find((v) => /^(baseUrl|base_url|host|baseURL)$/.test(v.name));
  if (conventional) return `{{${conventional.name}}}`;
  return base?.replace(/\/+$/, '') ?? '';
}

function queryNames(target: RequestTarget, range: CompletionItem['range']): CompletionItem[] {
  const present = new Set(target.query.map((q) => q.name.text));
  const params = (target.operation?.parameters ?? []).filter((p) => p.in === 'query' && !present.has(p.name));
  return params.map((p) => ({
    label: p.name,
    kind: 'parameter' as const,
    detail: `${p.required ? 'required ' : ''}${typeLabel([p.schema])}`,
    ...(p.description ? { documentation: p.description } : {}),
    insertText: `${escapeSnippet(p.name)}=${valueChoice(p)}`,
    ...(range ? { range } : {}),
    sortText: `${p.required ? 0 : 1}${p.name}`,
    deprecated: p.deprecated,
  }));
}

function paramValues(param: ParameterInfo): unknown[] {
  const own = enumValues([param.schema]);
  return own.length ? own : enumValues(child([param.schema], 0));
}

function valueChoice(param: ParameterInfo): string {
  const values = paramValues(param);
  if (values.length > 1) return `\${1|${values.map((v) => String(v).replace(/[\\$}|,]/g, (c) => `\\${c}`)).join(',')}|}`;
  return '$1';
}

function queryValues(op: OperationInfo | undefined, name: string, range: CompletionItem['range']): CompletionItem[] {
  const param = op?.parameters.find((p) => p.in === 'query' && p.name === name);
  if (!param) return [];
  const description = describe([param.schema]);
  return paramValues(param).map((value, i) => ({
    label: String(value),
    kind: 'value' as const,
    detail: name,
    ...(description ? { documentation: description } : {}),
    insertText: escapeSnippet(String(value)),
    ...(range ? { range } : {}),
    sortText: String(i).padStart(4, '0'),
  }));
}
