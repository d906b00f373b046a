// Deterministic sample klanten, so every fresh sandbox answers the same list.
import { createHash } from 'node:crypto';
import { emptyKlant, type KlantData } from './klant';

export const BRONORGANISATIES = ['002220647', '123456782'];

/** A version-4-shaped UUID derived from a name, so seeded klanten keep their URL across runs. */
export function stableUuid(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[parseInt(hex[16]!, 16) % 4]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const PEOPLE = [
  ['Anna', '', 'Jansen'],
  ['Bram', 'de', 'Vries'],
  ['Chantal', 'van', 'Dijk'],
  ['Daan', '', 'Bakker'],
  ['Eva', 'van den', 'Berg'],
  ['Finn', '', 'Visser'],
  ['Gijs', '', 'Smit'],
  ['Hanna', 'de', 'Boer'],
  ['Ibrahim', '', 'Yilmaz'],
  ['Julia', '', 'Mulder'],
  ['Kees', 'de', 'Groot'],
  ['Lotte', '', 'Bos'],
] as const;

export function seedKlanten(): [string, KlantData][] {
  return PEOPLE.map(([voornaam, voorvoegsel, achternaam], i) => {
    const klant: KlantData = {
      ...emptyKlant(),
      bronorganisatie: BRONORGANISATIES[i % 2]!,
      klantnummer: `K${String(1001 + i).padStart(7, '0')}`,
      voornaam,
      voorvoegselAchternaam: voorvoegsel,
      achternaam,
      functie: i % 3 === 0 ? 'inkoper' : '',
      bedrijfsnaam: i % 4 === 0 ? `Test Bedrijf ${achternaam}` : '',
      websiteUrl: `https://www.example.org/klanten/${i + 1}`,
      telefoonnummer: `06${String(12345600 + i)}`,
      emailadres: `${voornaam.toLowerCase()}.${achternaam.toLowerCase()}@example.org`,
      adres: { straatnaam: 'Kerkstraat', huisnummer: i + 1, huisletter: '', huisnummertoevoeging: '', postcode: `${1011 + i}AB`, woonplaatsnaam: i % 2 ? 'Utrecht' : 'Amsterdam', landcode: '6030' },
      subjectType: 'natuurlijk_persoon',
    };
    return [stableUuid(`klant-${i + 1}`), klant];
  });
}
