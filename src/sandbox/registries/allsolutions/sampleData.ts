// Deterministic relaties and artikelen for a fresh sandbox.

export interface Relatie {
  relatienummer: number;
  naam: string;
  soort: 'klant' | 'leverancier' | 'prospect';
  email: string;
  telefoon: string;
  kvkNummer: string;
  adres: { straat: string; huisnummer: number; postcode: string; plaats: string };
  gewijzigdOp: string;
}

export interface Artikel {
  artikelnummer: string;
  omschrijving: string;
  prijsExclBtw: number;
  btwTarief: 0 | 9 | 21;
  voorraad: number;
}

const NAMES = ['Bakkerij Jansen', 'Installatiebedrijf De Vries', 'Schoonmaak Van Dijk', 'Adviesbureau Bakker', 'Transport Visser', 'Drukkerij Smit', 'Hoveniers Meijer', 'Kantoorartikelen De Boer'];
const PLACES = ['Amersfoort', 'Apeldoorn', 'Breda', 'Deventer', 'Ede', 'Nijmegen'];

export function buildRelaties(): Relatie[] {
  return Array.from({ length: 45 }, (_, i) => ({
    relatienummer: 10001 + i,
    naam: `${NAMES[i % NAMES.length]}${i >= NAMES.length ? ` ${Math.floor(i / NAMES.length) + 1}` : ''}`,
    soort: (['klant', 'klant', 'leverancier', 'prospect'] as const)[i % 4]!,
    email: `administratie@relatie${10001 + i}.example`,
    telefoon: `088${String(5550000 + i)}`,
    kvkNummer: String(40000000 + i * 7717).padStart(8, '0'),
    adres: { straat: 'Handelsweg', huisnummer: 1 + i, postcode: `${3800 + i}AB`, plaats: PLACES[i % PLACES.length]! },
    gewijzigdOp: new Date(Date.UTC(2025, i % 12, 1 + (i % 27), 9, 0, 0)).toISOString(),
  }));
}

export function buildArtikelen(): Artikel[] {
  const items: [string, number, 0 | 9 | 21][] = [
    ['Consultancy per uur', 95, 21],
    ['Licentie AllSolutions gebruiker per maand', 49.5, 21],
    ['Opleiding REST API (dagdeel)', 450, 21],
    ['Vakliteratuur', 24.95, 9],
    ['Verzekering (vrijgesteld)', 120, 0],
    ['Implementatiepakket', 2500, 21],
  ];
  return items.map(([omschrijving, prijsExclBtw, btwTarief], i) => ({ artikelnummer: `ART-${String(i + 1).padStart(4, '0')}`, omschrijving, prijsExclBtw, btwTarief, voorraad: (i * 17) % 40 }));
}
