import { parseLuceneQuery, QuerySyntaxError } from './luceneQuery';
import { matchQuery, normaliseText, type SearchDocument } from './matchQuery';
import { adresvoorstelling, type Vereniging } from './model';

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
/** Elasticsearch's result window: offset + limit may not go past it. */
export const MAX_RESULT_WINDOW = 1000;

const SORTABLE = ['vcode', 'naam', 'kortenaam', 'roepnaam', 'verenigingstype.code', 'verenigingstype.naam', 'doelgroep.minimumleeftijd', 'doelgroep.maximumleeftijd'];

export function searchDocument(vereniging: Vereniging): SearchDocument {
  const doc: SearchDocument = new Map();
  const put = (field: string, ...values: (string | number | boolean)[]) => {
    const list = doc.get(field) ?? [];
    list.push(...values.map((v) => (typeof v === 'boolean' ? String(v) : v)));
    doc.set(field, list);
  };
  put('vcode', vereniging.vCode);
  put('verenigingstype.code', vereniging.verenigingstype.code);
  put('verenigingstype.naam', vereniging.verenigingstype.naam);
  put('naam', vereniging.naam);
  put('roepnaam', vereniging.roepnaam);
  put('kortenaam', vereniging.korteNaam);
  put('kortebeschrijving', vereniging.korteBeschrijving);
  put('status', vereniging.status);
  put('doelgroep.minimumleeftijd', vereniging.doelgroep.minimumleeftijd);
  put('doelgroep.maximumleeftijd', vereniging.doelgroep.maximumleeftijd);
  for (const h of vereniging.hoofdactiviteitenVerenigingsloket) {
    put('hoofdactiviteitenverenigingsloket.code', h.code);
    put('hoofdactiviteitenverenigingsloket.naam', h.naam);
  }
  for (const l of vereniging.locaties) {
    put('locaties.locatietype', l.locatietype);
    put('locaties.naam', l.naam);
    put('locaties.isprimair', l.isPrimair);
    put('locaties.adresvoorstelling', adresvoorstelling(l.adres));
    if (l.adres) {
      put('locaties.postcode', l.adres.postcode);
      put('locaties.gemeente', l.adres.gemeente);
    }
  }
  if (vereniging.kboNummer) {
    put('sleutels.bron', 'KBO');
    put('sleutels.waarde', vereniging.kboNummer);
  }
  return doc;
}

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
  const matched = candidates
    .map((v) => ({ v, doc: searchDocument(v) }))
    .filter(({ doc }) => matchQuery(query, doc, aliases))
    .filter(({ v }) => filter.size === 0 || v.hoofdactiviteitenVerenigingsloket.some((h) => filter.has(h.code)));

  matched.sort((a, b) => {
    for (const key of sortKeys) {
      const x = sortValue(a.doc, key.field);
      const y = sortValue(b.doc, key.field);
      if (x === y) continue;
      // Missing values go last in both directions, as Elasticsearch's default `missing: _last`.
      if (x === undefined) return 1;
      if (y === undefined) return -1;
      const order = x < y ? -1 : 1;
      return key.descending ? -order : order;
    }
    return 0;
  });

  const counts = new Map<string, number>();
  for (const { v } of matched) for (const h of v.hoofdactiviteitenVerenigingsloket) counts.set(h.code, (counts.get(h.code) ?? 0) + 1);
  const facets = [...counts].map(([code, aantal]) => ({ code, aantal })).sort((a, b) => b.aantal - a.aantal || (a.code < b.code ? -1 : 1));

  return {
    verenigingen: matched.slice(offset, offset + limit).map(({ v }) => v),
    totalCount: matched.length,
    offset,
    limit,
    facets,
  };
}
