// Zoeken 2.0: one result per vestiging plus one per rechtspersoon, filtered, then paged.
import type { SandboxRequest, SandboxResponse } from '../../types';
import { fout } from './fout';
import type { KvkOnderneming, KvkVestiging } from './testData';

const TYPES = ['hoofdvestiging', 'nevenvestiging', 'rechtspersoon'] as const;
const MAX_RESULTATEN = 1000;

interface Item {
  onderneming: KvkOnderneming;
  vestiging?: KvkVestiging;
  type: (typeof TYPES)[number];
}

const PATTERNS: Record<string, RegExp> = {
  kvkNummer: /^[0-9]{8}$/,
  rsin: /^[0-9]{9}$/,
  vestigingsnummer: /^[0-9]{12}$/,
  postcode: /^[0-9]{4}[a-zA-Z]{2}$/,
  huisnummer: /^[0-9]{1,5}$/,
  huisletter: /^[a-zA-Z]$/,
  postbusnummer: /^[0-9]{1,5}$/,
};
const SEARCH_PARAMETERS = ['kvkNummer', 'rsin', 'vestigingsnummer', 'naam', 'straatnaam', 'plaats', 'postcode', 'huisnummer', 'huisletter', 'postbusnummer', 'type'];
const KNOWN_PARAMETERS = new Set([...SEARCH_PARAMETERS, 'inclusiefInactieveRegistraties', 'pagina', 'resultatenPerPagina']);

const invalid = (omschrijving: string) => fout(400, 'IPD1999', omschrijving);

export function zoeken(ondernemingen: KvkOnderneming[], request: SandboxRequest): SandboxResponse {
  const q = request.query;
  for (const name of q.keys()) {
    if (!KNOWN_PARAMETERS.has(name)) return invalid(`Onbekende parameter '${name}'.`);
  }
  for (const [name, pattern] of Object.entries(PATTERNS)) {
    const value = q.get(name);
    if (value !== null && !pattern.test(value)) return invalid(`De parameter '${name}' is niet valide.`);
  }
  if (!SEARCH_PARAMETERS.some((name) => q.has(name))) return invalid('Geef ten minste één zoekparameter op.');
  if (q.has('postcode') && !q.has('huisnummer') && !q.has('postbusnummer')) return invalid("De parameter 'postcode' mag alleen in combinatie met 'huisnummer' of 'postbusnummer'.");
  if ((q.has('huisnummer') || q.has('postbusnummer')) && !q.has('postcode')) return invalid("De parameters 'huisnummer' en 'postbusnummer' mogen alleen in combinatie met 'postcode'.");
  if (q.has('huisletter') && !q.has('huisnummer')) return invalid("De parameter 'huisletter' mag alleen in combinatie met 'huisnummer'.");
  const types = q.getAll('type').flatMap((value) => value.split(',')).map((value) => value.trim()).filter(Boolean);
  const unknownType = types.find((type) => !(TYPES as readonly string[]).includes(type));
  if (unknownType) return invalid(`Onbekend type '${unknownType}'; kies uit ${TYPES.join(', ')}.`);
  const inactief = q.get('inclusiefInactieveRegistraties');
  if (inactief !== null && inactief !== 'true' && inactief !== 'false') return invalid("De parameter 'inclusiefInactieveRegistraties' moet true of false zijn.");
  const pagina = integer(q.get('pagina'), 1);
  const perPagina = integer(q.get('resultatenPerPagina'), 10);
  if (pagina === undefined || pagina < 1 || pagina > 1000) return invalid("De parameter 'pagina' moet een getal van 1 tot en met 1000 zijn.");
  if (perPagina === undefined || perPagina < 1 || perPagina > 100) return invalid("De parameter 'resultatenPerPagina' moet een getal van 1 tot en met 100 zijn.");

  const contains = (haystack: string | undefined, needle: string | null) => needle === null || (haystack ?? '').toLowerCase().includes(needle.toLowerCase());
  const equals = (value: string | number | undefined, wanted: string | null) => wanted === null || String(value ?? '').toLowerCase() === wanted.toLowerCase();

  const matches: Item[] = [];
  for (const onderneming of ondernemingen) {
    if (!onderneming.actief && inactief !== 'true') continue;
    const items: Item[] = [];
    if (onderneming.rsin) items.push({ onderneming, type: 'rechtspersoon' });
    for (const vestiging of onderneming.vestigingen) items.push({ onderneming, vestiging, type: vestiging.hoofdvestiging ? 'hoofdvestiging' : 'nevenvestiging' });
    for (const item of items) {
      const vestiging = item.vestiging ?? onderneming.vestigingen[0]!;
      const adressen = vestiging.adressen;
      const naam = item.vestiging ? item.vestiging.eersteHandelsnaam : onderneming.naam;
      const ok =
        equals(onderneming.kvkNummer, q.get('kvkNummer')) &&
        equals(onderneming.rsin, q.get('rsin')) &&
        (q.get('vestigingsnummer') === null || item.vestiging?.vestigingsnummer === q.get('vestigingsnummer')) &&
        (contains(naam, q.get('naam')) || (item.vestiging?.handelsnamen.some((h) => contains(h, q.get('naam'))) ?? false)) &&
        adressen.some(
          (adres) =>
            contains(adres.straatnaam, q.get('straatnaam')) &&
            equals(adres.plaats, q.get('plaats')) &&
            equals(adres.postcode, q.get('postcode')?.toUpperCase() ?? null) &&
            equals(adres.huisnummer, q.get('huisnummer')) &&
            equals(adres.huisletter, q.get('huisletter')) &&
            equals(adres.postbusnummer, q.get('postbusnummer')),
        ) &&
        (types.length === 0 || types.includes(item.type));
      if (ok) matches.push(item);
    }
  }
  const totaal = Math.min(matches.length, MAX_RESULTATEN);
  const start = (pagina - 1) * perPagina;
  const page = matches.slice(start, Math.min(start + perPagina, totaal));
  if (page.length === 0) return fout(404, 'IPD5200', 'Er zijn geen resultaten gevonden aan de hand van de opgegeven parameter(s).');

  const pageUrl = (n: number) => {
    const url = new URL('/test/api/v2/zoeken', request.origin);
    for (const [name, value] of q) if (name !== 'pagina') url.searchParams.append(name, value);
    url.searchParams.set('pagina', String(n));
    return url.toString();
  };
  const v1 = `${request.origin}/test/api/v1`;
  const body: Record<string, unknown> = {
    pagina,
    resultatenPerPagina: perPagina,
    totaal,
    resultaten: page.map((item) => resultaat(item, v1)),
  };
  const links: Record<string, { href: string }> = { self: { href: pageUrl(pagina) } };
  if (pagina > 1) {
    body.vorige = pageUrl(pagina - 1);
    links.vorige = { href: body.vorige as string };
  }
  if (start + perPagina < totaal) {
    body.volgende = pageUrl(pagina + 1);
    links.volgende = { href: body.volgende as string };
  }
  body._links = links;
  return { status: 200, headers: { 'content-type': 'application/hal+json', 'api-version': '2.0.0' }, body };
}

function resultaat(item: Item, v1: string): Record<string, unknown> {
  const { onderneming } = item;
  const vestiging = item.vestiging ?? onderneming.vestigingen[0]!;
  const bezoek = vestiging.adressen.find((a) => a.type === 'bezoekadres') ?? vestiging.adressen[0]!;
  const out: Record<string, unknown> = { kvkNummer: onderneming.kvkNummer };
  if (onderneming.rsin) out.rsin = onderneming.rsin;
  if (item.vestiging) out.vestigingsnummer = item.vestiging.vestigingsnummer;
  out.naam = item.vestiging ? item.vestiging.eersteHandelsnaam : onderneming.naam;
  const binnenlandsAdres: Record<string, unknown> = { type: bezoek.type };
  if (bezoek.straatnaam) binnenlandsAdres.straatnaam = bezoek.straatnaam;
  if (bezoek.huisnummer !== undefined) binnenlandsAdres.huisnummer = bezoek.huisnummer;
  if (bezoek.huisletter) binnenlandsAdres.huisletter = bezoek.huisletter;
  binnenlandsAdres.postcode = bezoek.postcode;
  binnenlandsAdres.plaats = bezoek.plaats;
  out.adres = { binnenlandsAdres };
  out.type = item.type;
  if (!onderneming.actief) out.actief = 'Nee';
  const links: Record<string, { href: string }> = { basisprofiel: { href: `${v1}/basisprofielen/${onderneming.kvkNummer}` } };
  if (item.vestiging) links.vestigingsprofiel = { href: `${v1}/vestigingsprofielen/${item.vestiging.vestigingsnummer}` };
  out._links = links;
  return out;
}

function integer(value: string | null, fallback: number): number | undefined {
  if (value === null) return fallback;
  return /^[0-9]{1,6}$/.test(value) ? Number(value) : undefined;
}
