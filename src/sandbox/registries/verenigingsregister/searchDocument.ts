import type { SearchDocument } from './matchQuery';
import { adresvoorstelling, type Vereniging } from './model';

/** The fields `q=` and `sort=` know, as lower-cased dotted paths, with every value a vereniging has there. */
export function searchDocument(vereniging: Vereniging): SearchDocument {
  const doc: SearchDocument = new Map();
  const put = (field: string, ...values: (string | number | boolean)[]) => {
    const list = doc.get(field) ?? [];
    list.push(...values.map((v) => (typeof v === 'boolean' ? String(v) : v)));
    doc.set(field, list);
  };
  put('vcode', vereniging.vCode);
  put('verenigingstype.code', vereniging.verenigingstype.code);
  put('verenigingstype.naam', vereniging.verenigingstype.naam);
  put('naam', vereniging.naam);
  put('roepnaam', vereniging.roepnaam);
  put('kortenaam', vereniging.korteNaam);
  put('kortebeschrijving', vereniging.korteBeschrijving);
  put('status', vereniging.status);
  put('doelgroep.minimumleeftijd', vereniging.doelgroep.minimumleeftijd);
  put('doelgroep.maximumleeftijd', vereniging.doelgroep.maximumleeftijd);
  for (const h of vereniging.hoofdactiviteitenVerenigingsloket) {
    put('hoofdactiviteitenverenigingsloket.code', h.code);
    put('hoofdactiviteitenverenigingsloket.naam', h.naam);
  }
  for (const l of vereniging.locaties) {
    put('locaties.locatietype', l.locatietype);
    put('locaties.naam', l.naam);
    put('locaties.isprimair', l.isPrimair);
    put('locaties.adresvoorstelling', adresvoorstelling(l.adres));
    if (l.adres) {
      put('locaties.postcode', l.adres.postcode);
      put('locaties.gemeente', l.adres.gemeente);
    }
  }
  if (vereniging.kboNummer) {
    put('sleutels.bron', 'KBO');
    put('sleutels.waarde', vereniging.kboNummer);
  }
  return doc;
}
