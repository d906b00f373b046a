// Deterministic sample companies, contacts, website leads and preset selections. Names and
// numbers are invented; the shapes follow DATA-collectief's documented business cases.

export interface Company {
  companyNumber: number;
  name: string;
  street: string;
  houseNumber: number;
  houseNumberAddition: string;
  postcode: string;
  city: string;
  province: string;
  kvkNumber: string;
  sbiCode: string;
  sbiDescription: string;
  employees: number;
  phone: string;
  email: string;
  website: string;
  deleted: boolean;
  /** When each field last changed (ISO timestamps), as the API reports per field. */
  modified: Record<string, string>;
}

export interface Contact {
  contactNumber: number;
  companyNumber: number;
  initials: string;
  firstName: string;
  lastName: string;
  gender: 'M' | 'V' | 'O';
  functionCode: string;
  functionDescription: string;
  email: string;
  phone: string;
  deleted: boolean;
  modified: Record<string, string>;
}

export interface Lead {
  leadNumber: number;
  websiteName: string;
  visitedAt: string;
  companyNumber: number;
  visitor: { city: string; device: 'desktop' | 'mobile' | 'tablet'; referrer: string };
  clickPath: { url: string; seconds: number }[];
}

const CITIES = [
  { city: 'Den Haag', province: 'Zuid-Holland', postcode: '2511' },
  { city: 'Rotterdam', province: 'Zuid-Holland', postcode: '3011' },
  { city: 'Leiden', province: 'Zuid-Holland', postcode: '2311' },
  { city: 'Utrecht', province: 'Utrecht', postcode: '3511' },
  { city: 'Amsterdam', province: 'Noord-Holland', postcode: '1012' },
  { city: 'Haarlem', province: 'Noord-Holland', postcode: '2011' },
  { city: 'Groningen', province: 'Groningen', postcode: '9711' },
  { city: 'Zwolle', province: 'Overijssel', postcode: '8011' },
];
const BRANCHES = [
  { sbi: '4711', description: 'Supermarkten', word: 'Supermarkt' },
  { sbi: '1071', description: 'Brood- en banketbakkerijen', word: 'Bakkerij' },
  { sbi: '6201', description: 'Ontwikkelen en produceren van software', word: 'Software' },
  { sbi: '4778', description: 'Winkels in overige artikelen', word: 'Winkel' },
  { sbi: '7022', description: 'Organisatie-adviesbureaus', word: 'Advies' },
  { sbi: '4120', description: 'Algemene burgerlijke en utiliteitsbouw', word: 'Bouw' },
];
const SURNAMES = ['Jansen', 'de Vries', 'van Dijk', 'Bakker', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder', 'de Groot', 'Bos', 'Vos', 'Peters', 'Hendriks'];
const FIRST = [
  ['Anna', 'V'],
  ['Bram', 'M'],
  ['Claire', 'V'],
  ['Daan', 'M'],
  ['Eva', 'V'],
  ['Freek', 'M'],
  ['Gea', 'V'],
  ['Hugo', 'M'],
] as const;
const FUNCTIONS = [
  ['DIR', 'Directeur'],
  ['INK', 'Inkoper'],
  ['MKT', 'Marketingmanager'],
  ['ICT', 'ICT-manager'],
  ['HRM', 'HR-manager'],
  ['FIN', 'Financieel manager'],
] as const;
const STREETS = ['Hoofdstraat', 'Kerkstraat', 'Stationsweg', 'Marktplein', 'Industrieweg', 'Dorpsstraat'];

export const COMPANY_COUNT = 120;
const BASE_DAY = Date.UTC(2025, 0, 1);
const DAY = 24 * 60 * 60 * 1000;

function stamp(dayOffset: number): string {
  return new Date(BASE_DAY + dayOffset * DAY).toISOString().replace('.000Z', 'Z');
}

export function buildCompanies(): Company[] {
  const companies: Company[] = [];
  for (let i = 0; i < COMPANY_COUNT; i++) {
    const place = CITIES[i % CITIES.length]!;
    const branch = BRANCHES[(i * 5) % BRANCHES.length]!;
    const name = i === 0 ? 'DATA-collectief B.V.' : `${branch.word} ${SURNAMES[i % SURNAMES.length]} ${place.city}${i >= SURNAMES.length * CITIES.length ? ` ${i}` : ''}`;
    const created = (i * 7) % 300;
    // Every fifth company changed again later, so UpdatedCompanies has something to report.
    const changed = i % 5 === 0 ? 400 + (i % 60) : created;
    companies.push({
      companyNumber: 100001 + i,
      name,
      street: STREETS[i % STREETS.length]!,
      houseNumber: 1 + ((i * 3) % 180),
      houseNumberAddition: i % 9 === 0 ? 'A' : '',
      postcode: `${place.postcode}${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + ((i * 7) % 26))}`,
      city: place.city,
      province: place.province,
      kvkNumber: String(30000000 + i * 7919).padStart(8, '0'),
      sbiCode: branch.sbi,
      sbiDescription: branch.description,
      employees: 1 + ((i * 13) % 250),
      phone: `0${70 + (i % 20)}${String(1000000 + i * 37).slice(0, 7)}`,
      email: `info@bedrijf${100001 + i}.example`,
      website: `https://www.bedrijf${100001 + i}.example`,
      deleted: i % 23 === 22,
      modified: { name: stamp(created), address: stamp(changed), phone: stamp(i % 3 === 0 ? changed : created), employees: stamp(changed) },
    });
  }
  return companies;
}

export function buildContacts(companies: Company[]): Contact[] {
  const contacts: Contact[] = [];
  let next = 500001;
  for (const company of companies) {
    const count = 2 + (company.companyNumber % 4);
    for (let j = 0; j < count; j++) {
      const [firstName, gender] = FIRST[(company.companyNumber + j) % FIRST.length]!;
      const lastName = SURNAMES[(company.companyNumber * 3 + j) % SURNAMES.length]!;
      const [functionCode, functionDescription] = FUNCTIONS[(company.companyNumber + j * 2) % FUNCTIONS.length]!;
      const created = (company.companyNumber + j * 11) % 300;
      const changed = (company.companyNumber + j) % 4 === 0 ? 420 + j : created;
      contacts.push({
        contactNumber: next++,
        companyNumber: company.companyNumber,
        initials: `${firstName[0]}.`,
        firstName,
        lastName,
        gender,
        functionCode,
        functionDescription,
        email: `${firstName.toLowerCase()}.${lastName.toLowerCase().replace(/\s+/g, '')}@bedrijf${company.companyNumber}.example`,
        phone: `06${String(20000000 + next)}`,
        deleted: j === 3,
        modified: { name: stamp(created), function: stamp(changed), email: stamp(changed) },
      });
    }
  }
  return contacts;
}

export const WEBSITES = [
  { websiteName: 'regx-demo-shop', url: 'https://shop.example.org' },
  { websiteName: 'regx-demo-blog', url: 'https://blog.example.org' },
];

/** Leads across 2025: the shop has several a day (so a year exceeds 250), the blog a few a week. */
export function buildLeads(companies: Company[]): Lead[] {
  const leads: Lead[] = [];
  let next = 900001;
  for (let day = 0; day < 365; day++) {
    const perDay = [2 + (day % 2), day % 3 === 0 ? 1 : 0];
    WEBSITES.forEach((site, s) => {
      for (let k = 0; k < perDay[s]!; k++) {
        const company = companies[(day * 7 + k * 13 + s) % companies.length]!;
        const at = new Date(BASE_DAY + day * DAY + (9 + k * 3) * 3600 * 1000 + s * 60000);
        leads.push({
          leadNumber: next++,
          websiteName: site.websiteName,
          visitedAt: at.toISOString().replace('.000Z', 'Z'),
          companyNumber: company.companyNumber,
          visitor: { city: company.city, device: (['desktop', 'mobile', 'tablet'] as const)[(day + k) % 3]!, referrer: k % 2 ? 'https://www.google.com/' : '' },
          clickPath: [
            { url: `${site.url}/`, seconds: 10 + (day % 50) },
            { url: `${site.url}/producten`, seconds: 30 + (k * 7) },
            ...(k % 2 === 0 ? [{ url: `${site.url}/contact`, seconds: 45 }] : []),
          ],
        });
      }
    });
  }
  return leads;
}

export interface Selection {
  selectionNumber: number;
  description: string;
  matches: (company: Company) => boolean;
}

export const SELECTIONS: Selection[] = [
  { selectionNumber: 7001, description: 'Alle bedrijven in de provincie Zuid-Holland', matches: (c) => c.province === 'Zuid-Holland' && !c.deleted },
  { selectionNumber: 7002, description: 'Bakkerijen (SBI 1071) in heel Nederland', matches: (c) => c.sbiCode === '1071' && !c.deleted },
  { selectionNumber: 7003, description: 'Bedrijven met 100 of meer werkzame personen', matches: (c) => c.employees >= 100 && !c.deleted },
];

export const MESSAGE_REASONS = [
  { code: 'ADR', description: 'Adres onjuist', appliesTo: 'company' },
  { code: 'OPH', description: 'Bedrijf opgeheven', appliesTo: 'company' },
  { code: 'TEL', description: 'Telefoonnummer onjuist', appliesTo: 'both' },
  { code: 'NAM', description: 'Naam onjuist', appliesTo: 'both' },
  { code: 'VRT', description: 'Persoon is vertrokken', appliesTo: 'contact' },
  { code: 'FUN', description: 'Functie onjuist', appliesTo: 'contact' },
] as const;
