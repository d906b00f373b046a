// Release v8.32 renamed fields ahead of publishing linked open data. The `/v8.6` prefix serves
// the release before it, so an upgrade can be rehearsed against one store:
//   relaties.relatietype → type, contactgegevens.contactgegeventype → type,
//   verenigingstype → type (with naam → beschrijving), hoofdactiviteiten naam → beschrijving.
import { isObject, type JsonObject } from '../verenigingsregister/ValidationErrors';

function rename(obj: JsonObject, from: string, to: string): JsonObject {
  if (!(from in obj)) return obj;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(obj)) out[key === from ? to : key] = value;
  return out;
}

function mapItems(value: unknown, map: (item: JsonObject) => JsonObject): unknown {
  return Array.isArray(value) ? value.map((item) => (isObject(item) ? map(item) : item)) : value;
}

/** A current-release response body as v8.6 spelled it. The historiek's gebeurtenis data is left as stored. */
export function toV86(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toV86);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === 'data' && 'gebeurtenis' in value) out[key] = child;
    else if (key === 'verenigingstype' && isObject(child)) out.type = rename(child, 'naam', 'beschrijving');
    else if (key === 'hoofdactiviteitenVerenigingsloket') out[key] = mapItems(child, (h) => rename(h, 'naam', 'beschrijving'));
    else if (key === 'contactgegevens') out[key] = mapItems(toV86(child), (c) => rename(c, 'contactgegeventype', 'type'));
    else if (key === 'relaties') out[key] = mapItems(toV86(child), (r) => rename(r, 'relatietype', 'type'));
    else out[key] = toV86(child);
  }
  return out;
}

/** A v8.6 request body in current names: contactgegevens were sent with `type`. */
export function fromV86Request(body: JsonObject): JsonObject {
  const out: JsonObject = { ...body };
  if (Array.isArray(out.contactgegevens)) out.contactgegevens = mapItems(out.contactgegevens, (c) => rename(c, 'type', 'contactgegeventype'));
  if (isObject(out.contactgegeven)) out.contactgegeven = rename(out.contactgegeven, 'type', 'contactgegeventype');
  return out;
}

/** v8.6 field names in `q=` and `sort=` (lower-cased) onto the current ones. */
export const V86_SEARCH_ALIASES: Record<string, string> = {
  'type.code': 'verenigingstype.code',
  'type.beschrijving': 'verenigingstype.naam',
  'hoofdactiviteitenverenigingsloket.beschrijving': 'hoofdactiviteitenverenigingsloket.naam',
};
