import { parseLuceneQuery, QuerySyntaxError } from './luceneQuery';
import { matchQuery, normaliseText, type SearchDocument } from './matchQuery';
import type { Vereniging } from './model';
import { searchDocument } from './searchDocument';
import { WorkBudget, WorkBudgetExceeded } from './workBudget';

/** A bad `q`, `sort`, `offset` or `limit`: the endpoint answers 400 with this message. */
export class SearchRequestError extends Error {}

export interface SearchRequest {
  q: string | null;
  sort: string | null;
  offset: string | null;
  limit: string | null;
  /** `facets.hoofdactiviteitenVerenigingsloket=CODE[,CODE]`: keep verenigingen with one of these. */
  hoofdactiviteiten: string[];
  /** Field names of an older release, lower-cased, onto the current ones. */
  aliases?: Record<string, string>;
  /** The work this request may do (default `SEARCH_WORK_LIMIT` comparisons). */
  budget?: WorkBudget;
  /** A cached flattening (the store's); built afresh when absent. */
  documentFor?: (vereniging: Vereniging) => SearchDocument;
}

export interface Facet {
  code: string;
  aantal: number;
}

export interface SearchResult {
  verenigingen: Vereniging[];
  totalCount: number;
  offset: number;
  limit: number;
  facets: Facet[];
}

export const DEFAULT_LIMIT = 50;
/** A result window as Elasticsearch has one (smaller here, the sandbox holds few): offset + limit may not go past it. */
export const MAX_RESULT_WINDOW = 1000;

const SORTABLE = ['vcode', 'naam', 'kortenaam', 'roepnaam', 'verenigingstype.code', 'verenigingstype.naam', 'doelgroep.minimumleeftijd', 'doelgroep.maximumleeftijd'];

function nonNegativeInteger(raw: string | null, name: string, fallback: number): number {
  if (raw === null || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new SearchRequestError(`${name} moet een positief geheel getal zijn.`);
  return Number(raw);
}

interface SortKey {
  field: string;
  descending: boolean;
}

function parseSort(raw: string | null, aliases: Record<string, string>): SortKey[] {
  const keys: SortKey[] = [];
  for (const part of (raw ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const descending = part.startsWith('-');
    const name = (descending ? part.slice(1) : part).toLowerCase();
    const field = aliases[name] ?? name;
    if (!SORTABLE.includes(field)) throw new SearchRequestError(`Er kan niet gesorteerd worden op '${part}'.`);
    keys.push({ field, descending });
  }
  // Ties (and the default order) go by descending vCode: the newest vereniging first.
  if (!keys.some((k) => k.field === 'vcode')) keys.push({ field: 'vcode', descending: true });
  return keys;
}

function sortValue(doc: SearchDocument, field: string): string | number | undefined {
  const value = doc.get(field)?.[0];
  if (value === undefined || value === '') return undefined;
  return typeof value === 'number' ? value : normaliseText(value);
}

export function searchVerenigingen(candidates: Vereniging[], request: SearchRequest): SearchResult {
  const aliases = request.aliases ?? {};
  let query;
  try {
    query = parseLuceneQuery(request.q ?? '*');
  } catch (error) {
    if (error instanceof QuerySyntaxError) throw new SearchRequestError(error.message);
    throw error;
  }
  const offset = nonNegativeInteger(request.offset, 'offset', 0);
  const limit = nonNegativeInteger(request.limit, 'limit', DEFAULT_LIMIT);
  if (offset + limit > MAX_RESULT_WINDOW) throw new SearchRequestError(`offset + limit mag niet groter zijn dan ${MAX_RESULT_WINDOW}.`);
  const sortKeys = parseSort(request.sort, aliases);

  const filter = new Set(request.hoofdactiviteiten);
  const budget = request.budget ?? new WorkBudget();
  let matched;
  try {
    matched = candidates
      .map((v) => ({ v, doc: (request.documentFor ?? searchDocument)(v) }))
      .filter(({ doc }) => matchQuery(query, doc, aliases, budget))
      .filter(({ v }) => filter.size === 0 || v.hoofdactiviteitenVerenigingsloket.some((h) => filter.has(h.code)));
  } catch (error) {
    if (error instanceof WorkBudgetExceeded) throw new SearchRequestError('Deze zoekopdracht vraagt te veel rekenwerk; gebruik minder jokertekens (* en ?) of minder termen in q.');
    throw error;
  }

  // Sort keys are computed once per hit, not once per comparison.
  const keyed = matched.map((m) => ({ ...m, keys: sortKeys.map((k) => sortValue(m.doc, k.field)) }));
  keyed.sort((a, b) => {
    for (let i = 0; i < sortKeys.length; i++) {
      const x = a.keys[i];
      const y = b.keys[i];
      if (x === y) continue;
      // Missing values go last in both directions, as Elasticsearch's default `missing: _last`.
      if (x === undefined) return 1;
      if (y === undefined) return -1;
      const order = x < y ? -1 : 1;
      return sortKeys[i]!.descending ? -order : order;
    }
    return 0;
  });

  const counts = new Map<string, number>();
  for (const { v } of keyed) for (const h of v.hoofdactiviteitenVerenigingsloket) counts.set(h.code, (counts.get(h.code) ?? 0) + 1);
  const facets = [...counts].map(([code, aantal]) => ({ code, aantal })).sort((a, b) => b.aantal - a.aantal || (a.code < b.code ? -1 : 1));

  return {
    verenigingen: keyed.slice(offset, offset + limit).map(({ v }) => v),
    totalCount: keyed.length,
    offset,
    limit,
    facets,
  };
}
