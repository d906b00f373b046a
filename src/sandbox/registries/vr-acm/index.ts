// Verenigingsregister ACM API: which verenigingen a person (by INSZ) may act for, i.e. is
// vertegenwoordiger of. Reads vr-beheer's store, so it follows every beheer change at once;
// stopped verenigingen stay listed (v7.29: one can still log in for them).
import { join } from 'node:path';
import { registriesDir } from '../../../core/paths';
import { json } from '../../responses';
import type { SandboxContext, SandboxRegistry, SandboxRegistryFactory, SandboxRequest, SandboxResponse } from '../../types';
import { Router } from '../../router';
import { sharedStoreResolver } from '../verenigingsregister/sharedStore';
import { normaliseInsz } from '../verenigingsregister/validateVereniging';
import type { VerenigingStore } from '../verenigingsregister/VerenigingStore';
import { vrProblem } from '../verenigingsregister/vrProblem';

/** A person who is vertegenwoordiger of two seed verenigingen, for demos. */
export const DEMO_INSZ = '90021512370';

function verenigingenPerInsz(request: SandboxRequest, store: VerenigingStore): SandboxResponse {
  const raw = request.query.get('insz');
  if (raw === null || raw.trim() === '') return vrProblem(request.origin, 400, "De query parameter 'insz' is verplicht.");
  const insz = normaliseInsz(raw);
  if (!insz) return vrProblem(request.origin, 400, `'${raw}' is geen geldig INSZ.`);
  return json(200, {
    insz,
    verenigingen: store.verenigingenVanInsz(insz).map((v) => ({ vCode: v.vCode, naam: v.naam, status: v.status, kboNummer: v.kboNummer })),
  });
}

const routes = new Router<(request: SandboxRequest, store: VerenigingStore) => SandboxResponse>().add('GET', '/v1/verenigingen', verenigingenPerInsz);

const createVrAcm: SandboxRegistryFactory = () => {
  const storeFor = sharedStoreResolver();
  const registry: SandboxRegistry = {
    id: 'vr-acm',
    openapiFile: join(registriesDir(), 'vr-acm', 'openapi.yaml'),
    credentials: { vrAcmInsz: DEMO_INSZ },
    handle(request: SandboxRequest, context: SandboxContext): SandboxResponse {
      const match = routes.match(request.method, request.path);
      if (match.kind === 'not-found') return vrProblem(request.origin, 404, `Onbekend pad ${request.path}.`);
      if (match.kind === 'method-not-allowed') {
        return vrProblem(request.origin, 405, `Methode ${request.method} is niet toegestaan op ${request.path}; wel: ${match.allowed.join(', ')}.`, { headers: { allow: match.allowed.join(', ') } });
      }
      return match.handler(request, storeFor(context));
    },
    snapshot: () => null,
    restore: () => undefined,
    errorResponse: (status, message) => vrProblem('', status, message),
  };
  return registry;
};

export default createVrAcm;
