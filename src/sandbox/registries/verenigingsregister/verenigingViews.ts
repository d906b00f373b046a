// How publiek and beheer render a vereniging. Publiek never shows vertegenwoordigers, INSZ, ids
// or bron; beheer shows everything (INSZ only in beheer detail, release v7.10).
import { adresvoorstelling, type Contactgegeven, type Locatie, type Relatie, type Vereniging, type Verenigingstype } from './model';

/** What differs per release beyond field names: the verenigingstype shown and the relaties. */
export interface ReleaseView {
  verenigingstype(v: Vereniging): Verenigingstype;
  relaties(v: Vereniging): Relatie[];
}

/** v8.32: no afdelingen, so relaties are always empty (kept in the shape). */
export const CURRENT_RELEASE: ReleaseView = {
  verenigingstype: (v) => ({ ...v.verenigingstype }),
  relaties: () => [],
};

export function sleutels(v: Vereniging): { bron: string; waarde: string }[] {
  return v.kboNummer ? [{ bron: 'KBO', waarde: v.kboNummer }] : [];
}

function jsonLdType(v: Vereniging): string {
  return v.bron === 'KBO' ? 'verenigingsregister:VerenigingMetRechtspersoonlijkheid' : 'fei:FeitelijkeVereniging';
}

function adresVelden(l: Locatie): Record<string, unknown> {
  return { ...(l.adres ? { adres: { ...l.adres } } : {}), ...(l.adresId ? { adresId: { ...l.adresId } } : {}) };
}

function publiekContactgegeven(c: Contactgegeven) {
  return { contactgegeventype: c.contactgegeventype, waarde: c.waarde, beschrijving: c.beschrijving, isPrimair: c.isPrimair };
}

function zoekLocatie(l: Locatie) {
  return {
    locatietype: l.locatietype,
    isPrimair: l.isPrimair,
    adresvoorstelling: adresvoorstelling(l.adres),
    naam: l.naam,
    postcode: l.adres?.postcode ?? '',
    gemeente: l.adres?.gemeente ?? '',
  };
}

function basis(v: Vereniging, release: ReleaseView) {
  return {
    vCode: v.vCode,
    verenigingstype: release.verenigingstype(v),
    naam: v.naam,
    ...(v.bron === 'KBO' ? { roepnaam: v.roepnaam } : {}),
    korteNaam: v.korteNaam,
    korteBeschrijving: v.korteBeschrijving,
  };
}

/** One hit of publiek or beheer zoeken; `detail` is the detail URL of the API that answers. */
export function zoekResultaat(v: Vereniging, detail: string, options: { beheer: boolean; release?: ReleaseView }) {
  const release = options.release ?? CURRENT_RELEASE;
  return {
    ...(options.beheer ? {} : { '@id': `https://data.vlaanderen.be/id/vereniging/${v.vCode}`, '@type': jsonLdType(v) }),
    ...basis(v, release),
    ...(options.beheer ? { status: v.status } : {}),
    hoofdactiviteitenVerenigingsloket: v.hoofdactiviteitenVerenigingsloket.map((h) => ({ ...h })),
    doelgroep: { ...v.doelgroep },
    locaties: v.locaties.map(zoekLocatie),
    sleutels: sleutels(v),
    relaties: release.relaties(v),
    links: { detail },
  };
}

export function publiekDetail(v: Vereniging, contextUrl: string) {
  return {
    '@context': contextUrl,
    vereniging: {
      ...basis(v, CURRENT_RELEASE),
      startdatum: v.startdatum,
      doelgroep: { ...v.doelgroep },
      status: v.status,
      contactgegevens: v.contactgegevens.map(publiekContactgegeven),
      locaties: v.locaties.map((l) => ({ locatietype: l.locatietype, isPrimair: l.isPrimair, adresvoorstelling: adresvoorstelling(l.adres), naam: l.naam, ...adresVelden(l) })),
      hoofdactiviteitenVerenigingsloket: v.hoofdactiviteitenVerenigingsloket.map((h) => ({ ...h })),
      sleutels: sleutels(v),
      relaties: [],
    },
    metadata: { datumLaatsteAanpassing: v.datumLaatsteAanpassing },
  };
}

export function beheerDetail(v: Vereniging, contextUrl: string, release: ReleaseView = CURRENT_RELEASE) {
  return {
    '@context': contextUrl,
    vereniging: {
      ...basis(v, release),
      startdatum: v.startdatum,
      einddatum: v.einddatum,
      doelgroep: { ...v.doelgroep },
      status: v.status,
      isUitgeschrevenUitPubliekeDatastroom: v.isUitgeschrevenUitPubliekeDatastroom,
      contactgegevens: v.contactgegevens.map((c) => ({ contactgegevenId: c.contactgegevenId, ...publiekContactgegeven(c), bron: c.bron })),
      locaties: v.locaties.map((l) => ({
        locatieId: l.locatieId,
        locatietype: l.locatietype,
        isPrimair: l.isPrimair,
        adresvoorstelling: adresvoorstelling(l.adres),
        naam: l.naam,
        ...adresVelden(l),
        bron: l.bron,
      })),
      vertegenwoordigers: v.vertegenwoordigers.map((x) => ({ ...x })),
      hoofdactiviteitenVerenigingsloket: v.hoofdactiviteitenVerenigingsloket.map((h) => ({ ...h })),
      sleutels: sleutels(v),
      relaties: release.relaties(v),
      bron: v.bron,
    },
    metadata: { datumLaatsteAanpassing: v.datumLaatsteAanpassing },
  };
}

/** Publiek sees a vereniging only while it is active and not opted out of the publieke datastroom. */
export function isPubliek(v: Vereniging): boolean {
  return v.status === 'Actief' && !v.isUitgeschrevenUitPubliekeDatastroom;
}
