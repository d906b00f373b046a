// AllSolutions REST API stand-in: a small resource API (relaties, artikelen) behind a token
// from the API link (koppeling) plus API user credentials, both needing passwords of at least
// 16 characters, and a call counter per calendar month against the 20,000 free calls, shown in
// response headers so a tool can tell what a test set costs.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { registriesDir } from '../../../core/paths';
import { isRecord, parseJsonBody, problem } from '../../responses';
import { Router, type RouteHandler } from '../../router';
import type { SandboxRegistry, SandboxRegistryFactory, SandboxRequest, SandboxResponse } from '../../types';
import { CallCounter, FREE_CALLS_PER_MONTH, FREE_CALLS_PER_YEAR, usageHeaders, type Usage } from './callCounter';
import { passwordProblem } from './password';
import { buildArtikelen, buildRelaties, type Relatie } from './sampleData';

const TOKEN_TTL_S = 3600;
const MAX_PAGE_SIZE = 100;
const SOORTEN = ['klant', 'leverancier', 'prospect'] as const;

export const DEMO = {
  client_id: 'regx-sandbox-koppeling',
  client_secret: 'Koppeling#Sandbox-2026',
  username: 'api-gebruiker',
  password: 'Gebruiker#Sandbox-2026',
};

interface State {
  calls: Record<string, number>;
  clientSecret: string;
  password: string;
  relaties: Relatie[];
  nextRelatienummer: number;
}

function fout(status: number, title: string, detail: string, headers: Record<string, string> = {}): SandboxResponse {
  return problem({ type: `about:blank`, title, status, detail }, headers);
}

const createAllSolutions: SandboxRegistryFactory = () => {
  const artikelen = buildArtikelen();
  let state: State = fresh();
  let counter = new CallCounter(state.calls);
  const tokens = new Map<string, number>();

  function fresh(): State {
    const relaties = buildRelaties();
    return { calls: {}, clientSecret: DEMO.client_secret, password: DEMO.password, relaties, nextRelatienummer: Math.max(...relaties.map((r) => r.relatienummer)) + 1 };
  }

  const json = (status: number, body: unknown, usage: Usage, headers: Record<string, string> = {}): SandboxResponse => ({
    status,
    headers: { 'content-type': 'application/json', ...usageHeaders(usage), ...headers },
    body,
  });
  const withUsage = (response: SandboxResponse, usage: Usage): SandboxResponse => ({ ...response, headers: { ...response.headers, ...usageHeaders(usage) } });

  const pageParam = (value: string | null, fallback: number, name: string, max: number): number | string => {
    if (value === null) return fallback;
    if (!/^[0-9]{1,6}$/.test(value) || Number(value) < 1 || Number(value) > max) return `Parameter '${name}' moet een geheel getal van 1 tot en met ${max} zijn.`;
    return Number(value);
  };

  const relatieInput = (body: unknown, base: Relatie | undefined, now: Date): Relatie | string => {
    if (!isRecord(body)) return 'Verwacht een JSON-object.';
    const naam = body.naam ?? base?.naam;
    if (typeof naam !== 'string' || naam.trim() === '') return "Veld 'naam' is verplicht.";
    const soort = body.soort ?? base?.soort ?? 'klant';
    if (!(SOORTEN as readonly unknown[]).includes(soort)) return `Veld 'soort' is een van ${SOORTEN.join(', ')}.`;
    const adres = body.adres ?? base?.adres ?? { straat: '', huisnummer: 0, postcode: '', plaats: '' };
    if (!isRecord(adres)) return "Veld 'adres' is een object.";
    for (const name of ['email', 'telefoon', 'kvkNummer'] as const) {
      if (body[name] !== undefined && typeof body[name] !== 'string') return `Veld '${name}' is tekst.`;
    }
    const kvkNummer = (body.kvkNummer as string | undefined) ?? base?.kvkNummer ?? '';
    if (kvkNummer && !/^[0-9]{8}$/.test(kvkNummer)) return "Veld 'kvkNummer' bestaat uit 8 cijfers.";
    return {
      relatienummer: base?.relatienummer ?? state.nextRelatienummer,
      naam,
      soort: soort as Relatie['soort'],
      email: (body.email as string | undefined) ?? base?.email ?? '',
      telefoon: (body.telefoon as string | undefined) ?? base?.telefoon ?? '',
      kvkNummer,
      adres: { straat: String(adres.straat ?? ''), huisnummer: Number(adres.huisnummer ?? 0) || 0, postcode: String(adres.postcode ?? ''), plaats: String(adres.plaats ?? '') },
      gewijzigdOp: now.toISOString(),
    };
  };

  const router = new Router<RouteHandler<Usage>>()
    .add('POST', '/api/v1/token', (request, _p, _c, usage) => {
      const body = parseJsonBody(request.body);
      if (!isRecord(body) || body.username !== DEMO.username || body.password !== state.password) {
        return fout(401, 'Onjuiste gebruiker', 'Gebruikersnaam of wachtwoord van de API-gebruiker is onjuist.', usageHeaders(usage));
      }
      const token = randomBytes(24).toString('base64url');
      tokens.set(token, Date.now() + TOKEN_TTL_S * 1000);
      return json(200, { access_token: token, token_type: 'Bearer', expires_in: TOKEN_TTL_S }, usage, { 'cache-control': 'no-store' });
    })
    .add('PUT', '/api/v1/wachtwoord', (request, _p, _c, usage) => {
      const body = parseJsonBody(request.body);
      if (!isRecord(body) || (body.soort !== 'gebruiker' && body.soort !== 'koppeling') || typeof body.huidig !== 'string' || typeof body.nieuw !== 'string') {
        return fout(400, 'Ongeldig verzoek', 'Verwacht {"soort": "gebruiker"|"koppeling", "huidig": "...", "nieuw": "..."}.', usageHeaders(usage));
      }
      const current = body.soort === 'gebruiker' ? state.password : state.clientSecret;
      if (body.huidig !== current) return fout(403, 'Onjuist wachtwoord', 'Het huidige wachtwoord klopt niet.', usageHeaders(usage));
      const weak = passwordProblem(body.nieuw);
      if (weak) return fout(400, 'Wachtwoord te zwak', weak, usageHeaders(usage));
      if (body.soort === 'gebruiker') state.password = body.nieuw;
      else state.clientSecret = body.nieuw;
      return { status: 204, headers: usageHeaders(usage) };
    })
    .add('GET', '/api/v1/relaties', (request, _p, _c, usage) => {
      const pagina = pageParam(request.query.get('pagina'), 1, 'pagina', 100000);
      const aantal = pageParam(request.query.get('aantal'), 20, 'aantal', MAX_PAGE_SIZE);
      if (typeof pagina === 'string') return fout(400, 'Ongeldige parameter', pagina, usageHeaders(usage));
      if (typeof aantal === 'string') return fout(400, 'Ongeldige parameter', aantal, usageHeaders(usage));
      const zoek = request.query.get('zoek')?.toLowerCase();
      const soort = request.query.get('soort');
      const matches = state.relaties.filter((r) => (!zoek || r.naam.toLowerCase().includes(zoek)) && (!soort || r.soort === soort));
      return json(200, { pagina, aantal, totaal: matches.length, relaties: matches.slice((pagina - 1) * aantal, pagina * aantal) }, usage);
    })
    .add('POST', '/api/v1/relaties', (request, _p, context, usage) => {
      const relatie = relatieInput(parseJsonBody(request.body), undefined, context.now());
      if (typeof relatie === 'string') return fout(400, 'Ongeldige relatie', relatie, usageHeaders(usage));
      state.relaties.push(relatie);
      state.nextRelatienummer += 1;
      return json(201, relatie, usage, { location: `${request.origin}/api/v1/relaties/${relatie.relatienummer}` });
    })
    .add('GET', '/api/v1/relaties/{relatienummer}', (_request, params, _c, usage) => {
      const relatie = state.relaties.find((r) => String(r.relatienummer) === params.relatienummer);
      return relatie ? json(200, relatie, usage) : fout(404, 'Niet gevonden', `Relatie ${params.relatienummer} bestaat niet.`, usageHeaders(usage));
    })
    .add('PUT', '/api/v1/relaties/{relatienummer}', (request, params, context, usage) => {
      const index = state.relaties.findIndex((r) => String(r.relatienummer) === params.relatienummer);
      if (index < 0) return fout(404, 'Niet gevonden', `Relatie ${params.relatienummer} bestaat niet.`, usageHeaders(usage));
      const relatie = relatieInput(parseJsonBody(request.body), { ...state.relaties[index]!, email: '', telefoon: '', kvkNummer: '' }, context.now());
      if (typeof relatie === 'string') return fout(400, 'Ongeldige relatie', relatie, usageHeaders(usage));
      state.relaties[index] = relatie;
      return json(200, relatie, usage);
    })
    .add('DELETE', '/api/v1/relaties/{relatienummer}', (_request, params, _c, usage) => {
      const index = state.relaties.findIndex((r) => String(r.relatienummer) === params.relatienummer);
      if (index < 0) return fout(404, 'Niet gevonden', `Relatie ${params.relatienummer} bestaat niet.`, usageHeaders(usage));
      state.relaties.splice(index, 1);
      return { status: 204, headers: usageHeaders(usage) };
    })
    .add('GET', '/api/v1/artikelen', (_request, _p, _c, usage) => json(200, { artikelen }, usage))
    .add('GET', '/api/v1/artikelen/{artikelnummer}', (_request, params, _c, usage) => {
      const artikel = artikelen.find((a) => a.artikelnummer === params.artikelnummer);
      return artikel ? json(200, artikel, usage) : fout(404, 'Niet gevonden', `Artikel ${params.artikelnummer} bestaat niet.`, usageHeaders(usage));
    });

  /** The API link (koppeling) identifies itself on every call with these two headers. */
  const koppelingOk = (request: SandboxRequest) => request.headers['x-client-id'] === DEMO.client_id && request.headers['x-client-secret'] === state.clientSecret;
  const tokenOk = (request: SandboxRequest) => {
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    const expires = match ? tokens.get(match[1]!) : undefined;
    return expires !== undefined && expires > Date.now();
  };

  const registry: SandboxRegistry = {
    id: 'allsolutions',
    openapiFile: join(registriesDir(), 'allsolutions', 'openapi.yaml'),
    credentials: { allSolutionsClientId: DEMO.client_id, allSolutionsClientSecret: DEMO.client_secret, allSolutionsUser: DEMO.username, allSolutionsPassword: DEMO.password },
    handle(request, context) {
      const now = context.now();
      if (request.method === 'GET' && request.path === '/api/v1/verbruik') {
        if (!koppelingOk(request)) return fout(401, 'Onbekende koppeling', 'X-Client-Id en X-Client-Secret van de API-koppeling ontbreken of kloppen niet.');
        const usage = counter.usage(now);
        return json(200, { maand: usage.month, calls: usage.calls, gratisPerMaand: FREE_CALLS_PER_MONTH, gratisResterend: usage.freeRemaining, betaald: usage.billable, callsDitJaar: usage.yearCalls, gratisPerJaar: FREE_CALLS_PER_YEAR }, usage);
      }
      const match = router.match(request.method, request.path);
      if (match.kind === 'not-found') return fout(404, 'Niet gevonden', `Onbekend pad ${request.path}.`);
      if (match.kind === 'method-not-allowed') return fout(405, 'Methode niet toegestaan', `Toegestaan: ${match.allowed.join(', ')}.`, { allow: match.allowed.join(', ') });
      if (!koppelingOk(request)) return fout(401, 'Onbekende koppeling', 'X-Client-Id en X-Client-Secret van de API-koppeling ontbreken of kloppen niet.');
      // Every call of a known koppeling counts, whatever its outcome: that is what is billed.
      const usage = counter.count(now);
      state.calls = counter.toJSON();
      if (request.path !== '/api/v1/token' && request.path !== '/api/v1/wachtwoord' && !tokenOk(request)) {
        return fout(401, 'Geen geldig token', 'Vraag een token op met POST /api/v1/token en stuur het als Authorization: Bearer.', { ...usageHeaders(usage), 'www-authenticate': 'Bearer' });
      }
      const response = match.handler(request, match.params, context, usage);
      return response instanceof Promise ? response.then((r) => withUsage(r, usage)) : withUsage(response, usage);
    },
    snapshot: () => ({ ...state, calls: counter.toJSON() }),
    restore(saved) {
      if (!isRecord(saved) || !isRecord(saved.calls) || !Array.isArray(saved.relaties)) throw new Error('allsolutions: unexpected snapshot shape');
      state = { ...fresh(), ...(saved as unknown as State) };
      counter = new CallCounter({ ...state.calls });
    },
    errorResponse: (status, message) => fout(status, status === 500 ? 'Interne fout' : 'Fout', message),
  };
  return registry;
};

export default createAllSolutions;
