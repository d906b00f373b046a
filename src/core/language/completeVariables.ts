// `{{…}}` completion: every visible variable with its current value (secrets masked), the
// dynamic variables, and the responses of earlier named requests.

import type { HttpFile, Range, RequestBlock } from '../http/ast';
import type { RegistryEntry } from '../catalog/types';
import { DYNAMIC_VARIABLES } from '../variables/dynamicVariables';
import type { CompletionItem, VisibleVariable } from './types';
import { shownValue } from './specFor';
import { escapeSnippet } from './snippets';

export function visibleVariables(file: HttpFile, request: RequestBlock | undefined, outside: readonly VisibleVariable[] | undefined): VisibleVariable[] {
  const out: VisibleVariable[] = [];
  const seen = new Set<string>();
  const add = (v: VisibleVariable): void => {
    if (!seen.has(v.name)) {
      seen.add(v.name);
      out.push(v);
    }
  };
  // Nearest scope first: a request variable shadows a file variable shadows the environment.
  for (const v of request?.variables ?? []) add({ name: v.name, value: v.value, source: 'request' });
  for (const v of file.variables) add({ name: v.name, value: v.value, source: 'file' });
  for (const v of outside ?? []) add(v);
  return out;
}

/**
 * `registry` is the request's registry: its declared variables come first, also the ones not set
 * yet (with what they are for), so `{{` in a KVK file offers `kvkApiKey` before anything else.
 * Old names of the catalog's (`deprecated`) still resolve but are not offered.
 */
export function completeVariables(file: HttpFile, request: RequestBlock | undefined, variables: readonly VisibleVariable[] | undefined, range: Range, closed: boolean, registry?: RegistryEntry): CompletionItem[] {
  const close = closed ? '' : '}}';
  const own = new Map((registry?.variables ?? []).map((v) => [v.name, v]));
  const visible = visibleVariables(file, request, variables).filter((v) => !v.deprecated);
  const items: CompletionItem[] = visible.map((v) => ({
    label: v.name,
    kind: 'variable' as const,
    detail: `${shownValue(v.value, v.secret)} (${v.source})`,
    ...(own.get(v.name)?.description ? { documentation: own.get(v.name)!.description } : {}),
    insertText: escapeSnippet(v.name) + close,
    range,
    sortText: `${own.has(v.name) ? '0' : '1'}${v.name}`,
  }));
  const shown = new Set(visible.map((v) => v.name));
  for (const declared of own.values()) {
    if (shown.has(declared.name)) continue;
    const how = declared.role === 'credential' ? 'not set: store it with Set Secret (regx: REGX_SECRET_' + declared.name + ')' : 'not set: define it in the environment';
    items.push({ label: declared.name, kind: 'variable', detail: `${how}`, ...(declared.description ? { documentation: declared.description } : {}), insertText: escapeSnippet(declared.name) + close, range, sortText: `0${declared.name}` });
  }
  for (const d of DYNAMIC_VARIABLES) {
    items.push({ label: d.name, kind: 'variable', detail: d.usage, documentation: d.description, insertText: escapeSnippet(d.name) + close, range, sortText: `2${d.name}` });
  }
  for (const earlier of file.requests) {
    if (!earlier.name || (request && earlier.index >= request.index)) continue;
    const n = escapeSnippet(earlier.name);
    items.push(
      { label: `${earlier.name}.response.body.$`, kind: 'variable', detail: `JSONPath into the response of '${earlier.name}'`, insertText: `${n}.response.body.\\$.\${1}${close}`, range, sortText: `3${earlier.name}b` },
      { label: `${earlier.name}.response.headers`, kind: 'variable', detail: `A response header of '${earlier.name}'`, insertText: `${n}.response.headers.\${1:ETag}${close}`, range, sortText: `3${earlier.name}h` },
    );
  }
  return items;
}
