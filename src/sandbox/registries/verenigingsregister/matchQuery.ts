import type { QueryNode } from './luceneQuery';
import { wildcardMatch } from './wildcardMatch';
import type { WorkBudget } from './workBudget';

/** A vereniging flattened for search: dotted field path (lower-cased) → its values. */
export type SearchDocument = Map<string, (string | number)[]>;

/** Case- and accent-insensitive text, the way the register's analyser compares words. */
export function normaliseText(value: string): string {
  return value.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

function tokens(value: string): string[] {
  return normaliseText(value).split(/[^a-z0-9]+/).filter(Boolean);
}

function matchesTerm(value: string | number, term: string, budget: WorkBudget | undefined): boolean {
  const text = String(value);
  budget?.spend(text.length + term.length);
  if (term === '*') return text !== '';
  if (/[*?]/.test(term)) {
    const pattern = normaliseText(term);
    return wildcardMatch(pattern, normaliseText(text), budget) || tokens(text).some((t) => wildcardMatch(pattern, t, budget));
  }
  const wanted = tokens(term);
  if (wanted.length === 0) return normaliseText(text) === normaliseText(term);
  if (normaliseText(text) === normaliseText(term)) return true;
  return containsSequence(tokens(text), wanted);
}

function containsSequence(haystack: string[], needle: string[]): boolean {
  for (let i = 0; i + needle.length <= haystack.length; i++) {
    if (needle.every((t, j) => haystack[i + j] === t)) return true;
  }
  return false;
}

function compare(value: string | number, bound: string): number {
  const left = typeof value === 'number' ? value : Number(value);
  const right = Number(bound);
  if (String(value).trim() !== '' && bound.trim() !== '' && Number.isFinite(left) && Number.isFinite(right)) return left - right;
  const a = normaliseText(String(value));
  const b = normaliseText(bound);
  return a < b ? -1 : a > b ? 1 : 0;
}

function valuesOf(document: SearchDocument, field: string | undefined, aliases: Record<string, string>): (string | number)[] {
  if (field === undefined) return [...document.values()].flat();
  const key = field.toLowerCase();
  return document.get(aliases[key] ?? key) ?? [];
}

/**
 * Evaluates a parsed `q` against one document, charging each comparison to `budget`. `aliases` maps lower-cased field paths of an
 * older release (`type.code`) onto the current ones (`verenigingstype.code`).
 */
export function matchQuery(node: QueryNode, document: SearchDocument, aliases: Record<string, string> = {}, budget?: WorkBudget): boolean {
  switch (node.kind) {
    case 'all':
      return true;
    case 'and':
      return node.children.every((c) => matchQuery(c, document, aliases, budget));
    case 'or':
      return node.children.some((c) => matchQuery(c, document, aliases, budget));
    case 'not':
      return !matchQuery(node.child, document, aliases, budget);
    case 'term':
    case 'phrase':
      return valuesOf(document, node.field, aliases).some((v) => matchesTerm(v, node.kind === 'phrase' ? node.value.replace(/[*?]/g, ' ') : node.value, budget));
    case 'range':
      return valuesOf(document, node.field, aliases).some((v) => {
        budget?.spend(String(v).length);
        if (node.lower !== undefined) {
          const c = compare(v, node.lower);
          if (c < 0 || (c === 0 && !node.includeLower)) return false;
        }
        if (node.upper !== undefined) {
          const c = compare(v, node.upper);
          if (c > 0 || (c === 0 && !node.includeUpper)) return false;
        }
        return true;
      });
  }
}
