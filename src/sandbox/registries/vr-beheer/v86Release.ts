import { findKboOnderneming } from '../verenigingsregister/kboOndernemingen';
import type { Relatie, Vereniging } from '../verenigingsregister/model';
import type { ReleaseView } from '../verenigingsregister/verenigingViews';
import type { VerenigingStore } from '../verenigingsregister/VerenigingStore';

export const AFDELING = { code: 'AFD', naam: 'Afdeling' };

/**
 * How release v8.6 showed verenigingen beyond its field names: an afdeling has type AFD and an
 * "Is afdeling van" relatie; its moeder, once registered, a "Heeft als afdeling" one for each
 * afdeling (release v3.28). Detail links stay under `base`, the /v8.6 prefix.
 */
export function v86Release(store: VerenigingStore, base: string): ReleaseView {
  const detail = (vCode: string) => `${base}/v1/verenigingen/${vCode}`;
  return {
    verenigingstype: (v) => (v.kboNummerMoedervereniging ? { ...AFDELING } : { ...v.verenigingstype }),
    relaties(v: Vereniging): Relatie[] {
      if (v.kboNummerMoedervereniging) {
        const moeder = store.findByKboNummer(v.kboNummerMoedervereniging)?.vereniging;
        return [
          {
            relatietype: 'Is afdeling van',
            andereVereniging: {
              kboNummer: v.kboNummerMoedervereniging,
              vCode: moeder?.vCode ?? '',
              naam: moeder?.naam ?? findKboOnderneming(v.kboNummerMoedervereniging)?.naam ?? '',
              detail: moeder ? detail(moeder.vCode) : '',
            },
          },
        ];
      }
      if (!v.kboNummer) return [];
      return store
        .all()
        .map((s) => s.vereniging)
        .filter((a) => a.kboNummerMoedervereniging === v.kboNummer)
        .map((a) => ({ relatietype: 'Heeft als afdeling', andereVereniging: { kboNummer: '', vCode: a.vCode, naam: a.naam, detail: detail(a.vCode) } }));
    },
  };
}
