// DATA-collectief API: the operations of its seven documented business cases, with credits,
// a month of ownership per download, paging and sorting, `*` wildcards and sub-accounts.
// No public API description exists, so the paths are ours; each operationId is the documented name.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { registriesDir } from '../../../core/paths';
import { isRecord, parseJsonBody } from '../../responses';
import { Router, type RouteHandler } from '../../router';
import type { SandboxRegistry, SandboxRegistryFactory, SandboxRequest, SandboxResponse } from '../../types';
import { authenticate, MAIN_CREDITS, MAIN_PASSWORD, MAIN_USER, newAccount, oneMonthLater, ownedUntil, PENDING_ACCOUNTS, SUB_ACCOUNT_CREDITS, subAccountPassword, type Account } from './accounts';
import { buildCompanies, buildContacts, buildLeads, MESSAGE_REASONS, SELECTIONS, WEBSITES, type Company, type Contact } from './sampleData';

export const MAX_UPDATED_IDS = 100;
export const SELECTION_PAGE_SIZE = 8;
export const MAX_LEADS = 250;
const MAX_PAGE_SIZE = 100;
const DEFAULT_PAGE_SIZE = 25;
const SORTS = ['companyNumber', 'name', 'city', 'postcode'] as const;

interface State {
  accounts: Account[];
  newContacts: Contact[];
  selectionTokens: string[];
  feedback: { feedbackNumber: number; user: string; kind: 'company' | 'contact'; number: number; reasonCode: string; message: string; at: string }[];
}

function error(status: number, code: string, message: string, headers: Record<string, string> = {}): SandboxResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: { error: { code, message } } };
}

/** `*` matches any run of characters; without one the whole value must match. Case-insensitive. */
export function wildcard(pattern: string): RegExp {
  const escaped = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${escaped}$`, 'i');
}

/** "Jansen" → "Jan...": the last three characters of a contact's name are hidden in lists. */
export function hideLastThree(name: string): string {
  return `${name.slice(0, Math.max(0, name.length - 3))}...`;
}

const createDataCollectief: SandboxRegistryFactory = () => {
  const companies = buildCompanies();
  const companyByNumber = new Map(companies.map((c) => [c.companyNumber, c]));
  const seededContacts = buildContacts(companies);
  const leads = buildLeads(companies);
  let state: State = freshState();
  let contacts = indexContacts();

  function freshState(): State {
    return { accounts: [newAccount(MAIN_USER, MAIN_PASSWORD, MAIN_CREDITS)], newContacts: [], selectionTokens: [], feedback: [] };
  }
  function indexContacts(): Map<number, Contact> {
    return new Map([...seededContacts, ...state.newContacts].map((c) => [c.contactNumber, c]));
  }
  const accountMap = () => new Map(state.accounts.map((a) => [a.user, a]));

  const ok = (status: number, body: unknown, account: Account, headers: Record<string, string> = {}): SandboxResponse => ({
    status,
    headers: { 'content-type': 'application/json', 'x-credits-remaining': String(account.credits), ...headers },
    body,
  });

  const integer = (value: string | null, name: string, fallback?: number): number | SandboxResponse => {
    if (value === null) return fallback ?? error(400, 'MISSING_PARAMETER', `Parameter '${name}' is verplicht.`);
    if (!/^[0-9]{1,9}$/.test(value)) return error(400, 'INVALID_PARAMETER', `Parameter '${name}' moet een positief geheel getal zijn.`);
    return Number(value);
  };
  const isError = (value: unknown): value is SandboxResponse => typeof value === 'object' && value !== null && 'status' in value;

  const listItem = (c: Company) => ({
    companyNumber: c.companyNumber,
    name: c.name,
    street: c.street,
    houseNumber: c.houseNumber,
    houseNumberAddition: c.houseNumberAddition,
    city: c.city,
    deleted: c.deleted,
  });

  /** Charges one credit unless owned; owning lasts a calendar month from this download. */
  const download = (account: Account, kind: 'company' | 'contact', number: number, now: Date): { charged: number; ownedUntil: string } | SandboxResponse => {
    const owned = kind === 'company' ? account.ownedCompanies : account.ownedContacts;
    const until = ownedUntil(owned, number, now);
    if (until) return { charged: 0, ownedUntil: until };
    if (account.credits < 1) return error(402, 'NO_CREDITS', `Onvoldoende credits om ${kind === 'company' ? 'dit bedrijf' : 'deze contactpersoon'} te downloaden.`);
    account.credits -= 1;
    account.creditsUsed += 1;
    if (kind === 'company') account.downloadedCompanies += 1;
    else account.downloadedContacts += 1;
    const next = oneMonthLater(now).toISOString();
    owned[String(number)] = next;
    return { charged: 1, ownedUntil: next };
  };

  const fieldsWithTimestamps = (values: Record<string, unknown>, modified: Record<string, string>, groups: Record<string, string>) =>
    Object.fromEntries(Object.entries(values).map(([name, value]) => [name, { value, modified: modified[groups[name] ?? name] ?? modified.name! }]));

  const router = new Router<RouteHandler<Account>>()
    .add('GET', '/api/v1/downloadstatistics', (_request, _params, context, account) => {
            const now = context.now();
      return ok(200, {
        user: account.user,
        mainAccount: !account.parent,
        credits: { remaining: account.credits, used: account.creditsUsed, rewarded: account.creditsRewarded },
        downloads: { companies: account.downloadedCompanies, contacts: account.downloadedContacts },
        owned: {
          companies: Object.keys(account.ownedCompanies).filter((n) => ownedUntil(account.ownedCompanies, Number(n), now)).length,
          contacts: Object.keys(account.ownedContacts).filter((n) => ownedUntil(account.ownedContacts, Number(n), now)).length,
        },
      }, account);
    })
    .add('GET', '/api/v1/companies', (request, _params, _context, account) => {
      const q = request.query;
      const page = integer(q.get('page'), 'page', 1);
      if (isError(page)) return page;
      const pageSize = integer(q.get('pageSize'), 'pageSize', DEFAULT_PAGE_SIZE);
      if (isError(pageSize)) return pageSize;
      if (page < 1) return error(400, 'INVALID_PARAMETER', "Parameter 'page' begint bij 1.");
      if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) return error(400, 'INVALID_PARAMETER', `Parameter 'pageSize' moet tussen 1 en ${MAX_PAGE_SIZE} liggen.`);
      const sort = q.get('sort') ?? 'companyNumber';
      const field = sort.replace(/^-/, '') as (typeof SORTS)[number];
      if (!(SORTS as readonly string[]).includes(field)) return error(400, 'INVALID_PARAMETER', `Onbekend sorteerveld '${sort}'; kies uit ${SORTS.join(', ')} (met '-' ervoor voor aflopend).`);
      const filters: [keyof Company, RegExp][] = [];
      for (const name of ['name', 'city', 'postcode', 'sbiCode', 'kvkNumber'] as const) {
        const value = q.get(name);
        if (value !== null && value !== '') filters.push([name, name === 'name' || name === 'city' ? wildcard(value) : new RegExp(`^${value.replace(/[^0-9A-Za-z]/g, '')}`, 'i')]);
      }
      const matches = companies.filter((c) => filters.every(([name, pattern]) => pattern.test(String(c[name]))));
      const direction = sort.startsWith('-') ? -1 : 1;
      matches.sort((a, b) => {
        const x = a[field];
        const y = b[field];
        const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'nl');
        return (order || a.companyNumber - b.companyNumber) * direction;
      });
      return ok(200, { page, pageSize, total: matches.length, sort, companies: matches.slice((page - 1) * pageSize, page * pageSize).map(listItem) }, account);
    })
    .add('GET', '/api/v1/companies/{companyNumber}', (_request, params, context, account) => {
      const company = companyByNumber.get(Number(params.companyNumber));
      if (!company || !/^[0-9]+$/.test(params.companyNumber!)) return error(404, 'NOT_FOUND', `Bedrijf ${params.companyNumber} bestaat niet.`);
            const result = download(account, 'company', company.companyNumber, context.now());
      if (isError(result)) return result;
      const { modified, ...values } = company;
      return ok(200, {
        companyNumber: company.companyNumber,
        creditsCharged: result.charged,
        ownedUntil: result.ownedUntil,
        fields: fieldsWithTimestamps(values, modified, { street: 'address', houseNumber: 'address', houseNumberAddition: 'address', postcode: 'address', city: 'address', province: 'address' }),
      }, account, { 'x-credits-charged': String(result.charged) });
    })
    .add('GET', '/api/v1/companies/{companyNumber}/contacts', (_request, params, _context, account) => {
      const company = companyByNumber.get(Number(params.companyNumber));
      if (!company) return error(404, 'NOT_FOUND', `Bedrijf ${params.companyNumber} bestaat niet.`);
      const list = [...contacts.values()].filter((c) => c.companyNumber === company.companyNumber);
      return ok(200, {
        companyNumber: company.companyNumber,
        contacts: list.map((c) => ({ contactNumber: c.contactNumber, name: hideLastThree(c.lastName), firstName: c.firstName, functionCode: c.functionCode, functionDescription: c.functionDescription, gender: c.gender, deleted: c.deleted })),
      }, account);
    })
    .add('GET', '/api/v1/contacts/{contactNumber}', (_request, params, context, account) => {
      const contact = contacts.get(Number(params.contactNumber));
      if (!contact) return error(404, 'NOT_FOUND', `Contactpersoon ${params.contactNumber} bestaat niet.`);
            const result = download(account, 'contact', contact.contactNumber, context.now());
      if (isError(result)) return result;
      const { modified, ...values } = contact;
      return ok(200, {
        contactNumber: contact.contactNumber,
        creditsCharged: result.charged,
        ownedUntil: result.ownedUntil,
        fields: fieldsWithTimestamps(values, modified, { initials: 'name', firstName: 'name', lastName: 'name', gender: 'name', functionCode: 'function', functionDescription: 'function', phone: 'email' }),
      }, account, { 'x-credits-charged': String(result.charged) });
    })
    .add('POST', '/api/v1/contacts', (request, _params, context, account) => {
            const body = parseJsonBody(request.body);
      if (!isRecord(body)) return error(400, 'INVALID_BODY', 'Verwacht een JSON-object met companyNumber, initials, lastName, gender en function.');
      const missing = ['companyNumber', 'initials', 'lastName', 'gender', 'function'].filter((name) => body[name] === undefined || body[name] === '' || body[name] === null);
      if (missing.length > 0) return error(400, 'INCOMPLETE_CONTACT', `Onvolledige contactpersoon: ${missing.join(', ')} ontbreekt.`);
      const company = companyByNumber.get(Number(body.companyNumber));
      if (!company) return error(400, 'INVALID_PARAMETER', `Bedrijf ${String(body.companyNumber)} bestaat niet.`);
      if (!['M', 'V', 'O'].includes(String(body.gender))) return error(400, 'INVALID_PARAMETER', "gender is 'M', 'V' of 'O'.");
      const initials = String(body.initials);
      const lastName = String(body.lastName);
      const exists = [...contacts.values()].some((c) => c.companyNumber === company.companyNumber && c.lastName.toLowerCase() === lastName.toLowerCase() && c.initials.replace(/\./g, '').toLowerCase() === initials.replace(/\./g, '').toLowerCase());
      if (exists) {
        // Offering a contact the company already has costs a credit (documented).
        const charged = account.credits > 0 ? 1 : 0;
        account.credits -= charged;
        account.creditsUsed += charged;
        return error(409, 'CONTACT_EXISTS', `Deze contactpersoon is al bekend bij bedrijf ${company.companyNumber}; er is ${charged} credit in rekening gebracht.`, { 'x-credits-remaining': String(account.credits), 'x-credits-charged': String(charged) });
      }
      const contactNumber = Math.max(...contacts.keys()) + 1;
      const at = context.now().toISOString();
      const contact: Contact = { contactNumber, companyNumber: company.companyNumber, initials, firstName: '', lastName, gender: String(body.gender) as Contact['gender'], functionCode: 'OVR', functionDescription: String(body.function), email: '', phone: '', deleted: false, modified: { name: at, function: at, email: at } };
      state.newContacts.push(contact);
      contacts.set(contactNumber, contact);
      account.credits += 1;
      account.creditsRewarded += 1;
      return ok(201, { contactNumber, companyNumber: company.companyNumber, creditsRewarded: 1 }, account);
    })
    .add('GET', '/api/v1/companyselections/url', (request, _params, _context, account) => {
      const token = randomBytes(16).toString('hex');
      state.selectionTokens.push(token);
      return ok(200, { url: `${request.origin}/selectie?token=${token}`, token }, account);
    })
    .add('GET', '/api/v1/companyselections/{selectionNumber}', (request, params, _context, account) => {
      const selection = SELECTIONS.find((s) => String(s.selectionNumber) === params.selectionNumber);
      if (!selection) return error(404, 'NOT_FOUND', `Selectie ${params.selectionNumber} bestaat niet.`);
      if (request.query.has('pageSize')) return error(400, 'INVALID_PARAMETER', `Het aantal per pagina is niet instelbaar: altijd ${SELECTION_PAGE_SIZE}.`);
      const page = integer(request.query.get('page'), 'page');
      if (isError(page)) return page;
      if (page < 1) return error(400, 'INVALID_PARAMETER', "Parameter 'page' begint bij 1.");
      const matches = companies.filter(selection.matches);
      return ok(200, {
        selectionNumber: selection.selectionNumber,
        description: selection.description,
        page,
        pageSize: SELECTION_PAGE_SIZE,
        total: matches.length,
        companies: matches.slice((page - 1) * SELECTION_PAGE_SIZE, page * SELECTION_PAGE_SIZE).map(listItem),
      }, account);
    })
    .add('GET', '/api/v1/updates/companies', (request, _params, _context, account) => updated(request, account, 'companyNumbers', (n) => companyByNumber.get(n)?.modified))
    .add('GET', '/api/v1/updates/contacts', (request, _params, _context, account) => updated(request, account, 'contactNumbers', (n) => contacts.get(n)?.modified))
    .add('GET', '/api/v1/messagereasons', (_request, _params, _context, account) => ok(200, { reasons: MESSAGE_REASONS }, account))
    .add('POST', '/api/v1/companies/{companyNumber}/feedback', (request, params, context, account) => feedback(request, account, 'company', Number(params.companyNumber), context.now()))
    .add('POST', '/api/v1/contacts/{contactNumber}/feedback', (request, params, context, account) => feedback(request, account, 'contact', Number(params.contactNumber), context.now()))
    .add('GET', '/api/v1/websiteleads/websites', (_request, _params, _context, account) => ok(200, { websites: WEBSITES }, account))
    .add('GET', '/api/v1/websiteleads/leads', (request, _params, _context, account) => {
      const q = request.query;
      const websiteName = q.get('websiteName');
      if (!websiteName) return error(400, 'MISSING_PARAMETER', "Parameter 'websiteName' is verplicht (zie WebsiteleadsWebsites).");
      if (!WEBSITES.some((w) => w.websiteName === websiteName)) return error(404, 'NOT_FOUND', `Website '${websiteName}' is niet geregistreerd.`);
      const from = q.get('from');
      const to = q.get('to');
      if (!from || !to || !/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to)) return error(400, 'INVALID_PARAMETER', "Parameters 'from' en 'to' zijn verplicht, als JJJJ-MM-DD.");
      const start = Date.parse(`${from}T00:00:00Z`);
      const end = Date.parse(`${to}T00:00:00Z`) + 24 * 3600 * 1000;
      if (Number.isNaN(start) || Number.isNaN(end) || start >= end) return error(400, 'INVALID_PARAMETER', "'from' moet op of voor 'to' liggen.");
      const found = leads.filter((l) => l.websiteName === websiteName && Date.parse(l.visitedAt) >= start && Date.parse(l.visitedAt) < end);
      return ok(200, {
        websiteName,
        from,
        to,
        total: found.length,
        truncated: found.length > MAX_LEADS,
        leads: found.slice(0, MAX_LEADS).map((lead) => {
          const company = companyByNumber.get(lead.companyNumber)!;
          return { leadNumber: lead.leadNumber, visitedAt: lead.visitedAt, company: listItem(company), visitor: lead.visitor, clickPath: lead.clickPath };
        }),
      }, account);
    })
    .add('POST', '/api/v1/accounts', (request, _params, _context, account) => {
            if (account.parent) return error(403, 'NOT_MAIN_ACCOUNT', 'Alleen het hoofdaccount van de applicatie kan accounts koppelen.');
      const body = parseJsonBody(request.body);
      if (!isRecord(body) || typeof body.newUser !== 'string' || typeof body.code !== 'string') return error(400, 'INVALID_BODY', 'Verwacht {"newUser": "<e-mailadres>", "code": "<koppelcode>"}.');
      const pending = PENDING_ACCOUNTS.find((p) => p.newUser.toLowerCase() === (body.newUser as string).toLowerCase());
      if (!pending || pending.code !== body.code) return error(400, 'INVALID_CODE', 'Onbekende gebruiker of koppelcode; de gebruiker moet zich eerst aanmelden bij Mijn DATA-collectief en de applicatie activeren.');
      if (state.accounts.some((a) => a.user === pending.newUser)) return error(409, 'ALREADY_LINKED', `${pending.newUser} is al gekoppeld.`);
      const password = subAccountPassword(pending.newUser, pending.code);
      state.accounts.push(newAccount(pending.newUser, password, SUB_ACCOUNT_CREDITS, account.user));
      return ok(201, { user: pending.newUser, password, credits: SUB_ACCOUNT_CREDITS }, account);
    });

  function updated(request: SandboxRequest, account: Account, name: 'companyNumbers' | 'contactNumbers', modifiedOf: (n: number) => Record<string, string> | undefined): SandboxResponse {
    const raw = request.query.get(name);
    if (!raw) return error(400, 'MISSING_PARAMETER', `Parameter '${name}' is verplicht: een kommagescheiden lijst van nummers.`);
    const numbers = raw.split(',').map((s) => s.trim()).filter(Boolean);
    if (numbers.length > MAX_UPDATED_IDS) return error(400, 'TOO_MANY_IDS', `Maximaal ${MAX_UPDATED_IDS} nummers per verzoek; dit waren er ${numbers.length}.`);
    if (numbers.some((n) => !/^[0-9]+$/.test(n))) return error(400, 'INVALID_PARAMETER', `'${name}' bevat iets anders dan nummers.`);
    const since = request.query.get('since');
    if (!since || Number.isNaN(Date.parse(since))) return error(400, 'INVALID_PARAMETER', "Parameter 'since' is verplicht: een datum (JJJJ-MM-DD) of tijdstip (ISO 8601).");
    const sinceMs = Date.parse(since);
    const changed = numbers.map(Number).filter((n) => {
      const modified = modifiedOf(n);
      return modified !== undefined && Object.values(modified).some((at) => Date.parse(at) > sinceMs);
    });
    return ok(200, { since, [name]: [...new Set(changed)] }, account);
  }

  function feedback(request: SandboxRequest, account: Account, kind: 'company' | 'contact', number: number, now: Date): SandboxResponse {
        const exists = kind === 'company' ? companyByNumber.has(number) : contacts.has(number);
    if (!exists) return error(404, 'NOT_FOUND', `${kind === 'company' ? 'Bedrijf' : 'Contactpersoon'} ${number} bestaat niet.`);
    if (!ownedUntil(kind === 'company' ? account.ownedCompanies : account.ownedContacts, number, now)) {
      return error(403, 'NOT_OWNED', `${kind === 'company' ? 'Dit bedrijf' : 'Deze contactpersoon'} is niet in uw bezit; download het eerst.`);
    }
    const body = parseJsonBody(request.body);
    if (!isRecord(body) || typeof body.reasonCode !== 'string') return error(400, 'INVALID_BODY', 'Verwacht {"reasonCode": "<code uit BaseTableMessageReasons>", "message": "..."}.');
    const reason = MESSAGE_REASONS.find((r) => r.code === body.reasonCode);
    if (!reason || (reason.appliesTo !== 'both' && reason.appliesTo !== kind)) return error(400, 'INVALID_REASON', `Reden '${body.reasonCode}' bestaat niet voor een ${kind === 'company' ? 'bedrijf' : 'contactpersoon'}.`);
    const feedbackNumber = 800001 + state.feedback.length;
    state.feedback.push({ feedbackNumber, user: account.user, kind, number, reasonCode: reason.code, message: typeof body.message === 'string' ? body.message : '', at: now.toISOString() });
    account.credits += 1;
    account.creditsRewarded += 1;
    return ok(201, { feedbackNumber, status: 'ontvangen', creditsRewarded: 1 }, account);
  }

  const selectionPage = (request: SandboxRequest): SandboxResponse => {
    const token = request.query.get('token') ?? '';
    if (!state.selectionTokens.includes(token)) return { status: 403, headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<!doctype html><title>Ongeldig token</title><p>Vraag een nieuwe URL op met UrlCompanySelection.</p>\n' };
    const rows = SELECTIONS.map((s) => `<li><strong>${s.selectionNumber}</strong> ${s.description}</li>`).join('');
    return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: `<!doctype html><title>Doelgroepselectie</title><h1>Doelgroepselectie (sandbox)</h1><p>Gebruik een selectienummer in CompanySelection:</p><ul>${rows}</ul>\n` };
  };

  const registry: SandboxRegistry = {
    id: 'data-collectief',
    openapiFile: join(registriesDir(), 'data-collectief', 'openapi.yaml'),
    credentials: { dataCollectiefUser: MAIN_USER, dataCollectiefPassword: MAIN_PASSWORD, pendingAccounts: PENDING_ACCOUNTS },
    handle(request, context) {
      if (request.method === 'GET' && request.path === '/selectie') return selectionPage(request);
      const match = router.match(request.method, request.path);
      if (match.kind === 'not-found') return error(404, 'NOT_FOUND', `Onbekend pad ${request.path}.`);
      if (match.kind === 'method-not-allowed') return error(405, 'METHOD_NOT_ALLOWED', `Methode ${request.method} niet toegestaan.`, { allow: match.allowed.join(', ') });
      const account = authenticate(request.headers.authorization, accountMap());
      if (!account) return error(401, 'UNAUTHORIZED', 'Geen of onjuiste gebruikersnaam/wachtwoord (HTTP Basic).', { 'www-authenticate': 'Basic realm="DATA-collectief"' });
      return match.handler(request, match.params, context, account);
    },
    snapshot: () => state,
    restore(saved) {
      if (!isRecord(saved) || !Array.isArray(saved.accounts)) throw new Error('data-collectief: unexpected snapshot shape');
      state = { ...freshState(), ...(saved as unknown as State) };
      contacts = indexContacts();
    },
    errorResponse: (status, message) => error(status, status === 500 ? 'INTERNAL_ERROR' : 'ERROR', message),
  };
  return registry;
};

export default createDataCollectief;
