import type { HoofdactiviteitVerenigingsloket } from './model';

/** The 21 values of the verenigingsloket's main-activity list, in the order the register serves them. */
export const HOOFDACTIVITEITEN_VERENIGINGSLOKET: readonly HoofdactiviteitVerenigingsloket[] = [
  { code: 'BIAG', naam: 'Burgerinitiatief & Actiegroep' },
  { code: 'BWWC', naam: 'Buurtwerking & Wijkcomité' },
  { code: 'DINT', naam: 'Diversiteit & Integratie' },
  { code: 'GEWE', naam: 'Gezondheid & Welzijn' },
  { code: 'HOSP', naam: 'Hobby & Spel' },
  { code: 'INOS', naam: 'Internationaal & Ontwikkelingssamenwerking' },
  { code: 'JGDW', naam: 'Jeugdwerk' },
  { code: 'KLDU', naam: 'Klimaat & Duurzaamheid' },
  { code: 'KECU', naam: 'Kunsten, Erfgoed & Cultuur' },
  { code: 'LAVI', naam: 'Landbouw & Visserij' },
  { code: 'LEBE', naam: 'Levensbeschouwelijk' },
  { code: 'MADP', naam: 'Maatschappelijke dienstverlening & Politiek' },
  { code: 'MEDG', naam: 'Mediawijsheid & Digitale geletterdheid' },
  { code: 'MROW', naam: 'Mobiliteit, Ruimtelijke ordening & Wonen' },
  { code: 'NMDW', naam: 'Natuur, Milieu & Dierenwelzijn' },
  { code: 'VORM', naam: 'Onderwijs & Vorming' },
  { code: 'SOVO', naam: 'Sociaal-cultureel volwassenenwerk' },
  { code: 'SPRT', naam: 'Sport' },
  { code: 'ONWE', naam: 'Technologie & Wetenschap' },
  { code: 'TOER', naam: 'Toerisme' },
  { code: 'WESE', naam: 'Werk & Sociale economie' },
];

export function hoofdactiviteit(code: string): HoofdactiviteitVerenigingsloket | undefined {
  return HOOFDACTIVITEITEN_VERENIGINGSLOKET.find((h) => h.code === code);
}
