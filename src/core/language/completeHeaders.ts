// Header names and values: the registry's mandatory headers with the templates that fill them,
// the operation's header parameters, and the common headers whose values the description
// implies (media types, the ETag of an earlier named request for `If-Match`).

import type { HttpFile, Range, RequestBlock } from '../http/ast';
import type { RegistryEntry } from '../catalog/types';
import type { OperationInfo } from '../openapi/types';
import type { CompletionItem } from './types';
import { enumValues, typeLabel } from './schemaWalk';
import { escapeSnippet } from './snippets';

export function mandatoryHeadersFor(registry: RegistryEntry | undefined, method: string | undefined): RegistryEntry['mandatoryHeaders'] {
  if (!registry) return [];
  return registry.mandatoryHeaders.filter((h) => !h.methods || !method || h.methods.some((m) => m.toUpperCase() === method));
}

const COMMON: { name: string; description: string }[] = [
  { name: 'Accept', description: 'Media types the client accepts in the response' },
  { name: 'Content-Type', description: 'Media type of the request body' },
  { name: 'Authorization', description: 'Credentials for the request' },
  { name: 'If-Match', description: 'Only apply the change when the resource still has this ETag (412 otherwise)' },
  { name: 'If-None-Match', description: 'Answer 304 when the resource still has this ETag' },
  { name: 'Accept-Language', description: 'Preferred response languages' },
];

export function completeHeaderNames(request: RequestBlock, op: OperationInfo | undefined, registry: RegistryEntry | undefined, range: Range): CompletionItem[] {
  const present = new Set(request.headers.filter((h) => !sameLine(h.range, range)).map((h) => h.name.toLowerCase()));
  const items = new Map<string, CompletionItem>();
  const add = (item: CompletionItem): void => {
    const key = item.label.toLowerCase();
    if (!present.has(key) && !items.has(key)) items.set(key, item);
  };
  for (const h of mandatoryHeadersFor(registry, request.requestLine?.method)) {
    add({ label: h.name, kind: 'header', detail: `required by ${registry!.name}`, ...(h.description ? { documentation: h.description } : {}), insertText: `${h.name}: ${escapeSnippet(h.value)}`, range, sortText: `0${h.name}` });
  }
  for (const p of op?.parameters ?? []) {
    if (p.in !== 'header') continue;
    const values = enumValues([p.schema]);
    const value = values.length > 1 ? `\${1|${values.map(String).join(',')}|}` : values.length === 1 ? escapeSnippet(String(values[0])) : '$1';
    add({ label: p.name, kind: 'header', detail: `${p.required ? 'required ' : ''}${typeLabel([p.schema])}`, ...(p.description ? { documentation: p.description } : {}), insertText: `${p.name}: ${value}`, range, sortText: `${p.required ? 0 : 1}${p.name}`, deprecated: p.deprecated });
  }
  const auth = registry?.auth;
  if (auth?.type === 'apiKey' && auth.in !== 'query') {
    add({ label: auth.name, kind: 'header', detail: `API key of ${registry!.name}`, insertText: `${auth.name}: {{${auth.secret}}}`, range, sortText: `1${auth.name}` });
  }
  for (const h of COMMON) add({ label: h.name, kind: 'header', documentation: h.description, insertText: `${h.name}: $1`, range, sortText: `2${h.name}` });
  return [...items.values()];
}

export function completeHeaderValues(file: HttpFile, request: RequestBlock, name: string, op: OperationInfo | undefined, registry: RegistryEntry | undefined, range: Range): CompletionItem[] {
  const lower = name.toLowerCase();
  const out: CompletionItem[] = [];
  const value = (label: string, detail?: string, documentation?: string): void => {
    if (!out.some((i) => i.label === label)) out.push({ label, kind: 'value', ...(detail ? { detail } : {}), ...(documentation ? { documentation } : {}), insertText: escapeSnippet(label), range, sortText: String(out.length).padStart(4, '0') });
  };
  for (const h of mandatoryHeadersFor(registry, request.requestLine?.method)) if (h.name.toLowerCase() === lower) value(h.value, `required by ${registry!.name}`, h.description);
  for (const p of op?.parameters ?? []) {
    if (p.in !== 'header' || p.name.toLowerCase() !== lower) continue;
    for (const v of enumValues([p.schema])) value(String(v), p.name, p.description);
    if (p.example !== undefined && typeof p.example !== 'object') value(String(p.example), 'example', p.description);
  }
  if (lower === 'content-type') for (const type of Object.keys(op?.requestBody?.content ?? {})) value(type, 'request body');
  if (lower === 'accept') {
    for (const type of new Set((op?.responses ?? []).flatMap((r) => Object.keys(r.content)))) value(type, 'response');
  }
  if (lower === 'if-match' || lower === 'if-none-match') {
    for (const earlier of file.requests) {
      if (earlier.index >= request.index || !earlier.name) continue;
      value(`{{${earlier.name}.response.headers.ETag}}`, `ETag of '${earlier.name}'`);
    }
  }
  return out;
}

function sameLine(a: Range, b: Range): boolean {
  return a.start.line === b.start.line;
}
