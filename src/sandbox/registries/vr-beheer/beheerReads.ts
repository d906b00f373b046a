import { json } from '../../responses';
import type { SandboxResponse } from '../../types';
import type { SearchDocument } from '../verenigingsregister/matchQuery';
import type { Vereniging } from '../verenigingsregister/model';
import { searchVerenigingen, SearchRequestError } from '../verenigingsregister/searchVerenigingen';
import { beheerDetail, zoekResultaat } from '../verenigingsregister/verenigingViews';
import { vrProblem } from '../verenigingsregister/vrProblem';
import { etag, onbekendeVereniging, type BeheerCall } from './beheerWrite';
import { V86_SEARCH_ALIASES } from './v86Renames';

export function beheerDetailResponse(call: BeheerCall, vCode: string): SandboxResponse {
  const stream = call.store.get(vCode);
  if (!stream) return onbekendeVereniging(call, vCode, 404);
  return json(200, beheerDetail(stream.vereniging, `${call.contexten}/detail-vereniging-context.json`, call.release), { etag: etag(stream.historiek.length) });
}

/**
 * The stored gebeurtenissen keep the INSZ (as the register's event records do), but since v7.10
 * the INSZ is shown in beheer detail only, so the historiek leaves it out at any depth.
 */
function zonderInsz(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(zonderInsz);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'insz').map(([key, child]) => [key, zonderInsz(child)]));
}

export function historiekResponse(call: BeheerCall, vCode: string): SandboxResponse {
  const stream = call.store.get(vCode);
  if (!stream) return onbekendeVereniging(call, vCode, 404);
  return json(
    200,
    {
      '@context': `${call.contexten}/historiek-vereniging-context.json`,
      vCode: stream.vereniging.vCode,
      gebeurtenissen: stream.historiek.map((g) => ({ ...g, data: zonderInsz(g.data) as Record<string, unknown> })),
    },
    { etag: etag(stream.historiek.length) },
  );
}

/** Beheer zoeken sees every vereniging (opted out and stopped too), links to beheer detail, no facets (v3.28). */
export function beheerZoeken(call: BeheerCall, v86: boolean): SandboxResponse {
  const query = call.request.query;
  // Search what the release shows: under /v8.6 an afdeling is verenigingstype AFD.
  const documentFor = (v: Vereniging): SearchDocument => {
    const doc = call.store.searchDocument(v);
    const type = call.release.verenigingstype(v);
    if (type.code === v.verenigingstype.code) return doc;
    return new Map([...doc, ['verenigingstype.code', [type.code]], ['verenigingstype.naam', [type.naam]]]);
  };
  try {
    const result = searchVerenigingen(
      call.store.all().map((s) => s.vereniging),
      { q: query.get('q'), sort: query.get('sort'), offset: query.get('offset'), limit: query.get('limit'), hoofdactiviteiten: [], aliases: v86 ? V86_SEARCH_ALIASES : {}, documentFor },
    );
    return json(200, {
      '@context': `${call.contexten}/zoek-verenigingen-context.json`,
      verenigingen: result.verenigingen.map((v) => zoekResultaat(v, `${call.base}/v1/verenigingen/${v.vCode}`, { beheer: true, release: call.release })),
      metadata: { pagination: { totalCount: result.totalCount, offset: result.offset, limit: result.limit } },
    });
  } catch (error) {
    if (error instanceof SearchRequestError) return vrProblem(call.request.origin, 400, error.message);
    throw error;
  }
}
