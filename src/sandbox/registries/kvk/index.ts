// KVK Handelsregister APIs (Zoeken 2, Basisprofiel 1, Vestigingsprofiel 1, Naamgeving 1) on the
// paths of KVK's test environment, so a request file runs unchanged against api.kvk.nl/test.
import { join } from 'node:path';
import { registriesDir } from '../../../core/paths';
import { Router } from '../../router';
import type { SandboxRegistry, SandboxRegistryFactory, SandboxRequest, SandboxResponse } from '../../types';
import { basisprofiel, eigenaar, naamgeving, vestiging, vestigingenLijst } from './profiles';
import { buildTestData, type KvkOnderneming } from './testData';
import { fout } from './fout';
import { zoeken } from './zoeken';

/** KVK's own published test key, so the same requests also run against the real test environment. */
export const KVK_TEST_API_KEY = 'l7xx1f2691f2520d487b902f4e0b57a0b197';
/** A sandbox-only key that may use Zoeken but nothing else, to show the 403 answer. */
export const KVK_ZOEKEN_ONLY_API_KEY = 'l7xx5a4db0c0sandboxzoekenonly0000000';

const createKvk: SandboxRegistryFactory = () => {
  const ondernemingen = buildTestData();
  const byKvkNummer = new Map(ondernemingen.map((o) => [o.kvkNummer, o]));
  const byVestigingsnummer = new Map(ondernemingen.flatMap((o) => o.vestigingen.map((v) => [v.vestigingsnummer, { onderneming: o, vestiging: v }] as const)));

  const onderneming = (kvkNummer: string): KvkOnderneming | SandboxResponse => {
    if (!/^[0-9]{8}$/.test(kvkNummer)) return fout(400, 'IPD0004', 'Het KVK-nummer is niet valide.');
    const found = byKvkNummer.get(kvkNummer);
    if (!found) return fout(404, 'IPD0010', 'Er zijn geen resultaten gevonden aan de hand van de opgegeven parameter(s).');
    if (found.fout) return fout(found.fout.status, found.fout.code, found.fout.omschrijving);
    return found;
  };
  const isResponse = (value: KvkOnderneming | SandboxResponse): value is SandboxResponse => 'status' in value;
  const geoData = (request: SandboxRequest) => request.query.get('geoData') === 'true';

  const router = new Router()
    .add('GET', '/test/api/v2/zoeken', (request) => zoeken(ondernemingen, request))
    .add('GET', '/test/api/v1/basisprofielen/{kvkNummer}', (request, params) => {
      const found = onderneming(params.kvkNummer!);
      return isResponse(found) ? found : ok(basisprofiel(found, request.origin, geoData(request)));
    })
    .add('GET', '/test/api/v1/basisprofielen/{kvkNummer}/eigenaar', (request, params) => {
      const found = onderneming(params.kvkNummer!);
      return isResponse(found) ? found : ok(eigenaar(found, request.origin, geoData(request)));
    })
    .add('GET', '/test/api/v1/basisprofielen/{kvkNummer}/hoofdvestiging', (request, params) => {
      const found = onderneming(params.kvkNummer!);
      return isResponse(found) ? found : ok(vestiging(found, found.vestigingen[0]!, request.origin, geoData(request), true));
    })
    .add('GET', '/test/api/v1/basisprofielen/{kvkNummer}/vestigingen', (request, params) => {
      const found = onderneming(params.kvkNummer!);
      return isResponse(found) ? found : ok(vestigingenLijst(found, request.origin));
    })
    .add('GET', '/test/api/v1/vestigingsprofielen/{vestigingsnummer}', (request, params) => {
      const nummer = params.vestigingsnummer!;
      if (!/^[0-9]{12}$/.test(nummer)) return fout(400, 'IPD0006', 'Het vestigingsnummer is niet valide.');
      const found = byVestigingsnummer.get(nummer);
      if (!found) return fout(404, 'IPD0010', 'Er zijn geen resultaten gevonden aan de hand van de opgegeven parameter(s).');
      if (found.onderneming.fout) return fout(found.onderneming.fout.status, found.onderneming.fout.code, found.onderneming.fout.omschrijving);
      return ok(vestiging(found.onderneming, found.vestiging, request.origin, geoData(request), false), '1.4');
    })
    .add('GET', '/test/api/v1/naamgevingen/kvknummer/{kvkNummer}', (request, params) => {
      const found = onderneming(params.kvkNummer!);
      return isResponse(found) ? found : ok(naamgeving(found, request.origin), '1.1.1');
    });

  const registry: SandboxRegistry = {
    id: 'kvk',
    tls: true,
    openapiFile: join(registriesDir(), 'kvk', 'openapi.yaml'),
    credentials: { kvkApiKey: KVK_TEST_API_KEY, kvkApiKeyZoekenOnly: KVK_ZOEKEN_ONLY_API_KEY },
    async handle(request, context) {
      const match = router.match(request.method, request.path);
      if (match.kind === 'not-found') return fout(404, 'IPD0001', `Onbekend pad ${request.path}.`);
      if (match.kind === 'method-not-allowed') return fout(405, 'IPD0002', `Methode ${request.method} is niet toegestaan; toegestaan: ${match.allowed.join(', ')}.`, { allow: match.allowed.join(', ') });
      const apikey = request.headers.apikey;
      if (!apikey || (apikey !== KVK_TEST_API_KEY && apikey !== KVK_ZOEKEN_ONLY_API_KEY)) {
        return fout(401, 'IPD0401', 'Geen of onjuiste apikey aangeleverd.');
      }
      if (apikey === KVK_ZOEKEN_ONLY_API_KEY && !request.path.startsWith('/test/api/v2/zoeken')) {
        return fout(403, 'IPD0403', 'Niet geautoriseerd voor deze operatie.');
      }
      if (!acceptsJson(request.headers.accept)) return fout(406, 'IPD0406', 'Opgegeven Accept header wordt niet ondersteund.');
      const response = await match.handler(request, match.params, context);
      // KVK answers application/hal+json unless the client asks for plain application/json only.
      if (prefersPlainJson(request.headers.accept)) response.headers = { ...response.headers, 'content-type': 'application/json' };
      return response;
    },
    snapshot: () => ({}),
    restore: () => undefined,
    errorResponse: (status, message) => fout(status, status === 500 ? 'IPD9999' : `IPD0${status}`, message),
  };
  return registry;
};

function ok(body: unknown, apiVersion = '1.5.0'): SandboxResponse {
  return { status: 200, headers: { 'content-type': 'application/hal+json', 'api-version': apiVersion }, body };
}

function prefersPlainJson(accept: string | undefined): boolean {
  if (!accept) return false;
  const types = accept.split(',').map((part) => part.split(';')[0]!.trim().toLowerCase());
  return types.includes('application/json') && !types.includes('application/hal+json');
}

function acceptsJson(accept: string | undefined): boolean {
  if (!accept) return true;
  return accept.split(',').some((part) => {
    const type = part.split(';')[0]!.trim().toLowerCase();
    return type === '*/*' || type === 'application/*' || type === 'application/json' || type === 'application/hal+json';
  });
}

export default createKvk;
