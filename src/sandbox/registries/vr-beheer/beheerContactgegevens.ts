import type { SandboxResponse } from '../../types';
import { gebeurtenis } from '../verenigingsregister/gebeurtenis';
import type { Contactgegeven } from '../verenigingsregister/model';
import { checkContactgegevens, contactgegevenFout, readContactgegeven } from '../verenigingsregister/validateVereniging';
import { FieldReader, ValidationErrors, type JsonObject } from '../verenigingsregister/ValidationErrors';
import { addSubEntity, bodyFields, nextId, removeSubEntity, replaceSubEntity, writeSubEntity, type SubEntity } from './beheerSubEntity';
import { badRequest, validationProblem, writeVereniging, type BeheerCall, type CommandResult } from './beheerWrite';

const CONTACTGEGEVENS: SubEntity<Contactgegeven> = {
  member: 'contactgegeven',
  items: (v) => v.contactgegevens,
  withItems: (v, contactgegevens) => ({ ...v, contactgegevens }),
  id: (c) => c.contactgegevenId,
  nietGevonden: (id, vCode) => `Het contactgegeven met id ${id} werd niet gevonden bij ${vCode}.`,
  check: checkContactgegevens,
};

function data(c: Contactgegeven): Record<string, unknown> {
  return { contactgegevenId: c.contactgegevenId, contactgegeventype: c.contactgegeventype, waarde: c.waarde, beschrijving: c.beschrijving, isPrimair: c.isPrimair };
}

export function voegContactgegevenToe(call: BeheerCall, vCode: string, body: JsonObject): SandboxResponse {
  return writeVereniging(call, vCode, (v): CommandResult => {
    const errors = new ValidationErrors();
    const fields = bodyFields(CONTACTGEGEVENS, body, errors);
    const input = fields ? readContactgegeven(fields, errors, 'contactgegeven') : undefined;
    if (!input) return validationProblem(call, errors);
    const added: Contactgegeven = { contactgegevenId: nextId(CONTACTGEGEVENS, v), ...input, bron: 'Initiator' };
    return addSubEntity(call, CONTACTGEGEVENS, v, added, errors, () =>
      gebeurtenis(call.actor, 'ContactgegevenWerdToegevoegd', `${added.contactgegeventype} '${added.waarde}' werd toegevoegd.`, data(added)),
    );
  });
}

export function wijzigContactgegeven(call: BeheerCall, vCode: string, id: number, body: JsonObject): SandboxResponse {
  return writeSubEntity(call, vCode, CONTACTGEGEVENS, id, (v, found): CommandResult => {
    if (found.bron === 'KBO') return badRequest(call, `Contactgegeven ${id} komt uit KBO: enkel beschrijving en isPrimair kunnen gewijzigd worden, via /v1/verenigingen/${v.vCode}/kbo/contactgegevens/${id}.`);
    const errors = new ValidationErrors();
    const fields = bodyFields(CONTACTGEGEVENS, body, errors);
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
    return replaceSubEntity(call, CONTACTGEGEVENS, v, found, changed, errors, () =>
      gebeurtenis(call.actor, 'ContactgegevenWerdGewijzigd', `${changed.contactgegeventype} '${changed.waarde}' werd gewijzigd.`, data(changed)),
    );
  });
}

export function verwijderContactgegeven(call: BeheerCall, vCode: string, id: number): SandboxResponse {
  return writeSubEntity(call, vCode, CONTACTGEGEVENS, id, (v, found): CommandResult => {
    if (found.bron === 'KBO') return badRequest(call, `Contactgegeven ${id} komt uit KBO en kan niet verwijderd worden.`);
    return removeSubEntity(CONTACTGEGEVENS, v, found, gebeurtenis(call.actor, 'ContactgegevenWerdVerwijderd', `${found.contactgegeventype} '${found.waarde}' werd verwijderd.`, data(found)));
  });
}

/** KBO contactgegevens: only beschrijving and isPrimair are the register's own (release v7.29). */
export function wijzigKboContactgegeven(call: BeheerCall, vCode: string, id: number, body: JsonObject): SandboxResponse {
  return writeSubEntity(call, vCode, CONTACTGEGEVENS, id, (v, found): CommandResult => {
    if (found.bron !== 'KBO') return badRequest(call, `Contactgegeven ${id} komt niet uit KBO; wijzig het via /v1/verenigingen/${v.vCode}/contactgegevens/${id}.`);
    const errors = new ValidationErrors();
    const fields = bodyFields(CONTACTGEGEVENS, body, errors);
    if (!fields) return validationProblem(call, errors);
    const reader = new FieldReader(errors, 'contactgegeven');
    reader.only(fields, ['beschrijving', 'isPrimair']);
    const beschrijving = reader.string(fields, 'beschrijving');
    const isPrimair = reader.boolean(fields, 'isPrimair');
    if (!errors.empty) return validationProblem(call, errors);
    const changed = { ...found, beschrijving: beschrijving ?? found.beschrijving, isPrimair: isPrimair ?? found.isPrimair };
    return replaceSubEntity(call, CONTACTGEGEVENS, v, found, changed, errors, () =>
      gebeurtenis(call.actor, 'ContactgegevenUitKBOWerdGewijzigd', `${changed.contactgegeventype} '${changed.waarde}' uit KBO werd gewijzigd.`, {
        contactgegevenId: id,
        beschrijving: changed.beschrijving,
        isPrimair: changed.isPrimair,
      }),
    );
  });
}
