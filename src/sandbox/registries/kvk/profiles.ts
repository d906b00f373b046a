// The Basisprofiel, Vestigingsprofiel and Naamgeving representations of one onderneming. Note
// KVK's own inconsistency, kept on purpose: these APIs give `links` as an array of {rel, href}
// while Zoeken gives `_links` as a map.
import type { KvkAdres, KvkOnderneming, KvkVestiging } from './testData';

type Link = { rel: string; href: string };

const jaNee = (value: boolean) => (value ? 'Ja' : 'Nee');

function volledigAdres(adres: KvkAdres): string {
  if (adres.postbusnummer !== undefined) return `Postbus ${adres.postbusnummer} ${adres.postcode} ${adres.plaats}`;
  return `${adres.straatnaam} ${adres.huisnummer}${adres.huisletter ?? ''} ${adres.postcode} ${adres.plaats}`;
}

function adres(adres: KvkAdres, seed: number, withGeoData: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    type: adres.type === 'bezoekadres' ? 'bezoekadres' : 'correspondentieadres',
    indAfgeschermd: 'Nee',
    volledigAdres: volledigAdres(adres),
  };
  if (adres.straatnaam) out.straatnaam = adres.straatnaam;
  if (adres.huisnummer !== undefined) out.huisnummer = adres.huisnummer;
  if (adres.huisletter) out.huisletter = adres.huisletter;
  if (adres.postbusnummer !== undefined) out.postbusnummer = adres.postbusnummer;
  out.postcode = adres.postcode;
  out.plaats = adres.plaats;
  out.land = 'Nederland';
  if (withGeoData && adres.type === 'bezoekadres') {
    out.geoData = {
      addresseerbaarObjectId: `0${String(344010000000000 + seed)}`,
      nummerAanduidingId: `0${String(344200000000000 + seed)}`,
      gpsLatitude: 52 + (seed % 100) / 1000,
      gpsLongitude: 5 + (seed % 100) / 1000,
      rijksdriehoekX: 136000 + seed,
      rijksdriehoekY: 455000 + seed,
      rijksdriehoekZ: 0,
    };
  }
  return out;
}

function sbi(vestiging: KvkVestiging) {
  return vestiging.sbi.map((activiteit, i) => ({ sbiCode: activiteit.code, sbiOmschrijving: activiteit.omschrijving, indHoofdactiviteit: jaNee(i === 0) }));
}

const v1 = (origin: string) => `${origin}/test/api/v1`;

export function vestiging(onderneming: KvkOnderneming, vestiging: KvkVestiging, origin: string, withGeoData: boolean, embedded: boolean): Record<string, unknown> {
  const seed = Number(vestiging.vestigingsnummer.slice(-6));
  const out: Record<string, unknown> = {
    vestigingsnummer: vestiging.vestigingsnummer,
    kvkNummer: onderneming.kvkNummer,
  };
  if (onderneming.rsin && !embedded) out.rsin = onderneming.rsin;
  out.indNonMailing = jaNee(vestiging.indNonMailing);
  out.formeleRegistratiedatum = onderneming.formeleRegistratiedatum;
  out.materieleRegistratie = { datumAanvang: onderneming.datumAanvang, ...(onderneming.datumEinde ? { datumEinde: onderneming.datumEinde } : {}) };
  if (onderneming.statutaireNaam && vestiging.hoofdvestiging) out.statutaireNaam = onderneming.statutaireNaam;
  out.eersteHandelsnaam = vestiging.eersteHandelsnaam;
  out.indHoofdvestiging = jaNee(vestiging.hoofdvestiging);
  out.indCommercieleVestiging = jaNee(vestiging.commercieel);
  out.voltijdWerkzamePersonen = vestiging.voltijd;
  out.totaalWerkzamePersonen = vestiging.voltijd + vestiging.deeltijd;
  out.deeltijdWerkzamePersonen = vestiging.deeltijd;
  if (!embedded) out.handelsnamen = vestiging.handelsnamen.map((naam, i) => ({ naam, volgorde: i + 1 }));
  out.adressen = vestiging.adressen.map((a, i) => adres(a, seed + i, withGeoData));
  out.websites = vestiging.websites;
  out.sbiActiviteiten = sbi(vestiging);
  out.links = [
    { rel: 'self', href: `${v1(origin)}/vestigingsprofielen/${vestiging.vestigingsnummer}` },
    { rel: 'basisprofiel', href: `${v1(origin)}/basisprofielen/${onderneming.kvkNummer}` },
  ] satisfies Link[];
  return out;
}

export function eigenaar(onderneming: KvkOnderneming, origin: string, withGeoData: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (onderneming.rsin) out.rsin = onderneming.rsin;
  out.rechtsvorm = onderneming.rechtsvorm;
  out.uitgebreideRechtsvorm = onderneming.uitgebreideRechtsvorm;
  if (onderneming.datumEinde) out.datumUitschrijving = onderneming.datumEinde;
  const hoofd = onderneming.vestigingen[0]!;
  out.adressen = hoofd.adressen.map((a, i) => adres(a, Number(onderneming.kvkNummer.slice(-5)) + i, withGeoData));
  out.websites = hoofd.websites;
  out.links = [
    { rel: 'self', href: `${v1(origin)}/basisprofielen/${onderneming.kvkNummer}/eigenaar` },
    { rel: 'basisprofiel', href: `${v1(origin)}/basisprofielen/${onderneming.kvkNummer}` },
  ] satisfies Link[];
  return out;
}

export function basisprofiel(onderneming: KvkOnderneming, origin: string, withGeoData: boolean): Record<string, unknown> {
  const hoofd = onderneming.vestigingen[0]!;
  const base = `${v1(origin)}/basisprofielen/${onderneming.kvkNummer}`;
  const out: Record<string, unknown> = {
    kvkNummer: onderneming.kvkNummer,
    indNonMailing: jaNee(onderneming.indNonMailing),
    naam: onderneming.naam,
    formeleRegistratiedatum: onderneming.formeleRegistratiedatum,
    materieleRegistratie: { datumAanvang: onderneming.datumAanvang, ...(onderneming.datumEinde ? { datumEinde: onderneming.datumEinde } : {}) },
    totaalWerkzamePersonen: onderneming.vestigingen.reduce((total, v) => total + v.voltijd + v.deeltijd, 0),
  };
  if (onderneming.statutaireNaam) out.statutaireNaam = onderneming.statutaireNaam;
  const namen = [...new Set(onderneming.vestigingen.flatMap((v) => v.handelsnamen))];
  out.handelsnamen = namen.map((naam, i) => ({ naam, volgorde: i + 1 }));
  out.sbiActiviteiten = sbi(hoofd);
  out.links = [
    { rel: 'self', href: base },
    { rel: 'vestigingen', href: `${base}/vestigingen` },
    { rel: 'hoofdvestiging', href: `${base}/hoofdvestiging` },
    { rel: 'eigenaar', href: `${base}/eigenaar` },
  ] satisfies Link[];
  out._embedded = { hoofdvestiging: vestiging(onderneming, hoofd, origin, withGeoData, true), eigenaar: eigenaar(onderneming, origin, withGeoData) };
  return out;
}

export function vestigingenLijst(onderneming: KvkOnderneming, origin: string): Record<string, unknown> {
  const commercieel = onderneming.vestigingen.filter((v) => v.commercieel).length;
  return {
    kvkNummer: onderneming.kvkNummer,
    aantalCommercieleVestigingen: commercieel,
    aantalNietCommercieleVestigingen: onderneming.vestigingen.length - commercieel,
    totaalAantalVestigingen: onderneming.vestigingen.length,
    vestigingen: onderneming.vestigingen.map((v) => ({
      vestigingsnummer: v.vestigingsnummer,
      kvkNummer: onderneming.kvkNummer,
      eersteHandelsnaam: v.eersteHandelsnaam,
      indHoofdvestiging: jaNee(v.hoofdvestiging),
      indAdresAfgeschermd: 'Nee',
      indCommercieleVestiging: jaNee(v.commercieel),
      volledigAdres: volledigAdres(v.adressen[0]!),
      links: [{ rel: 'vestigingsprofiel', href: `${v1(origin)}/vestigingsprofielen/${v.vestigingsnummer}` }] satisfies Link[],
    })),
    links: [{ rel: 'self', href: `${v1(origin)}/basisprofielen/${onderneming.kvkNummer}/vestigingen` }] satisfies Link[],
  };
}

export function naamgeving(onderneming: KvkOnderneming, origin: string): Record<string, unknown> {
  const out: Record<string, unknown> = { kvkNummer: onderneming.kvkNummer };
  if (onderneming.rsin) out.rsin = onderneming.rsin;
  if (onderneming.statutaireNaam) out.statutaireNaam = onderneming.statutaireNaam;
  out.naam = onderneming.naam;
  out.startdatum = onderneming.datumAanvang;
  if (onderneming.datumEinde) out.einddatum = onderneming.datumEinde;
  out.vestigingen = onderneming.vestigingen.map((v) => {
    const item: Record<string, unknown> = { vestigingsnummer: v.vestigingsnummer };
    if (v.commercieel) {
      item.eersteHandelsnaam = v.eersteHandelsnaam;
      item.handelsnamen = v.handelsnamen.map((naam, i) => ({ naam, volgorde: i + 1 }));
    } else {
      item.naam = v.eersteHandelsnaam;
      item.ookGenoemd = `${v.eersteHandelsnaam} (ook genoemd)`;
    }
    item.links = [{ rel: 'vestigingsprofiel', href: `${v1(origin)}/vestigingsprofielen/${v.vestigingsnummer}` }] satisfies Link[];
    return item;
  });
  out.links = [
    { rel: 'self', href: `${v1(origin)}/naamgevingen/kvknummer/${onderneming.kvkNummer}` },
    { rel: 'basisprofiel', href: `${v1(origin)}/basisprofielen/${onderneming.kvkNummer}` },
  ] satisfies Link[];
  return out;
}
