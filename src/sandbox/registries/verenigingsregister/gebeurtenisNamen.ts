/**
 * The gebeurtenissen this sandbox writes to a historiek, spelled as the register's event records
 * are (a subset of its 73). A typed name makes a typo a compile error instead of a silent new
 * event type that clients filtering on `gebeurtenis` would never match.
 */
export const GEBEURTENIS_NAMEN = [
  'AfdelingWerdGeregistreerd',
  'ContactgegevenKonNietOvergenomenWordenUitKBO',
  'ContactgegevenUitKBOWerdGewijzigd',
  'ContactgegevenWerdGewijzigd',
  'ContactgegevenWerdOvergenomenUitKBO',
  'ContactgegevenWerdToegevoegd',
  'ContactgegevenWerdVerwijderd',
  'DoelgroepWerdGewijzigd',
  'EinddatumWerdGewijzigd',
  'FeitelijkeVerenigingWerdGeregistreerd',
  'HoofdactiviteitenVerenigingsloketWerdenGewijzigd',
  'KorteBeschrijvingWerdGewijzigd',
  'KorteNaamWerdGewijzigd',
  'LocatieWerdGewijzigd',
  'LocatieWerdToegevoegd',
  'LocatieWerdVerwijderd',
  'MaatschappelijkeZetelKonNietOvergenomenWordenUitKbo',
  'MaatschappelijkeZetelVolgensKBOWerdGewijzigd',
  'MaatschappelijkeZetelWerdOvergenomenUitKbo',
  'NaamWerdGewijzigd',
  'RoepnaamWerdGewijzigd',
  'StartdatumWerdGewijzigd',
  'VerenigingMetRechtspersoonlijkheidWerdGeregistreerd',
  'VerenigingWerdGestopt',
  'VerenigingWerdIngeschrevenInPubliekeDatastroom',
  'VerenigingWerdUitgeschrevenUitPubliekeDatastroom',
  'VertegenwoordigerWerdGewijzigd',
  'VertegenwoordigerWerdOvergenomenUitKBO',
  'VertegenwoordigerWerdToegevoegd',
  'VertegenwoordigerWerdVerwijderd',
] as const;

export type GebeurtenisNaam = (typeof GEBEURTENIS_NAMEN)[number];
