import type { SandboxResponse } from '../../types';
import { gebeurtenis } from '../verenigingsregister/gebeurtenis';
import { isKboVereniging, type Vereniging, type Vertegenwoordiger } from '../verenigingsregister/model';
import { checkVertegenwoordigers, readVertegenwoordiger, readVertegenwoordigerContact } from '../verenigingsregister/validateVereniging';
import { FieldReader, ValidationErrors, type JsonObject } from '../verenigingsregister/ValidationErrors';
import { badRequest, NIET_VOOR_DIT_TYPE, validationProblem, writeVereniging, type BeheerCall, type CommandResult } from './beheerWrite';

/** What a PATCH may change, for feitelijke and KBO verenigingen alike (release v7.29); never the INSZ or the name. */
const WIJZIGBAAR = ['rol', 'roepnaam', 'isPrimair', 'e-mail', 'telefoon', 'mobiel', 'socialMedia'];

function data(x: Vertegenwoordiger): Record<string, unknown> {
  const { bron: _bron, ...rest } = x;
  return rest;
}

function find(call: BeheerCall, v: Vereniging, id: number): Vertegenwoordiger | SandboxResponse {
  return v.vertegenwoordigers.find((x) => x.vertegenwoordigerId === id) ?? badRequest(call, `De vertegenwoordiger met id ${id} werd niet gevonden bij ${v.vCode}.`);
}

function isVertegenwoordiger(value: Vertegenwoordiger | SandboxResponse): value is Vertegenwoordiger {
  return 'vertegenwoordigerId' in value;
}

function naam(x: Vertegenwoordiger): string {
  return `${x.voornaam} ${x.achternaam}`;
}

export function voegVertegenwoordigerToe(call: BeheerCall, vCode: string, body: JsonObject): SandboxResponse {
  return writeVereniging(call, vCode, (v): CommandResult => {
    // KBO functiehouders come from KBO only; beheer may enrich them, not add or remove (v7.29).
    if (isKboVereniging(v)) return badRequest(call, NIET_VOOR_DIT_TYPE);
    const errors = new ValidationErrors();
    const fields = new FieldReader(errors, '').object(body, 'vertegenwoordiger', true);
    const input = fields ? readVertegenwoordiger(fields, errors, 'vertegenwoordiger') : undefined;
    if (!input) return validationProblem(call, errors);
    const added: Vertegenwoordiger = { vertegenwoordigerId: Math.max(0, ...v.vertegenwoordigers.map((x) => x.vertegenwoordigerId)) + 1, ...input, bron: 'Initiator' };
    const next = { ...v, vertegenwoordigers: [...v.vertegenwoordigers, added] };
    checkVertegenwoordigers(next.vertegenwoordigers, errors, 'vertegenwoordiger');
    if (!errors.empty) return validationProblem(call, errors);
    return { next, gebeurtenissen: [gebeurtenis(call.actor, 'VertegenwoordigerWerdToegevoegd', `'${naam(added)}' werd toegevoegd als vertegenwoordiger.`, data(added))] };
  });
}

export function wijzigVertegenwoordiger(call: BeheerCall, vCode: string, id: number, body: JsonObject): SandboxResponse {
  return writeVereniging(call, vCode, (v): CommandResult => {
    const found = find(call, v, id);
    if (!isVertegenwoordiger(found)) return found;
    const errors = new ValidationErrors();
    const fields = new FieldReader(errors, '').object(body, 'vertegenwoordiger', true);
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
    if (JSON.stringify(changed) === JSON.stringify(found)) return { next: v, gebeurtenissen: [] };
    const next = { ...v, vertegenwoordigers: v.vertegenwoordigers.map((x) => (x.vertegenwoordigerId === id ? changed : x)) };
    checkVertegenwoordigers(next.vertegenwoordigers, errors, 'vertegenwoordiger');
    if (!errors.empty) return validationProblem(call, errors);
    const { insz: _insz, ...zonderInsz } = data(changed);
    return { next, gebeurtenissen: [gebeurtenis(call.actor, 'VertegenwoordigerWerdGewijzigd', `Vertegenwoordiger '${naam(changed)}' werd gewijzigd.`, zonderInsz)] };
  });
}

export function verwijderVertegenwoordiger(call: BeheerCall, vCode: string, id: number): SandboxResponse {
  return writeVereniging(call, vCode, (v): CommandResult => {
    if (isKboVereniging(v)) return badRequest(call, NIET_VOOR_DIT_TYPE);
    const found = find(call, v, id);
    if (!isVertegenwoordiger(found)) return found;
    const next = { ...v, vertegenwoordigers: v.vertegenwoordigers.filter((x) => x.vertegenwoordigerId !== id) };
    return {
      next,
      gebeurtenissen: [
        gebeurtenis(call.actor, 'VertegenwoordigerWerdVerwijderd', `Vertegenwoordiger '${naam(found)}' werd verwijderd.`, {
          vertegenwoordigerId: id,
          insz: found.insz,
          voornaam: found.voornaam,
          achternaam: found.achternaam,
        }),
      ],
    };
  });
}
