// The Klant resource: its fields, validation into ZGW `invalidParams`, and its representation.
import { isRecord } from '../../responses';
import type { InvalidParam } from './problems';

export const SUBJECT_TYPES = ['natuurlijk_persoon', 'niet_natuurlijk_persoon', 'vestiging'] as const;

/** A klant as stored: every writable field, never `url` (that depends on the origin). */
export interface KlantData {
  bronorganisatie: string;
  klantnummer: string;
  bedrijfsnaam: string;
  functie: string;
  websiteUrl: string;
  voornaam: string;
  voorvoegselAchternaam: string;
  achternaam: string;
  telefoonnummer: string;
  emailadres: string;
  adres: KlantAdres | null;
  subject: string;
  subjectType: (typeof SUBJECT_TYPES)[number] | null;
  subjectIdentificatie: Record<string, unknown> | null;
}

export interface KlantAdres {
  straatnaam: string;
  huisnummer: number | null;
  huisletter: string;
  huisnummertoevoeging: string;
  postcode: string;
  woonplaatsnaam: string;
  landcode: string;
}

const STRINGS: Record<string, number> = {
  bronorganisatie: 9,
  klantnummer: 8,
  bedrijfsnaam: 200,
  functie: 200,
  websiteUrl: 1000,
  voornaam: 200,
  voorvoegselAchternaam: 10,
  achternaam: 200,
  telefoonnummer: 20,
  emailadres: 254,
  subject: 1000,
};
const ADRES_STRINGS: Record<string, number> = { straatnaam: 100, huisletter: 1, huisnummertoevoeging: 4, postcode: 7, woonplaatsnaam: 80, landcode: 4 };
const READ_ONLY = new Set(['url']);
const KNOWN = new Set([...Object.keys(STRINGS), 'adres', 'subjectType', 'subjectIdentificatie', ...READ_ONLY]);

/** RSIN/BSN elfproef: nine digits, weights 9..2 and -1, sum divisible by 11. */
export function isRsin(value: string): boolean {
  if (!/^[0-9]{9}$/.test(value)) return false;
  const digits = [...value].map(Number);
  const sum = digits.slice(0, 8).reduce((total, digit, i) => total + digit * (9 - i), 0) - digits[8]!;
  return sum % 11 === 0;
}

function isUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

export function emptyKlant(): KlantData {
  return {
    bronorganisatie: '',
    klantnummer: '',
    bedrijfsnaam: '',
    functie: '',
    websiteUrl: '',
    voornaam: '',
    voorvoegselAchternaam: '',
    achternaam: '',
    telefoonnummer: '',
    emailadres: '',
    adres: null,
    subject: '',
    subjectType: null,
    subjectIdentificatie: null,
  };
}

/**
 * Applies `input` over `base` (PUT: base is empty; PATCH: base is the stored klant) and checks the
 * result. `klantnummer` may be left empty here: kla-001 generates it afterwards.
 */
export function mergeKlant(base: KlantData, input: unknown, partial: boolean): { klant: KlantData; invalid: InvalidParam[] } {
  const invalid: InvalidParam[] = [];
  if (!isRecord(input)) return { klant: base, invalid: [{ name: 'nonFieldErrors', code: 'invalid', reason: 'Ongeldige data. Verwachtte een dictionary, maar kreeg een ' + (Array.isArray(input) ? 'list' : typeof input) + '.' }] };
  const klant: KlantData = { ...base, adres: base.adres ? { ...base.adres } : null };
  for (const name of Object.keys(input)) {
    if (!KNOWN.has(name)) invalid.push({ name, code: 'unknown', reason: `Onbekend veld '${name}'.` });
  }
  for (const [name, max] of Object.entries(STRINGS)) {
    if (!(name in input)) continue;
    const value = input[name];
    if (value === null && name !== 'bronorganisatie' && name !== 'websiteUrl' && name !== 'klantnummer') {
      (klant as unknown as Record<string, unknown>)[name] = '';
      continue;
    }
    if (typeof value !== 'string') {
      invalid.push({ name, code: 'invalid', reason: 'Geen geldige string.' });
      continue;
    }
    if (value.length > max) invalid.push({ name, code: 'max_length', reason: `Zorg ervoor dat dit veld niet meer dan ${max} karakters bevat.` });
    (klant as unknown as Record<string, unknown>)[name] = value;
  }
  if ('subjectType' in input) {
    const value = input.subjectType;
    if (value === null || value === '') klant.subjectType = null;
    else if (typeof value === 'string' && (SUBJECT_TYPES as readonly string[]).includes(value)) klant.subjectType = value as KlantData['subjectType'];
    else invalid.push({ name: 'subjectType', code: 'invalid_choice', reason: `"${String(value)}" is geen geldige keuze; kies uit ${SUBJECT_TYPES.join(', ')}.` });
  }
  if ('subjectIdentificatie' in input) {
    const value = input.subjectIdentificatie;
    if (value === null) klant.subjectIdentificatie = null;
    else if (isRecord(value)) klant.subjectIdentificatie = value;
    else invalid.push({ name: 'subjectIdentificatie', code: 'invalid', reason: 'Verwachtte een object.' });
  }
  if ('adres' in input) {
    const value = input.adres;
    if (value === null) klant.adres = null;
    else if (!isRecord(value)) invalid.push({ name: 'adres', code: 'invalid', reason: 'Verwachtte een object.' });
    else {
      const adres: KlantAdres = partial && klant.adres ? klant.adres : { straatnaam: '', huisnummer: null, huisletter: '', huisnummertoevoeging: '', postcode: '', woonplaatsnaam: '', landcode: '' };
      for (const [name, max] of Object.entries(ADRES_STRINGS)) {
        if (!(name in value)) continue;
        const field = value[name];
        if (typeof field !== 'string') invalid.push({ name: `adres.${name}`, code: 'invalid', reason: 'Geen geldige string.' });
        else if (field.length > max) invalid.push({ name: `adres.${name}`, code: 'max_length', reason: `Zorg ervoor dat dit veld niet meer dan ${max} karakters bevat.` });
        else (adres as unknown as Record<string, unknown>)[name] = field;
      }
      if ('huisnummer' in value) {
        const field = value.huisnummer;
        if (field === null) adres.huisnummer = null;
        else if (typeof field === 'number' && Number.isInteger(field) && field >= 0 && field <= 99999) adres.huisnummer = field;
        else invalid.push({ name: 'adres.huisnummer', code: 'invalid', reason: 'Een geheel getal van 0 tot en met 99999 is vereist.' });
      }
      for (const name of Object.keys(value)) {
        if (!(name in ADRES_STRINGS) && name !== 'huisnummer') invalid.push({ name: `adres.${name}`, code: 'unknown', reason: `Onbekend veld '${name}'.` });
      }
      klant.adres = adres;
    }
  }
  if (!klant.bronorganisatie) invalid.push({ name: 'bronorganisatie', code: 'required', reason: 'Dit veld is vereist.' });
  else if (!isRsin(klant.bronorganisatie)) invalid.push({ name: 'bronorganisatie', code: 'invalid', reason: 'Onjuist RSIN: negen cijfers die aan de elfproef voldoen.' });
  if (!klant.websiteUrl) invalid.push({ name: 'websiteUrl', code: 'required', reason: 'Dit veld is vereist.' });
  else if (!isUrl(klant.websiteUrl)) invalid.push({ name: 'websiteUrl', code: 'invalid', reason: 'Voer een geldige URL in.' });
  if (klant.subject && !isUrl(klant.subject)) invalid.push({ name: 'subject', code: 'invalid', reason: 'Voer een geldige URL in.' });
  if (klant.emailadres && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(klant.emailadres)) invalid.push({ name: 'emailadres', code: 'invalid', reason: 'Voer een geldig e-mailadres in.' });
  return { klant, invalid };
}

export function representation(uuid: string, klant: KlantData, origin: string): Record<string, unknown> {
  return { url: `${origin}/api/v1/klanten/${uuid}`, ...klant };
}
