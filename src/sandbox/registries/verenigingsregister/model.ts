// The vereniging as the sandbox stores it: one shape for publiek, beheer and acm, each of which
// renders its own view. Field names follow the current release (v8.32); older releases are a
// rename applied on the way out (see `v86Renames.ts`).

export type Bron = 'Initiator' | 'KBO';
export type VerenigingStatus = 'Actief' | 'Gestopt';

export interface Verenigingstype {
  code: string;
  naam: string;
}

export interface Doelgroep {
  minimumleeftijd: number;
  maximumleeftijd: number;
}

export interface Adres {
  straatnaam: string;
  huisnummer: string;
  busnummer: string;
  postcode: string;
  gemeente: string;
  land: string;
}

export interface AdresId {
  broncode: string;
  bronwaarde: string;
}

export interface Locatie {
  locatieId: number;
  locatietype: string;
  isPrimair: boolean;
  naam: string;
  adres: Adres | null;
  adresId: AdresId | null;
  bron: Bron;
}

export interface Contactgegeven {
  contactgegevenId: number;
  contactgegeventype: string;
  waarde: string;
  beschrijving: string;
  isPrimair: boolean;
  bron: Bron;
}

export interface Vertegenwoordiger {
  vertegenwoordigerId: number;
  insz: string;
  voornaam: string;
  achternaam: string;
  roepnaam: string;
  rol: string;
  isPrimair: boolean;
  'e-mail': string;
  telefoon: string;
  mobiel: string;
  socialMedia: string;
  bron: Bron;
}

export interface HoofdactiviteitVerenigingsloket {
  code: string;
  naam: string;
}

/** A link between an afdeling and its moeder; only the v8.6 release shows them (v8.32 empties relaties). */
export interface Relatie {
  relatietype: string;
  andereVereniging: { kboNummer: string; vCode: string; naam: string; detail: string };
}

export interface Sleutel {
  bron: string;
  waarde: string;
}

export interface Vereniging {
  vCode: string;
  verenigingstype: Verenigingstype;
  naam: string;
  roepnaam: string;
  korteNaam: string;
  korteBeschrijving: string;
  /** ISO date or '' (empty text fields are "" rather than null, per the release notes). */
  startdatum: string;
  einddatum: string;
  doelgroep: Doelgroep;
  status: VerenigingStatus;
  isUitgeschrevenUitPubliekeDatastroom: boolean;
  kboNummer: string;
  rechtsvorm: string;
  /**
   * Set for an afdeling, registered through the v8.6 release: its moeder's KBO-nummer. v8.32
   * dropped the concept, so the current release shows such a vereniging as a feitelijke.
   */
  kboNummerMoedervereniging?: string;
  contactgegevens: Contactgegeven[];
  locaties: Locatie[];
  vertegenwoordigers: Vertegenwoordiger[];
  hoofdactiviteitenVerenigingsloket: HoofdactiviteitVerenigingsloket[];
  bron: Bron;
  /** Date (yyyy-mm-dd) of the last gebeurtenis, shown as metadata.datumLaatsteAanpassing. */
  datumLaatsteAanpassing: string;
}

export interface Gebeurtenis {
  beschrijving: string;
  gebeurtenis: string;
  data: Record<string, unknown>;
  initiator: string;
  /** Zulu time, e.g. 2023-09-28T13:00:00Z (v8.6 release note). */
  tijdstip: string;
}

export const FEITELIJKE_VERENIGING: Verenigingstype = { code: 'FV', naam: 'Feitelijke vereniging' };

/** KBO rechtsvormen the register accepts (release v6.16.2: VZW, IVZW, private stichting, stichting van openbaar nut). */
export const RECHTSVORM_TYPES: Record<string, Verenigingstype> = {
  VZW: { code: 'VZW', naam: 'Vereniging zonder winstoogmerk' },
  IVZW: { code: 'IVZW', naam: 'Internationale vereniging zonder winstoogmerk' },
  PS: { code: 'PS', naam: 'Private stichting' },
  SVON: { code: 'SVON', naam: 'Stichting van openbaar nut' },
};

export const MAATSCHAPPELIJKE_ZETEL = 'Maatschappelijke zetel volgens KBO';
export const LOCATIETYPES_BEHEERBAAR = ['Correspondentie', 'Activiteiten'] as const;
export const CONTACTGEGEVENTYPES = ['E-mail', 'Telefoon', 'Website', 'SocialMedia'] as const;

export function isKboVereniging(vereniging: Vereniging): boolean {
  return vereniging.bron === 'KBO';
}

/** "Koningin Maria-Hendrikaplein 70, 9000 Gent, België"; "bus" is left out when there is no busnummer. */
export function adresvoorstelling(adres: Adres | null): string {
  if (!adres) return '';
  const nummer = adres.busnummer ? `${adres.huisnummer} bus ${adres.busnummer}` : adres.huisnummer;
  return `${adres.straatnaam} ${nummer}, ${adres.postcode} ${adres.gemeente}, ${adres.land}`;
}
