import { gebeurtenis } from './gebeurtenis';
import { KBO_ONDERNEMINGEN } from './kboOndernemingen';
import type { Adres } from './model';
import { registreerFeitelijkeVereniging, registreerKboVereniging, type FeitelijkeVerenigingInput, type VertegenwoordigerInput } from './registratie';
import { VerenigingStore, type VerenigingStoreState } from './VerenigingStore';

const SEED_INITIATOR = 'OVO000001';

function adres(straatnaam: string, huisnummer: string, postcode: string, gemeente: string, busnummer = ''): Adres {
  return { straatnaam, huisnummer, busnummer, postcode, gemeente, land: 'België' };
}

function persoon(insz: string, voornaam: string, achternaam: string, rol: string, isPrimair: boolean): VertegenwoordigerInput {
  const email = `${voornaam.toLowerCase()}.${achternaam.toLowerCase().replace(/[^a-z]/g, '')}@example.be`;
  return { insz, voornaam, achternaam, roepnaam: '', rol, isPrimair, 'e-mail': email, telefoon: '', mobiel: '', socialMedia: '' };
}

type SeedFv = Partial<FeitelijkeVerenigingInput> & { naam: string; gestoptOp?: string };

/**
 * Fixed demo verenigingen (V0001001 onwards, registered a day apart in 2024): feitelijke
 * verenigingen in Gent, Antwerpen, Brugge, Oostende, Leuven and Mechelen, one opted out of the
 * publieke datastroom, one stopped, two with the same naam (for sort ties), and two KBO
 * verenigingen (a VZW in Gent, an IVZW in Leuven); the other KBO numbers in
 * `kboOndernemingen.ts` are left to register. Tests and demos rely on these exact values.
 */
const FEITELIJKE: SeedFv[] = [
  {
    naam: 'Jeugdhuis De Kelder',
    korteNaam: 'JHDK',
    startdatum: '2001-09-01',
    doelgroep: { minimumleeftijd: 12, maximumleeftijd: 25 },
    hoofdactiviteitenVerenigingsloket: ['JGDW'],
    locaties: [{ locatietype: 'Activiteiten', isPrimair: true, naam: 'De Kelder', adres: adres('Overpoortstraat', '49', '9000', 'Gent'), adresId: null }],
    contactgegevens: [{ contactgegeventype: 'E-mail', waarde: 'info@dekelder.be', beschrijving: 'Algemeen', isPrimair: true }],
    vertegenwoordigers: [persoon('85010100115', 'Sofie', 'Peeters', 'Voorzitter', true)],
  },
  {
    naam: 'Schaakclub Het Paard',
    startdatum: '1985-01-15',
    doelgroep: { minimumleeftijd: 8, maximumleeftijd: 99 },
    hoofdactiviteitenVerenigingsloket: ['HOSP'],
    locaties: [{ locatietype: 'Activiteiten', isPrimair: true, naam: 'Zaal Lange Leem', adres: adres('Lange Leemstraat', '120', '2018', 'Antwerpen'), adresId: null }],
    contactgegevens: [{ contactgegeventype: 'Telefoon', waarde: '03 230 11 22', beschrijving: '', isPrimair: true }],
    vertegenwoordigers: [persoon('90021512370', 'Tom', 'Janssens', 'Secretaris', true)],
  },
  {
    naam: 'Wandelclub Brugse Benen',
    korteNaam: 'BB',
    hoofdactiviteitenVerenigingsloket: ['SPRT', 'TOER'],
    locaties: [{ locatietype: 'Correspondentie', isPrimair: true, naam: '', adres: adres('Langestraat', '7', '8000', 'Brugge', '2'), adresId: null }],
    contactgegevens: [{ contactgegeventype: 'Website', waarde: 'https://brugsebenen.be', beschrijving: '', isPrimair: true }],
    vertegenwoordigers: [persoon('72033004506', 'Marc', 'Declercq', 'Voorzitter', true), persoon('90021512370', 'Tom', 'Janssens', 'Lid', false)],
  },
  {
    naam: 'Oostende voor anker',
    korteNaam: 'OVA',
    korteBeschrijving: 'Maritiem erfgoed aan de kust',
    hoofdactiviteitenVerenigingsloket: ['KECU'],
    locaties: [{ locatietype: 'Activiteiten', isPrimair: false, naam: 'Kaai', adres: adres('Visserskaai', '1', '8400', 'Oostende'), adresId: null }],
  },
  {
    naam: 'Buurtcomité Sint-Amandsberg',
    doelgroep: { minimumleeftijd: 18, maximumleeftijd: 150 },
    hoofdactiviteitenVerenigingsloket: ['BWWC'],
    locaties: [{ locatietype: 'Correspondentie', isPrimair: false, naam: '', adres: adres('Antwerpsesteenweg', '300', '9040', 'Gent'), adresId: null }],
    vertegenwoordigers: [persoon('88071221066', 'Lien', 'Maes', 'Voorzitter', true)],
  },
  {
    naam: 'Kinderatelier Kleurrijk',
    doelgroep: { minimumleeftijd: 6, maximumleeftijd: 12 },
    hoofdactiviteitenVerenigingsloket: ['KECU', 'VORM'],
    locaties: [
      {
        locatietype: 'Activiteiten',
        isPrimair: true,
        naam: 'Atelier',
        adres: adres('Sint-Pietersnieuwstraat', '33', '9000', 'Gent'),
        adresId: { broncode: 'AR', bronwaarde: 'https://data.vlaanderen.be/id/adres/3706808' },
      },
    ],
  },
  {
    naam: 'Voetbalclub Antwerpse Leeuwen',
    doelgroep: { minimumleeftijd: 6, maximumleeftijd: 14 },
    hoofdactiviteitenVerenigingsloket: ['SPRT'],
    locaties: [{ locatietype: 'Activiteiten', isPrimair: true, naam: 'Terrein Kiel', adres: adres('Atletenstraat', '2', '2020', 'Antwerpen'), adresId: null }],
    vertegenwoordigers: [persoon('95050533392', 'Yusuf', 'Demir', 'Trainer', true)],
  },
  {
    naam: 'De Verborgen Vereniging',
    isUitgeschrevenUitPubliekeDatastroom: true,
    hoofdactiviteitenVerenigingsloket: ['HOSP'],
    locaties: [{ locatietype: 'Activiteiten', isPrimair: false, naam: '', adres: adres('Bondgenotenlaan', '5', '3000', 'Leuven'), adresId: null }],
    vertegenwoordigers: [persoon('83030330313', 'Eva', 'Wouters', 'Voorzitter', true)],
  },
  {
    naam: 'Toneelgroep Het Doek',
    startdatum: '1990-05-01',
    hoofdactiviteitenVerenigingsloket: ['KECU'],
    locaties: [{ locatietype: 'Activiteiten', isPrimair: false, naam: 'Schouwburg', adres: adres('Bruul', '10', '2800', 'Mechelen'), adresId: null }],
    vertegenwoordigers: [persoon('91091291223', 'Pieter', 'Claes', 'Regisseur', true)],
    gestoptOp: '2024-06-30',
  },
  {
    naam: 'Hondenschool Trouwe Vriend',
    hoofdactiviteitenVerenigingsloket: ['NMDW', 'HOSP'],
    locaties: [{ locatietype: 'Activiteiten', isPrimair: false, naam: 'Weide', adres: adres('Gistelse Steenweg', '400', '8200', 'Brugge'), adresId: null }],
  },
  {
    naam: 'Koor Vox Antverpia',
    doelgroep: { minimumleeftijd: 16, maximumleeftijd: 150 },
    hoofdactiviteitenVerenigingsloket: ['KECU'],
    locaties: [{ locatietype: 'Activiteiten', isPrimair: false, naam: 'Kerkzaal', adres: adres('Groenplaats', '21', '2000', 'Antwerpen'), adresId: null }],
    vertegenwoordigers: [persoon('75122525077', 'An', 'Vermeulen', 'Dirigent', true)],
  },
  {
    naam: 'Schaakclub Het Paard',
    korteNaam: 'SHP Gent',
    doelgroep: { minimumleeftijd: 8, maximumleeftijd: 99 },
    hoofdactiviteitenVerenigingsloket: ['HOSP'],
    locaties: [{ locatietype: 'Activiteiten', isPrimair: false, naam: 'Café De Loge', adres: adres('Annonciadenstraat', '5', '9000', 'Gent'), adresId: null }],
  },
];

function input(seed: SeedFv): FeitelijkeVerenigingInput {
  return {
    naam: seed.naam,
    korteNaam: seed.korteNaam ?? '',
    korteBeschrijving: seed.korteBeschrijving ?? '',
    startdatum: seed.startdatum ?? '',
    doelgroep: seed.doelgroep ?? { minimumleeftijd: 0, maximumleeftijd: 150 },
    isUitgeschrevenUitPubliekeDatastroom: seed.isUitgeschrevenUitPubliekeDatastroom ?? false,
    contactgegevens: seed.contactgegevens ?? [],
    locaties: seed.locaties ?? [],
    vertegenwoordigers: seed.vertegenwoordigers ?? [],
    hoofdactiviteitenVerenigingsloket: seed.hoofdactiviteitenVerenigingsloket ?? [],
  };
}

/** A fresh store holding the seed; every call builds a new one, so sandboxes never share state. */
export function seedVerenigingStore(): VerenigingStore {
  const store = new VerenigingStore({ sequence: 0, streams: [] });
  let day = 0;
  const actor = () => ({ initiator: SEED_INITIATOR, now: new Date(Date.UTC(2024, 0, 15 + day++, 9, 0, 0)) });
  for (const seed of FEITELIJKE) {
    const registratie = registreerFeitelijkeVereniging(store.nextVCode(), input(seed), actor());
    store.create(registratie.vereniging, registratie.gebeurtenissen);
    if (seed.gestoptOp) {
      const stopActor = actor();
      const vereniging = { ...registratie.vereniging, status: 'Gestopt' as const, einddatum: seed.gestoptOp };
      store.append(vereniging.vCode, vereniging, [
        gebeurtenis(stopActor, 'VerenigingWerdGestopt', `De vereniging werd gestopt met einddatum '${seed.gestoptOp}'.`, { einddatum: seed.gestoptOp }),
      ]);
    }
  }
  const kbo = registreerKboVereniging(store.nextVCode(), KBO_ONDERNEMINGEN[0]!, actor());
  store.create(kbo.vereniging, kbo.gebeurtenissen);
  const verrijkActor = actor();
  const hoofdactiviteiten = [{ code: 'KECU', naam: 'Kunsten, Erfgoed & Cultuur' }];
  store.append(kbo.vereniging.vCode, { ...kbo.vereniging, roepnaam: 'Gravenvrienden', hoofdactiviteitenVerenigingsloket: hoofdactiviteiten }, [
    gebeurtenis(verrijkActor, 'RoepnaamWerdGewijzigd', "Roepnaam werd gewijzigd naar 'Gravenvrienden'.", { roepnaam: 'Gravenvrienden' }),
    gebeurtenis(verrijkActor, 'HoofdactiviteitenVerenigingsloketWerdenGewijzigd', 'Hoofdactiviteiten verenigingsloket werden gewijzigd.', {
      hoofdactiviteitenVerenigingsloket: hoofdactiviteiten,
    }),
  ]);
  const internationaal = registreerKboVereniging(store.nextVCode(), KBO_ONDERNEMINGEN[3]!, actor());
  store.create(internationaal.vereniging, internationaal.gebeurtenissen);
  return store;
}

export function seedVerenigingState(): VerenigingStoreState {
  return seedVerenigingStore().snapshot();
}
