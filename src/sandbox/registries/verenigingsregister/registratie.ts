import { gebeurtenis, type Actor } from './gebeurtenis';
import { hoofdactiviteit } from './hoofdactiviteiten';
import { KBO_FUNCTIEHOUDERS, type KboOnderneming } from './kboOndernemingen';
import { contactgegevenFout } from './validateVereniging';
import {
  FEITELIJKE_VERENIGING,
  MAATSCHAPPELIJKE_ZETEL,
  RECHTSVORM_TYPES,
  type Contactgegeven,
  type Doelgroep,
  type Gebeurtenis,
  type Locatie,
  type Vereniging,
  type Vertegenwoordiger,
} from './model';

export type ContactgegevenInput = Omit<Contactgegeven, 'contactgegevenId' | 'bron'>;
export type LocatieInput = Omit<Locatie, 'locatieId' | 'bron'>;
export type VertegenwoordigerInput = Omit<Vertegenwoordiger, 'vertegenwoordigerId' | 'bron'>;

/** A registration request after validation: every field present, defaults applied. */
export interface FeitelijkeVerenigingInput {
  naam: string;
  korteNaam: string;
  korteBeschrijving: string;
  startdatum: string;
  doelgroep: Doelgroep;
  isUitgeschrevenUitPubliekeDatastroom: boolean;
  contactgegevens: ContactgegevenInput[];
  locaties: LocatieInput[];
  vertegenwoordigers: VertegenwoordigerInput[];
  hoofdactiviteitenVerenigingsloket: string[];
}

export interface Registratie {
  vereniging: Vereniging;
  gebeurtenissen: Gebeurtenis[];
}

function withoutBron<T extends { bron: unknown }>(value: T): Omit<T, 'bron'> {
  const { bron: _bron, ...rest } = value;
  return rest;
}

export function registreerFeitelijkeVereniging(vCode: string, input: FeitelijkeVerenigingInput, actor: Actor): Registratie {
  const contactgegevens = input.contactgegevens.map((c, i): Contactgegeven => ({ contactgegevenId: i + 1, ...c, bron: 'Initiator' }));
  const locaties = input.locaties.map((l, i): Locatie => ({ locatieId: i + 1, ...l, bron: 'Initiator' }));
  const vertegenwoordigers = input.vertegenwoordigers.map((v, i): Vertegenwoordiger => ({ vertegenwoordigerId: i + 1, ...v, bron: 'Initiator' }));
  const hoofdactiviteiten = input.hoofdactiviteitenVerenigingsloket.map((code) => hoofdactiviteit(code) ?? { code, naam: code });
  const vereniging: Vereniging = {
    vCode,
    verenigingstype: { ...FEITELIJKE_VERENIGING },
    naam: input.naam,
    roepnaam: '',
    korteNaam: input.korteNaam,
    korteBeschrijving: input.korteBeschrijving,
    startdatum: input.startdatum,
    einddatum: '',
    doelgroep: { ...input.doelgroep },
    status: 'Actief',
    isUitgeschrevenUitPubliekeDatastroom: input.isUitgeschrevenUitPubliekeDatastroom,
    kboNummer: '',
    rechtsvorm: '',
    contactgegevens,
    locaties,
    vertegenwoordigers,
    hoofdactiviteitenVerenigingsloket: hoofdactiviteiten,
    bron: 'Initiator',
    datumLaatsteAanpassing: '',
  };
  const data = {
    vCode,
    naam: input.naam,
    korteNaam: input.korteNaam,
    korteBeschrijving: input.korteBeschrijving,
    startdatum: input.startdatum,
    doelgroep: input.doelgroep,
    isUitgeschrevenUitPubliekeDatastroom: input.isUitgeschrevenUitPubliekeDatastroom,
    contactgegevens: contactgegevens.map(withoutBron),
    locaties: locaties.map(withoutBron),
    vertegenwoordigers: vertegenwoordigers.map(withoutBron),
    hoofdactiviteitenVerenigingsloket: hoofdactiviteiten,
  };
  return {
    vereniging,
    gebeurtenissen: [
      gebeurtenis(actor, 'FeitelijkeVerenigingWerdGeregistreerd', `Feitelijke vereniging werd geregistreerd met naam '${input.naam}'.`, data),
    ],
  };
}

export function registreerKboVereniging(vCode: string, onderneming: KboOnderneming, actor: Actor): Registratie {
  const type = RECHTSVORM_TYPES[onderneming.rechtsvorm]!;
  const zetel: Locatie = {
    locatieId: 1,
    locatietype: MAATSCHAPPELIJKE_ZETEL,
    isPrimair: false,
    naam: '',
    adres: { ...onderneming.maatschappelijkeZetel },
    adresId: null,
    bron: 'KBO',
  };
  const overname: Gebeurtenis[] = [];
  const zetelBruikbaar = [zetel.adres!.straatnaam, zetel.adres!.huisnummer, zetel.adres!.postcode, zetel.adres!.gemeente].every((v) => v.trim() !== '');
  overname.push(
    zetelBruikbaar
      ? gebeurtenis(actor, 'MaatschappelijkeZetelWerdOvergenomenUitKbo', 'De locatie met type ‘Maatschappelijke zetel volgens KBO’ werd overgenomen uit KBO.', { locatie: withoutBron(zetel) })
      : gebeurtenis(actor, 'MaatschappelijkeZetelKonNietOvergenomenWordenUitKbo', 'De maatschappelijke zetel uit KBO kon niet overgenomen worden: het adres is onvolledig.', {
          ...onderneming.maatschappelijkeZetel,
        }),
  );
  const contactgegevens: Contactgegeven[] = [];
  for (const c of onderneming.contactgegevens) {
    const contactgegeventype = c.typeVolgensKbo === 'GSM' ? 'Telefoon' : c.typeVolgensKbo;
    if (contactgegevenFout(contactgegeventype, c.waarde)) {
      overname.push(
        gebeurtenis(actor, 'ContactgegevenKonNietOvergenomenWordenUitKBO', `${contactgegeventype} '${c.waarde}' kon niet overgenomen worden uit KBO.`, {
          contactgegeventype,
          typeVolgensKbo: c.typeVolgensKbo,
          waarde: c.waarde,
        }),
      );
      continue;
    }
    const added: Contactgegeven = { contactgegevenId: contactgegevens.length + 1, contactgegeventype, waarde: c.waarde, beschrijving: '', isPrimair: false, bron: 'KBO' };
    contactgegevens.push(added);
    overname.push(
      gebeurtenis(actor, 'ContactgegevenWerdOvergenomenUitKBO', `${contactgegeventype} '${c.waarde}' werd overgenomen uit KBO.`, {
        contactgegevenId: added.contactgegevenId,
        contactgegeventype,
        typeVolgensKbo: c.typeVolgensKbo,
        waarde: c.waarde,
      }),
    );
  }
  const vertegenwoordigers = KBO_FUNCTIEHOUDERS.map(
    (p, i): Vertegenwoordiger => ({
      vertegenwoordigerId: i + 1,
      ...p,
      roepnaam: '',
      rol: '',
      isPrimair: false,
      'e-mail': '',
      telefoon: '',
      mobiel: '',
      socialMedia: '',
      bron: 'KBO',
    }),
  );
  const vereniging: Vereniging = {
    vCode,
    verenigingstype: { ...type },
    naam: onderneming.naam,
    roepnaam: '',
    korteNaam: onderneming.korteNaam,
    korteBeschrijving: '',
    startdatum: onderneming.startdatum,
    einddatum: '',
    doelgroep: { minimumleeftijd: 0, maximumleeftijd: 150 },
    status: 'Actief',
    isUitgeschrevenUitPubliekeDatastroom: false,
    kboNummer: onderneming.kboNummer,
    rechtsvorm: onderneming.rechtsvorm,
    contactgegevens,
    locaties: zetelBruikbaar ? [zetel] : [],
    vertegenwoordigers,
    hoofdactiviteitenVerenigingsloket: [],
    bron: 'KBO',
    datumLaatsteAanpassing: '',
  };
  const gebeurtenissen: Gebeurtenis[] = [
    gebeurtenis(actor, 'VerenigingMetRechtspersoonlijkheidWerdGeregistreerd', `Vereniging met rechtspersoonlijkheid werd geregistreerd met naam '${onderneming.naam}'.`, {
      vCode,
      kboNummer: onderneming.kboNummer,
      rechtsvorm: onderneming.rechtsvorm,
      naam: onderneming.naam,
      korteNaam: onderneming.korteNaam,
      startdatum: onderneming.startdatum,
    }),
    ...overname,
    ...vertegenwoordigers.map((v) =>
      gebeurtenis(actor, 'VertegenwoordigerWerdOvergenomenUitKBO', `Vertegenwoordiger '${v.voornaam} ${v.achternaam}' werd overgenomen uit KBO.`, {
        vertegenwoordigerId: v.vertegenwoordigerId,
        insz: v.insz,
        voornaam: v.voornaam,
        achternaam: v.achternaam,
      }),
    ),
  ];
  return { vereniging, gebeurtenissen };
}

/**
 * An afdeling (release v3.17 to v8.6): a feitelijke vereniging with a moeder in KBO, recorded as
 * AfdelingWerdGeregistreerd with the moeder's data.
 */
export function registreerAfdeling(
  vCode: string,
  input: FeitelijkeVerenigingInput,
  moeder: { kboNummer: string; vCode: string; naam: string },
  actor: Actor,
): Registratie {
  const feitelijke = registreerFeitelijkeVereniging(vCode, input, actor);
  const data = { ...feitelijke.gebeurtenissen[0]!.data, moedervereniging: moeder };
  return {
    vereniging: { ...feitelijke.vereniging, kboNummerMoedervereniging: moeder.kboNummer },
    gebeurtenissen: [gebeurtenis(actor, 'AfdelingWerdGeregistreerd', `Afdeling werd geregistreerd met naam '${input.naam}'.`, data)],
  };
}
