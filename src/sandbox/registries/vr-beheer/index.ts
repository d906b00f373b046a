// Verenigingsregister Beheer API: registering and managing verenigingen, historiek and zoeken.
// Two releases on one origin and one store: the current one at `/v1/...`, and the release before
// v8.32's field renames under `/v8.6/v1/...` (its own document at `/v8.6/openapi.json`).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { registriesDir } from '../../../core/paths';
import { json, parseJsonBody } from '../../responses';
import type { SandboxContext, SandboxRegistryFactory, SandboxRequest, SandboxResponse } from '../../types';
import { isObject, type JsonObject } from '../verenigingsregister/ValidationErrors';
import { seedVerenigingStore } from '../verenigingsregister/seedVerenigingen';
import { Router } from '../../router';
import { isVerenigingStoreState } from '../verenigingsregister/VerenigingStore';
import type { VerenigingStoreHost } from '../verenigingsregister/sharedStore';
import { CURRENT_RELEASE } from '../verenigingsregister/verenigingViews';
import { UNPARSABLE_BODY, vrProblem } from '../verenigingsregister/vrProblem';
import { voegContactgegevenToe, verwijderContactgegeven, wijzigContactgegeven, wijzigKboContactgegeven } from './beheerContactgegevens';
import { voegLocatieToe, verwijderLocatie, wijzigLocatie, wijzigMaatschappelijkeZetel } from './beheerLocaties';
import { beheerDetailResponse, beheerZoeken, historiekResponse } from './beheerReads';
import { registreerAfdelingV86, registreerFeitelijke, registreerKbo } from './beheerRegistreer';
import { verwijderVertegenwoordiger, voegVertegenwoordigerToe, wijzigVertegenwoordiger } from './beheerVertegenwoordigers';
import type { BeheerCall } from './beheerWrite';
import { fromV86Request, toV86 } from './v86Renames';
import { v86Release } from './v86Release';
import { stopVereniging, wijzigBasisgegevens, wijzigBasisgegevensKbo } from './wijzigBasisgegevens';

export const V86_PREFIX = '/v8.6';
/** The initiator the demo requests use (an OVO code, as in the release notes' examples). */
export const DEMO_INITIATOR = 'OVO000001';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface BeheerRoute {
  call: BeheerCall;
  params: Record<string, string>;
  body: JsonObject;
  v86: boolean;
}
type BeheerHandler = (route: BeheerRoute) => SandboxResponse;

function id(route: BeheerRoute, name: string): number | SandboxResponse {
  const raw = route.params[name]!;
  return /^\d+$/.test(raw) ? Number(raw) : vrProblem(route.call.request.origin, 400, `'${raw}' is geen geldig ${name}.`);
}

function withId(name: string, handler: (route: BeheerRoute, id: number) => SandboxResponse): BeheerHandler {
  return (route) => {
    const value = id(route, name);
    return typeof value === 'number' ? handler(route, value) : value;
  };
}

/** The routes both releases share; each release adds its own afdelingen route. */
function gedeeldeRoutes(): Router<BeheerHandler> {
  return new Router<BeheerHandler>()
    .add('GET', '/v1/verenigingen/zoeken', (r) => beheerZoeken(r.call, r.v86))
    .add('POST', '/v1/verenigingen/feitelijkeverenigingen', (r) => registreerFeitelijke(r.call, r.body))
    .add('POST', '/v1/verenigingen/kbo', (r) => registreerKbo(r.call, r.body))
    .add('GET', '/v1/verenigingen/{vCode}', (r) => beheerDetailResponse(r.call, r.params.vCode!))
    .add('PATCH', '/v1/verenigingen/{vCode}', (r) => wijzigBasisgegevens(r.call, r.params.vCode!, r.body))
    .add('PATCH', '/v1/verenigingen/{vCode}/kbo', (r) => wijzigBasisgegevensKbo(r.call, r.params.vCode!, r.body))
    .add('POST', '/v1/verenigingen/{vCode}/stop', (r) => stopVereniging(r.call, r.params.vCode!, r.body))
    .add('GET', '/v1/verenigingen/{vCode}/historiek', (r) => historiekResponse(r.call, r.params.vCode!))
    .add('POST', '/v1/verenigingen/{vCode}/contactgegevens', (r) => voegContactgegevenToe(r.call, r.params.vCode!, r.body))
    .add('PATCH', '/v1/verenigingen/{vCode}/contactgegevens/{contactgegevenId}', withId('contactgegevenId', (r, n) => wijzigContactgegeven(r.call, r.params.vCode!, n, r.body)))
    .add('DELETE', '/v1/verenigingen/{vCode}/contactgegevens/{contactgegevenId}', withId('contactgegevenId', (r, n) => verwijderContactgegeven(r.call, r.params.vCode!, n)))
    .add('PATCH', '/v1/verenigingen/{vCode}/kbo/contactgegevens/{contactgegevenId}', withId('contactgegevenId', (r, n) => wijzigKboContactgegeven(r.call, r.params.vCode!, n, r.body)))
    .add('POST', '/v1/verenigingen/{vCode}/locaties', (r) => voegLocatieToe(r.call, r.params.vCode!, r.body))
    .add('PATCH', '/v1/verenigingen/{vCode}/locaties/{locatieId}', withId('locatieId', (r, n) => wijzigLocatie(r.call, r.params.vCode!, n, r.body)))
    .add('DELETE', '/v1/verenigingen/{vCode}/locaties/{locatieId}', withId('locatieId', (r, n) => verwijderLocatie(r.call, r.params.vCode!, n)))
    .add('PATCH', '/v1/verenigingen/{vCode}/kbo/locaties/{locatieId}', withId('locatieId', (r, n) => wijzigMaatschappelijkeZetel(r.call, r.params.vCode!, n, r.body)))
    .add('POST', '/v1/verenigingen/{vCode}/vertegenwoordigers', (r) => voegVertegenwoordigerToe(r.call, r.params.vCode!, r.body))
    .add('PATCH', '/v1/verenigingen/{vCode}/vertegenwoordigers/{vertegenwoordigerId}', withId('vertegenwoordigerId', (r, n) => wijzigVertegenwoordiger(r.call, r.params.vCode!, n, r.body)))
    .add('DELETE', '/v1/verenigingen/{vCode}/vertegenwoordigers/{vertegenwoordigerId}', withId('vertegenwoordigerId', (r, n) => verwijderVertegenwoordiger(r.call, r.params.vCode!, n)));
}

// Literal paths before `{vCode}` ones: the table takes the first match.
const routes = new Router<BeheerHandler>()
  .add('POST', '/v1/verenigingen/afdelingen', (r) => vrProblem(r.call.request.origin, 404, 'Het registreren van afdelingen werd gedeactiveerd in release v8.32; registreer een feitelijke vereniging.'))
  .include(gedeeldeRoutes());
const routesV86 = new Router<BeheerHandler>().add('POST', '/v1/verenigingen/afdelingen', (r) => registreerAfdelingV86(r.call, r.body)).include(gedeeldeRoutes());

/** x-correlation-id (a GUID) and VR-Initiator on every call, reads included (release v6.4). */
function mandatoryHeaderProblem(request: SandboxRequest): SandboxResponse | undefined {
  const correlation = request.headers['x-correlation-id'];
  if (!correlation) return vrProblem(request.origin, 400, "De header 'x-correlation-id' is verplicht.");
  if (!GUID.test(correlation.trim())) return vrProblem(request.origin, 400, `De header 'x-correlation-id' moet een GUID zijn, niet '${correlation}'.`);
  if (!request.headers['vr-initiator']?.trim()) return vrProblem(request.origin, 400, "De header 'VR-Initiator' is verplicht.");
  return undefined;
}

function readBody(request: SandboxRequest): { body: JsonObject } | { problem: SandboxResponse } {
  if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'DELETE') return { body: {} };
  // The register reads JSON only: a text/plain, multipart or unlabelled body is refused, not
  // guessed at (it registered from any of them before), as ASP.NET's model binding does.
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json' && !/^application\/[\w.+-]+\+json$/.test(type)) {
    return { problem: vrProblem(request.origin, 415, `Niet-ondersteund mediatype '${type || '(geen)'}'; stuur de body als application/json.`) };
  }
  const parsed = parseJsonBody(request.body);
  if (parsed === undefined) return { body: {} };
  if (parsed instanceof Error || !isObject(parsed)) return { problem: vrProblem(request.origin, 400, UNPARSABLE_BODY) };
  return { body: parsed };
}

const createVrBeheer: SandboxRegistryFactory = () => {
  const store = seedVerenigingStore();
  const openapiV86File = join(registriesDir(), 'vr-beheer', 'openapi-v8.6.yaml');
  let openapiV86: unknown;

  const registry: VerenigingStoreHost = {
    id: 'vr-beheer',
    openapiFile: join(registriesDir(), 'vr-beheer', 'openapi.yaml'),
    credentials: { vrInitiator: DEMO_INITIATOR },
    store,
    handle(request: SandboxRequest, context: SandboxContext): SandboxResponse {
      const v86 = request.path === V86_PREFIX || request.path.startsWith(`${V86_PREFIX}/`);
      const path = v86 ? request.path.slice(V86_PREFIX.length) || '/' : request.path;
      if (v86 && path === '/openapi.json' && (request.method === 'GET' || request.method === 'HEAD')) {
        openapiV86 ??= parse(readFileSync(openapiV86File, 'utf8'));
        return json(200, openapiV86);
      }
      const match = (v86 ? routesV86 : routes).match(request.method, path);
      if (match.kind === 'not-found') return vrProblem(request.origin, 404, `Onbekend pad ${request.path}.`);
      if (match.kind === 'method-not-allowed') {
        return vrProblem(request.origin, 405, `Methode ${request.method} is niet toegestaan op ${request.path}; wel: ${match.allowed.join(', ')}.`, { headers: { allow: match.allowed.join(', ') } });
      }
      const headerProblem = mandatoryHeaderProblem(request);
      if (headerProblem) return headerProblem;
      const read = readBody(request);
      if ('problem' in read) return read.problem;
      const call: BeheerCall = {
        store,
        request,
        actor: { initiator: request.headers['vr-initiator']!.trim(), now: context.now() },
        base: `${request.origin}${v86 ? V86_PREFIX : ''}`,
        // JSON-LD contexts are served by the publiek API since v7.29.
        contexten: `${context.origins['vr-publiek'] ?? request.origin}/v1/contexten/beheer`,
        release: v86 ? v86Release(store, `${request.origin}${V86_PREFIX}`) : CURRENT_RELEASE,
      };
      const response = match.handler({ call, params: match.params, body: v86 ? fromV86Request(read.body) : read.body, v86 });
      return v86 && response.body !== undefined ? { ...response, body: toV86(response.body) } : response;
    },
    snapshot: () => store.snapshot(),
    restore(state) {
      if (isVerenigingStoreState(state)) store.restore(state);
    },
    errorResponse: (status, message) => vrProblem('', status, message),
  };
  return registry;
};

export default createVrBeheer;
