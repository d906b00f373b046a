// VNG Klanten API 1.0 (ZGW): klanten with ETag caching, kla-001 and kla-002, ZGW JWT auth.
import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { registriesDir } from '../../../core/paths';
import { parseJsonBody, isRecord } from '../../responses';
import { Router, type RouteHandler } from '../../router';
import type { SandboxContext, SandboxRegistry, SandboxRegistryFactory, SandboxRequest, SandboxResponse } from '../../types';
import { authorise, type Caller, type Scope, type ZgwClient } from './auth';
import { auditEntry, auditRepresentation, type AuditAction, type AuditEntry } from './auditTrail';
import { emptyKlant, mergeKlant, representation, type KlantData } from './klant';
import { API_VERSION, fout, validatieFout, type InvalidParam } from './problems';
import { seedKlanten } from './seed';

export const PAGE_SIZE = 10;
const SUBJECT_TIMEOUT_MS = 5000;
const LIST_FILTERS = ['bronorganisatie', 'klantnummer', 'bedrijfsnaam', 'functie', 'achternaam', 'telefoonnummer', 'emailadres', 'subject', 'subjectType'] as const;
const ADRES_FILTERS: Record<string, keyof NonNullable<KlantData['adres']>> = {
  adres__straatnaam: 'straatnaam',
  adres__postcode: 'postcode',
  adres__woonplaatsNaam: 'woonplaatsnaam',
  adres__landcode: 'landcode',
};

export const VNG_CLIENTS: Record<string, ZgwClient> = {
  'regx-sandbox': { secret: 'regx-sandbox-klanten-secret', scopes: ['klanten.lezen', 'klanten.aanmaken', 'klanten.bijwerken', 'klanten.verwijderen', 'audittrails.lezen'] },
  'regx-sandbox-lezen': { secret: 'regx-sandbox-klanten-lezen-secret', scopes: ['klanten.lezen'] },
};

interface State {
  klanten: [string, KlantData][];
  audit: AuditEntry[];
}

const createVngKlanten: SandboxRegistryFactory = () => {
  let klanten = new Map<string, KlantData>(seedKlanten());
  let audit: AuditEntry[] = [];

  const json = (status: number, body: unknown, headers: Record<string, string> = {}): SandboxResponse => ({
    status,
    headers: { 'content-type': 'application/json', 'api-version': API_VERSION, ...headers },
    body,
  });

  const etagOf = (body: unknown) => `"${createHash('md5').update(JSON.stringify(body)).digest('hex')}"`;

  const nextKlantnummer = (bronorganisatie: string): string => {
    const taken = new Set([...klanten.values()].filter((k) => k.bronorganisatie === bronorganisatie).map((k) => k.klantnummer));
    for (let n = taken.size + 1; ; n++) {
      const candidate = `K${String(n).padStart(7, '0')}`;
      if (!taken.has(candidate)) return candidate;
    }
  };

  /** kla-001: the pair bronorganisatie + klantnummer is unique; an absent klantnummer is generated. */
  const kla001 = (klant: KlantData, self: string | undefined): InvalidParam[] => {
    if (!klant.klantnummer) {
      klant.klantnummer = nextKlantnummer(klant.bronorganisatie);
      return [];
    }
    for (const [uuid, other] of klanten) {
      if (uuid !== self && other.bronorganisatie === klant.bronorganisatie && other.klantnummer === klant.klantnummer) {
        return [{ name: 'nonFieldErrors', code: 'unique', reason: 'De velden bronorganisatie, klantnummer moeten een unieke set zijn.' }];
      }
    }
    return [];
  };

  /** kla-002: a given subject URL must (eventually, after redirects) answer 200. */
  const kla002 = async (subject: string, context: SandboxContext): Promise<InvalidParam[]> => {
    if (!subject) return [];
    let status: number;
    try {
      const response = await context.fetch(subject, { method: 'GET', redirect: 'follow', signal: AbortSignal.timeout(SUBJECT_TIMEOUT_MS) });
      status = response.status;
      await response.body?.cancel();
    } catch (error) {
      return [{ name: 'subject', code: 'bad-url', reason: `De URL ${subject} kon niet worden opgehaald: ${(error as Error).message}.` }];
    }
    return status === 200 ? [] : [{ name: 'subject', code: 'bad-url', reason: `De URL ${subject} resulteerde in HTTP ${status}, niet HTTP 200.` }];
  };

  const readBody = (request: SandboxRequest): { value: unknown } | { refused: SandboxResponse } => {
    const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') return { refused: fout(415, 'unsupported_media_type', `Niet-ondersteund mediatype '${type || '(geen)'}' in verzoek; gebruik application/json.`) };
    const body = parseJsonBody(request.body);
    if (body instanceof Error) return { refused: fout(400, 'parse_error', body.message) };
    return { value: body };
  };

  const notFound = () => fout(404, 'not_found', 'Niet gevonden.');

  const read = (request: SandboxRequest, uuid: string): SandboxResponse => {
    const klant = klanten.get(uuid);
    if (!klant) return notFound();
    return cacheable(request, representation(uuid, klant, request.origin));
  };

  /** 200 with an ETag of the JSON representation, or 304 when If-None-Match names it. */
  const cacheable = (request: SandboxRequest, body: unknown): SandboxResponse => {
    const etag = etagOf(body);
    const wanted = request.headers['if-none-match'];
    if (wanted && (wanted.trim() === '*' || wanted.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag))) {
      return { status: 304, headers: { etag, 'api-version': API_VERSION } };
    }
    return json(200, body, { etag });
  };

  const record = (request: SandboxRequest, context: SandboxContext, caller: Caller, uuid: string, actie: AuditAction, resultaat: number, oud: KlantData | null, nieuw: KlantData | null) => {
    audit.push(auditEntry(uuid, caller, actie, resultaat, request.headers['x-audit-toelichting'] ?? '', context.now(), oud, nieuw));
  };

  const write = async (request: SandboxRequest, context: SandboxContext, caller: Caller, uuid: string | undefined, partial: boolean): Promise<SandboxResponse> => {
    const existing = uuid ? klanten.get(uuid) : undefined;
    if (uuid && !existing) return notFound();
    const input = readBody(request);
    if ('refused' in input) return input.refused;
    const base = partial && existing ? existing : { ...emptyKlant(), klantnummer: existing?.klantnummer ?? '' };
    const { klant, invalid } = mergeKlant(base, input.value, partial);
    if (invalid.length > 0) return validatieFout(invalid);
    const unique = kla001(klant, uuid);
    if (unique.length > 0) return validatieFout(unique);
    if (!uuid) {
      const bad = await kla002(klant.subject, context);
      if (bad.length > 0) return validatieFout(bad);
    }
    const id = uuid ?? randomUUID();
    klanten.set(id, klant);
    record(request, context, caller, id, uuid ? (partial ? 'partial_update' : 'update') : 'create', uuid ? 200 : 201, existing ?? null, klant);
    const body = representation(id, klant, request.origin);
    return json(uuid ? 200 : 201, body, uuid ? { etag: etagOf(body) } : { location: body.url as string, etag: etagOf(body) });
  };

  const list = (request: SandboxRequest): SandboxResponse => {
    const q = request.query;
    const pageText = q.get('page') ?? '1';
    if (!/^[1-9][0-9]*$/.test(pageText)) return fout(404, 'not_found', 'Ongeldige pagina.');
    const page = Number(pageText);
    const invalid: InvalidParam[] = [];
    const subjectType = q.get('subjectType');
    if (subjectType !== null && !['natuurlijk_persoon', 'niet_natuurlijk_persoon', 'vestiging'].includes(subjectType)) {
      invalid.push({ name: 'subjectType', code: 'invalid_choice', reason: `"${subjectType}" is geen geldige keuze.` });
    }
    if (invalid.length > 0) return validatieFout(invalid);
    const matches = [...klanten].filter(([, klant]) => {
      for (const name of LIST_FILTERS) {
        const wanted = q.get(name);
        if (wanted !== null && String(klant[name] ?? '') !== wanted) return false;
      }
      for (const [name, field] of Object.entries(ADRES_FILTERS)) {
        const wanted = q.get(name);
        if (wanted !== null && String(klant.adres?.[field] ?? '') !== wanted) return false;
      }
      return true;
    });
    const pages = Math.max(1, Math.ceil(matches.length / PAGE_SIZE));
    if (page > pages) return fout(404, 'not_found', 'Ongeldige pagina.');
    const pageUrl = (n: number) => {
      const url = new URL('/api/v1/klanten', request.origin);
      for (const [name, value] of q) if (name !== 'page') url.searchParams.append(name, value);
      url.searchParams.set('page', String(n));
      return url.toString();
    };
    return json(200, {
      count: matches.length,
      next: page < pages ? pageUrl(page + 1) : null,
      previous: page > 1 ? pageUrl(page - 1) : null,
      results: matches.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map(([uuid, klant]) => representation(uuid, klant, request.origin)),
    });
  };

  const SCOPES: Record<string, Scope> = { GET: 'klanten.lezen', HEAD: 'klanten.lezen', POST: 'klanten.aanmaken', PUT: 'klanten.bijwerken', PATCH: 'klanten.bijwerken', DELETE: 'klanten.verwijderen' };

  const router = new Router<RouteHandler<Caller>>()
    .add('GET', '/api/v1/klanten', (request) => list(request))
    .add('POST', '/api/v1/klanten', (request, _params, context, caller) => write(request, context, caller, undefined, false))
    .add('GET', '/api/v1/klanten/{uuid}', (request, params) => read(request, params.uuid!))
    .add('HEAD', '/api/v1/klanten/{uuid}', (request, params) => read(request, params.uuid!))
    .add('PUT', '/api/v1/klanten/{uuid}', (request, params, context, caller) => write(request, context, caller, params.uuid!, false))
    .add('PATCH', '/api/v1/klanten/{uuid}', (request, params, context, caller) => write(request, context, caller, params.uuid!, true))
    .add('DELETE', '/api/v1/klanten/{uuid}', (request, params, context, caller) => {
      const existing = klanten.get(params.uuid!);
      if (!existing) return notFound();
      klanten.delete(params.uuid!);
      record(request, context, caller, params.uuid!, 'destroy', 204, existing, null);
      return { status: 204, headers: { 'api-version': API_VERSION } };
    })
    .add('GET', '/api/v1/klanten/{klant_uuid}/audittrail', (request, params) => {
      const entries = audit.filter((entry) => entry.klantUuid === params.klant_uuid);
      if (entries.length === 0 && !klanten.has(params.klant_uuid!)) return notFound();
      return json(200, entries.map((entry) => auditRepresentation(entry, request.origin)));
    })
    .add('GET', '/api/v1/klanten/{klant_uuid}/audittrail/{uuid}', (request, params) => {
      const entry = audit.find((e) => e.klantUuid === params.klant_uuid && e.uuid === params.uuid);
      return entry ? cacheable(request, auditRepresentation(entry, request.origin)) : notFound();
    });

  const registry: SandboxRegistry = {
    id: 'vng-klanten',
    openapiFile: join(registriesDir(), 'vng-klanten', 'openapi.yaml'),
    credentials: {
      klantenClientId: 'regx-sandbox',
      klantenSecret: VNG_CLIENTS['regx-sandbox']!.secret,
      klantenUserId: 'demo',
      klantenUserRepresentation: 'Demo gebruiker',
      klantenReadOnlyClientId: 'regx-sandbox-lezen',
      klantenReadOnlySecret: VNG_CLIENTS['regx-sandbox-lezen']!.secret,
    },
    async handle(request, context) {
      const match = router.match(request.method, request.path);
      if (match.kind === 'not-found') return notFound();
      if (match.kind === 'method-not-allowed') return fout(405, 'method_not_allowed', `Methode "${request.method}" niet toegestaan.`, { allow: match.allowed.join(', ') });
      const scope = request.path.includes('/audittrail') ? 'audittrails.lezen' : SCOPES[request.method]!;
      const authorised = await authorise(request.headers.authorization, VNG_CLIENTS, scope);
      if ('denied' in authorised) return authorised.denied;
      const accept = request.headers.accept;
      if (accept && !accept.split(',').some((part) => /^\s*(\*\/\*|application\/\*|application\/json|application\/problem\+json)\s*(;|$)/i.test(part))) {
        return fout(406, 'not_acceptable', 'Kon niet voldoen aan de opgegeven Accept header.');
      }
      return match.handler(request, match.params, context, authorised.caller);
    },
    snapshot: (): State => ({ klanten: [...klanten], audit }),
    restore(state) {
      if (!isRecord(state) || !Array.isArray(state.klanten)) throw new Error('vng-klanten: unexpected snapshot shape');
      klanten = new Map(state.klanten as [string, KlantData][]);
      audit = Array.isArray(state.audit) ? (state.audit as AuditEntry[]) : [];
    },
    errorResponse: (status, message) => fout(status, status === 500 ? 'error' : 'invalid', message),
  };
  return registry;
};

export default createVngKlanten;
