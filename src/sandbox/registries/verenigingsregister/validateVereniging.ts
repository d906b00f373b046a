// The register's validation rules, from the release notes: contact formats (v2 "Validatie op
// contactgegevens"), one primair per type, doelgroep 0–150 with defaults, locatie adres or
// adresId, voornaam/achternaam without digits, INSZ, startdatum not in the future.
import { hoofdactiviteit } from './hoofdactiviteiten';
import { CONTACTGEGEVENTYPES, LOCATIETYPES_BEHEERBAAR, type Adres, type AdresId, type Doelgroep } from './model';
import type { ContactgegevenInput, FeitelijkeVerenigingInput, LocatieInput, VertegenwoordigerInput } from './registratie';
import { FieldReader, isObject, type JsonObject, type ValidationErrors } from './ValidationErrors';

const EMAIL = /^[a-zA-Z0-9](?:[a-zA-Z0-9!#$%&'*+/=?^_`{|}~.-]*[a-zA-Z0-9])?@[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*\.[a-zA-Z]{2,}$/;
const TELEFOON = /^[0-9\s()+./-]*[0-9][0-9\s()+./-]*$/;
const URL_MET_PUNT = /^https?:\/\/[^\s]*\.[^\s]*$/;
const DATUM = /^\d{4}-\d{2}-\d{2}$/;
export const ADRESREGISTER_PREFIX = 'https://data.vlaanderen.be/id/adres/';

export function isGeldigeDatum(value: string): boolean {
  if (!DATUM.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** Whether `waarde` has the format its contactgegeventype asks for; the message when not. */
export function contactgegevenFout(type: string, waarde: string): string | undefined {
  switch (type) {
    case 'E-mail':
      return EMAIL.test(waarde) ? undefined : `'${waarde}' is geen geldig e-mailadres.`;
    case 'Telefoon':
      return TELEFOON.test(waarde) ? undefined : `'${waarde}' is geen geldig telefoonnummer.`;
    case 'Website':
    case 'SocialMedia':
      return URL_MET_PUNT.test(waarde) ? undefined : `'${waarde}' is geen geldige url (begint met http:// of https:// en bevat een punt).`;
    default:
      return `'${type}' is geen gekend contactgegeventype (${CONTACTGEGEVENTYPES.join(', ')}).`;
  }
}

/** INSZ: 11 digits (dots, dashes and spaces allowed) whose last two are the mod-97 check, for births before or from 2000. */
export function normaliseInsz(raw: string): string | undefined {
  const digits = raw.replace(/[\s.-]/g, '');
  if (!/^\d{11}$/.test(digits)) return undefined;
  const base = Number(digits.slice(0, 9));
  const check = Number(digits.slice(9));
  return 97 - (base % 97) === check || 97 - ((2_000_000_000 + base) % 97) === check ? digits : undefined;
}

/** KBO-nummer: 10 digits (dots and spaces allowed), the last two a mod-97 check of the first eight. */
export function normaliseKboNummer(raw: string): string | undefined {
  const digits = raw.replace(/[\s.]/g, '');
  if (!/^\d{10}$/.test(digits)) return undefined;
  return 97 - (Number(digits.slice(0, 8)) % 97) === Number(digits.slice(8)) ? digits : undefined;
}

function persoonsnaamFout(value: string): string | undefined {
  if (/\d/.test(value)) return 'mag geen cijfers bevatten.';
  if (!/[a-zA-Z]/.test(value)) return 'moet minstens één letter bevatten.';
  return undefined;
}

export function readDoelgroep(obj: JsonObject, errors: ValidationErrors, path: string): Doelgroep {
  const reader = new FieldReader(errors, path);
  // Both bounds are optional; a missing one falls back to its default (v6.4).
  const minimumleeftijd = reader.integer(obj, 'minimumleeftijd') ?? 0;
  const maximumleeftijd = reader.integer(obj, 'maximumleeftijd') ?? 150;
  if (minimumleeftijd < 0 || minimumleeftijd > 150) errors.add(`${path}.minimumleeftijd`, 'De minimumleeftijd moet tussen 0 en 150 liggen.');
  if (maximumleeftijd < 0 || maximumleeftijd > 150) errors.add(`${path}.maximumleeftijd`, 'De maximumleeftijd moet tussen 0 en 150 liggen.');
  if (minimumleeftijd > maximumleeftijd) errors.add(path, 'De minimumleeftijd mag niet groter zijn dan de maximumleeftijd.');
  return { minimumleeftijd, maximumleeftijd };
}

/** '' clears the startdatum; otherwise a real date, not in the future. */
export function readStartdatum(obj: JsonObject, errors: ValidationErrors, vandaag: string): string | undefined {
  const value = new FieldReader(errors, '').string(obj, 'startdatum');
  if (value === undefined || value === '') return value;
  if (!isGeldigeDatum(value)) errors.add('startdatum', `'${value}' is geen geldige datum (jjjj-mm-dd).`);
  else if (value > vandaag) errors.add('startdatum', 'De startdatum mag niet in de toekomst liggen.');
  return value;
}

export function readHoofdactiviteiten(obj: JsonObject, errors: ValidationErrors): string[] | undefined {
  const list = new FieldReader(errors, '').array(obj, 'hoofdactiviteitenVerenigingsloket');
  if (list === undefined) return undefined;
  const codes: string[] = [];
  list.forEach((code, i) => {
    if (typeof code !== 'string' || !hoofdactiviteit(code)) errors.add(`hoofdactiviteitenVerenigingsloket[${i}]`, `'${String(code)}' is geen gekende hoofdactiviteit.`);
    else if (codes.includes(code)) errors.add(`hoofdactiviteitenVerenigingsloket[${i}]`, `'${code}' komt meer dan één keer voor.`);
    else codes.push(code);
  });
  return codes;
}

export function readContactgegeven(obj: JsonObject, errors: ValidationErrors, path: string): ContactgegevenInput | undefined {
  const reader = new FieldReader(errors, path);
  const contactgegeventype = reader.string(obj, 'contactgegeventype', true);
  const waarde = reader.string(obj, 'waarde', true);
  const beschrijving = reader.string(obj, 'beschrijving') ?? '';
  const isPrimair = reader.boolean(obj, 'isPrimair') ?? false;
  if (contactgegeventype === undefined || waarde === undefined) return undefined;
  const fout = contactgegevenFout(contactgegeventype, waarde);
  if (fout) {
    errors.add(`${path}.${CONTACTGEGEVENTYPES.includes(contactgegeventype as never) ? 'waarde' : 'contactgegeventype'}`, fout);
    return undefined;
  }
  return { contactgegeventype, waarde, beschrijving, isPrimair };
}

export function readAdres(obj: JsonObject, errors: ValidationErrors, path: string): Adres | undefined {
  const reader = new FieldReader(errors, path);
  const straatnaam = reader.string(obj, 'straatnaam', true);
  const huisnummer = reader.string(obj, 'huisnummer', true);
  const busnummer = reader.string(obj, 'busnummer') ?? '';
  const postcode = reader.string(obj, 'postcode', true);
  const gemeente = reader.string(obj, 'gemeente', true);
  const land = reader.string(obj, 'land', true);
  if (straatnaam === undefined || huisnummer === undefined || postcode === undefined || gemeente === undefined || land === undefined) return undefined;
  return { straatnaam, huisnummer, busnummer, postcode, gemeente, land };
}

export function readAdresId(obj: JsonObject, errors: ValidationErrors, path: string): AdresId | undefined {
  const reader = new FieldReader(errors, path);
  const broncode = reader.string(obj, 'broncode', true);
  const bronwaarde = reader.string(obj, 'bronwaarde', true);
  if (broncode === undefined || bronwaarde === undefined) return undefined;
  if (broncode !== 'AR') errors.add(`${path}.broncode`, "De broncode moet 'AR' zijn.");
  else if (!bronwaarde.startsWith(ADRESREGISTER_PREFIX) || bronwaarde.length === ADRESREGISTER_PREFIX.length)
    errors.add(`${path}.bronwaarde`, `De bronwaarde moet een adres uit het adressenregister zijn (${ADRESREGISTER_PREFIX}…).`);
  else return { broncode, bronwaarde };
  return undefined;
}

export function readLocatie(obj: JsonObject, errors: ValidationErrors, path: string): LocatieInput | undefined {
  const reader = new FieldReader(errors, path);
  const locatietype = reader.string(obj, 'locatietype', true);
  const isPrimair = reader.boolean(obj, 'isPrimair') ?? false;
  const naam = reader.string(obj, 'naam') ?? '';
  const adresObj = reader.object(obj, 'adres');
  const adresIdObj = reader.object(obj, 'adresId');
  if (locatietype !== undefined && !LOCATIETYPES_BEHEERBAAR.includes(locatietype as never))
    errors.add(`${path}.locatietype`, `'${locatietype}' is geen geldig locatietype (${LOCATIETYPES_BEHEERBAAR.join(', ')}).`);
  if (!adresObj && !adresIdObj) errors.add(path, 'Een locatie moet een adres of een adresId hebben.');
  const adres = adresObj ? readAdres(adresObj, errors, `${path}.adres`) : null;
  const adresId = adresIdObj ? readAdresId(adresIdObj, errors, `${path}.adresId`) : null;
  if (locatietype === undefined || adres === undefined || adresId === undefined || (!adres && !adresId)) return undefined;
  return { locatietype, isPrimair, naam, adres, adresId };
}

const VERTEGENWOORDIGER_CONTACT = ['e-mail', 'telefoon', 'mobiel', 'socialMedia'] as const;

/** The contact fields of a vertegenwoordiger, validated with the same formats as contactgegevens. */
export function readVertegenwoordigerContact(obj: JsonObject, errors: ValidationErrors, path: string): Partial<Record<(typeof VERTEGENWOORDIGER_CONTACT)[number], string>> {
  const reader = new FieldReader(errors, path);
  const result: Partial<Record<(typeof VERTEGENWOORDIGER_CONTACT)[number], string>> = {};
  const types = { 'e-mail': 'E-mail', telefoon: 'Telefoon', mobiel: 'Telefoon', socialMedia: 'SocialMedia' } as const;
  for (const key of VERTEGENWOORDIGER_CONTACT) {
    const value = reader.string(obj, key);
    if (value === undefined) continue;
    const fout = value === '' ? undefined : contactgegevenFout(types[key], value);
    if (fout) errors.add(`${path}.${key}`, fout);
    else result[key] = value;
  }
  return result;
}

export function readVertegenwoordiger(obj: JsonObject, errors: ValidationErrors, path: string): VertegenwoordigerInput | undefined {
  const reader = new FieldReader(errors, path);
  const inszRaw = reader.string(obj, 'insz', true);
  const voornaam = reader.string(obj, 'voornaam', true);
  const achternaam = reader.string(obj, 'achternaam', true);
  const insz = inszRaw === undefined ? undefined : normaliseInsz(inszRaw);
  if (inszRaw !== undefined && insz === undefined) errors.add(`${path}.insz`, `'${inszRaw}' is geen geldig INSZ.`);
  for (const [key, value] of [['voornaam', voornaam], ['achternaam', achternaam]] as const) {
    const fout = value === undefined ? undefined : persoonsnaamFout(value);
    if (fout) errors.add(`${path}.${key}`, `'${key}' ${fout}`);
  }
  const contact = readVertegenwoordigerContact(obj, errors, path);
  const vertegenwoordiger: VertegenwoordigerInput = {
    insz: insz ?? '',
    voornaam: voornaam ?? '',
    achternaam: achternaam ?? '',
    roepnaam: reader.string(obj, 'roepnaam') ?? '',
    rol: reader.string(obj, 'rol') ?? '',
    isPrimair: reader.boolean(obj, 'isPrimair') ?? false,
    'e-mail': contact['e-mail'] ?? '',
    telefoon: contact.telefoon ?? '',
    mobiel: contact.mobiel ?? '',
    socialMedia: contact.socialMedia ?? '',
  };
  return insz === undefined || voornaam === undefined || achternaam === undefined ? undefined : vertegenwoordiger;
}

/** Collection rules shared by registration and the add/patch endpoints. */
export function checkContactgegevens(list: ContactgegevenInput[], errors: ValidationErrors, path: string): void {
  for (const type of CONTACTGEGEVENTYPES) {
    if (list.filter((c) => c.contactgegeventype === type && c.isPrimair).length > 1) errors.add(path, `Er mag maximum één primair contactgegeven van type '${type}' zijn.`);
  }
  const seen = new Set<string>();
  for (const c of list) {
    const key = `${c.contactgegeventype}\u0000${c.waarde}\u0000${c.beschrijving}`;
    if (seen.has(key)) errors.add(path, `Het contactgegeven ${c.contactgegeventype} '${c.waarde}' komt meer dan één keer voor.`);
    seen.add(key);
  }
}

export function checkLocaties(list: Omit<LocatieInput, never>[], errors: ValidationErrors, path: string): void {
  if (list.filter((l) => l.isPrimair).length > 1) errors.add(path, 'Er mag maximum één primaire locatie zijn.');
  if (list.filter((l) => l.locatietype === 'Correspondentie').length > 1) errors.add(path, "Er mag maximum één locatie van type 'Correspondentie' zijn.");
  const seen = new Set<string>();
  for (const l of list) {
    const key = JSON.stringify([l.locatietype, l.naam, l.adres, l.adresId]);
    if (seen.has(key)) errors.add(path, 'Een locatie mag niet meer dan één keer voorkomen.');
    seen.add(key);
  }
}

export function checkVertegenwoordigers(list: { insz: string; isPrimair: boolean }[], errors: ValidationErrors, path: string): void {
  if (list.filter((v) => v.isPrimair).length > 1) errors.add(path, 'Er mag maximum één primaire vertegenwoordiger zijn.');
  if (new Set(list.map((v) => v.insz)).size !== list.length) errors.add(path, 'Een vertegenwoordiger (INSZ) mag maar één keer voorkomen.');
}

function readList<T>(obj: JsonObject, key: string, errors: ValidationErrors, read: (item: JsonObject, path: string) => T | undefined): T[] {
  const list = new FieldReader(errors, '').array(obj, key) ?? [];
  const out: T[] = [];
  list.forEach((item, i) => {
    const path = `${key}[${i}]`;
    if (!isObject(item)) errors.add(path, `'${key}' bevat geen objecten.`);
    else {
      const value = read(item, path);
      if (value !== undefined) out.push(value);
    }
  });
  return out;
}

export function readRegistreerFeitelijkeVereniging(body: JsonObject, errors: ValidationErrors, vandaag: string): FeitelijkeVerenigingInput {
  const reader = new FieldReader(errors, '');
  const doelgroepObj = reader.object(body, 'doelgroep');
  const input: FeitelijkeVerenigingInput = {
    naam: reader.string(body, 'naam', true)?.trim() ?? '',
    korteNaam: reader.string(body, 'korteNaam') ?? '',
    korteBeschrijving: reader.string(body, 'korteBeschrijving') ?? '',
    startdatum: readStartdatum(body, errors, vandaag) ?? '',
    doelgroep: doelgroepObj ? readDoelgroep(doelgroepObj, errors, 'doelgroep') : { minimumleeftijd: 0, maximumleeftijd: 150 },
    isUitgeschrevenUitPubliekeDatastroom: reader.boolean(body, 'isUitgeschrevenUitPubliekeDatastroom') ?? false,
    contactgegevens: readList(body, 'contactgegevens', errors, (item, path) => readContactgegeven(item, errors, path)),
    locaties: readList(body, 'locaties', errors, (item, path) => readLocatie(item, errors, path)),
    vertegenwoordigers: readList(body, 'vertegenwoordigers', errors, (item, path) => readVertegenwoordiger(item, errors, path)),
    hoofdactiviteitenVerenigingsloket: readHoofdactiviteiten(body, errors) ?? [],
  };
  checkContactgegevens(input.contactgegevens, errors, 'contactgegevens');
  checkLocaties(input.locaties, errors, 'locaties');
  checkVertegenwoordigers(input.vertegenwoordigers, errors, 'vertegenwoordigers');
  return input;
}
