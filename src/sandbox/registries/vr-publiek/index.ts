// Verenigingsregister Publiek API: detail and zoeken of the verenigingen in the publieke
// datastroom, the hoofdactiviteiten list and the JSON-LD contexts. Reads vr-beheer's store.
import { join } from 'node:path';
import { registriesDir } from '../../../core/paths';
import { json } from '../../responses';
import type { SandboxContext, SandboxRegistry, SandboxRegistryFactory, SandboxRequest, SandboxResponse } from '../../types';
import { HOOFDACTIVITEITEN_VERENIGINGSLOKET } from '../verenigingsregister/hoofdactiviteiten';
import { Router } from '../../router';
import { searchVerenigingen, SearchRequestError } from '../verenigingsregister/searchVerenigingen';
import { sharedStoreResolver } from '../verenigingsregister/sharedStore';
import { isPubliek, publiekDetail, zoekResultaat } from '../verenigingsregister/verenigingViews';
import type { VerenigingStore } from '../verenigingsregister/VerenigingStore';
import { vrProblem } from '../verenigingsregister/vrProblem';
import { JSON_LD_CONTEXTEN } from './jsonLdContexten';

/** The sandbox's demo key; the real one is requested through the register's CRM form. */
export const PUBLIEK_API_KEY = 'vr-sandbox-publiek-demo-key';
const FACET_PARAM = 'facets.hoofdactiviteitenVerenigingsloket';

interface PubliekRoute {
  request: SandboxRequest;
  params: Record<string, string>;
  store: VerenigingStore;
}

function zoeken({ request, store }: PubliekRoute): SandboxResponse {
  const q = request.query.get('q') ?? '*';
  const hoofdactiviteiten = request.query.getAll(FACET_PARAM).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  try {
    const result = searchVerenigingen(
      store.all().map((s) => s.vereniging).filter(isPubliek),
      { q, sort: request.query.get('sort'), offset: request.query.get('offset'), limit: request.query.get('limit'), hoofdactiviteiten, documentFor: (v) => store.searchDocument(v) },
    );
    const zoekUrl = `${request.origin}/v1/verenigingen/zoeken`;
    return json(200, {
      '@context': `${request.origin}/v1/contexten/publiek/zoek-verenigingen-context.json`,
      verenigingen: result.verenigingen.map((v) => zoekResultaat(v, `${request.origin}/v1/verenigingen/${v.vCode}`, { beheer: false })),
      facets: {
        hoofdactiviteitenVerenigingsloket: result.facets.map((f) => ({
          code: f.code,
          aantal: f.aantal,
          query: `${zoekUrl}?q=${encodeURIComponent(q)}&${FACET_PARAM}=${encodeURIComponent(f.code)}`,
        })),
      },
      metadata: { pagination: { totalCount: result.totalCount, offset: result.offset, limit: result.limit } },
    });
  } catch (error) {
    if (error instanceof SearchRequestError) return vrProblem(request.origin, 400, error.message);
    throw error;
  }
}

/** Opted-out and stopped verenigingen answer 404, as if they did not exist (v3.28, v7.29). */
function detail({ request, params, store }: PubliekRoute): SandboxResponse {
  const stream = store.get(params.vCode!);
  if (!stream || !isPubliek(stream.vereniging)) return vrProblem(request.origin, 404, `De vereniging met vCode '${params.vCode}' werd niet gevonden.`);
  return json(200, publiekDetail(stream.vereniging, `${request.origin}/v1/contexten/publiek/detail-vereniging-context.json`));
}

function context(request: SandboxRequest, audience: string, naam: string): SandboxResponse {
  const found = JSON_LD_CONTEXTEN[audience]?.[naam];
  if (!found) return vrProblem(request.origin, 404, `De context '${audience}/${naam}' bestaat niet.`);
  return json(200, found, { 'content-type': 'application/ld+json' });
}

interface PubliekHandler {
  /** Contexts, parameters and documentation are free; detail and zoeken need the key (v8.32). */
  needsKey: boolean;
  run(route: PubliekRoute): SandboxResponse;
}

const routes = new Router<PubliekHandler>()
  .add('GET', '/v1/verenigingen/zoeken', { needsKey: true, run: zoeken })
  .add('GET', '/v1/verenigingen/{vCode}', { needsKey: true, run: detail })
  .add('GET', '/v1/hoofdactiviteitenVerenigingsloket', {
    needsKey: false,
    run: () => json(200, { hoofdactiviteitenVerenigingsloket: HOOFDACTIVITEITEN_VERENIGINGSLOKET.map((h) => ({ ...h })) }),
  })
  .add('GET', '/v1/contexten/{audience}/{naam}', { needsKey: false, run: ({ request, params }) => context(request, params.audience!, params.naam!) })
  .add('GET', '/v1/contexten/{naam}', { needsKey: false, run: ({ request, params }) => context(request, 'publiek', params.naam!) });

function apiKey(request: SandboxRequest): string | undefined {
  return request.headers['vr-api-key'] ?? request.query.get('vr-api-key') ?? undefined;
}

const createVrPubliek: SandboxRegistryFactory = () => {
  const storeFor = sharedStoreResolver();
  const registry: SandboxRegistry = {
    id: 'vr-publiek',
    openapiFile: join(registriesDir(), 'vr-publiek', 'openapi.yaml'),
    credentials: { vrPubliekApiKey: PUBLIEK_API_KEY },
    handle(request: SandboxRequest, sandbox: SandboxContext): SandboxResponse {
      const match = routes.match(request.method, request.path);
      if (match.kind === 'not-found') return vrProblem(request.origin, 404, `Onbekend pad ${request.path}.`);
      if (match.kind === 'method-not-allowed') {
        return vrProblem(request.origin, 405, `Methode ${request.method} is niet toegestaan op ${request.path}; wel: ${match.allowed.join(', ')}.`, { headers: { allow: match.allowed.join(', ') } });
      }
      if (match.handler.needsKey) {
        const key = apiKey(request);
        if (key === undefined || key === '') return vrProblem(request.origin, 403, "Geen API key: geef ze mee in de header 'vr-api-key' of de query parameter 'vr-api-key'.");
        if (key !== PUBLIEK_API_KEY) return vrProblem(request.origin, 403, 'De API key is ongeldig.');
      }
      return match.handler.run({ request, params: match.params, store: storeFor(sandbox) });
    },
    // The verenigingen live in vr-beheer's snapshot; publiek keeps no state of its own.
    snapshot: () => null,
    restore: () => undefined,
    errorResponse: (status, message) => vrProblem('', status, message),
  };
  return registry;
};

export default createVrPubliek;
