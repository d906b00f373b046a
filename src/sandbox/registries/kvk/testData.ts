// Dummy companies under KVK's published test KVK numbers (developers.kvk.nl, "testing"). Names,
// addresses and vestigingsnummers are ours: KVK did not publish its test vestigingsnummers
// (000038509504 for 69599084 is from a third-party fixture and kept for recognisability).

export interface KvkAdres {
  type: 'bezoekadres' | 'postadres';
  straatnaam?: string;
  huisnummer?: number;
  huisletter?: string;
  postbusnummer?: number;
  postcode: string;
  plaats: string;
}

export interface KvkVestiging {
  vestigingsnummer: string;
  eersteHandelsnaam: string;
  handelsnamen: string[];
  hoofdvestiging: boolean;
  commercieel: boolean;
  adressen: KvkAdres[];
  voltijd: number;
  deeltijd: number;
  indNonMailing: boolean;
  websites: string[];
  sbi: { code: string; omschrijving: string }[];
}

export interface KvkOnderneming {
  kvkNummer: string;
  rsin?: string;
  naam: string;
  statutaireNaam?: string;
  rechtsvorm: string;
  uitgebreideRechtsvorm: string;
  formeleRegistratiedatum: string;
  datumAanvang: string;
  datumEinde?: string;
  actief: boolean;
  indNonMailing: boolean;
  vestigingen: KvkVestiging[];
  /** Answers every request about it with this error (the test environment's error cases). */
  fout?: { status: number; code: string; omschrijving: string };
}

const PLAATSEN = [
  { plaats: 'Lochem', postcode: '7241', straat: 'Oosterwal' },
  { plaats: 'Utrecht', postcode: '3511', straat: 'St.-Jacobsstraat' },
  { plaats: 'Amsterdam', postcode: '1012', straat: 'Damrak' },
  { plaats: 'Rotterdam', postcode: '3011', straat: 'Coolsingel' },
  { plaats: 'Den Haag', postcode: '2511', straat: 'Lange Voorhout' },
  { plaats: 'Groningen', postcode: '9711', straat: 'Herestraat' },
  { plaats: 'Eindhoven', postcode: '5611', straat: 'Stratumseind' },
];
const SBI = [
  { code: '6201', omschrijving: 'Ontwikkelen, produceren en uitgeven van software' },
  { code: '4791', omschrijving: 'Detailhandel via internet' },
  { code: '9499', omschrijving: 'Overige ideële organisaties' },
  { code: '7022', omschrijving: 'Organisatie-adviesbureaus' },
  { code: '4711', omschrijving: 'Supermarkten en dergelijke winkels met een algemeen assortiment levensmiddelen' },
];

interface Seed {
  kvkNummer: string;
  rechtsvorm: string;
  uitgebreideRechtsvorm?: string;
  naam: string;
  rechtspersoon: boolean;
  vestigingen: number;
  nonMailing?: boolean;
  actief?: boolean;
  fout?: KvkOnderneming['fout'];
  hoofdvestigingsnummer?: string;
}

const SEEDS: Seed[] = [
  { kvkNummer: '69599084', rechtsvorm: 'Eenmanszaak', naam: 'Test EMZ Dagobert', rechtspersoon: false, vestigingen: 3, nonMailing: true, hoofdvestigingsnummer: '000038509504' },
  { kvkNummer: '90004973', rechtsvorm: 'Eenmanszaak', naam: 'Test Foutmelding Eenmanszaak', rechtspersoon: false, vestigingen: 1, fout: { status: 500, code: 'IPD9999', omschrijving: 'Er is een technische fout opgetreden. Probeer het later opnieuw.' } },
  { kvkNummer: '68727720', rechtsvorm: 'Naamloze Vennootschap', naam: 'Test NV Katrien', rechtspersoon: true, vestigingen: 2 },
  { kvkNummer: '90004760', rechtsvorm: 'Naamloze Vennootschap', naam: 'Test NV Goudglans', rechtspersoon: true, vestigingen: 1, nonMailing: true },
  { kvkNummer: '68750110', rechtsvorm: 'Besloten Vennootschap', naam: 'Test BV Donald', rechtspersoon: true, vestigingen: 4 },
  { kvkNummer: '90001354', rechtsvorm: 'Besloten Vennootschap', naam: 'Test BV Guus Geluk', rechtspersoon: true, vestigingen: 1 },
  { kvkNummer: '69599068', rechtsvorm: 'Stichting', naam: 'Test Stichting Bolderbast', rechtspersoon: true, vestigingen: 1, nonMailing: true },
  { kvkNummer: '90000102', rechtsvorm: 'Stichting', naam: 'Test Stichting Wolkenkrabber', rechtspersoon: true, vestigingen: 2 },
  { kvkNummer: '90006623', rechtsvorm: 'Stichting', naam: 'Test Stichting Zonnebloem', rechtspersoon: true, vestigingen: 1 },
  { kvkNummer: '69599076', rechtsvorm: 'Vennootschap onder firma', naam: 'Test VOF Kwik en Kwek', rechtspersoon: false, vestigingen: 2 },
  { kvkNummer: '90005414', rechtsvorm: 'Vennootschap onder firma', naam: 'Test VOF Kwak', rechtspersoon: false, vestigingen: 1 },
  { kvkNummer: '55344526', rechtsvorm: 'Coöperatie', naam: 'Test Coöperatie Zuivel', rechtspersoon: true, vestigingen: 2 },
  { kvkNummer: '96354429', rechtsvorm: 'Coöperatie', naam: 'Test Coöperatie Opgeheven', rechtspersoon: true, vestigingen: 1, actief: false },
  { kvkNummer: '90002520', rechtsvorm: 'Kerkgenootschap', naam: 'Test Kerkgenootschap De Toren', rechtspersoon: true, vestigingen: 1 },
  { kvkNummer: '90002490', rechtsvorm: 'Onderlinge Waarborgmaatschappij', naam: 'Test Onderlinge Waarborg Maatschappij', rechtspersoon: true, vestigingen: 1 },
  { kvkNummer: '90002903', rechtsvorm: 'Besloten Vennootschap', naam: 'Test Foutmelding BV', rechtspersoon: true, vestigingen: 1, fout: { status: 400, code: 'IPD0005', omschrijving: 'Het product is niet leverbaar voor dit KVK-nummer.' } },
  { kvkNummer: '90000749', rechtsvorm: 'Vereniging van Eigenaars', naam: 'Test VvE Flatgebouw Zeezicht', rechtspersoon: true, vestigingen: 1 },
  { kvkNummer: '90001745', rechtsvorm: 'Maatschap', naam: 'Test Maatschap Huisartsen', rechtspersoon: false, vestigingen: 2, nonMailing: true },
  { kvkNummer: '90003942', rechtsvorm: 'Commanditaire Vennootschap', naam: 'Test CV Dekker', rechtspersoon: false, vestigingen: 1 },
  { kvkNummer: '55505201', rechtsvorm: 'Overige Privaatrechtelijke Rechtspersoon', naam: 'Test Overige Privaatrechtelijke Rechtspersoon', rechtspersoon: true, vestigingen: 1 },
];

/** A nine-digit RSIN that passes the elfproef, derived from the KVK number so it is stable. */
function rsinFor(kvkNummer: string): string {
  const prefix = `8${kvkNummer.slice(0, 6)}`;
  for (let tail = 0; tail < 100; tail++) {
    const candidate = `${prefix}${String(tail).padStart(2, '0')}`;
    const digits = [...candidate].map(Number);
    const sum = digits.slice(0, 8).reduce((total, digit, i) => total + digit * (9 - i), 0) - digits[8]!;
    if (sum % 11 === 0) return candidate;
  }
  throw new Error(`no RSIN passes the elfproef after ${prefix}`);
}

function date(seed: number): string {
  const year = 1990 + (seed % 30);
  const month = String((seed % 12) + 1).padStart(2, '0');
  const day = String((seed % 27) + 1).padStart(2, '0');
  return `${year}${month}${day}`;
}

export function buildTestData(): KvkOnderneming[] {
  return SEEDS.map((seed, index) => {
    const vestigingen: KvkVestiging[] = [];
    for (let v = 0; v < seed.vestigingen; v++) {
      const plek = PLAATSEN[(index + v) % PLAATSEN.length]!;
      const hoofd = v === 0;
      const naam = hoofd ? seed.naam : `${seed.naam} ${plek.plaats}`;
      const vestigingsnummer = hoofd && seed.hoofdvestigingsnummer ? seed.hoofdvestigingsnummer : `0000${seed.kvkNummer.slice(0, 6)}${String(v + 1).padStart(2, '0')}`;
      const bezoek: KvkAdres = { type: 'bezoekadres', straatnaam: plek.straat, huisnummer: 10 + index + v, postcode: `${plek.postcode}${'AB'}`, plaats: plek.plaats };
      if (v === 1) bezoek.huisletter = 'a';
      const adressen: KvkAdres[] = [bezoek];
      if (hoofd && index % 3 === 0) adressen.push({ type: 'postadres', postbusnummer: 1000 + index, postcode: `${plek.postcode}ZZ`, plaats: plek.plaats });
      vestigingen.push({
        vestigingsnummer,
        eersteHandelsnaam: naam,
        handelsnamen: hoofd ? [naam, `${naam} Online`] : [naam],
        hoofdvestiging: hoofd,
        // Every third nevenvestiging is non-commercial, so both kinds show up in the lists.
        commercieel: !(v > 0 && v % 3 === 2) && seed.rechtsvorm !== 'Stichting',
        adressen,
        voltijd: 2 + ((index + v) % 7),
        deeltijd: (index + v) % 4,
        indNonMailing: (seed.nonMailing ?? false) !== (v === 2),
        websites: hoofd ? [`www.${seed.naam.toLowerCase().replace(/[^a-z]+/g, '')}.test`] : [],
        sbi: [SBI[index % SBI.length]!, ...(v === 0 ? [SBI[(index + 2) % SBI.length]!] : [])],
      });
    }
    const onderneming: KvkOnderneming = {
      kvkNummer: seed.kvkNummer,
      naam: seed.naam,
      rechtsvorm: seed.rechtsvorm,
      uitgebreideRechtsvorm: seed.uitgebreideRechtsvorm ?? seed.rechtsvorm,
      formeleRegistratiedatum: date(index * 7 + 3),
      datumAanvang: date(index * 7 + 1),
      actief: seed.actief ?? true,
      indNonMailing: seed.nonMailing ?? false,
      vestigingen,
    };
    if (seed.rechtspersoon) {
      onderneming.rsin = rsinFor(seed.kvkNummer);
      onderneming.statutaireNaam = seed.naam;
    }
    if (!onderneming.actief) onderneming.datumEinde = date(index * 7 + 5).replace(/^\d{4}/, '2022');
    if (seed.fout) onderneming.fout = seed.fout;
    return onderneming;
  });
}
