import type { Adres } from './model';

/**
 * What the sandbox's stand-in for MAGDA GeefOnderneming knows: the KBO numbers that register as a
 * vereniging met rechtspersoonlijkheid. Any other (well-formed) number gets the register's
 * "geen geldige vereniging" answer, as an unknown or non-vereniging number does for real.
 */
export interface KboOnderneming {
  kboNummer: string;
  naam: string;
  korteNaam: string;
  rechtsvorm: 'VZW' | 'IVZW' | 'PS' | 'SVON';
  startdatum: string;
  /** As KBO has it, which may be too incomplete for the register (then it is not taken over). */
  maatschappelijkeZetel: Adres;
  /** KBO's own contact types; GSM and telefoon both become the register's Telefoon (v6.16.2). */
  contactgegevens: { typeVolgensKbo: 'E-mail' | 'Telefoon' | 'GSM' | 'Website'; waarde: string }[];
}

export const KBO_ONDERNEMINGEN: readonly KboOnderneming[] = [
  {
    kboNummer: '0412345614',
    naam: 'Vrienden van het Gravensteen',
    korteNaam: 'VVG',
    rechtsvorm: 'VZW',
    startdatum: '1998-03-01',
    maatschappelijkeZetel: { straatnaam: 'Sint-Veerleplein', huisnummer: '11', busnummer: '', postcode: '9000', gemeente: 'Gent', land: 'België' },
    contactgegevens: [
      { typeVolgensKbo: 'E-mail', waarde: 'info@gravenvrienden.be' },
      { typeVolgensKbo: 'Website', waarde: 'https://www.gravenvrienden.be' },
    ],
  },
  {
    kboNummer: '0456789034',
    naam: 'Sportfederatie Scheldeland',
    korteNaam: 'SFS',
    rechtsvorm: 'VZW',
    startdatum: '2005-09-15',
    maatschappelijkeZetel: { straatnaam: 'Kattendijkdok-Westkaai', huisnummer: '20', busnummer: '3', postcode: '2000', gemeente: 'Antwerpen', land: 'België' },
    contactgegevens: [
      { typeVolgensKbo: 'E-mail', waarde: 'secretariaat@scheldeland.be' },
      { typeVolgensKbo: 'Telefoon', waarde: '03 123 45 67' },
    ],
  },
  {
    kboNummer: '0876543270',
    naam: 'Stichting Erfgoed Brugge',
    korteNaam: 'SEB',
    rechtsvorm: 'PS',
    startdatum: '2011-01-01',
    maatschappelijkeZetel: { straatnaam: 'Burg', huisnummer: '12', busnummer: '', postcode: '8000', gemeente: 'Brugge', land: 'België' },
    contactgegevens: [{ typeVolgensKbo: 'Website', waarde: 'https://erfgoedbrugge.be' }],
  },
  {
    kboNummer: '0712312372',
    naam: 'Internationale Vriendenkring Leuven',
    korteNaam: 'IVL',
    rechtsvorm: 'IVZW',
    startdatum: '2019-05-20',
    maatschappelijkeZetel: { straatnaam: 'Naamsestraat', huisnummer: '22', busnummer: '', postcode: '3000', gemeente: 'Leuven', land: 'België' },
    contactgegevens: [{ typeVolgensKbo: 'GSM', waarde: '0470 12 34 56' }],
  },
  {
    // KBO data that fails the register's rules: a zetel without street and number, a broken
    // e-mail address. Registering it shows the "kon niet overgenomen worden" gebeurtenissen.
    kboNummer: '0543210985',
    naam: 'Jeugdwerking Scheldemeersen',
    korteNaam: 'JWS',
    rechtsvorm: 'VZW',
    startdatum: '2016-02-01',
    maatschappelijkeZetel: { straatnaam: '', huisnummer: '', busnummer: '', postcode: '9000', gemeente: 'Gent', land: 'België' },
    contactgegevens: [
      { typeVolgensKbo: 'E-mail', waarde: 'info@' },
      { typeVolgensKbo: 'Telefoon', waarde: '09 222 33 44' },
    ],
  },
];

/**
 * The fixed set of functiehouders added to every KBO registration while the register has no
 * mandate to read people from KBO (release v7.29).
 */
export const KBO_FUNCTIEHOUDERS: readonly { insz: string; voornaam: string; achternaam: string }[] = [
  { insz: '78090914129', voornaam: 'John', achternaam: 'Doke' },
  { insz: '66060606618', voornaam: 'Jane', achternaam: 'Doe' },
];

export function findKboOnderneming(kboNummer: string): KboOnderneming | undefined {
  return KBO_ONDERNEMINGEN.find((o) => o.kboNummer === kboNummer);
}
