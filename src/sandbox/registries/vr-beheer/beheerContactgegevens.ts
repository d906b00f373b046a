import type { SandboxResponse } from '../../types';
import { gebeurtenis } from '../verenigingsregister/gebeurtenis';
import type { Contactgegeven, Vereniging } from '../verenigingsregister/model';
import { checkContactgegevens, contactgegevenFout, readContactgegeven } from '../verenigingsregister/validateVereniging';
import { FieldReader, ValidationErrors, type JsonObject } from '../verenigingsregister/ValidationErrors';
import { badRequest, validationProblem, writeVereniging, type BeheerCall, type CommandResult } from './beheerWrite';

function data(c: Contactgegeven): Record<string, unknown> {
  return { contactgegevenId: c.contactgegevenId, contactgegeventype: c.contactgegeventype, waarde: c.waarde, beschrijving: c.beschrijving, isPrimair: c.isPrimair };
}

function find(call: BeheerCall, v: Vereniging, id: number): Contactgegeven | SandboxResponse {
  return v.contactgegevens.find((c) => c.contactgegevenId === id) ?? badRequest(call, `Het contactgegeven met id ${id} werd niet gevonden bij ${v.vCode}.`);
}

function isContactgegeven(value: Contactgegeven | SandboxResponse): value is Contactgegeven {
  return 'contactgegevenId' in value;
}

/** The `contactgegeven` member every contactgegeven write wraps its fields in. */
function inner(body: JsonObject, errors: ValidationErrors): JsonObject | undefined {
  return new FieldReader(errors, '').object(body, 'contactgegeven', true);
}

function checked(call: BeheerCall, next: Vereniging, errors: ValidationErrors): SandboxResponse | undefined {
  checkContactgegevens(next.contactgegevens, errors, 'contactgegeven');
  return errors.empty ? undefined : validationProblem(call, errors);
}

export function voegContactgegevenToe(call: BeheerCall, vCode: string, body: JsonObject): SandboxResponse {
  return writeVereniging(call, vCode, (v): CommandResult => {
    const errors = new ValidationErrors();
    const fields = inner(body, errors);
    const input = fields ? readContactgegeven(fields, errors, 'contactgegeven') : undefined;
    if (!input) return validationProblem(call, errors);
    const added: Contactgegeven = { contactgegevenId: Math.max(0, ...v.contactgegevens.map((c) => c.contactgegevenId)) + 1, ...input, bron: 'Initiator' };
    const next = { ...v, contactgegevens: [...v.contactgegevens, added] };
    const problem = checked(call, next, errors);
    if (problem) return problem;
    return { next, gebeurtenissen: [gebeurtenis(call.actor, 'ContactgegevenWerdToegevoegd', `${added.contactgegeventype} '${added.waarde}' werd toegevoegd.`, data(added))] };
  });
}

export function wijzigContactgegeven(call: BeheerCall, vCode: string, id: number, body: JsonObject): SandboxResponse {
  return writeVereniging(call, vCode, (v): CommandResult => {
    const found = find(call, v, id);
    if (!isContactgegeven(found)) return found;
    if (found.bron === 'KBO') return badRequest(call, `Contactgegeven ${id} komt uit KBO: enkel beschrijving en isPrimair kunnen gewijzigd worden, via /v1/verenigingen/${v.vCode}/kbo/contactgegevens/${id}.`);
    const errors = new ValidationErrors();
    const fields = inner(body, errors);
    if (!fields) return validationProblem(call, errors);
    const reader = new FieldReader(errors, 'contactgegeven');
    const waarde = reader.string(fields, 'waarde');
    const beschrijving = reader.string(fields, 'beschrijving');
    const isPrimair = reader.boolean(fields, 'isPrimair');
    if ('contactgegeventype' in fields) errors.add('contactgegeven.contactgegeventype', 'Het type van een contactgegeven kan niet gewijzigd worden.');
    const fout = waarde === undefined ? undefined : contactgegevenFout(found.contactgegeventype, waarde);
    if (fout) errors.add('contactgegeven.waarde', fout);
    if (!errors.empty) return validationProblem(call, errors);
    const changed: Contactgegeven = { ...found, waarde: waarde ?? found.waarde, beschrijving: beschrijving ?? found.beschrijving, isPrimair: isPrimair ?? found.isPrimair };
    if (JSON.stringify(changed) === JSON.stringify(found)) return { next: v, gebeurtenissen: [] };
    const next = { ...v, contactgegevens: v.contactgegevens.map((c) => (c.contactgegevenId === id ? changed : c)) };
    const problem = checked(call, next, errors);
    if (problem) return problem;
    return { next, gebeurtenissen: [gebeurtenis(call.actor, 'ContactgegevenWerdGewijzigd', `${changed.contactgegeventype} '${changed.waarde}' werd gewijzigd.`, data(changed))] };
  });
}

export function verwijderContactgegeven(call: BeheerCall, vCode: string, id: number): SandboxResponse {
  return writeVereniging(call, vCode, (v): CommandResult => {
    const found = find(call, v, id);
    if (!isContactgegeven(found)) return found;
    if (found.bron === 'KBO') return badRequest(call, `Contactgegeven ${id} komt uit KBO en kan niet verwijderd worden.`);
    const next = { ...v, contactgegevens: v.contactgegevens.filter((c) => c.contactgegevenId !== id) };
    return { next, gebeurtenissen: [gebeurtenis(call.actor, 'ContactgegevenWerdVerwijderd', `${found.contactgegeventype} '${found.waarde}' werd verwijderd.`, data(found))] };
  });
}

/** KBO contactgegevens: only beschrijving and isPrimair are the register's own (release v7.29). */
export function wijzigKboContactgegeven(call: BeheerCall, vCode: string, id: number, body: JsonObject): SandboxResponse {
  return writeVereniging(call, vCode, (v): CommandResult => {
    const found = find(call, v, id);
    if (!isContactgegeven(found)) return found;
    if (found.bron !== 'KBO') return badRequest(call, `Contactgegeven ${id} komt niet uit KBO; wijzig het via /v1/verenigingen/${v.vCode}/contactgegevens/${id}.`);
    const errors = new ValidationErrors();
    const fields = inner(body, errors);
    if (!fields) return validationProblem(call, errors);
    const reader = new FieldReader(errors, 'contactgegeven');
    reader.only(fields, ['beschrijving', 'isPrimair']);
    const beschrijving = reader.string(fields, 'beschrijving');
    const isPrimair = reader.boolean(fields, 'isPrimair');
    if (!errors.empty) return validationProblem(call, errors);
    const changed = { ...found, beschrijving: beschrijving ?? found.beschrijving, isPrimair: isPrimair ?? found.isPrimair };
    if (JSON.stringify(changed) === JSON.stringify(found)) return { next: v, gebeurtenissen: [] };
    const next = { ...v, contactgegevens: v.contactgegevens.map((c) => (c.contactgegevenId === id ? changed : c)) };
    const problem = checked(call, next, errors);
    if (problem) return problem;
    return {
      next,
      gebeurtenissen: [
        gebeurtenis(call.actor, 'ContactgegevenUitKBOWerdGewijzigd', `${changed.contactgegeventype} '${changed.waarde}' uit KBO werd gewijzigd.`, {
          contactgegevenId: id,
          beschrijving: changed.beschrijving,
          isPrimair: changed.isPrimair,
        }),
      ],
    };
  });
}
