import type { SandboxResponse } from '../../types';
import { gebeurtenis, today } from '../verenigingsregister/gebeurtenis';
import type { GebeurtenisNaam } from '../verenigingsregister/gebeurtenisNamen';
import { hoofdactiviteit } from '../verenigingsregister/hoofdactiviteiten';
import { isKboVereniging, type Gebeurtenis, type Vereniging } from '../verenigingsregister/model';
import { isGeldigeDatum, readDoelgroep, readHoofdactiviteiten, readStartdatum } from '../verenigingsregister/validateVereniging';
import { FieldReader, ValidationErrors, type JsonObject } from '../verenigingsregister/ValidationErrors';
import { badRequest, NIET_VOOR_DIT_TYPE, validationProblem, writeVereniging, type BeheerCall, type CommandResult } from './beheerWrite';

const FV_VELDEN = ['naam', 'korteNaam', 'korteBeschrijving', 'startdatum', 'doelgroep', 'hoofdactiviteitenVerenigingsloket', 'isUitgeschrevenUitPubliekeDatastroom'];
// Opting out of the publieke datastroom is a choice for feitelijke verenigingen only (v3.28).
const KBO_VELDEN = ['roepnaam', 'korteBeschrijving', 'doelgroep', 'hoofdactiviteitenVerenigingsloket'];
/** Taken over from KBO: a vereniging met rechtspersoonlijkheid cannot change them through beheer. */
const UIT_KBO = ['naam', 'korteNaam', 'startdatum'];

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Shared by both PATCH endpoints: each given field that differs becomes one gebeurtenis. */
function wijzig(call: BeheerCall, v: Vereniging, body: JsonObject, allowed: string[]): CommandResult {
  const errors = new ValidationErrors();
  const reader = new FieldReader(errors, '');
  const given = Object.keys(body).filter((k) => body[k] !== undefined);
  if (given.length === 0) return badRequest(call, 'Het request moet minstens één te wijzigen veld bevatten.');
  for (const key of given) {
    if (allowed.includes(key)) continue;
    if (isKboVereniging(v) && UIT_KBO.includes(key)) errors.add(key, `'${key}' komt uit KBO en kan niet gewijzigd worden via decentraal beheer.`);
    else errors.add(key, `'${key}' is geen veld dat hier gewijzigd kan worden.`);
  }
  const naam = given.includes('naam') ? reader.string(body, 'naam', true) : undefined;
  const korteNaam = reader.string(body, 'korteNaam');
  const korteBeschrijving = reader.string(body, 'korteBeschrijving');
  const roepnaam = reader.string(body, 'roepnaam');
  const startdatum = readStartdatum(body, errors, today(call.actor.now));
  if (startdatum && v.einddatum && startdatum > v.einddatum) errors.add('startdatum', 'De startdatum mag niet na de einddatum liggen.');
  const doelgroepObj = reader.object(body, 'doelgroep');
  const doelgroep = doelgroepObj ? readDoelgroep(doelgroepObj, errors, 'doelgroep') : undefined;
  const hoofdactiviteiten = readHoofdactiviteiten(body, errors);
  const uitgeschreven = reader.boolean(body, 'isUitgeschrevenUitPubliekeDatastroom');
  if (!errors.empty) return validationProblem(call, errors);

  const events: Gebeurtenis[] = [];
  const next = structuredClone(v);
  const e = (name: GebeurtenisNaam, beschrijving: string, data: Record<string, unknown>) => events.push(gebeurtenis(call.actor, name, beschrijving, data));
  if (naam !== undefined && naam.trim() !== v.naam) {
    next.naam = naam.trim();
    e('NaamWerdGewijzigd', `Naam werd gewijzigd naar '${next.naam}'.`, { vCode: v.vCode, naam: next.naam });
  }
  if (roepnaam !== undefined && roepnaam !== v.roepnaam) {
    next.roepnaam = roepnaam;
    e('RoepnaamWerdGewijzigd', `Roepnaam werd gewijzigd naar '${roepnaam}'.`, { roepnaam });
  }
  if (korteNaam !== undefined && korteNaam !== v.korteNaam) {
    next.korteNaam = korteNaam;
    e('KorteNaamWerdGewijzigd', `Korte naam werd gewijzigd naar '${korteNaam}'.`, { vCode: v.vCode, korteNaam });
  }
  if (korteBeschrijving !== undefined && korteBeschrijving !== v.korteBeschrijving) {
    next.korteBeschrijving = korteBeschrijving;
    e('KorteBeschrijvingWerdGewijzigd', `Korte beschrijving werd gewijzigd naar '${korteBeschrijving}'.`, { vCode: v.vCode, korteBeschrijving });
  }
  if (startdatum !== undefined && startdatum !== v.startdatum) {
    next.startdatum = startdatum;
    e('StartdatumWerdGewijzigd', startdatum ? `Startdatum werd gewijzigd naar '${startdatum}'.` : 'Startdatum werd leeggemaakt.', { vCode: v.vCode, startdatum: startdatum || null });
  }
  if (doelgroep && !sameJson(doelgroep, v.doelgroep)) {
    next.doelgroep = doelgroep;
    e('DoelgroepWerdGewijzigd', `Doelgroep werd gewijzigd naar ${doelgroep.minimumleeftijd} tot ${doelgroep.maximumleeftijd} jaar.`, { doelgroep });
  }
  if (hoofdactiviteiten && !sameJson(hoofdactiviteiten, v.hoofdactiviteitenVerenigingsloket.map((h) => h.code))) {
    next.hoofdactiviteitenVerenigingsloket = hoofdactiviteiten.map((code) => hoofdactiviteit(code)!);
    e('HoofdactiviteitenVerenigingsloketWerdenGewijzigd', 'Hoofdactiviteiten verenigingsloket werden gewijzigd.', {
      hoofdactiviteitenVerenigingsloket: next.hoofdactiviteitenVerenigingsloket,
    });
  }
  if (uitgeschreven !== undefined && uitgeschreven !== v.isUitgeschrevenUitPubliekeDatastroom) {
    next.isUitgeschrevenUitPubliekeDatastroom = uitgeschreven;
    if (uitgeschreven) e('VerenigingWerdUitgeschrevenUitPubliekeDatastroom', 'Vereniging werd uitgeschreven uit de publieke datastroom.', {});
    else e('VerenigingWerdIngeschrevenInPubliekeDatastroom', 'Vereniging werd ingeschreven in de publieke datastroom.', {});
  }
  return { next, gebeurtenissen: events };
}

export function wijzigBasisgegevens(call: BeheerCall, vCode: string, body: JsonObject): SandboxResponse {
  return writeVereniging(call, vCode, (v) => (isKboVereniging(v) ? badRequest(call, NIET_VOOR_DIT_TYPE) : wijzig(call, v, body, FV_VELDEN)));
}

export function wijzigBasisgegevensKbo(call: BeheerCall, vCode: string, body: JsonObject): SandboxResponse {
  return writeVereniging(call, vCode, (v) => (isKboVereniging(v) ? wijzig(call, v, body, KBO_VELDEN) : badRequest(call, NIET_VOOR_DIT_TYPE)));
}

/** startdatum ≤ einddatum ≤ today; a second stop only moves the einddatum (release v7.29). */
export function stopVereniging(call: BeheerCall, vCode: string, body: JsonObject): SandboxResponse {
  return writeVereniging(call, vCode, (v) => {
    if (isKboVereniging(v)) return badRequest(call, NIET_VOOR_DIT_TYPE);
    const errors = new ValidationErrors();
    const einddatum = new FieldReader(errors, '').string(body, 'einddatum', true);
    if (einddatum !== undefined) {
      if (!isGeldigeDatum(einddatum)) errors.add('einddatum', `'${einddatum}' is geen geldige datum (jjjj-mm-dd).`);
      else if (einddatum > today(call.actor.now)) errors.add('einddatum', 'De einddatum mag niet in de toekomst liggen.');
      else if (v.startdatum && einddatum < v.startdatum) errors.add('einddatum', 'De einddatum mag niet voor de startdatum liggen.');
    }
    if (!errors.empty || einddatum === undefined) return validationProblem(call, errors);
    if (v.status === 'Gestopt' && v.einddatum === einddatum) return { next: v, gebeurtenissen: [] };
    const next = { ...v, status: 'Gestopt' as const, einddatum };
    const event =
      v.status === 'Gestopt'
        ? gebeurtenis(call.actor, 'EinddatumWerdGewijzigd', `De einddatum van de vereniging werd gewijzigd naar '${einddatum}'.`, { einddatum })
        : gebeurtenis(call.actor, 'VerenigingWerdGestopt', `De vereniging werd gestopt met einddatum '${einddatum}'.`, { einddatum });
    return { next, gebeurtenissen: [event] };
  });
}
