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

type KboContactgegeven = KboOnderneming['contactgegevens'][number];

/** Every onderneming here has its zetel in België; an empty straat and number is a test case, not a default. */
function zetel(straatnaam: string, huisnummer: string, busnummer: string, postcode: string, gemeente: string): Adres {
  return { straatnaam, huisnummer, busnummer, postcode, gemeente, land: 'België' };
}

const contact =
  (typeVolgensKbo: KboContactgegeven['typeVolgensKbo']) =>
  (waarde: string): KboContactgegeven => ({ typeVolgensKbo, waarde });
const email = contact('E-mail');
const telefoon = contact('Telefoon');
const gsm = contact('GSM');
const website = contact('Website');

// One row per onderneming, so the list reads as the table it is.
function onderneming(
  kboNummer: string,
  naam: string,
  korteNaam: string,
  rechtsvorm: KboOnderneming['rechtsvorm'],
  startdatum: string,
  maatschappelijkeZetel: Adres,
  contactgegevens: KboContactgegeven[],
): KboOnderneming {
  return { kboNummer, naam, korteNaam, rechtsvorm, startdatum, maatschappelijkeZetel, contactgegevens };
}

export const KBO_ONDERNEMINGEN: readonly KboOnderneming[] = [
  onderneming('0412345614', 'Vrienden van het Gravensteen', 'VVG', 'VZW', '1998-03-01', zetel('Sint-Veerleplein', '11', '', '9000', 'Gent'), [email('info@gravenvrienden.be'), website('https://www.gravenvrienden.be')]),
  onderneming('0456789034', 'Sportfederatie Scheldeland', 'SFS', 'VZW', '2005-09-15', zetel('Kattendijkdok-Westkaai', '20', '3', '2000', 'Antwerpen'), [email('secretariaat@scheldeland.be'), telefoon('03 123 45 67')]),
  onderneming('0876543270', 'Stichting Erfgoed Brugge', 'SEB', 'PS', '2011-01-01', zetel('Burg', '12', '', '8000', 'Brugge'), [website('https://erfgoedbrugge.be')]),
  onderneming('0712312372', 'Internationale Vriendenkring Leuven', 'IVL', 'IVZW', '2019-05-20', zetel('Naamsestraat', '22', '', '3000', 'Leuven'), [gsm('0470 12 34 56')]),
  // KBO data that fails the register's rules: a zetel without street and number, a broken
  // e-mail address. Registering it shows the "kon niet overgenomen worden" gebeurtenissen.
  onderneming('0543210985', 'Jeugdwerking Scheldemeersen', 'JWS', 'VZW', '2016-02-01', zetel('', '', '', '9000', 'Gent'), [email('info@'), telefoon('09 222 33 44')]),
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
