import { empty } from '../../responses';
import type { SandboxResponse } from '../../types';
import { bevestigingsToken, findDuplicates } from '../verenigingsregister/duplicateDetection';
import { today } from '../verenigingsregister/gebeurtenis';
import { findKboOnderneming } from '../verenigingsregister/kboOndernemingen';
import { registreerAfdeling, registreerFeitelijkeVereniging, registreerKboVereniging, type FeitelijkeVerenigingInput } from '../verenigingsregister/registratie';
import { normaliseKboNummer, readRegistreerFeitelijkeVereniging } from '../verenigingsregister/validateVereniging';
import { FieldReader, ValidationErrors, type JsonObject } from '../verenigingsregister/ValidationErrors';
import { zoekResultaat } from '../verenigingsregister/verenigingViews';
import { vrProblem } from '../verenigingsregister/vrProblem';
import { badRequest, etag, validationProblem, writeHeaders, type BeheerCall } from './beheerWrite';

export const BEVESTIGINGSTOKEN_HEADER = 'vr-bevestigingstoken';

/**
 * The 409 for a registration that looks like a vereniging already there, or undefined when the
 * request carries the token issued for exactly this request, or nothing looks alike.
 */
function duplicateProblem(call: BeheerCall, input: FeitelijkeVerenigingInput, token: string): SandboxResponse | undefined {
  if (call.request.headers[BEVESTIGINGSTOKEN_HEADER] === token) return undefined;
  const duplicates = findDuplicates(
    input,
    call.store.all().map((s) => s.vereniging),
  );
  if (duplicates.length === 0) return undefined;
  // A problem like every other 4xx, carrying the candidates and the token as extension members.
  return vrProblem(call.request.origin, 409, `Er bestaan ${duplicates.length} mogelijke duplicaten van deze vereniging; registreer toch met de header VR-BevestigingsToken.`, {
    members: {
      bevestigingsToken: token,
      mogelijkeDuplicateVerenigingen: duplicates.map((v) => zoekResultaat(v, `${call.base}/v1/verenigingen/${v.vCode}`, { beheer: true, release: call.release })),
    },
    headers: { 'VR-BevestigingsToken': token },
  });
}

/**
 * Registers a feitelijke vereniging unless it looks like one already there: then 409 with the
 * candidates and a token; the same request sent again with that token registers anyway.
 */
export function registreerFeitelijke(call: BeheerCall, body: JsonObject): SandboxResponse {
  const errors = new ValidationErrors();
  const input = readRegistreerFeitelijkeVereniging(body, errors, today(call.actor.now));
  if (!errors.empty) return validationProblem(call, errors);
  const duplicate = duplicateProblem(call, input, bevestigingsToken(input));
  if (duplicate) return duplicate;
  const registratie = registreerFeitelijkeVereniging(call.store.nextVCode(), input, call.actor);
  const commit = call.store.create(registratie.vereniging, registratie.gebeurtenissen);
  return empty(202, writeHeaders(call, commit));
}

/** v8.6 only (v8.32 deactivated it): a feitelijke vereniging plus the KBO-nummer of its moeder. */
export function registreerAfdelingV86(call: BeheerCall, body: JsonObject): SandboxResponse {
  const errors = new ValidationErrors();
  const input = readRegistreerFeitelijkeVereniging(body, errors, today(call.actor.now));
  const raw = new FieldReader(errors, '').string(body, 'kboNummerMoedervereniging', true);
  const kboNummer = raw === undefined ? undefined : normaliseKboNummer(raw);
  if (raw !== undefined && !kboNummer) errors.add('kboNummerMoedervereniging', `'${raw}' is geen geldig KBO-nummer (10 cijfers met een geldig controlegetal).`);
  if (!errors.empty || !kboNummer) return validationProblem(call, errors);
  const onderneming = findKboOnderneming(kboNummer);
  if (!onderneming) return badRequest(call, 'Er werd voor dit KBO-nummer geen geldige vereniging gevonden.');
  const duplicate = duplicateProblem(call, input, bevestigingsToken({ ...input, kboNummerMoedervereniging: kboNummer }));
  if (duplicate) return duplicate;
  const moeder = call.store.findByKboNummer(kboNummer)?.vereniging;
  const registratie = registreerAfdeling(call.store.nextVCode(), input, { kboNummer, vCode: moeder?.vCode ?? '', naam: moeder?.naam ?? onderneming.naam }, call.actor);
  const commit = call.store.create(registratie.vereniging, registratie.gebeurtenissen);
  return empty(202, writeHeaders(call, commit));
}

/** 202 for a new KBO vereniging, 200 pointing at the existing one when the number is registered already (v3.28). */
export function registreerKbo(call: BeheerCall, body: JsonObject): SandboxResponse {
  const errors = new ValidationErrors();
  const raw = new FieldReader(errors, '').string(body, 'kboNummer', true);
  if (raw === undefined) return validationProblem(call, errors);
  const kboNummer = normaliseKboNummer(raw);
  if (!kboNummer) {
    errors.add('kboNummer', `'${raw}' is geen geldig KBO-nummer (10 cijfers met een geldig controlegetal).`);
    return validationProblem(call, errors);
  }
  const existing = call.store.findByKboNummer(kboNummer);
  if (existing) {
    return empty(200, { location: `${call.base}/v1/verenigingen/${existing.vereniging.vCode}`, etag: etag(existing.historiek.length) });
  }
  const onderneming = findKboOnderneming(kboNummer);
  if (!onderneming) return badRequest(call, 'Er werd voor dit KBO-nummer geen geldige vereniging gevonden.');
  const registratie = registreerKboVereniging(call.store.nextVCode(), onderneming, call.actor);
  const commit = call.store.create(registratie.vereniging, registratie.gebeurtenissen);
  return empty(202, writeHeaders(call, commit));
}
