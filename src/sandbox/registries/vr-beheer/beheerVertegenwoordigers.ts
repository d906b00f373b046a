import type { SandboxResponse } from '../../types';
import { gebeurtenis } from '../verenigingsregister/gebeurtenis';
import { isKboVereniging, type Vertegenwoordiger } from '../verenigingsregister/model';
import { checkVertegenwoordigers, readVertegenwoordiger, readVertegenwoordigerContact } from '../verenigingsregister/validateVereniging';
import { FieldReader, ValidationErrors, type JsonObject } from '../verenigingsregister/ValidationErrors';
import { addSubEntity, bodyFields, nextId, removeSubEntity, replaceSubEntity, withSubEntity, writeSubEntity, type SubEntity } from './beheerSubEntity';
import { badRequest, NIET_VOOR_DIT_TYPE, validationProblem, writeVereniging, type BeheerCall, type CommandResult } from './beheerWrite';

/** What a PATCH may change, for feitelijke and KBO verenigingen alike (release v7.29); never the INSZ or the name. */
const WIJZIGBAAR = ['rol', 'roepnaam', 'isPrimair', 'e-mail', 'telefoon', 'mobiel', 'socialMedia'];

const VERTEGENWOORDIGERS: SubEntity<Vertegenwoordiger> = {
  member: 'vertegenwoordiger',
  items: (v) => v.vertegenwoordigers,
  withItems: (v, vertegenwoordigers) => ({ ...v, vertegenwoordigers }),
  id: (x) => x.vertegenwoordigerId,
  nietGevonden: (id, vCode) => `De vertegenwoordiger met id ${id} werd niet gevonden bij ${vCode}.`,
  check: checkVertegenwoordigers,
};

function data(x: Vertegenwoordiger): Record<string, unknown> {
  const { bron: _bron, ...rest } = x;
  return rest;
}

function naam(x: Vertegenwoordiger): string {
  return `${x.voornaam} ${x.achternaam}`;
}

export function voegVertegenwoordigerToe(call: BeheerCall, vCode: string, body: JsonObject): SandboxResponse {
  return writeVereniging(call, vCode, (v): CommandResult => {
    // KBO functiehouders come from KBO only; beheer may enrich them, not add or remove (v7.29).
    if (isKboVereniging(v)) return badRequest(call, NIET_VOOR_DIT_TYPE);
    const errors = new ValidationErrors();
    const fields = bodyFields(VERTEGENWOORDIGERS, body, errors);
    const input = fields ? readVertegenwoordiger(fields, errors, 'vertegenwoordiger') : undefined;
    if (!input) return validationProblem(call, errors);
    const added: Vertegenwoordiger = { vertegenwoordigerId: nextId(VERTEGENWOORDIGERS, v), ...input, bron: 'Initiator' };
    return addSubEntity(call, VERTEGENWOORDIGERS, v, added, errors, () =>
      gebeurtenis(call.actor, 'VertegenwoordigerWerdToegevoegd', `'${naam(added)}' werd toegevoegd als vertegenwoordiger.`, data(added)),
    );
  });
}

export function wijzigVertegenwoordiger(call: BeheerCall, vCode: string, id: number, body: JsonObject): SandboxResponse {
  return writeSubEntity(call, vCode, VERTEGENWOORDIGERS, id, (v, found): CommandResult => {
    const errors = new ValidationErrors();
    const fields = bodyFields(VERTEGENWOORDIGERS, body, errors);
    if (!fields) return validationProblem(call, errors);
    const reader = new FieldReader(errors, 'vertegenwoordiger');
    for (const key of Object.keys(fields)) {
      if (!WIJZIGBAAR.includes(key)) errors.add(`vertegenwoordiger.${key}`, `'${key}' van een vertegenwoordiger kan niet gewijzigd worden.`);
    }
    const rol = reader.string(fields, 'rol');
    const roepnaam = reader.string(fields, 'roepnaam');
    const isPrimair = reader.boolean(fields, 'isPrimair');
    const contact = readVertegenwoordigerContact(fields, errors, 'vertegenwoordiger');
    if (!errors.empty) return validationProblem(call, errors);
    const changed: Vertegenwoordiger = { ...found, ...contact, rol: rol ?? found.rol, roepnaam: roepnaam ?? found.roepnaam, isPrimair: isPrimair ?? found.isPrimair };
    return replaceSubEntity(call, VERTEGENWOORDIGERS, v, found, changed, errors, () => {
      const { insz: _insz, ...zonderInsz } = data(changed);
      return gebeurtenis(call.actor, 'VertegenwoordigerWerdGewijzigd', `Vertegenwoordiger '${naam(changed)}' werd gewijzigd.`, zonderInsz);
    });
  });
}

export function verwijderVertegenwoordiger(call: BeheerCall, vCode: string, id: number): SandboxResponse {
  return writeVereniging(call, vCode, (v): CommandResult => {
    // The type is checked before the id: a KBO vereniging answers the same for every id.
    if (isKboVereniging(v)) return badRequest(call, NIET_VOOR_DIT_TYPE);
    return withSubEntity(call, VERTEGENWOORDIGERS, v, id, (found) =>
      removeSubEntity(
        VERTEGENWOORDIGERS,
        v,
        found,
        gebeurtenis(call.actor, 'VertegenwoordigerWerdVerwijderd', `Vertegenwoordiger '${naam(found)}' werd verwijderd.`, {
          vertegenwoordigerId: id,
          insz: found.insz,
          voornaam: found.voornaam,
          achternaam: found.achternaam,
        }),
      ),
    );
  });
}
