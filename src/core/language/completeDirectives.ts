// `# @registry ` and `# @env ` name the registry and environment a file talks to: the catalog's
// ids and the registry's environments complete there, and the directive names themselves.

import type { HttpFile, Range } from '../http/ast';
import type { CompletionItem, LanguageContext, SpecContext } from './types';

const DIRECTIVES: { name: string; documentation: string }[] = [
  { name: 'registry', documentation: 'The registry this file (or this request) talks to: its id, the name of its folder under registries/' },
  { name: 'env', documentation: 'The environment to use when none is selected, e.g. sandbox' },
  { name: 'openapi', documentation: 'An OpenAPI description to check against: a path relative to this file, or a URL' },
  { name: 'name', documentation: 'A name for this request, so later requests can use {{name.response…}}' },
  { name: 'no-redirect', documentation: 'Do not follow redirects for this request' },
  { name: 'redirect-body', documentation: 'A 307/308 redirect to another origin may re-send this request\'s body there (credentials never go along)' },
  { name: 'timeout', documentation: 'Timeout for this request in milliseconds' },
];

export function completeDirectiveNames(range: Range): CompletionItem[] {
  return DIRECTIVES.map((d, i) => ({ label: d.name, kind: 'snippet' as const, documentation: d.documentation, insertText: d.name, range, sortText: String(i) }));
}

export function completeDirectiveValues(file: HttpFile, name: string, range: Range, context: LanguageContext, spec: SpecContext): CompletionItem[] {
  const registries = context.registries ?? [];
  if (name === 'registry') {
    return registries.map((r) => ({ label: r.id, kind: 'value' as const, detail: r.name, insertText: r.id, range }));
  }
  if (name === 'env') {
    const id = spec.registry?.id ?? file.directives.find((d) => d.name === 'registry')?.value;
    const own = registries.find((r) => r.id === id);
    const names = own ? own.environments : [...new Set(registries.flatMap((r) => r.environments))];
    return names.map((env) => ({ label: env, kind: 'value' as const, ...(own ? { detail: own.name } : {}), insertText: env, range }));
  }
  return [];
}
